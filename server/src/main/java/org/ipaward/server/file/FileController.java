package org.ipaward.server.file;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Map;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/files")
@Tag(name = "文件 Files")
public class FileController {
    /** A stored file as the API shows it. */
    public record FileView(
            long id,
            String filename,
            @JsonProperty("content_type") String contentType,
            long size,
            String sha256,
            @JsonProperty("uploaded_at") Instant uploadedAt) {
        static FileView of(StoredFile f) {
            return new FileView(f.id(), f.filename(), f.contentType(), f.size(), f.sha256(), f.uploadedAt());
        }
    }

    private final FileStore files;
    private final AuditLog audit;

    public FileController(FileStore files, AuditLog audit) {
        this.files = files;
        this.audit = audit;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("isAuthenticated()")
    @Operation(
            summary = "上传文件（PDF、PNG、JPEG、OFD、DOCX、XLSX，按内容识别类型，默认不超过 20 MB）",
            description =
                    "Upload a file (multipart field `file`): PDF, PNG, JPEG, OFD, DOCX or XLSX judged by content,"
                            + " at most ipaward.upload.max-bytes (20 MB by default). Returns its id, name, type, size and SHA-256.")
    public FileView upload(@RequestParam(value = "file", required = false) MultipartFile file) {
        return FileView.of(files.store(file, Actor.require()));
    }

    @GetMapping("/{id}/info")
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "文件信息", description = "A stored file's name, type, size and SHA-256 (uploader or staff)")
    public FileView info(@PathVariable("id") long id) {
        check(Actor.require(), id);
        return FileView.of(files.get(id));
    }

    @GetMapping("/{id}")
    @PreAuthorize("isAuthenticated()")
    @Transactional
    @Operation(summary = "下载文件", description = "Download a stored file (uploader or staff); audited as file.download")
    public ResponseEntity<InputStreamResource> download(@PathVariable("id") long id) {
        UserAccount u = Actor.require();
        check(u, id);
        StoredFile f = files.get(id);
        audit.record("file.download", "file", id, Map.of("sha256", f.sha256()));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(f.contentType()))
                .contentLength(f.size())
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(f.filename(), java.nio.charset.StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .header("X-Content-SHA256", f.sha256())
                .body(new InputStreamResource(files.open(id)));
    }

    private void check(UserAccount u, long id) {
        if (!files.canRead(u, id)) {
            throw ApiException.forbidden("access.denied", "无权查看此文件", "you may not read this file");
        }
    }
}

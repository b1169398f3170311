package org.ipaward.server.round;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import org.ipaward.batch.claims.ClaimsFile;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Staff export of a round's claims in the columns {@code ipaward simulate} replays (CSV or XLSX). */
@RestController
@Tag(name = "申报批次 Rounds")
public class RoundExportController {
    static final String EXPORTERS = "hasAnyRole('ACCEPTOR', 'REVIEWER', 'APPROVER', 'FINANCE', 'POLICY_ADMIN')";
    static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final RoundClaimsExport export;

    public RoundExportController(RoundClaimsExport export) {
        this.export = export;
    }

    @GetMapping("/api/rounds/{id}/claims.csv")
    @PreAuthorize(EXPORTERS)
    @Operation(summary = "导出申报明细 CSV：本批次已提交申报的每项事项，列与 ipaward simulate 相同（审计 round.export_claims）")
    public ResponseEntity<byte[]> csv(@PathVariable("id") long id) {
        return file(id, ClaimsFile.Format.CSV, new MediaType("text", "csv", StandardCharsets.UTF_8), "csv");
    }

    @GetMapping("/api/rounds/{id}/claims.xlsx")
    @PreAuthorize(EXPORTERS)
    @Operation(summary = "导出申报明细 XLSX：本批次已提交申报的每项事项，列与 ipaward simulate 相同（审计 round.export_claims）")
    public ResponseEntity<byte[]> xlsx(@PathVariable("id") long id) {
        return file(id, ClaimsFile.Format.XLSX, XLSX, "xlsx");
    }

    private ResponseEntity<byte[]> file(long id, ClaimsFile.Format format, MediaType type, String ext) {
        byte[] body = export.export(id, format);
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("round-" + id + "-claims." + ext, StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(body);
    }
}

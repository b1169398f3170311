package org.ipaward.server.web.workbench;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.Actor;
import org.ipaward.server.subject.SubjectImport;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Batch import of subjects ({@code /workbench/subjects/import}, acceptors and system administrators): download
 * the template, upload a filled-in XLSX; every row is checked first and the problems are listed row by row
 * with nothing imported; a clean file ("校验并导入") is imported as a background job whose progress page is the
 * workbench's ({@code /workbench/jobs/{id}}). "仅校验" checks without importing.
 */
@Controller
public class SubjectImportController {
    static final String IMPORTERS = "hasAnyRole('ACCEPTOR','SYSTEM_ADMIN')";
    static final String PATH = "/workbench/subjects/import";

    private final SubjectImport imports;

    public SubjectImportController(SubjectImport imports) {
        this.imports = imports;
    }

    @GetMapping(PATH)
    @PreAuthorize(IMPORTERS)
    public String page(Model model) {
        model.addAttribute("columns", SubjectImport.COLUMNS);
        model.addAttribute("maxRows", SubjectImport.MAX_ROWS);
        return "workbench/subject-import";
    }

    @GetMapping(PATH + "/template.xlsx")
    @PreAuthorize(IMPORTERS)
    public ResponseEntity<byte[]> template() {
        return ResponseEntity.ok()
                .contentType(
                        MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("申报主体导入模板.xlsx", StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(imports.template());
    }

    @PostMapping(PATH)
    @PreAuthorize(IMPORTERS)
    public String upload(
            @RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "mode", required = false) String mode,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        page(model);
        boolean importing = !"check".equals(mode);
        try {
            SubjectImport.Checked checked = imports.check(file, Actor.require());
            model.addAttribute("checked", checked);
            if (!checked.clean()) {
                response.setStatus(400);
                return "workbench/subject-import";
            }
            if (!importing) {
                return "workbench/subject-import";
            }
            redirect.addAttribute("job", imports.start(checked));
            redirect.addAttribute("back", PATH);
            return "redirect:/workbench/jobs/{job}";
        } catch (ApiException e) {
            Pages.refuse(model, response, e);
            return "workbench/subject-import";
        }
    }
}

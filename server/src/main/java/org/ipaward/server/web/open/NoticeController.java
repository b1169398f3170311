package org.ipaward.server.web.open;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.error.ApiException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.ModelAndView;

/**
 * The approval notice (审批通知书) of an application: {@code /applications/{id}/notice} to read and print,
 * {@code /applications/{id}/notice.pdf} as an A4 PDF. For the applicant who filed it (or their agency) and
 * for staff, once approved or later; 403 for anyone else, 409 before approval, 503 {@code pdf.font_missing}
 * when the Chinese font is not installed. The PDF download is audited ({@code export.notice}).
 */
@Controller
public class NoticeController {
    private final NoticeService notices;
    private final NoticePdf pdf;
    private final AuditLog audit;

    public NoticeController(NoticeService notices, NoticePdf pdf, AuditLog audit) {
        this.notices = notices;
        this.pdf = pdf;
        this.audit = audit;
    }

    @GetMapping("/applications/{id}/notice")
    @PreAuthorize("isAuthenticated()")
    public String page(@PathVariable("id") long id, Model model, HttpServletResponse response) {
        try {
            model.addAttribute("n", notices.notice(id));
            return "open/notice";
        } catch (ApiException e) {
            return refused(e, model, response);
        }
    }

    @GetMapping("/applications/{id}/notice.pdf")
    @PreAuthorize("isAuthenticated()")
    public ModelAndView pdf(@PathVariable("id") long id, Model model, HttpServletResponse response) throws IOException {
        NoticeService.Notice n;
        try {
            n = notices.notice(id);
        } catch (ApiException e) {
            return new ModelAndView(refused(e, model, response), model.asMap());
        }
        if (!pdf.fontAvailable()) {
            return new ModelAndView(
                    refused(
                            new ApiException(
                                    HttpStatus.SERVICE_UNAVAILABLE,
                                    "pdf.font_missing",
                                    "服务器未安装生成 PDF 所需的中文字体（" + pdf.font() + "），请联系系统管理员安装 fonts-wqy-microhei；可先使用网页打印版",
                                    "the Chinese font needed for PDFs (" + pdf.font()
                                            + ") is not installed; ask the administrator to install fonts-wqy-microhei, or print the web page"),
                            model,
                            response),
                    model.asMap());
        }
        byte[] bytes = pdf.render(n, LocaleContextHolder.getLocale());
        audit.record("export.notice", "application", id, Map.of("format", "pdf", "no", n.no()));
        response.setContentType(MediaType.APPLICATION_PDF_VALUE);
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.inline()
                        .filename("审批通知书-" + n.no() + ".pdf", StandardCharsets.UTF_8)
                        .build()
                        .toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        return null;
    }

    private static String refused(ApiException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status().value());
        model.addAttribute("problem", e);
        model.addAttribute("status", e.status().value());
        return "open/notice-refused";
    }
}

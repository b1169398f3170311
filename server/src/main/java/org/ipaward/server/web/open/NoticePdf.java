package org.ipaward.server.web.open;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders the approval notice as an A4 PDF: the Thymeleaf template {@code open/notice-pdf} (XHTML) through
 * openhtmltopdf, with the Chinese font of Debian's {@code fonts-wqy-microhei} embedded (a subset). The font's
 * path is {@code ipaward.pdf.font}; Debian's Noto CJK files do not work with openhtmltopdf.
 */
@Component
public class NoticePdf {
    static final String FONT_FAMILY = "WenQuanYi Micro Hei";

    private final ITemplateEngine templates;
    private final String css;
    private volatile Path font;

    public NoticePdf(
            ITemplateEngine templates,
            @Value("${ipaward.pdf.font:/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}") String font) {
        this.templates = templates;
        this.font = Path.of(font);
        try (java.io.InputStream in = NoticePdf.class.getResourceAsStream("/pdf/notice.css")) {
            this.css = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pdf/notice.css", e);
        }
    }

    /** Whether the font file can be read (without it Chinese cannot be printed). */
    public boolean fontAvailable() {
        return Files.isReadable(font);
    }

    public Path font() {
        return font;
    }

    /** Changes the font file (for tests of a missing font). */
    public void useFont(Path font) {
        this.font = font;
    }

    /** The notice as PDF bytes. */
    public byte[] render(NoticeService.Notice notice, Locale locale) {
        Context ctx = new Context(locale, Map.of("n", notice, "css", css));
        String html = templates.process("open/notice-pdf", ctx);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder b = new PdfRendererBuilder();
            b.useFastMode();
            b.useFont(font.toFile(), FONT_FAMILY);
            b.withHtmlContent(html, null);
            b.toStream(out);
            b.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the approval notice", e);
        }
        return out.toByteArray();
    }
}

package org.ipaward.server.startup;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.ipaward.server.file.BytesFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The demo's materials as real small files, made at start: a one-page PDF mock per material kind (付息凭证,
 * 质押合同 …) with Chinese text in the WenQuanYi font the approval notice uses ({@code ipaward.pdf.font}), or
 * Latin text when that font is missing; and a PNG for the business licence. So the workbench's preview shows
 * them instead of "无法预览". Each is marked as demo material.
 */
@Component
public class DemoMaterials {
    private static final Logger log = LoggerFactory.getLogger(DemoMaterials.class);

    /** The material kinds shown as an image rather than a PDF. */
    static final String IMAGE_KIND = "subject_certificate";

    /** What a mock is titled, by material kind (Chinese, English). */
    static final Map<String, String[]> TITLES = Map.ofEntries(
            Map.entry("subject_certificate", new String[] {"营业执照（副本）", "Business licence (copy)"}),
            Map.entry("pledge_loan_documents", new String[] {"知识产权质押贷款合同", "IP pledge loan contract"}),
            Map.entry("loan_documents", new String[] {"知识产权质押贷款合同", "IP pledge loan contract"}),
            Map.entry("fee_receipts", new String[] {"付息凭证", "Interest payment receipt"}),
            Map.entry("grant_proof", new String[] {"专利授权证明", "Patent grant certificate"}),
            Map.entry("certification_certificate", new String[] {"知识产权管理体系认证证书", "IP management certificate"}),
            Map.entry("patent_list", new String[] {"有效发明专利清单", "List of patents in force"}),
            Map.entry("audit_report", new String[] {"审计报告", "Audit report"}),
            Map.entry("training_records", new String[] {"培训记录", "Training records"}),
            Map.entry("award_certificate", new String[] {"获奖证书", "Award certificate"}),
            Map.entry("power_of_attorney", new String[] {"授权委托书", "Power of attorney"}));

    private final Path font;
    private final Map<String, byte[]> made = new ConcurrentHashMap<>();

    public DemoMaterials(@Value("${ipaward.pdf.font:/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}") String font) {
        this.font = Path.of(font);
    }

    /** The demo file of a material kind: its name, content type and bytes. */
    public BytesFile file(String kind) {
        String[] title = TITLES.getOrDefault(kind, new String[] {kind, kind});
        if (IMAGE_KIND.equals(kind)) {
            return new BytesFile(
                    title[0] + ".png", "image/png", made.computeIfAbsent("png:" + kind, k -> png(title[1])));
        }
        return new BytesFile(
                title[0] + ".pdf", "application/pdf", made.computeIfAbsent(kind, k -> pdf(title[0], title[1])));
    }

    /** A one-page A4 PDF with a title, a demo notice and a frame; Chinese when the font can be read. */
    byte[] pdf(String titleZh, String titleEn) {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            AtomicReference<TrueTypeCollection> collection = new AtomicReference<>();
            PDFont text = chineseFont(doc, collection);
            boolean chinese = text != null;
            if (!chinese) {
                text = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            float w = page.getMediaBox().getWidth();
            float h = page.getMediaBox().getHeight();
            try (PDPageContentStream c = new PDPageContentStream(doc, page)) {
                c.setStrokingColor(0.6f, 0.1f, 0.1f);
                c.setLineWidth(3);
                c.addRect(40, 40, w - 80, h - 80);
                c.stroke();
                c.setNonStrokingColor(0.1f, 0.1f, 0.1f);
                line(c, text, 26, 80, h - 120, chinese ? titleZh : titleEn);
                List<String> lines = chinese
                        ? List.of("ipaward 演示数据 · 非真实文件", "本文件由系统在启动时生成，仅用于演示材料预览。", "English: " + titleEn + " (demo)")
                        : List.of("ipaward demo data - not a real document", titleEn + " (demo)");
                float y = h - 170;
                for (String l : lines) {
                    line(c, text, 14, 80, y, l);
                    y -= 26;
                }
                c.setNonStrokingColor(0.85f, 0.2f, 0.2f);
                c.addRect(w - 200, 90, 110, 110);
                c.fill();
            }
            doc.getDocumentInformation().setTitle(titleEn + " (ipaward demo)");
            doc.save(out);
            if (collection.get() != null) {
                collection.get().close();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the demo PDF " + titleEn, e);
        }
    }

    private static void line(PDPageContentStream c, PDFont font, float size, float x, float y, String s)
            throws IOException {
        c.beginText();
        c.setFont(font, size);
        c.newLineAtOffset(x, y);
        c.showText(s);
        c.endText();
    }

    /** The WenQuanYi font (a TrueType collection or a single font), embedded as a subset; null when missing. */
    private PDFont chineseFont(PDDocument doc, AtomicReference<TrueTypeCollection> keep) {
        if (!Files.isReadable(font)) {
            return null;
        }
        try {
            if (font.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc")) {
                TrueTypeCollection ttc = new TrueTypeCollection(font.toFile());
                keep.set(ttc);
                AtomicReference<TrueTypeFont> first = new AtomicReference<>();
                ttc.processAllFonts(f -> first.compareAndSet(null, f));
                return first.get() == null ? null : PDType0Font.load(doc, first.get(), true);
            }
            return PDType0Font.load(doc, font.toFile());
        } catch (IOException | RuntimeException e) {
            log.warn("demo materials: cannot use the font {} ({}); Latin text only", font, e.getMessage());
            return null;
        }
    }

    /** A small PNG mock of a licence: a frame, a seal and a few lines (no text, so no font is needed). */
    static byte[] png(String title) {
        BufferedImage img = new BufferedImage(600, 420, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0xFFFDF5));
        g.fillRect(0, 0, 600, 420);
        g.setColor(new Color(0xB22222));
        g.setStroke(new BasicStroke(6));
        g.drawRect(16, 16, 568, 388);
        g.setColor(new Color(0x333333));
        g.setFont(g.getFont().deriveFont(22f));
        g.drawString(title + " - ipaward demo", 48, 70);
        g.setStroke(new BasicStroke(2));
        for (int y = 120; y <= 300; y += 36) {
            g.drawLine(48, y, 380, y);
        }
        g.setColor(new Color(0xD03030));
        g.setStroke(new BasicStroke(5));
        g.drawOval(420, 230, 120, 120);
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

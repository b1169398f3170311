package org.ipaward.server.web.workbench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.ipaward.server.application.ApplicationService;
import org.ipaward.server.application.Applications;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.file.FileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Inline previews of an application's materials for the review screen: images as they are, PDFs rendered
 * page by page to PNG on the server (the pages may not frame a PDF viewer: the CSP and X-Frame-Options
 * forbid it, and headless browsers have none). Rendered pages are kept in a small cache by the file's
 * SHA-256; only the first {@link #MAX_PAGES} pages are offered.
 */
@Service("wbMaterialPreview")
public class MaterialPreview {
    private static final Logger log = LoggerFactory.getLogger(MaterialPreview.class);

    /** Pages of a PDF offered for preview; the rest by download. */
    public static final int MAX_PAGES = 10;

    static final float DPI = 96f;
    private static final int CACHE = 48;

    /** How a material can be shown inline. */
    public enum Kind {
        IMAGE,
        PDF,
        NONE
    }

    /** A material as the review screen previews it: how, and for a PDF how many pages it has (0 if unreadable). */
    public record Preview(Applications.Material material, Kind kind, int pages, boolean unreadable) {
        public int shownPages() {
            return Math.min(pages, MAX_PAGES);
        }
    }

    private final ApplicationService applications;
    private final Applications apps;
    private final FileStore files;
    private final AuditLog audit;
    private final Map<String, Integer> pageCounts = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> e) {
            return size() > 500;
        }
    };
    private final Map<String, byte[]> rendered = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> e) {
            return size() > CACHE;
        }
    };

    public MaterialPreview(ApplicationService applications, Applications apps, FileStore files, AuditLog audit) {
        this.applications = applications;
        this.apps = apps;
        this.files = files;
        this.audit = audit;
    }

    public static Kind kind(String contentType) {
        if ("image/png".equals(contentType) || "image/jpeg".equals(contentType)) {
            return Kind.IMAGE;
        }
        return "application/pdf".equals(contentType) ? Kind.PDF : Kind.NONE;
    }

    /** The preview of a material (counting a PDF's pages, which reads the file once). */
    public Preview preview(Applications.Material m) {
        Kind k = kind(m.contentType());
        if (k != Kind.PDF) {
            return new Preview(m, k, k == Kind.IMAGE ? 1 : 0, false);
        }
        Integer n;
        synchronized (pageCounts) {
            n = pageCounts.get(m.sha256());
        }
        if (n == null) {
            try (InputStream in = files.open(m.fileId());
                    PDDocument doc = Loader.loadPDF(in.readAllBytes())) {
                n = doc.getNumberOfPages();
            } catch (IOException | RuntimeException e) {
                log.debug("material {} is not a readable PDF: {}", m.id(), e.getMessage());
                n = 0;
            }
            synchronized (pageCounts) {
                pageCounts.put(m.sha256(), n);
            }
        }
        return new Preview(m, k, n, n == 0);
    }

    /** The material, if the current user may see the application; audited when its preview is opened. */
    @Transactional
    public Applications.Material material(long applicationId, long materialId, boolean audited) {
        applications.readable(applicationId);
        Applications.Material m = apps.materials(applicationId).stream()
                .filter(x -> x.id() == materialId)
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("material", materialId));
        if (audited) {
            audit.record(
                    "application.material_preview",
                    "application",
                    applicationId,
                    Map.of("material", materialId, "sha256", m.sha256()));
        }
        return m;
    }

    /** An image material's bytes. */
    public byte[] image(Applications.Material m) {
        if (kind(m.contentType()) != Kind.IMAGE) {
            throw ApiException.notFound("preview", m.id());
        }
        try (InputStream in = files.open(m.fileId())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Page {@code page} (from 1) of a PDF material as PNG; empty when the page does not exist or cannot be read. */
    public Optional<byte[]> page(Applications.Material m, int page) {
        if (kind(m.contentType()) != Kind.PDF || page < 1 || page > MAX_PAGES) {
            return Optional.empty();
        }
        String key = m.sha256() + "#" + page;
        synchronized (rendered) {
            byte[] hit = rendered.get(key);
            if (hit != null) {
                return Optional.of(hit);
            }
        }
        try (InputStream in = files.open(m.fileId());
                PDDocument doc = Loader.loadPDF(in.readAllBytes())) {
            if (page > doc.getNumberOfPages()) {
                return Optional.empty();
            }
            BufferedImage img = new PDFRenderer(doc).renderImageWithDPI(page - 1, DPI, ImageType.RGB);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            byte[] png = out.toByteArray();
            synchronized (rendered) {
                rendered.put(key, png);
            }
            return Optional.of(png);
        } catch (IOException | RuntimeException e) {
            log.debug("material {} page {} cannot be rendered: {}", m.id(), page, e.getMessage());
            return Optional.empty();
        }
    }
}

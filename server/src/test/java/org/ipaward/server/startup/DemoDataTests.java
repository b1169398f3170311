package org.ipaward.server.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The demo data loads through the real services and leaves an application in every state. */
class DemoDataTests extends ServerTest {
    @Autowired
    DemoData demo;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    org.ipaward.server.application.Applications apps;

    @Autowired
    org.ipaward.server.web.workbench.MaterialPreview previews;

    @Autowired
    org.ipaward.server.file.FileStore files;

    @Test
    void demoDataCoversEveryStateAndEveryRole() {
        try {
            demo.ensureLoaded();
        } catch (ApiException e) {
            throw new AssertionError(e.getMessage() + " " + e.errors(), e);
        }
        List<String> states = jdbc.sql(
                        "select distinct a.state from application a join app_user u on u.id = a.created_by where u.username in ('pg-tech', 'pg-food', 'agency', 'pg-person', 'jd-maker', 'jd-lamp')")
                .query(String.class)
                .list();
        assertThat(states)
                .containsExactlyInAnyOrder(
                        "draft",
                        "submitted",
                        "returned",
                        "not_accepted",
                        "under_review",
                        "reviewed",
                        "rejected",
                        "approved",
                        "publicised",
                        "confirmed",
                        "payment_listed",
                        "paid",
                        "payment_failed",
                        "withdrawn");
        List<String> roles = jdbc.sql(
                        "select distinct r.role from user_role r join app_user u on u.id = r.user_id where u.username in ('admin', 'policy', 'acceptor', 'reviewer', 'approver', 'finance', 'auditor', 'pg-tech')")
                .query(String.class)
                .list();
        assertThat(roles).hasSize(8);
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void thePublicityListMasksPersonsAndCarriesNoIdentityOrBankData() throws Exception {
        demo.ensureLoaded();
        // the demo's own Pinggu round (created by its policy user): other tests sharing the database may have
        // created Pinggu rounds before the demo was loaded
        long round = jdbc.sql(
                        """
                        select r.id from round r join app_user u on u.id = r.created_by
                        where r.policy_id = 'pinggu-2025' and u.username = 'policy' order by r.id limit 1""")
                .query(Long.class)
                .single();
        org.ipaward.server.support.Api.Response json =
                api.anonymous().get("/api/public/rounds/" + round + "/publicity");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.body())
                .contains("刘*国")
                .doesNotContain("刘建国")
                .doesNotContain("6216")
                .doesNotContain("110117198");
        org.ipaward.server.support.Api.Response xlsx =
                api.anonymous().get("/api/public/rounds/" + round + "/publicity.xlsx");
        assertThat(xlsx.status()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.bytes()))) {
            for (var row : wb.getSheetAt(0)) {
                for (var cell : row) {
                    text.append(cell.toString()).append('|');
                }
            }
        }
        assertThat(text.toString())
                .contains("刘*国")
                .contains("北京平谷智造科技有限公司")
                .doesNotContain("刘建国")
                .doesNotContain("6216")
                .doesNotContain("110117198");
    }

    @Test
    void theDemoMaterialsAreRealFilesTheWorkbenchPreviews() throws Exception {
        demo.ensureLoaded();
        long app = jdbc.sql(
                        """
                        select a.id from application a join app_user u on u.id = a.created_by
                        where u.username in ('pg-tech', 'pg-food', 'agency', 'jd-maker', 'jd-lamp')
                          and exists (select 1 from material m where m.application_id = a.id and m.kind = 'fee_receipts')
                          and exists (select 1 from material m where m.application_id = a.id and m.kind = 'subject_certificate')
                        order by a.id limit 1""")
                .query(Long.class)
                .single();
        List<org.ipaward.server.application.Applications.Material> materials = apps.materials(app);
        var pdf = materials.stream()
                .filter(m -> m.kind().equals("fee_receipts"))
                .findFirst()
                .orElseThrow();
        var png = materials.stream()
                .filter(m -> m.kind().equals("subject_certificate"))
                .findFirst()
                .orElseThrow();
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        assertThat(pdf.filename()).isEqualTo("付息凭证.pdf");
        assertThat(png.contentType()).isEqualTo("image/png");

        var preview = previews.preview(pdf);
        assertThat(preview.unreadable()).as("the demo PDF can be read").isFalse();
        assertThat(preview.pages()).isEqualTo(1);
        byte[] page = previews.page(pdf, 1).orElseThrow();
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(page));
        assertThat(img.getWidth()).isGreaterThan(500);
        assertThat(dark(img)).as("the rendered page has text and a frame").isGreaterThan(2000);
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(previews.image(png))))
                .isNotNull();

        try (var doc = org.apache.pdfbox.Loader.loadPDF(files.open(pdf.fileId()).readAllBytes())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            if (java.nio.file.Files.isReadable(
                    java.nio.file.Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"))) {
                assertThat(text).contains("付息凭证").contains("演示数据");
            } else {
                assertThat(text).contains("Interest payment receipt");
            }
        }

        org.ipaward.server.security.Browser reviewer = new org.ipaward.server.security.Browser(port);
        assertThat(reviewer.login("reviewer", DemoData.PASSWORD).header("Location"))
                .doesNotContain("error");
        String review = reviewer.page("/workbench/applications/" + app).body();
        assertThat(review).contains("付息凭证.pdf").doesNotContain("无法预览");
    }

    private static int dark(java.awt.image.BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int lum = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
                if (lum < 600) {
                    n++;
                }
            }
        }
        return n;
    }
}

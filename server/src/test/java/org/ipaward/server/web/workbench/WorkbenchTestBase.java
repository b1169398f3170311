package org.ipaward.server.web.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the workbench page tests share: people, applications in a state, and posting forms with repeated fields. */
abstract class WorkbenchTestBase extends ServerTest {
    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    /** A browser signed in as a new user with the roles (and subject, for an applicant). */
    Browser signedIn(Long subject, Role... roles) {
        String u = fx.user(subject, roles);
        Browser b = new Browser(port);
        Api.Response r = b.login(u, Fixtures.PASSWORD);
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        assertThat(r.header("Location")).doesNotContain("error");
        return b;
    }

    Api.As as(String username) {
        return api.login(username, Fixtures.PASSWORD);
    }

    static Api.Response html(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        return r;
    }

    /** A submitted pledge-interest application (materials: a PNG certificate and two real PDFs). */
    long submitted(Api.As applicant, long round, String interest) {
        Api.Response r = applicant.post(
                "/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge(interest))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        upload(applicant, id, "subject_certificate", "营业执照.png", "image/png", png());
        upload(applicant, id, "pledge_loan_documents", "质押合同.pdf", "application/pdf", pdf(2));
        upload(applicant, id, "fee_receipts", "利息回单.pdf", "application/pdf", pdf(1));
        Api.Response s = FullCycleTests.act(applicant, id, "submit", Map.of());
        assertThat(FullCycleTests.state(s)).as(s.body()).isEqualTo("submitted");
        return id;
    }

    static void upload(Api.As a, long id, String kind, String name, String type, byte[] bytes) {
        Api.Response r = a.upload("/api/applications/" + id + "/materials", name, type, bytes, Map.of("kind", kind));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    String state(long id) {
        return jdbc.sql("select state from application where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    int version(long id) {
        return jdbc.sql("select version from application where id = ?")
                .param(id)
                .query(Integer.class)
                .single();
    }

    String no(long id) {
        return jdbc.sql("select no from application where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    /** A real PDF of {@code pages} pages (each with a dark box, so the rendering is not blank). */
    static byte[] pdf(int pages) {
        try (PDDocument d = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 0; i < pages; i++) {
                PDPage p = new PDPage(PDRectangle.A4);
                d.addPage(p);
                try (PDPageContentStream c = new PDPageContentStream(d, p)) {
                    c.setNonStrokingColor(0.1f, 0.2f, 0.6f);
                    c.addRect(50 + i * 10, 600, 300, 100);
                    c.fill();
                }
            }
            d.getDocumentInformation().setTitle(UUID.randomUUID().toString());
            d.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A small real PNG, different each call. */
    static byte[] png() {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color((int) (Math.random() * 0xffffff)));
        g.fillRect(0, 0, 40, 30);
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * POSTs a form with repeated fields (checkboxes) and the CSRF token, as the browser's session. {@link
     * Browser#postForm} takes a map, which cannot repeat a name.
     */
    Api.Response post(Browser b, String path, List<Map.Entry<String, String>> fields) {
        String body = fields.stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        body += (body.isEmpty() ? "" : "&") + "_csrf=" + enc(b.cookie("XSRF-TOKEN"));
        String cookies = "JSESSIONID=" + b.cookie("JSESSIONID") + "; XSRF-TOKEN=" + b.cookie("XSRF-TOKEN");
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<byte[]> r = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build()
                    .send(req, HttpResponse.BodyHandlers.ofByteArray());
            return new Api.Response(
                    r.statusCode(), r.headers().map(), new String(r.body(), StandardCharsets.UTF_8), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map.Entry<String, String> f(String name, String value) {
        return Map.entry(name, value);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}

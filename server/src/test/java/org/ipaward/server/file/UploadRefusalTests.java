package org.ipaward.server.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An upload over the multipart limits (20 MB a file) sent as an ordinary browser form — the CSRF token in the
 * form body, read by the security filter before any controller — is refused like the API refuses it: 400
 * {@code upload.too_large} naming the limit, as the site's error page with a link back to the form (problem+json
 * under /api/), never a 500; nothing is stored. An empty file says so (文件为空), not "choose a file".
 */
class UploadRefusalTests extends ServerTest {
    private static final String PDF = "application/pdf";

    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    long round;

    @BeforeEach
    void data() {
        fx.user(null, Role.SYSTEM_ADMIN);
        round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
    }

    /** A PDF of 20 MB and one byte: just over the limit. */
    static byte[] overTheLimit(int bytes) {
        byte[] big = new byte[bytes];
        byte[] head = TestFiles.pdf();
        System.arraycopy(head, 0, big, 0, head.length);
        return big;
    }

    private Browser signedIn(String username) {
        Browser b = new Browser(port);
        Api.Response login = b.login(username, Fixtures.PASSWORD);
        assertThat(login.header("Location")).doesNotContain("error");
        b.page("/?lang=zh");
        return b;
    }

    private long rows(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    /** A draft of the applicant's with no materials yet; returns its id. */
    private long draft(String username) {
        Api.As a = api.login(username, Fixtures.PASSWORD);
        Api.Response r = a.post(
                "/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge("400000"))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private static void refusedPage(Api.Response r, String key) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body()).contains(key).doesNotContain("系统内部错误").doesNotContain("Exception");
    }

    @Test
    void aPortalFormOverTheLimitIsRefusedOnThePageWithALinkBack() {
        String user = fx.user(fx.enterprise("上传上限公司", "110117"), Role.APPLICANT);
        long id = draft(user);
        Browser b = signedIn(user);
        long materials = rows("material");
        long files = rows("stored_file");
        String form = "/portal/applications/" + id;
        Api.Response r = b.postMultipart(
                form,
                form + "/materials",
                Map.of("kind", "fee_receipts", "at", "1"),
                "big.pdf",
                PDF,
                overTheLimit(21 * 1024 * 1024),
                true);
        refusedPage(r, "upload.too_large");
        assertThat(r.body()).contains("文件过大，超过上限 20 MB").contains("id=\"error-back\" href=\"" + form + "\"");
        assertThat(rows("material")).isEqualTo(materials);
        assertThat(rows("stored_file")).isEqualTo(files);

        // without the token: the same refusal (the CSRF check cannot read the body either), and still nothing stored
        Api.Response noToken = b.postMultipart(
                form,
                form + "/materials",
                Map.of("kind", "fee_receipts"),
                "big.pdf",
                PDF,
                overTheLimit(21 << 20),
                false);
        refusedPage(noToken, "upload.too_large");
        assertThat(rows("material")).isEqualTo(materials);
        assertThat(rows("stored_file")).isEqualTo(files);

        // in English too
        b.page("/?lang=en");
        Api.Response en = b.postMultipart(
                form,
                form + "/materials",
                Map.of("kind", "fee_receipts"),
                "big.pdf",
                PDF,
                overTheLimit(21 << 20),
                true);
        refusedPage(en, "upload.too_large");
        assertThat(en.body()).contains("over the limit of 20 MB").contains("Back to the form");

        // the session still works: a small file on the same form is stored
        b.page("/?lang=zh");
        Api.Response ok = b.postMultipart(
                form,
                form + "/materials",
                Map.of("kind", "fee_receipts", "at", "1"),
                "ok.pdf",
                PDF,
                FullCycleTests.PDF,
                true);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(302);
        assertThat(rows("material")).isEqualTo(materials + 1);
    }

    /**
     * Over max-request-size (25 MB) by its Content-Length: refused before reading, and the rest is drained
     * (server.tomcat.max-swallow-size) so the answer arrives instead of a reset connection.
     */
    @Test
    void aBodyOverTheRequestLimitIsRefusedAndTheRefusalArrives() {
        String user = fx.user(fx.enterprise("上传上限公司", "110117"), Role.APPLICANT);
        long id = draft(user);
        Browser b = signedIn(user);
        long files = rows("stored_file");
        String form = "/portal/applications/" + id;
        Api.Response r = b.postMultipart(
                form,
                form + "/materials",
                Map.of("kind", "fee_receipts"),
                "big.pdf",
                PDF,
                overTheLimit(26 << 20),
                true);
        refusedPage(r, "upload.too_large");
        assertThat(rows("stored_file")).isEqualTo(files);
    }

    @Test
    void theWorkbenchImportFormOverTheLimitIsRefusedOnThePage() {
        Browser acceptor = signedIn(fx.user(null, Role.ACCEPTOR));
        long subjects = rows("subject");
        Api.Response r = acceptor.postMultipart(
                "/workbench/subjects/import",
                "/workbench/subjects/import",
                Map.of("mode", "check"),
                "qiye.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                overTheLimit(21 << 20),
                true);
        refusedPage(r, "upload.too_large");
        assertThat(r.body()).contains("20 MB").contains("href=\"/workbench/subjects/import\"");
        assertThat(rows("subject")).isEqualTo(subjects);
    }

    @Test
    void theApiWithASessionAndTheTokenInTheFormAnswersProblemJson() {
        String user = fx.user(fx.enterprise("上传上限公司", "110117"), Role.APPLICANT);
        Browser b = signedIn(user);
        long files = rows("stored_file");
        Api.Response r =
                b.postMultipart("/portal", "/api/files", Map.of(), "big.pdf", PDF, overTheLimit(21 << 20), true);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("key").asString()).isEqualTo("upload.too_large");
        assertThat(r.json().get("detail").asString()).contains("20 MB");
        assertThat(r.json().get("message_en").asString()).contains("20 MB");
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("file");
        assertThat(rows("stored_file")).isEqualTo(files);
        // and with a bearer token, as before
        Api.Response bearer = api.login(user, Fixtures.PASSWORD)
                .upload("/api/files", "big.pdf", PDF, overTheLimit(21 << 20), Map.of());
        assertThat(bearer.status()).isEqualTo(400);
        assertThat(bearer.json().get("key").asString()).isEqualTo("upload.too_large");
    }

    @Test
    void theSignInFormSentAsAnOversizeUploadIsNotA500() {
        Browser b = new Browser(port);
        b.page("/login");
        Api.Response r = b.postMultipart(
                "/login",
                "/login",
                Map.of("username", "x", "password", "y"),
                "big.pdf",
                PDF,
                overTheLimit(21 << 20),
                true);
        assertThat(r.status()).as(r.toString()).isLessThan(500);
        assertThat(r.body()).doesNotContain("系统内部错误");
    }

    @Test
    void aMalformedUploadIsA400NotA500() {
        String user = fx.user(fx.enterprise("上传上限公司", "110117"), Role.APPLICANT);
        long id = draft(user);
        Browser b = signedIn(user);
        Api.Response r = b.postRaw(
                "/portal/applications/" + id + "/materials",
                "multipart/form-data; boundary=xyz",
                ("--xyz\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + b.cookie("XSRF-TOKEN")
                                + "\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n"
                                + "%PDF-1.4 and then the body just stops")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        refusedPage(r, "upload.unreadable");
    }

    @Test
    void anEmptyFileSaysItIsEmptyAndNoFileSaysChooseOne() {
        String user = fx.user(fx.enterprise("上传上限公司", "110117"), Role.APPLICANT);
        long id = draft(user);
        Browser b = signedIn(user);
        String form = "/portal/applications/" + id;
        long files = rows("stored_file");
        Api.Response empty = b.postMultipart(
                form,
                form + "/materials",
                Map.of("kind", "fee_receipts", "at", "1"),
                "empty.pdf",
                PDF,
                new byte[0],
                true);
        assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
        assertThat(empty.body())
                .contains("id=\"c1-m-fee_receipts-error\"")
                .contains("文件为空")
                .doesNotContain("请选择要上传的文件");
        Api.Response none = b.postMultipart(
                form,
                form + "/materials",
                Map.of("kind", "fee_receipts", "at", "1"),
                "",
                "application/octet-stream",
                new byte[0],
                true);
        assertThat(none.status()).as(none.toString()).isEqualTo(400);
        assertThat(none.body()).contains("请选择要上传的文件").doesNotContain("文件为空");
        assertThat(rows("stored_file")).isEqualTo(files);

        Browser acceptor = signedIn(fx.user(null, Role.ACCEPTOR));
        Api.Response emptyImport = acceptor.postMultipart(
                "/workbench/subjects/import",
                "/workbench/subjects/import",
                Map.of("mode", "check"),
                "qiye.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                new byte[0],
                true);
        assertThat(emptyImport.status()).as(emptyImport.toString()).isEqualTo(400);
        assertThat(emptyImport.body()).contains("文件为空").doesNotContain("请选择要导入的");
    }
}

package org.ipaward.server.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserStore;
import org.ipaward.server.subject.TestUsers;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;

class FileApiTests extends ServerTest {
    static final String PDF = "application/pdf";

    @Autowired
    UserStore userStore;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FileStore store;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    org.ipaward.server.audit.AuditLog audit;

    @Value("${ipaward.storage-dir}")
    Path storageDir;

    TestUsers users;
    TestUsers.User applicant;

    @BeforeEach
    void users() {
        users = new TestUsers(userStore, encoder);
        applicant = users.create(api, "file-app", Role.APPLICANT);
    }

    long rows() {
        return jdbc.sql("select count(*) from stored_file").query(Long.class).single();
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    Path content(String sha) {
        return storageDir
                .resolve(sha.substring(0, 2))
                .resolve(sha.substring(2, 4))
                .resolve(sha);
    }

    void assertBadUpload(Api.Response r, String key) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode j = r.json();
        assertThat(j.get("key").asString()).isEqualTo(key);
        assertThat(j.get("errors").get(0).get("field").asString()).isEqualTo("file");
        assertThat(j.get("errors").get(0).get("key").asString()).isEqualTo(key);
        assertThat(j.get("detail").asString()).isNotBlank();
        assertThat(j.get("message_en").asString()).isNotBlank();
    }

    @Test
    void uploadStoresContentAddressedAndDownloadsTheSameBytes() throws Exception {
        byte[] pdf = TestFiles.pdf();
        Api.Response r = applicant.api().upload("/api/files", "专利证书.pdf", PDF, pdf, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        long id = j.get("id").asLong();
        assertThat(j.get("filename").asString()).isEqualTo("专利证书.pdf");
        assertThat(j.get("content_type").asString()).isEqualTo(PDF);
        assertThat(j.get("size").asLong()).isEqualTo(pdf.length);
        assertThat(j.get("sha256").asString()).isEqualTo(sha(pdf));
        Path p = content(sha(pdf));
        assertThat(p).exists();
        assertThat(Files.readAllBytes(p)).isEqualTo(pdf);
        assertThat(jdbc.sql("select storage_key from stored_file where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo(sha(pdf).substring(0, 2) + "/" + sha(pdf).substring(2, 4) + "/" + sha(pdf));
        assertThat(jdbc.sql("select uploaded_by from stored_file where id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(applicant.id());

        Api.Response d = applicant.api().get("/api/files/" + id);
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.bytes()).isEqualTo(pdf);
        assertThat(d.header("Content-Type")).startsWith(PDF);
        assertThat(d.header("Content-Disposition")).startsWith("attachment").contains("filename*=UTF-8''");
        assertThat(d.header("X-Content-Type-Options")).isEqualTo("nosniff");

        Api.Response info = applicant.api().get("/api/files/" + id + "/info");
        assertThat(info.json().get("sha256").asString()).isEqualTo(sha(pdf));

        assertThat(audit.search(
                                "file.upload",
                                applicant.username(),
                                "file",
                                String.valueOf(id),
                                null,
                                null,
                                org.ipaward.server.web.Paging.of(0, 10))
                        .total())
                .isEqualTo(1);
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void everyAcceptedKindIsRecognisedByContent() {
        record Case(String name, byte[] content, String type) {}
        for (Case c : new Case[] {
            new Case("a.png", TestFiles.png(), "image/png"),
            new Case("a.jpg", TestFiles.jpeg(), "image/jpeg"),
            new Case("a.ofd", TestFiles.ofd(), "application/ofd"),
            new Case(
                    "a.docx",
                    TestFiles.docx(),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            new Case("a.xlsx", TestFiles.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }) {
            // the client's claimed content type is ignored
            Api.Response r =
                    applicant.api().upload("/api/files", c.name(), "application/octet-stream", c.content(), Map.of());
            assertThat(r.status()).as(c.name() + " " + r.body()).isEqualTo(200);
            assertThat(r.json().get("content_type").asString()).isEqualTo(c.type());
        }
    }

    @Test
    void fileNamesAreSanitisedAndGivenTheRightExtension() {
        Api.Response r = applicant.api().upload("/api/files", "../../etc/证书.pdf", PDF, TestFiles.pdf(), Map.of());
        assertThat(r.json().get("filename").asString()).isEqualTo("证书.pdf");
        Api.Response noExt = applicant.api().upload("/api/files", "scan", "image/png", TestFiles.png(), Map.of());
        assertThat(noExt.json().get("filename").asString()).isEqualTo("scan.png");
    }

    @Test
    void contentDecidesNotTheName() {
        long before = rows();
        assertBadUpload(
                applicant.api().upload("/api/files", "invoice.pdf", PDF, "<html>not a pdf</html>".getBytes(), Map.of()),
                "upload.type");
        assertBadUpload(
                applicant
                        .api()
                        .upload(
                                "/api/files",
                                "tool.exe",
                                "application/octet-stream",
                                new byte[] {'M', 'Z', 1, 2},
                                Map.of()),
                "upload.type");
        assertBadUpload(
                applicant.api().upload("/api/files", "a.zip", "application/zip", TestFiles.plainZip(), Map.of()),
                "upload.type");
        Api.Response mismatch = applicant.api().upload("/api/files", "photo.pdf", PDF, TestFiles.png(), Map.of());
        assertBadUpload(mismatch, "upload.type");
        assertThat(mismatch.json().get("detail").asString()).contains("PNG");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void emptyAndMissingFilesAreRefused() {
        long before = rows();
        assertBadUpload(applicant.api().upload("/api/files", "empty.pdf", PDF, new byte[0], Map.of()), "upload.empty");
        Api.Response missing =
                applicant.api().postRaw("/api/files", "multipart/form-data; boundary=xyz", "--xyz--\r\n".getBytes());
        assertBadUpload(missing, "upload.missing");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void uploadsOverTheLimitAreRefusedWith400() throws Exception {
        long before = rows();
        byte[] big = new byte[20 * 1024 * 1024 + 1];
        byte[] head = TestFiles.pdf();
        System.arraycopy(head, 0, big, 0, head.length);
        Api.Response r = applicant.api().upload("/api/files", "big.pdf", PDF, big, Map.of());
        assertBadUpload(r, "upload.too_large");
        assertThat(r.json().get("detail").asString()).contains("20 MB");
        assertThat(rows()).isEqualTo(before);
        assertThat(content(sha(big))).doesNotExist();
    }

    @Test
    void theConfiguredLimitIsEnforcedWhileStreaming() throws Exception {
        FileStore small = new FileStore(jdbc, storageDir, DataSize.ofBytes(1000), audit, transactions, null);
        var by = userStore.byId(applicant.id()).orElseThrow();
        byte[] ok = new byte[1000];
        byte[] head = TestFiles.pdf();
        System.arraycopy(head, 0, ok, 0, head.length);
        long before = rows();
        assertThat(small.store(new MockMultipartFile("file", "ok.pdf", PDF, ok), by)
                        .size())
                .isEqualTo(1000);
        byte[] over = new byte[1001];
        System.arraycopy(head, 0, over, 0, head.length);
        // a part that misreports its size is still stopped by the byte count
        MockMultipartFile lying = new MockMultipartFile("file", "over.pdf", PDF, over) {
            @Override
            public long getSize() {
                return 10;
            }
        };
        assertThatThrownBy(() -> small.store(lying, by))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).key())
                .isEqualTo("upload.too_large");
        assertThatThrownBy(() -> small.store(new MockMultipartFile("file", "over.pdf", PDF, over), by))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).key())
                .isEqualTo("upload.too_large");
        assertThat(rows()).isEqualTo(before + 1);
        assertThat(content(sha(over))).doesNotExist();
        try (Stream<Path> tmp = Files.list(storageDir.resolve("tmp"))) {
            assertThat(tmp.filter(p -> p.getFileName().toString().endsWith(".part")))
                    .as("no temporary files left")
                    .isEmpty();
        }
    }

    @Test
    void theUploadLimitSettingLowersTheLimit() throws Exception {
        byte[] big = new byte[1024 * 1024 + 1];
        byte[] head = TestFiles.pdf();
        System.arraycopy(head, 0, big, 0, head.length);
        jdbc.sql(
                        "insert into setting (key, value) values ('upload.max_mb', '1') on conflict (key) do update set value = '1'")
                .update();
        try {
            assertThat(store.maxBytes()).isEqualTo(1024 * 1024);
            Api.Response r = applicant.api().upload("/api/files", "big.pdf", PDF, big, Map.of());
            assertBadUpload(r, "upload.too_large");
            assertThat(r.json().get("detail").asString()).contains("1 MB");
        } finally {
            jdbc.sql("delete from setting where key = 'upload.max_mb'").update();
        }
        assertThat(store.maxBytes()).isEqualTo(20 * 1024 * 1024);
        assertThat(applicant
                        .api()
                        .upload("/api/files", "big.pdf", PDF, big, Map.of())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aRolledBackTransactionLeavesNoRowAndNoFile() throws Exception {
        var by = userStore.byId(applicant.id()).orElseThrow();
        byte[] pdf = TestFiles.pdf();
        long before = rows();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                    StoredFile f = store.store(new MockMultipartFile("file", "x.pdf", PDF, pdf), by);
                    assertThat(f.id()).isPositive();
                    try {
                        assertThat(content(f.sha256())).exists();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    throw new IllegalStateException("the caller fails after storing");
                }))
                .hasMessageContaining("the caller fails");
        assertThat(rows()).isEqualTo(before);
        assertThat(content(sha(pdf))).doesNotExist();
    }

    @Test
    void aRollbackKeepsContentThatAnotherRowStillUses() throws Exception {
        var by = userStore.byId(applicant.id()).orElseThrow();
        byte[] pdf = TestFiles.pdf();
        StoredFile kept = store.store(new MockMultipartFile("file", "kept.pdf", PDF, pdf), by);
        TransactionTemplate tx = new TransactionTemplate(transactions);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                    store.store(new MockMultipartFile("file", "again.pdf", PDF, pdf), by);
                    throw new IllegalStateException("rollback");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(content(sha(pdf))).exists();
        try (InputStream in = store.open(kept.id())) {
            assertThat(in.readAllBytes()).isEqualTo(pdf);
        }
    }

    @Test
    void sameContentTwiceIsTwoRecordsOverOneFile() throws Exception {
        byte[] pdf = TestFiles.pdf();
        long a = applicant
                .api()
                .upload("/api/files", "a.pdf", PDF, pdf, Map.of())
                .json()
                .get("id")
                .asLong();
        long b = applicant
                .api()
                .upload("/api/files", "b.pdf", PDF, pdf, Map.of())
                .json()
                .get("id")
                .asLong();
        assertThat(a).isNotEqualTo(b);
        assertThat(applicant.api().get("/api/files/" + b).bytes()).isEqualTo(pdf);
        assertThat(applicant
                        .api()
                        .get("/api/files/" + a + "/info")
                        .json()
                        .get("filename")
                        .asString())
                .isEqualTo("a.pdf");
    }

    @Test
    void onlyTheUploaderAndStaffMayRead() {
        long id = applicant
                .api()
                .upload("/api/files", "mine.pdf", PDF, TestFiles.pdf(), Map.of())
                .json()
                .get("id")
                .asLong();
        TestUsers.User other = users.create(api, "file-other", Role.APPLICANT);
        Api.Response denied = other.api().get("/api/files/" + id);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().get("key").asString()).isEqualTo("access.denied");
        assertThat(other.api().get("/api/files/" + id + "/info").status()).isEqualTo(403);
        for (Role staff : new Role[] {Role.ACCEPTOR, Role.REVIEWER, Role.FINANCE, Role.AUDITOR}) {
            TestUsers.User s = users.create(api, "file-staff", staff);
            assertThat(s.api().get("/api/files/" + id).status())
                    .as(staff.name())
                    .isEqualTo(200);
        }
        assertThat(api.anonymous().get("/api/files/" + id).status()).isEqualTo(401);
        Api.Response missing = applicant.api().get("/api/files/999999999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("key").asString()).isEqualTo("file.not_found");
    }
}

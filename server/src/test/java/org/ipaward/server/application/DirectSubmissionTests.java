package org.ipaward.server.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.crypto.Sha256;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A complete application in one request (multipart {@code POST /api/applications}): created, completed and
 * submitted in one transaction with the same records as filing step by step; bad input changes nothing (no
 * application, no stored file, no audit record, no file left on disk); a repeat with the idempotency key answers
 * the first. And the minimal answers ({@code Prefer: return=minimal}) of the step-by-step calls.
 */
class DirectSubmissionTests extends ServerTest {
    static final List<String> PLEDGE_KINDS = List.of("subject_certificate", "pledge_loan_documents", "fee_receipts");

    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    Applications apps;

    @Autowired
    WorkflowService workflow;

    @Autowired
    Computation computation;

    @Autowired
    org.ipaward.server.round.RoundService rounds;

    @Value("${ipaward.storage-dir}")
    Path storage;

    /** A small PDF whose content is unique, so its stored file is this test's alone. */
    static byte[] pdf() {
        return ("%PDF-1.4\n% " + UUID.randomUUID() + "\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    record Part(String name, String filename, byte[] content) {}

    /** POST /api/applications as multipart: the application JSON part and file parts. */
    static Api.Response submit(Api.As a, String application, List<Part> files) {
        String boundary = "----ipaward" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"application\"\r\n"
                        + "Content-Type: application/json\r\n\r\n" + application + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        for (Part p : files) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name()
                            + "\"; filename=\"" + p.filename() + "\"\r\nContent-Type: application/pdf\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return a.postRaw("/api/applications", "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    static String application(long round, String interest, List<String> kinds) {
        List<Map<String, Object>> materials = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            materials.add(Map.of("kind", kinds.get(i), "file", "f" + (i + 1)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round_id", round);
        m.put("claims", List.of(FullCycleTests.pledge(interest)));
        m.put("materials", materials);
        return Api.JSON.writeValueAsString(m);
    }

    static List<Part> parts(List<String> kinds) {
        List<Part> out = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            out.add(new Part("f" + (i + 1), kinds.get(i) + ".pdf", pdf()));
        }
        return out;
    }

    @BeforeEach
    void someoneCreatesRounds() {
        fx.user(null, Role.SYSTEM_ADMIN); // a round's creator: the first user
    }

    private List<String> auditActions(long applicationId) {
        return jdbc.sql(
                        """
                        select action from audit_log
                        where (target_type = 'application' and target_id = ?)
                           or (target_type = 'file' and target_id in
                               (select m.file_id::text from material m where m.application_id = ?))
                        order by seq""")
                .params(String.valueOf(applicationId), applicationId)
                .query(String.class)
                .list();
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    @Test
    void oneRequestCreatesAttachesAndSubmitsWithTheSameRecordsAsStepByStep() {
        long subject = fx.enterprise("一次申报科技有限公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);

        Api.Response r = submit(applicant, application(round, "100000.00", PLEDGE_KINDS), parts(PLEDGE_KINDS));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        assertThat(r.header(HttpHeaders.LOCATION)).isEqualTo("/api/applications/" + id);
        assertThat(r.json().get("state").get("id").asString()).isEqualTo("submitted");
        assertThat(r.json().get("subject_id").asLong()).isEqualTo(subject);
        assertThat(r.json().get("estimate_total").asString()).isEqualTo("50000.00");
        assertThat(r.json().get("missing_materials")).isEmpty();
        assertThat(r.json().get("materials")).hasSize(3);
        assertThat(r.json().get("claims").get(0).get("status").asString()).isEqualTo("eligible");
        List<String> events = new ArrayList<>();
        r.json().get("events").forEach(e -> events.add(e.get("action").asString()));
        assertThat(events).containsExactly("create", "submit");

        // the same audit records as step by step, in one transaction, and the chain still verifies
        assertThat(auditActions(id))
                .containsExactlyInAnyOrder(
                        "application.create",
                        "file.upload",
                        "application.material_attach",
                        "file.upload",
                        "application.material_attach",
                        "file.upload",
                        "application.material_attach",
                        "application.submit");
        List<java.sql.Timestamp> at = jdbc.sql(
                        "select distinct at from audit_log where target_type = 'application' and target_id = ?")
                .param(String.valueOf(id))
                .query(java.sql.Timestamp.class)
                .list();
        assertThat(at).as("appended to the chain once, at commit").hasSize(1);
        assertThat(audit.verify().ok()).isTrue();

        // staff see it like any other submitted application, and may not file one
        Api.As acceptor = api.login(fx.user(null, Role.ACCEPTOR), Fixtures.PASSWORD);
        long apps = count("application");
        Api.Response refused = submit(acceptor, application(round, "100000.00", PLEDGE_KINDS), parts(PLEDGE_KINDS));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(count("application")).isEqualTo(apps);
        Api.Response seen = acceptor.get("/api/applications/" + id);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().get("state").get("id").asString()).isEqualTo("submitted");
    }

    @Test
    void theSubmitEventsSnapshotHashIsTheOneAFreshReadGives() {
        long subject = fx.enterprise("快照哈希科技有限公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        Map<String, Object> denied = FullCycleTests.pledge("60000.00", false);
        List<Map<String, Object>> materials = new ArrayList<>();
        for (int i = 0; i < PLEDGE_KINDS.size(); i++) {
            materials.add(Map.of("kind", PLEDGE_KINDS.get(i), "file", "f" + (i + 1)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("round_id", round);
        body.put("claims", List.of(FullCycleTests.pledge("100000.01"), denied));
        body.put("materials", materials);

        Api.Response r = submit(applicant, Api.JSON.writeValueAsString(body), parts(PLEDGE_KINDS));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        assertThat(r.json().get("claims").get(0).get("status").asString()).isEqualTo("eligible");
        assertThat(r.json().get("claims").get(1).get("status").asString()).isNotEqualTo("eligible");

        // the submission hashed the claims and materials it had in hand; a fresh read must hash the same
        Applications.App app = apps.get(id);
        String fresh = workflow.snapshotHash(
                app, computation.version(rounds.get(round)), apps.claimInputs(id), apps.materials(id));
        String recorded = jdbc.sql(
                        "select snapshot_hash from application_event where application_id = ? and action = 'submit'")
                .param(id)
                .query(String.class)
                .single();
        assertThat(recorded).isEqualTo(fresh);
    }

    @Test
    void eachMaterialKeepsItsOwnPartWhenTheFilesAreStoredTogether() {
        long subject = fx.enterprise("一次申报材料对应公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        // the second part has the first's content (one content lock, two rows); the third its own
        byte[] shared = pdf();
        List<Part> parts = List.of(
                new Part("f1", "营业执照.pdf", shared),
                new Part("f2", "质押合同.pdf", shared),
                new Part("f3", "付息凭证.pdf", pdf()));

        Api.Response r = submit(applicant, application(round, "100000.00", PLEDGE_KINDS), parts);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();

        record Attached(long material, String kind, String filename, String sha256) {}
        List<Attached> attached = jdbc.sql(
                        """
                        select m.id, m.kind, f.filename, f.sha256 from material m join stored_file f on f.id = m.file_id
                        where m.application_id = ? order by m.id""")
                .param(id)
                .query((rs, n) -> new Attached(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        assertThat(attached)
                .extracting(Attached::kind, Attached::filename, Attached::sha256)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("subject_certificate", "营业执照.pdf", Sha256.hex(shared)),
                        org.assertj.core.groups.Tuple.tuple("pledge_loan_documents", "质押合同.pdf", Sha256.hex(shared)),
                        org.assertj.core.groups.Tuple.tuple(
                                "fee_receipts",
                                "付息凭证.pdf",
                                Sha256.hex(parts.get(2).content())));
        // the audit names each material with its own kind and content
        List<String> recorded = jdbc.sql(
                        """
                        select (details::jsonb->>'material') || ' ' || (details::jsonb->>'kind') || ' ' || (details::jsonb->>'sha256')
                        from audit_log where action = 'application.material_attach' and target_id = ? order by seq""")
                .param(String.valueOf(id))
                .query(String.class)
                .list();
        assertThat(recorded)
                .containsExactlyElementsOf(attached.stream()
                        .map(a -> a.material() + " " + a.kind() + " " + a.sha256())
                        .toList());
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void theMinimalAnswerAndTheIdempotentRepeat() {
        long subject = fx.enterprise("一次申报简要应答公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD)
                .withHeader("Prefer", "return=minimal")
                .withHeader("Idempotency-Key", "direct-1");
        String body = application(round, "100000.00", PLEDGE_KINDS);

        Api.Response first = submit(applicant, body, parts(PLEDGE_KINDS));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.header("Preference-Applied")).isEqualTo("return=minimal");
        long id = first.json().get("id").asLong();
        assertThat(first.json().get("state").get("id").asString()).isEqualTo("submitted");
        assertThat(first.json().get("no").asString()).startsWith("SB2026-");
        assertThat(first.json().get("subject_id").asLong()).isEqualTo(subject);
        assertThat(first.json().get("estimate_total").asString()).isEqualTo("50000.00");
        assertThat(first.json().has("claims")).isFalse();

        long apps = count("application");
        long files = count("stored_file");
        long records = count("audit_log");
        Api.Response again = submit(applicant, body, parts(PLEDGE_KINDS));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("id").asLong()).isEqualTo(id);
        // the first answer (built from the row the submission wrote) is what a fresh read of it answers
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(count("application")).isEqualTo(apps);
        assertThat(count("stored_file")).isEqualTo(files);
        assertThat(count("audit_log")).isEqualTo(records);

        // a client polling its progress reads the same brief; without the preference, the whole application
        Api.Response polled = applicant.get("/api/applications/" + id);
        assertThat(polled.status()).as(polled.body()).isEqualTo(200);
        assertThat(polled.header("Preference-Applied")).isEqualTo("return=minimal");
        assertThat(polled.json()).isEqualTo(first.json());
        Api.Response whole =
                api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD).get("/api/applications/" + id);
        assertThat(whole.status()).as(whole.body()).isEqualTo(200);
        assertThat(whole.header("Preference-Applied")).isNull();
        assertThat(whole.json().get("claims")).hasSize(1);
    }

    @Test
    void badInputIsRefusedWithTheFieldAndChangesNothing() {
        long subject = fx.enterprise("一次申报错误输入公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        List<String> two = List.of("subject_certificate", "pledge_loan_documents");

        record Case(String application, List<Part> files, String key, String field) {}
        List<Part> incompleteFiles = parts(two);
        List<Part> notPdf = parts(PLEDGE_KINDS);
        notPdf.set(2, new Part("f3", "fee_receipts.pdf", "not a pdf at all".getBytes(StandardCharsets.US_ASCII)));
        List<Case> cases = List.of(
                // a material missing: found at submit, after the files were stored — all rolled back
                new Case(
                        application(round, "100000.00", two),
                        incompleteFiles,
                        "application.incomplete",
                        "claims[1].materials.fee_receipts"),
                new Case(
                        application(round, "100000.00", List.of("subject_certificate", "no_such_kind", "fee_receipts")),
                        parts(PLEDGE_KINDS),
                        "material.kind",
                        "materials[2].kind"),
                new Case(
                        application(round, "100000.00", PLEDGE_KINDS),
                        parts(two),
                        "material.part_missing",
                        "materials[3].file"),
                new Case(application(round, "100000.00", two), parts(PLEDGE_KINDS), "material.part_unlisted", "f3"),
                new Case(
                        application(round, "abc", PLEDGE_KINDS),
                        parts(PLEDGE_KINDS),
                        "input.invalid",
                        "claims[1].facts.loan_interest"),
                new Case(application(round, "100000.00", PLEDGE_KINDS), notPdf, "upload.type", "file"),
                new Case(
                        "{\"round_id\": " + round + ", \"claims\": [", parts(two), "request.unreadable", "application"),
                new Case("{\"round_id\": \"one\", \"claims\": []}", parts(two), "request.field_type", "round_id"),
                new Case("{\"round_id\": " + round + ", \"claims\": []}", List.of(), "input.invalid", null));

        long apps = count("application");
        long files = count("stored_file");
        long records = count("audit_log");
        for (Case c : cases) {
            Api.Response r = submit(applicant, c.application(), c.files());
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.json().get("message_en").asString()).as(r.body()).isNotBlank();
            assertThat(r.json().get("title").asString()).as("Chinese first").isNotBlank();
            if (c.key() != null) {
                assertThat(r.json().get("key").asString()).as(r.body()).isEqualTo(c.key());
            }
            if (c.field() != null) {
                List<String> fields = new ArrayList<>();
                r.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
                assertThat(fields).as(r.body()).contains(c.field());
            }
            assertThat(count("application")).as(r.body()).isEqualTo(apps);
            assertThat(count("stored_file")).as(r.body()).isEqualTo(files);
            assertThat(count("audit_log")).as(r.body()).isEqualTo(records);
        }
        // the files stored before the refusal at submit are gone from the disk too
        for (Part p : incompleteFiles) {
            String hash = Sha256.hex(p.content());
            Path stored = storage.resolve(hash.substring(0, 2))
                    .resolve(hash.substring(2, 4))
                    .resolve(hash);
            assertThat(Files.exists(stored)).as(stored.toString()).isFalse();
        }
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void stepByStepCallsAnswerInBriefWhenAskedTo() {
        long subject = fx.enterprise("简要应答分步公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As full = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        Api.As brief = full.withHeader("Prefer", "handling=lenient, return=minimal");

        Api.Response created = brief.post(
                "/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge("100000.00"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.header(HttpHeaders.LOCATION)).isEqualTo("/api/applications/" + id);
        assertThat(created.header("Preference-Applied")).isEqualTo("return=minimal");
        assertThat(created.json().has("claims")).isFalse();
        assertThat(created.json().get("version").asInt()).isZero();
        assertThat(created.json().get("estimate_total").asString()).isEqualTo("50000.00");
        List<String> missing = new ArrayList<>();
        created.json().get("missing_materials").forEach(k -> missing.add(k.asString()));
        assertThat(missing).containsExactlyElementsOf(PLEDGE_KINDS);

        Api.Response fixed =
                brief.put("/api/applications/" + id, Map.of("claims", List.of(FullCycleTests.pledge("120000.00"))));
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        assertThat(fixed.json().get("estimate_total").asString()).isEqualTo("60000.00");
        assertThat(fixed.json().get("version").asInt()).isEqualTo(1);

        Api.Response uploaded = brief.upload(
                "/api/applications/" + id + "/materials",
                "c.pdf",
                "application/pdf",
                pdf(),
                Map.of("kind", "subject_certificate"));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        assertThat(uploaded.json().get("missing_materials").toString())
                .isEqualTo("[\"pledge_loan_documents\",\"fee_receipts\"]");
        long materialId = full.get("/api/applications/" + id)
                .json()
                .get("materials")
                .get(0)
                .get("id")
                .asLong();
        Api.Response removed = brief.delete("/api/applications/" + id + "/materials/" + materialId);
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().get("missing_materials")).hasSize(3);
        FullCycleTests.attachPledgeMaterials(full, id);

        Api.Response submitted = FullCycleTests.act(brief, id, "submit", Map.of());
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        assertThat(submitted.header("Preference-Applied")).isEqualTo("return=minimal");
        assertThat(submitted.json().get("state").get("id").asString()).isEqualTo("submitted");
        assertThat(submitted.json().get("missing_materials")).isEmpty();

        // without the preference: the whole application, as before
        Api.Response view = full.get("/api/applications/" + id);
        assertThat(view.json().get("claims")).hasSize(1);
        assertThat(view.header("Preference-Applied")).isNull();
    }

    @Test
    void thePreferHeaderIsReadAsRfc7240Says() {
        assertThat(ApplicationController.returnMinimal(headers())).isFalse();
        assertThat(ApplicationController.returnMinimal(headers("return=minimal")))
                .isTrue();
        assertThat(ApplicationController.returnMinimal(headers("respond-async, RETURN = \"minimal\"; x=1")))
                .isTrue();
        assertThat(ApplicationController.returnMinimal(headers("wait=10", "return=minimal")))
                .isTrue();
        assertThat(ApplicationController.returnMinimal(headers("return=representation")))
                .isFalse();
        assertThat(ApplicationController.returnMinimal(headers("minimal"))).isFalse();
    }

    private static HttpHeaders headers(String... prefer) {
        HttpHeaders h = new HttpHeaders();
        for (String p : prefer) {
            h.add("Prefer", p);
        }
        return h;
    }

    @Test
    void theApplicantsListShowsOwnClientsAndCreatedApplicationsOnly() {
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        long own = fx.enterprise("列表自有公司", "110117");
        Api.As applicant = api.login(fx.user(own, Role.APPLICANT), Fixtures.PASSWORD);
        Api.Response mine = applicant.post(
                "/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge("10000.00"))));
        assertThat(mine.status()).as(mine.body()).isEqualTo(201);
        long stranger = fx.enterprise("列表无关公司", "110117");
        Api.As other = api.login(fx.user(stranger, Role.APPLICANT), Fixtures.PASSWORD);
        Api.Response theirs = other.post(
                "/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge("10000.00"))));
        assertThat(theirs.status()).as(theirs.body()).isEqualTo(201);

        List<Long> listed = new ArrayList<>();
        applicant
                .get("/api/applications?size=50")
                .json()
                .get("items")
                .forEach(i -> listed.add(i.get("id").asLong()));
        assertThat(listed)
                .contains(mine.json().get("id").asLong())
                .doesNotContain(theirs.json().get("id").asLong());
        assertThat(applicant
                        .get("/api/applications?size=50")
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(listed.size());
        // a colleague on the same subject sees it too
        Api.As colleague = api.login(fx.user(own, Role.APPLICANT), Fixtures.PASSWORD);
        assertThat(colleague
                        .get("/api/applications")
                        .json()
                        .get("items")
                        .get(0)
                        .get("id")
                        .asLong())
                .isEqualTo(mine.json().get("id").asLong());
    }

    @Test
    void theMigrationAddsTheIndexes() {
        List<String> names = jdbc.sql("select indexname from pg_indexes where schemaname = current_schema()")
                .query(String.class)
                .list();
        assertThat(names).contains("application_created_by", "material_claim", "stored_file_sha256");
    }

    @Test
    void aClaimsStoredResultIsKeptUncompressed() {
        String storage = jdbc.sql(
                        """
                        select attstorage from pg_attribute
                        where attrelid = 'claim'::regclass and attname = 'engine_result'""")
                .query(String.class)
                .single();
        assertThat(storage).as("external: out of line, not compressed (V46)").isEqualTo("e");
    }
}

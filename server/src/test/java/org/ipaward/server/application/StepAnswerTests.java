package org.ipaward.server.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Each step of a draft (create, edit, upload, remove, submit) answers with the whole application. The answer is
 * built in the step's transaction from what it has just written — the engine results it stored are not read
 * back ({@code Applications.claims}), the materials and the subject are read once — so each answer must be
 * exactly what a fresh read of the application shows afterwards.
 */
class StepAnswerTests extends ServerTest {
    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    private static final Map<String, Object> AWARD = FullCycleTests.patentAward("ZL202310123456.6", "silver");

    @Test
    void everyStepAnswersWhatAFreshReadShows() {
        long subject = fx.enterprise("北京平谷逐步申报科技有限公司", "110117");
        Api.As a = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");

        Api.Response created = a.post(
                "/api/applications",
                Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge("12000.00"), AWARD)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        String path = "/api/applications/" + id;
        sameAsFreshRead(a, path, created);
        assertThat(created.json().get("claims").get(0).get("engine_amount").asString())
                .isEqualTo("6000.00");

        // the fix: the first claim's amount corrected
        Api.Response fixed = a.put(path, Map.of("claims", List.of(FullCycleTests.pledge("120000.00"), AWARD)));
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        sameAsFreshRead(a, path, fixed);
        assertThat(fixed.json().get("claims").get(0).get("engine_amount").asString())
                .isEqualTo("60000.00");

        long firstMaterial = 0;
        for (String kind : List.of("subject_certificate", "pledge_loan_documents", "fee_receipts", "grant_proof")) {
            Api.Response up = a.upload(
                    path + "/materials", kind + ".pdf", "application/pdf", FullCycleTests.PDF, Map.of("kind", kind));
            assertThat(up.status()).as(up.body()).isEqualTo(200);
            sameAsFreshRead(a, path, up);
            if (firstMaterial == 0) {
                firstMaterial = up.json().get("materials").get(0).get("id").asLong();
            }
        }

        // removing a material changes the materials check of the claims that need it
        Api.Response removed = a.delete(path + "/materials/" + firstMaterial);
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        sameAsFreshRead(a, path, removed);
        assertThat(removed.json().get("missing_materials").toString()).contains("subject_certificate");
        Api.Response back = a.upload(
                path + "/materials",
                "subject_certificate.pdf",
                "application/pdf",
                FullCycleTests.PDF,
                Map.of("kind", "subject_certificate"));
        sameAsFreshRead(a, path, back);

        // an edit that drops a claim: its stored result goes with it, the other's is stored afresh
        Api.Response dropped = a.put(path, Map.of("claims", List.of(AWARD)));
        assertThat(dropped.status()).as(dropped.body()).isEqualTo(200);
        sameAsFreshRead(a, path, dropped);
        assertThat(dropped.json().get("claims").size()).isEqualTo(1);

        Api.Response submitted = FullCycleTests.act(a, id, "submit", Map.of());
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        sameAsFreshRead(a, path, submitted);
        assertThat(submitted.json().get("state").get("id").asString()).isEqualTo("submitted");

        // and what is stored is what the answers showed: one result per claim, as the engine gave it
        String stored = jdbc.sql("select engine_result::text from claim where application_id = ?")
                .param(id)
                .query(String.class)
                .single();
        assertThat(Api.JSON.readTree(stored)).isEqualTo(result(submitted, 0));
    }

    /**
     * A step that leaves a claim's estimate as it was (an upload: a live estimate does not check materials) does
     * not rewrite the claim's row; a step that changes it (an edit of the facts) does.
     */
    @Test
    void anUnchangedEstimateIsNotWrittenAgain() {
        long subject = fx.enterprise("北京平谷估算不变科技有限公司", "110117");
        Api.As a = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.Response created = a.post("/api/applications", Map.of("round_id", round, "claims", List.of(AWARD)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        String path = "/api/applications/" + id;
        String before = rowVersion(id);

        Api.Response up = a.upload(
                path + "/materials",
                "subject_certificate.pdf",
                "application/pdf",
                FullCycleTests.PDF,
                Map.of("kind", "subject_certificate"));
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        assertThat(result(up, 0)).isEqualTo(result(created, 0));
        assertThat(rowVersion(id)).as("the claim's row after an upload").isEqualTo(before);

        Map<String, Object> gold = FullCycleTests.patentAward("ZL202310123456.6", "gold");
        Api.Response edited = a.put(path, Map.of("claims", List.of(gold)));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("claims").get(0).get("engine_amount").asString())
                .isEqualTo("500000.00");
        assertThat(rowVersion(id)).as("the claim's row after an edit").isNotEqualTo(before);
        sameAsFreshRead(a, path, edited);
    }

    /** The claim row's version (its transaction id and place): changes whenever the row is written. */
    private String rowVersion(long applicationId) {
        return jdbc.sql("select xmin::text || ctid::text from claim where application_id = ?")
                .param(applicationId)
                .query(String.class)
                .single();
    }

    private static JsonNode result(Api.Response r, int claim) {
        return r.json().get("claims").get(claim).get("result");
    }

    private static void sameAsFreshRead(Api.As a, String path, Api.Response answer) {
        Api.Response read = a.get(path);
        assertThat(read.status()).isEqualTo(200);
        assertThat(answer.json())
                .as("the answer to the step, against a fresh read")
                .isEqualTo(read.json());
    }
}

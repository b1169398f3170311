package org.ipaward.server.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.MutableClock;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The whole cycle over the REST API: apply → accept → review → approve → publicise → pay. */
public class FullCycleTests extends ServerTest {
    public static final byte[] PDF =
            "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    public static Map<String, Object> pledge(String interest) {
        return pledge(interest, true);
    }

    /** A pledge-subsidy claim; {@code firstRightsHolder} false makes it one the policy denies. */
    public static Map<String, Object> pledge(String interest, boolean firstRightsHolder) {
        return Map.of(
                "measure",
                "PG-pledge",
                "facts",
                Map.of(
                        "right_kind",
                        "patent",
                        "first_rights_holder",
                        firstRightsHolder,
                        "bank_loan",
                        true,
                        "loan_interest",
                        interest));
    }

    public static void attachPledgeMaterials(Api.As a, long id) {
        for (String kind : List.of("subject_certificate", "pledge_loan_documents", "fee_receipts")) {
            Api.Response r = a.upload(
                    "/api/applications/" + id + "/materials",
                    kind + ".pdf",
                    "application/pdf",
                    PDF,
                    Map.of("kind", kind));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }

    public static Api.Response act(Api.As a, long id, String action, Map<String, Object> body) {
        return a.post("/api/applications/" + id + "/actions/" + action, body);
    }

    @Test
    void theWholeCycleOverTheApi() {
        String staffSeed = fx.user(null, Role.SYSTEM_ADMIN);
        long subject = fx.enterprise("北京平谷全流程科技有限公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        Api.As acceptor = api.login(fx.user(null, Role.ACCEPTOR), Fixtures.PASSWORD);
        Api.As reviewer = api.login(fx.user(null, Role.REVIEWER), Fixtures.PASSWORD);
        Api.As approver = api.login(fx.user(null, Role.APPROVER), Fixtures.PASSWORD);
        Api.As finance = api.login(fx.user(null, Role.FINANCE), Fixtures.PASSWORD);
        assertThat(staffSeed).isNotBlank();

        // Create twice with the same idempotency key: one application.
        Map<String, Object> body = Map.of("round_id", round, "claims", List.of(pledge("400000.00")));
        Api.Response first = applicant.withHeader("Idempotency-Key", "k-1").post("/api/applications", body);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        Api.Response again = applicant.withHeader("Idempotency-Key", "k-1").post("/api/applications", body);
        assertThat(again.status()).isEqualTo(200);
        long id = first.json().get("id").asLong();
        assertThat(again.json().get("id").asLong()).isEqualTo(id);
        assertThat(first.json().get("state").get("id").asString()).isEqualTo("draft");
        assertThat(first.json().get("estimate_total").asString()).isEqualTo("200000.00");

        // Submitting without the materials names what is missing, and changes nothing.
        Api.Response incomplete = act(applicant, id, "submit", Map.of());
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(incomplete.json().get("key").asString()).isEqualTo("application.incomplete");
        assertThat(incomplete.json().get("errors").toString()).contains("pledge_loan_documents");
        assertThat(incomplete.json().get("errors").toString())
                .as("the material named as the policy names it, in both languages")
                .contains("请上传材料：知识产权质押登记证明、贷款合同及付息凭证（pledge_loan_documents）")
                .contains("missing material IP pledge registration, loan contract and interest payment records");
        attachPledgeMaterials(applicant, id);

        Api.Response submitted = act(applicant, id, "submit", Map.of());
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        assertThat(submitted.json().get("state").get("id").asString()).isEqualTo("submitted");
        // A second click: same answer, no second event.
        assertThat(act(applicant, id, "submit", Map.of()).status()).isEqualTo(200);
        assertThat(count("select count(*) from application_event where application_id = ? and action = 'submit'", id))
                .isEqualTo(1);

        assertThat(state(act(acceptor, id, "accept", Map.of()))).isEqualTo("under_review");
        // The reviewer may not approve; the approver may not review.
        assertThat(act(approver, id, "review_approve", Map.of()).status()).isEqualTo(403);
        Api.Response reviewed = act(reviewer, id, "review_approve", Map.of());
        assertThat(state(reviewed)).isEqualTo("reviewed");
        JsonNode claim = reviewed.json().get("claims").get(0);
        assertThat(claim.get("engine_amount").asString()).isEqualTo("200000.00");
        assertThat(claim.get("final_amount").asString()).isEqualTo("200000.00");
        assertThat(reviewed.json().get("approved_total").asString()).isEqualTo("200000.00");
        assertThat(act(reviewer, id, "approve", Map.of()).status()).isEqualTo(403);

        assertThat(state(act(approver, id, "approve", Map.of()))).isEqualTo("approved");
        Api.Response publicised = acceptor.post("/api/rounds/" + round + "/publicise", Map.of());
        assertThat(publicised.status()).as(publicised.body()).isEqualTo(200);
        String no = first.json().get("no").asString();
        assertThat(publicised.json().get("publicised").get(0).asString()).isEqualTo(no);
        // The public list names the award; anyone may object without signing in.
        Api.Response list = api.anonymous().get("/api/public/rounds/" + round + "/publicity");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get(0).get("amount").asString()).isEqualTo("200000.00");
        Api.Response objection = api.anonymous()
                .post(
                        "/api/public/objections",
                        Map.of(
                                "application_no",
                                no,
                                "filer_name",
                                "王某",
                                "contact",
                                "13900001111",
                                "text",
                                "该企业质押贷款并非专利权质押。"));
        assertThat(objection.status()).as(objection.body()).isEqualTo(201);
        clock.advance(Duration.ofDays(15));
        Api.Response blocked = act(acceptor, id, "confirm", Map.of());
        assertThat(blocked.status()).isEqualTo(409);
        assertThat(blocked.json().get("key").asString()).isEqualTo("publicity.open_objections");
        Api.Response dismissed = approver.post(
                "/api/objections/" + objection.json().get("id").asLong() + "/decision",
                Map.of("outcome", "dismissed", "resolution", "经核查质押登记证明，质押物为专利权，异议不成立。"));
        assertThat(dismissed.status()).as(dismissed.body()).isEqualTo(200);
        Api.Response confirmed = acceptor.post("/api/rounds/" + round + "/confirm-publicity", Map.of());
        assertThat(confirmed.json().get("confirmed").asInt()).isEqualTo(1);
        // an objection was raised (and dismissed): the state says publicity is over, not that there was none
        assertThat(applicant
                        .get("/api/applications/" + id)
                        .json()
                        .get("state")
                        .get("zh")
                        .asString())
                .isEqualTo("公示结束（待拨付）");

        // Payment steps only through the payment list.
        assertThat(act(finance, id, "list_payment", Map.of()).status()).isEqualTo(409);
        Api.Response batch = finance.post("/api/rounds/" + round + "/payment-batches", Map.of());
        assertThat(batch.status()).as(batch.body()).isEqualTo(201);
        JsonNode payment = batch.json().get("payments").get(0);
        assertThat(payment.get("amount").asString()).isEqualTo("200000.00");
        Api.Response sheet =
                finance.get("/api/payment-batches/" + batch.json().get("id").asLong() + ".xlsx");
        assertThat(sheet.status()).isEqualTo(200);
        assertThat(new String(sheet.bytes(), 0, 2, StandardCharsets.US_ASCII)).isEqualTo("PK");
        Api.Response markPaid = finance.post(
                "/api/payments/" + payment.get("id").asLong() + "/paid", Map.of("bank_reference", "BANK-0001"));
        assertThat(markPaid.status()).as(markPaid.body()).isEqualTo(200);
        Api.Response paid = applicant.get("/api/applications/" + id);
        assertThat(paid.json().get("state").get("zh").asString()).isEqualTo("已拨付");

        // The ledger holds the engine's amount, paid; the audit chain verifies; the award re-derives.
        assertThat(jdbc.sql("select amount from ledger_entry where application_id = ? and status = 'paid'")
                        .param(id)
                        .query(BigDecimal.class)
                        .single())
                .isEqualByComparingTo("200000.00");
        assertThat(audit.verify().ok()).isTrue();
        Api.Response rederived = reviewer.get("/api/applications/" + id + "/rederive");
        assertThat(rederived.status()).as(rederived.body()).isEqualTo(200);
        assertThat(rederived.json().get("matches").asBoolean()).isTrue();
        JsonNode events = paid.json().get("events");
        assertThat(events.size()).isEqualTo(9);
        assertThat(events.get(events.size() - 1).get("snapshot_hash").asString())
                .hasSize(64);

        // Another applicant sees nothing of it.
        long other = fx.enterprise("北京平谷另一家公司", "110117");
        Api.As stranger = api.login(fx.user(other, Role.APPLICANT), Fixtures.PASSWORD);
        assertThat(stranger.get("/api/applications/" + id).status()).isEqualTo(403);
        assertThat(act(stranger, id, "withdraw", Map.of()).status()).isEqualTo(403);
        assertThat(stranger.get("/api/applications?size=100")
                        .json()
                        .get("total")
                        .asLong())
                .isZero();
    }

    @Test
    void fourEyesApproverIsNotTheReviewer() {
        fx.user(null, Role.SYSTEM_ADMIN);
        long subject = fx.enterprise("四眼原则测试公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        Api.As both = api.login(fx.user(null, Role.REVIEWER, Role.APPROVER, Role.ACCEPTOR), Fixtures.PASSWORD);
        long id = applicant
                .post("/api/applications", Map.of("round_id", round, "claims", List.of(pledge("10000.00"))))
                .json()
                .get("id")
                .asLong();
        attachPledgeMaterials(applicant, id);
        act(applicant, id, "submit", Map.of());
        act(both, id, "accept", Map.of());
        assertThat(state(act(both, id, "review_approve", Map.of()))).isEqualTo("reviewed");
        Api.Response self = act(both, id, "approve", Map.of());
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.json().get("key").asString()).isEqualTo("workflow.four_eyes");
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        fx.user(null, Role.SYSTEM_ADMIN);
        long subject = fx.enterprise("错误输入测试公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        long before = count("select count(*) from application where subject_id = ?", subject);

        Api.Response bad =
                applicant.post("/api/applications", Map.of("round_id", round, "claims", List.of(pledge("很多"))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        assertThat(bad.json().get("errors").toString()).contains("loan_interest");
        assertThat(bad.body()).doesNotContain("Exception").doesNotContain("at org.");

        Api.Response unknown = applicant.post(
                "/api/applications", Map.of("round_id", round, "claims", List.of(Map.of("measure", "PG-nonsense"))));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("key").asString()).isEqualTo("claim.measure_not_offered");
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("claims[1].measure");
        assertThat(unknown.json().get("detail").asString()).contains("知识产权质押融资贴息（PG-pledge）");

        Api.Response patent = applicant.post(
                "/api/applications",
                Map.of(
                        "round_id",
                        round,
                        "claims",
                        List.of(Map.of(
                                "measure",
                                "PG-patent-award",
                                "facts",
                                Map.of(
                                        "right_kind",
                                        "patent",
                                        "first_rights_holder",
                                        true,
                                        "patent_number",
                                        "ZL202010566088.8",
                                        "award_level",
                                        "gold")))));
        assertThat(patent.status()).isEqualTo(400);
        assertThat(patent.json().get("key").asString()).isEqualTo("patent_number.check");
        assertThat(patent.json().get("errors").get(0).get("field").asString())
                .isEqualTo("claims[1].facts.patent_number");

        Api.Response garbage = applicant.post("/api/applications", "{not json");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.json().get("key").asString()).isEqualTo("request.unreadable");

        assertThat(count("select count(*) from application where subject_id = ?", subject))
                .isEqualTo(before);
    }

    private long count(String sql, Object param) {
        return jdbc.sql(sql).param(param).query(Long.class).single();
    }

    public static String state(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("state").get("id").asString();
    }
}

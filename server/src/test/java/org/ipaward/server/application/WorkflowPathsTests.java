package org.ipaward.server.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.MutableClock;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The workflow's other paths: return and resubmit, refusals, reviewer changes, send-back, objections, failed payments. */
class WorkflowPathsTests extends ServerTest {
    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    long subject;
    long round;
    Api.As applicant;
    Api.As acceptor;
    Api.As reviewer;
    Api.As approver;
    Api.As finance;

    @BeforeEach
    void people() {
        fx.user(null, Role.SYSTEM_ADMIN);
        subject = fx.enterprise("流程分支测试公司", "110117");
        round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        acceptor = api.login(fx.user(null, Role.ACCEPTOR), Fixtures.PASSWORD);
        reviewer = api.login(fx.user(null, Role.REVIEWER), Fixtures.PASSWORD);
        approver = api.login(fx.user(null, Role.APPROVER), Fixtures.PASSWORD);
        finance = api.login(fx.user(null, Role.FINANCE), Fixtures.PASSWORD);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    long submitted(String interest) {
        Api.Response r = applicant.post(
                "/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge(interest))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        FullCycleTests.attachPledgeMaterials(applicant, id);
        assertThat(FullCycleTests.state(FullCycleTests.act(applicant, id, "submit", Map.of())))
                .isEqualTo("submitted");
        return id;
    }

    long approved(String interest) {
        long id = submitted(interest);
        FullCycleTests.act(acceptor, id, "accept", Map.of());
        FullCycleTests.act(reviewer, id, "review_approve", Map.of());
        assertThat(FullCycleTests.state(FullCycleTests.act(approver, id, "approve", Map.of())))
                .isEqualTo("approved");
        return id;
    }

    @Test
    void aMaterialAttachedToAClaimStaysAttachedWhenTheClaimIsEditedAndMovesToTheApplicationWhenItIsDropped() {
        Api.Response r = applicant.post(
                "/api/applications",
                Map.of(
                        "round_id",
                        round,
                        "claims",
                        List.of(FullCycleTests.pledge("100000.00"), FullCycleTests.pledge("20000.00"))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        Api.Response m = applicant.upload(
                "/api/applications/" + id + "/materials",
                "loan.pdf",
                "application/pdf",
                FullCycleTests.PDF,
                Map.of("kind", "pledge_loan_documents", "claim_seq", "2"));
        assertThat(m.status()).as(m.body()).isEqualTo(200);

        Api.Response edited = applicant.put(
                "/api/applications/" + id,
                Map.of(
                        "round_id",
                        round,
                        "claims",
                        List.of(FullCycleTests.pledge("100000.00"), FullCycleTests.pledge("30000.00"))));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(materialClaimSeq(id)).isEqualTo(2);

        Api.Response dropped = applicant.put(
                "/api/applications/" + id,
                Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge("100000.00"))));
        assertThat(dropped.status()).as(dropped.body()).isEqualTo(200);
        assertThat(materialClaimSeq(id)).as("kept on the application").isNull();
        assertThat(jdbc.sql("select count(*) from material where application_id = ? and not removed")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    Integer materialClaimSeq(long applicationId) {
        return jdbc.sql(
                        "select c.seq from material m left join claim c on c.id = m.claim_id where m.application_id = ?")
                .param(applicationId)
                .query((rs, n) -> (Integer) rs.getObject(1))
                .list()
                .get(0);
    }

    BigDecimal held(long id) {
        return jdbc.sql(
                        "select coalesce(sum(amount), 0) from ledger_entry where application_id = ? and status <> 'released'")
                .param(id)
                .query(BigDecimal.class)
                .single();
    }

    @Test
    void returnedForCorrectionTheApplicantFixesAndResubmitsBeforeTheDeadline() {
        long id = submitted("100000.00");
        Api.Response noItems = FullCycleTests.act(acceptor, id, "return", Map.of("reason", "材料不清晰"));
        assertThat(noItems.status()).isEqualTo(400);
        assertThat(noItems.json().get("key").asString()).isEqualTo("workflow.return_items_required");
        Api.Response noReason = FullCycleTests.act(
                acceptor, id, "return", Map.of("items", List.of(Map.of("field", "claims[1].facts.loan_interest"))));
        assertThat(noReason.json().get("key").asString()).isEqualTo("workflow.reason_required");
        // items must name what the application has: its claims, their measures' facts and materials
        for (String unknown : List.of(
                "claims[9].facts.loan_interest", "claims[1].facts.zzz", "claims[1].materials.award_certificate")) {
            Api.Response refused = FullCycleTests.act(
                    acceptor, id, "return", Map.of("reason", "材料不清晰", "items", List.of(Map.of("field", unknown))));
            assertThat(refused.status()).as(unknown).isEqualTo(400);
            assertThat(refused.json().get("key").asString()).isEqualTo("workflow.return_item_unknown");
            assertThat(refused.json().get("detail").asString()).contains(unknown);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("items[0].field");
        }
        assertThat(FullCycleTests.state(applicant.get("/api/applications/" + id)))
                .isEqualTo("submitted");

        Api.Response returned = FullCycleTests.act(
                acceptor,
                id,
                "return",
                Map.of(
                        "reason",
                        "贷款利息与银行回单不一致",
                        "items",
                        List.of(Map.of("field", "claims[1].facts.loan_interest", "note", "以银行回单为准"))));
        assertThat(FullCycleTests.state(returned)).isEqualTo("returned");
        assertThat(returned.json().get("return_items").get(0).get("field").asString())
                .isEqualTo("claims[1].facts.loan_interest");
        assertThat(returned.json().get("return_deadline").asString()).isNotBlank();

        Api.Response edited = applicant.put(
                "/api/applications/" + id,
                Map.of(
                        "claims", List.of(FullCycleTests.pledge("90000.00")),
                        "version", returned.json().get("version").asInt()));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("estimate_total").asString()).isEqualTo("45000.00");
        assertThat(FullCycleTests.state(FullCycleTests.act(applicant, id, "resubmit", Map.of())))
                .isEqualTo("submitted");
    }

    @Test
    void aResubmissionAfterTheDeadlineIsRefused() {
        long id = submitted("100000.00");
        FullCycleTests.act(
                acceptor,
                id,
                "return",
                Map.of("reason", "缺少盖章", "items", List.of(Map.of("field", "materials.fee_receipts"))));
        clock.advance(Duration.ofDays(40));
        Api.Response late = FullCycleTests.act(applicant, id, "resubmit", Map.of());
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("key").asString()).isEqualTo("workflow.deadline_passed");
    }

    @Test
    void notAcceptedAndWithdrawnAreFinal() {
        long a = submitted("10000.00");
        assertThat(FullCycleTests.state(FullCycleTests.act(acceptor, a, "not_accept", Map.of("reason", "不属于受理范围"))))
                .isEqualTo("not_accepted");
        assertThat(FullCycleTests.act(acceptor, a, "accept", Map.of())
                        .json()
                        .get("key")
                        .asString())
                .isEqualTo("workflow.invalid_transition");
        long b = submitted("10000.00");
        assertThat(FullCycleTests.state(FullCycleTests.act(applicant, b, "withdraw", Map.of())))
                .isEqualTo("withdrawn");
        assertThat(FullCycleTests.act(applicant, b, "resubmit", Map.of()).status())
                .isEqualTo(409);
    }

    @Test
    void aReviewerMayLowerTheAmountOnlyWithAReasonAndTheTraceShowsBoth() {
        long id = submitted("100000.00");
        FullCycleTests.act(acceptor, id, "accept", Map.of());
        Api.Response noReason = FullCycleTests.act(
                reviewer, id, "review_approve", Map.of("claims", List.of(Map.of("seq", 1, "amount", "30000.00"))));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("key").asString()).isEqualTo("review.reason_required");
        Api.Response above = FullCycleTests.act(
                reviewer,
                id,
                "review_approve",
                Map.of("claims", List.of(Map.of("seq", 1, "amount", "60000.00", "reason", "多算"))));
        assertThat(above.json().get("key").asString()).isEqualTo("review.amount_above_engine");
        assertThat(above.json().get("detail").asString()).isEqualTo("审核金额不能高于按政策核定的 50,000.00 元（已含全部上限）");
        assertThat(held(id)).isEqualByComparingTo("0");

        Api.Response lowered = FullCycleTests.act(
                reviewer,
                id,
                "review_approve",
                Map.of("claims", List.of(Map.of("seq", 1, "amount", "30000.00", "reason", "部分利息发生在上一年度"))));
        assertThat(FullCycleTests.state(lowered)).isEqualTo("reviewed");
        JsonNode c = lowered.json().get("claims").get(0);
        assertThat(c.get("engine_amount").asString()).isEqualTo("50000.00");
        assertThat(c.get("reviewed_amount").asString()).isEqualTo("30000.00");
        assertThat(c.get("final_amount").asString()).isEqualTo("30000.00");
        JsonNode trace = c.get("result").get("trace");
        assertThat(trace.get(trace.size() - 1).get("zh").asString())
                .isEqualTo("审核调整：按政策核定 50,000.00 元，审核核定 30,000.00 元；理由：部分利息发生在上一年度");
        assertThat(held(id)).isEqualByComparingTo("30000.00");

        // The approver sends it back: the reservation is released and the review starts over.
        Api.Response back = FullCycleTests.act(approver, id, "send_back", Map.of("reason", "请核实利息发生年度"));
        assertThat(FullCycleTests.state(back)).isEqualTo("under_review");
        assertThat(held(id)).isEqualByComparingTo("0");
        FullCycleTests.act(reviewer, id, "review_approve", Map.of());
        assertThat(FullCycleTests.state(FullCycleTests.act(approver, id, "reject", Map.of("reason", "质押登记已注销"))))
                .isEqualTo("rejected");
        assertThat(held(id)).isEqualByComparingTo("0");
    }

    @Test
    void anUpheldObjectionLowersOrWithdrawsTheAward() {
        long amend = approved("100000.00");
        long withdraw = approved("20000.00");
        acceptor.post("/api/rounds/" + round + "/publicise", Map.of("application_ids", List.of(amend, withdraw)));
        String noA =
                applicant.get("/api/applications/" + amend).json().get("no").asString();
        String noW =
                applicant.get("/api/applications/" + withdraw).json().get("no").asString();
        long o1 = api.anonymous()
                .post(
                        "/api/public/objections",
                        Map.of("application_no", noA, "filer_name", "李某", "contact", "13900002222", "text", "利息金额虚报。"))
                .json()
                .get("id")
                .asLong();
        long o2 = acceptor.post(
                        "/api/applications/" + withdraw + "/objections",
                        Map.of("filer_name", "匿名来信", "text", "该专利已被宣告无效。"))
                .json()
                .get("id")
                .asLong();

        // The contact is stored encrypted, shown masked, and given in clear only for a reason (audited).
        assertThat(approver.get("/api/applications/" + amend + "/objections").body())
                .doesNotContain("13900002222");
        assertThat(approver.post("/api/objections/" + o1 + "/contact", Map.of()).status())
                .isEqualTo(400);
        assertThat(approver.post("/api/objections/" + o1 + "/contact", Map.of("reason", "电话回复异议人"))
                        .json()
                        .get("contact")
                        .asString())
                .isEqualTo("13900002222");
        assertThat(jdbc.sql(
                                "select count(*) from audit_log where action = 'objection.unmask_contact' and target_id = ?")
                        .param(String.valueOf(o1))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        Api.Response tooHigh = approver.post(
                "/api/objections/" + o1 + "/decision",
                Map.of(
                        "outcome", "upheld",
                        "effect", "amend",
                        "resolution", "经核实利息为 60000 元",
                        "claims", List.of(Map.of("seq", 1, "amount", "80000.00"))));
        assertThat(tooHigh.status()).isEqualTo(400);
        assertThat(tooHigh.json().get("detail").asString()).isEqualTo("调整后的金额须在 0 至原核定金额 50,000.00 元之间");
        // an amount in exponent notation (read as 40000) is refused as written, naming the field and the value
        Api.Response exponent = approver.post(
                "/api/objections/" + o1 + "/decision",
                Map.of(
                        "outcome", "upheld",
                        "effect", "amend",
                        "resolution", "经核实利息为 40000 元",
                        "claims", List.of(Map.of("seq", 1, "amount", "4e4"))));
        assertThat(exponent.status()).as(exponent.body()).isEqualTo(400);
        assertThat(exponent.json().get("key").asString()).isEqualTo("money.format");
        assertThat(exponent.json().get("errors").get(0).get("field").asString()).isEqualTo("claims[1].amount");
        assertThat(exponent.json().get("errors").get(0).get("value").asString()).isEqualTo("4E+4");
        // upheld "to amend" with the amount as it was: refused, and the objection, the application and its
        // history are as before (the amendment performed inside the decision is rolled back)
        int eventsBefore =
                applicant.get("/api/applications/" + amend).json().get("events").size();
        Api.Response unchanged = approver.post(
                "/api/objections/" + o1 + "/decision",
                Map.of(
                        "outcome", "upheld",
                        "effect", "amend",
                        "resolution", "金额不变",
                        "claims", List.of(Map.of("seq", 1, "amount", "50000.00"))));
        assertThat(unchanged.status()).as(unchanged.body()).isEqualTo(400);
        assertThat(unchanged.json().get("key").asString()).isEqualTo("objection.amend_unchanged");
        assertThat(unchanged.json().get("detail").asString())
                .contains("50,000.00 元")
                .contains("异议不成立");
        assertThat(held(amend)).isEqualByComparingTo("50000.00");
        assertThat(applicant
                        .get("/api/applications/" + amend)
                        .json()
                        .get("events")
                        .size())
                .isEqualTo(eventsBefore);
        assertThat(approver.get("/api/applications/" + amend + "/objections")
                        .json()
                        .get(0)
                        .get("status")
                        .asString())
                .isEqualTo("open");
        Api.Response amended = approver.post(
                "/api/objections/" + o1 + "/decision",
                Map.of(
                        "outcome", "upheld",
                        "effect", "amend",
                        "resolution", "经核实利息为 60000 元",
                        "claims", List.of(Map.of("seq", 1, "amount", "30000.00"))));
        assertThat(amended.status()).as(amended.body()).isEqualTo(200);
        assertThat(amended.json().get("status").asString()).isEqualTo("upheld");
        assertThat(held(amend)).isEqualByComparingTo("30000.00");
        assertThat(applicant
                        .get("/api/applications/" + amend)
                        .json()
                        .get("approved_total")
                        .asString())
                .isEqualTo("30000.00");

        Api.Response withdrawn = approver.post(
                "/api/objections/" + o2 + "/decision",
                Map.of("outcome", "upheld", "effect", "reject", "resolution", "专利已无效，取消奖励"));
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(applicant
                        .get("/api/applications/" + withdraw)
                        .json()
                        .get("state")
                        .get("id")
                        .asString())
                .isEqualTo("rejected");
        assertThat(held(withdraw)).isEqualByComparingTo("0");
        assertThat(approver.post(
                                "/api/objections/" + o2 + "/decision",
                                Map.of("outcome", "dismissed", "resolution", "再次处理"))
                        .json()
                        .get("key")
                        .asString())
                .isEqualTo("objection.decided");
        // The public list shows the lowered amount and no objection can be filed once publicity is over.
        assertThat(api.anonymous()
                        .get("/api/public/rounds/" + round + "/publicity")
                        .body())
                .contains("30000.00");
        assertThat(api.anonymous()
                        .post(
                                "/api/public/objections",
                                Map.of("application_no", noW, "filer_name", "李某", "text", "再提异议。"))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void aFailedPaymentIsReissuedAndThenPaid() {
        long id = approved("100000.00");
        acceptor.post("/api/rounds/" + round + "/publicise", Map.of("application_ids", List.of(id)));
        clock.advance(Duration.ofDays(20));
        acceptor.post("/api/rounds/" + round + "/confirm-publicity", Map.of());
        JsonNode batch = finance.post("/api/rounds/" + round + "/payment-batches", Map.of())
                .json();
        long payment = batch.get("payments").get(0).get("id").asLong();
        assertThat(finance.post("/api/payments/" + payment + "/failed", Map.of())
                        .status())
                .isEqualTo(400);
        Api.Response failed = finance.post("/api/payments/" + payment + "/failed", Map.of("reason", "账户名不符，退票"));
        assertThat(failed.json().get("status").asString()).isEqualTo("failed");
        Api.Response failedTwice = finance.post("/api/payments/" + payment + "/failed", Map.of("reason", "账户名不符，退票"));
        assertRefusedAs(failedTwice, "拨付失败", "Failed", "登记拨付失败", "recorded as failed");
        assertThat(applicant
                        .get("/api/applications/" + id)
                        .json()
                        .get("state")
                        .get("id")
                        .asString())
                .isEqualTo("payment_failed");
        Api.Response again = finance.post("/api/payments/" + payment + "/reissue", Map.of());
        assertThat(again.json().get("attempt").asInt()).isEqualTo(2);
        assertRefusedAs(
                finance.post("/api/payments/" + payment + "/paid", Map.of()),
                "已重新拨付",
                "Reissued",
                "确认已拨付",
                "confirmed as paid");
        Api.Response paid =
                finance.post("/api/payments/" + again.json().get("id").asLong() + "/paid", Map.of());
        assertThat(paid.json().get("status").asString()).isEqualTo("paid");
        assertRefusedAs(
                finance.post("/api/payments/" + again.json().get("id").asLong() + "/paid", Map.of()),
                "已拨付",
                "Paid",
                "确认已拨付",
                "confirmed as paid");
        assertThat(applicant
                        .get("/api/applications/" + id)
                        .json()
                        .get("state")
                        .get("id")
                        .asString())
                .isEqualTo("paid");
        assertThat(jdbc.sql("select status from ledger_entry where application_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("paid");
    }

    /**
     * A payment action on a payment not awaiting payment: 409 {@code payment.not_listed}, naming the payment's status
     * as people read it (never its code) and the action refused, in Chinese and in English.
     */
    private static void assertRefusedAs(
            Api.Response r, String statusZh, String statusEn, String actionZh, String actionEn) {
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.json().get("key").asString()).isEqualTo("payment.not_listed");
        assertThat(r.json().get("title").asString())
                .contains("“" + statusZh + "”")
                .contains(actionZh)
                .doesNotContainPattern("[a-z]");
        assertThat(r.json().get("message_en").asString())
                .contains("“" + statusEn + "”")
                .contains(actionEn);
    }

    @Test
    void aCallerWithoutTheRoleLearnsNothingAboutWhetherAnApplicationExists() {
        Api.Response asReviewer = FullCycleTests.act(reviewer, 987654321L, "accept", Map.of());
        assertThat(asReviewer.status()).isEqualTo(403);
        assertThat(asReviewer.json().get("key").asString()).isEqualTo("access.denied");
        assertThat(FullCycleTests.act(acceptor, 987654321L, "accept", Map.of()).status())
                .isEqualTo(404);
        Api.Response payment = FullCycleTests.act(applicant, 987654321L, "mark_paid", Map.of());
        assertThat(payment.status()).isEqualTo(403);
        assertThat(FullCycleTests.act(finance, 987654321L, "mark_paid", Map.of())
                        .json()
                        .get("key")
                        .asString())
                .isEqualTo("workflow.use_payments");
    }
}

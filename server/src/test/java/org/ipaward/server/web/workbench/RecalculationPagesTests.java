package org.ipaward.server.web.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 重新测算 on the round page: a job over the round's open applications, its progress and its summary. */
class RecalculationPagesTests extends WorkbenchTestBase {
    long subject;
    long round;
    Api.As applicant;

    @BeforeEach
    void data() {
        fx.user(null, Role.SYSTEM_ADMIN);
        subject = fx.enterprise(Fixtures.unique("重算测试公司"), "110117");
        round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        applicant = as(fx.user(subject, Role.APPLICANT));
    }

    @Test
    void aReviewerRecalculatesTheOpenApplicationsWithProgressAndASummary() throws InterruptedException {
        long submitted = submitted(applicant, round, "10000.00");
        Api.Response d = applicant.post(
                "/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge("20000.00"))));
        assertThat(d.status()).as(d.body()).isEqualTo(201);
        long draft = d.json().get("id").asLong();
        long reviewed = submitted(applicant, round, "30000.00");
        Api.As acceptor = as(fx.user(null, Role.ACCEPTOR));
        Api.As reviewer = as(fx.user(null, Role.REVIEWER));
        FullCycleTests.act(acceptor, reviewed, "accept", Map.of());
        assertThat(FullCycleTests.state(FullCycleTests.act(reviewer, reviewed, "review_approve", Map.of())))
                .isEqualTo("reviewed");
        long broken = submitted(applicant, round, "40000.00");

        BigDecimal trueSubmitted = estimate(submitted);
        BigDecimal trueDraft = estimate(draft);
        assertThat(trueSubmitted).isPositive();
        // stale estimates (as after a ledger or policy change), an award already reserved, and bad facts
        setEstimate(submitted, "1.00");
        setEstimate(draft, "2.00");
        setEstimate(reviewed, "3.00");
        int draftVersion = version(draft);
        jdbc.sql("update claim set facts = jsonb_set(facts, '{loan_interest}', '\"abc\"') where application_id = ?")
                .param(broken)
                .update();

        Browser b = signedIn(null, Role.REVIEWER);
        String page = html(b.page("/workbench/rounds/" + round)).body();
        assertThat(page)
                .contains("id=\"round-recalc-form\"")
                .contains("id=\"btn-recalc\"")
                .contains("重新测算");

        Api.Response started = b.postForm("/workbench/rounds/" + round + "/recalculate", Map.of(), true);
        assertThat(started.status()).as(started.body()).isEqualTo(302);
        String location = started.header("Location");
        assertThat(location).contains("/workbench/jobs/").contains("back=");
        String job = location.replaceAll(".*/workbench/jobs/([^?]+).*", "$1");
        String query = location.substring(location.indexOf('?'));
        String progress = null;
        for (int i = 0; i < 300; i++) {
            progress =
                    html(b.page("/workbench/jobs/" + job + "/progress" + query)).body();
            if (progress.contains("data-status=\"DONE\"")) {
                break;
            }
            Thread.sleep(50);
        }
        BigDecimal delta =
                trueSubmitted.subtract(new BigDecimal("1.00")).add(trueDraft.subtract(new BigDecimal("2.00")));
        assertThat(progress)
                .contains("data-status=\"DONE\"")
                .contains("aria-valuemax=\"3\"")
                .contains("data-failed=\"1\"")
                .contains("测算完毕：共 3 件，已处理 3 件，成功 2 件，失败 1 件")
                .contains("id=\"recalc-summary\"")
                .contains("data-changed=\"2\"")
                .contains("data-delta=\"" + delta.setScale(2).toPlainString() + "\"")
                .contains("估算有变化的申报 2 件，未变化 0 件")
                .contains("data-item=\"" + no(submitted) + "\"")
                .contains("data-item=\"" + no(draft) + "\"")
                .contains("data-item=\"" + no(broken) + "\"")
                .doesNotContain("data-item=\"" + no(reviewed) + "\"")
                .contains("loan_interest")
                .contains("href=\"/workbench/rounds/" + round + "\"")
                .contains("返回批次");
        assertThat(estimate(submitted)).isEqualByComparingTo(trueSubmitted);
        assertThat(estimate(draft)).isEqualByComparingTo(trueDraft);
        assertThat(estimate(reviewed)).as("a reserved award is left alone").isEqualByComparingTo("3.00");
        assertThat(version(draft))
                .as("the applicant's next save is not refused")
                .isEqualTo(draftVersion);
        assertThat(state(submitted)).isEqualTo("submitted");

        assertThat(jdbc.sql("select count(*) from audit_log where action = 'round.recalculate' and target_id = ?")
                        .param(String.valueOf(round))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql(
                                "select count(*) from audit_log where action = 'application.reestimate' and target_id in (?, ?)")
                        .params(String.valueOf(submitted), String.valueOf(draft))
                        .query(Long.class)
                        .single())
                .isEqualTo(2);

        String en = html(b.page("/workbench/jobs/" + job + query + "&lang=en")).body();
        assertThat(en).contains("Recalculation").contains("2 estimates changed").contains("Back to the round");
    }

    @Test
    void onlyPolicyAdministratorsAndReviewersMayRecalculateAndAnEmptyRoundIsRefused() {
        Browser acceptor = signedIn(null, Role.ACCEPTOR);
        assertThat(html(acceptor.page("/workbench/rounds/" + round)).body()).doesNotContain("id=\"btn-recalc\"");
        Api.Response refused = acceptor.postForm("/workbench/rounds/" + round + "/recalculate", Map.of(), true);
        assertThat(refused.status()).isEqualTo(403);

        Browser policy = signedIn(null, Role.POLICY_ADMIN);
        assertThat(html(policy.page("/workbench/rounds/" + round)).body()).contains("id=\"btn-recalc\"");
        Api.Response empty = policy.postForm("/workbench/rounds/" + round + "/recalculate", Map.of(), true);
        assertThat(empty.status()).isEqualTo(409);
        assertThat(empty.body()).contains("本批次没有可重新测算的申报").contains("round.nothing_to_recalculate");
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'round.recalculate' and target_id = ?")
                        .param(String.valueOf(round))
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private BigDecimal estimate(long id) {
        return jdbc.sql("select estimate_total from application where id = ?")
                .param(id)
                .query(BigDecimal.class)
                .single();
    }

    private void setEstimate(long id, String amount) {
        jdbc.sql("update application set estimate_total = ? where id = ?")
                .params(new BigDecimal(amount), id)
                .update();
    }
}

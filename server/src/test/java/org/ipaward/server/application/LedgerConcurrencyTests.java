package org.ipaward.server.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Caps and budgets hold under concurrent approvals: many reviewers pass competing claims at once and the
 * ledger never exceeds a cap or a stopping budget.
 */
class LedgerConcurrencyTests extends ServerTest {
    static final int N = 50;

    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    /** Submitted and accepted applications of one subject, each claiming the pledge subsidy on an interest. */
    List<Long> underReview(long subject, long round, int n, String interest) {
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        Api.As acceptor = api.login(fx.user(null, Role.ACCEPTOR), Fixtures.PASSWORD);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Api.Response r = applicant.post(
                    "/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge(interest))));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            long id = r.json().get("id").asLong();
            FullCycleTests.attachPledgeMaterials(applicant, id);
            assertThat(FullCycleTests.state(FullCycleTests.act(applicant, id, "submit", Map.of())))
                    .isEqualTo("submitted");
            assertThat(FullCycleTests.state(FullCycleTests.act(acceptor, id, "accept", Map.of())))
                    .isEqualTo("under_review");
            ids.add(id);
        }
        return ids;
    }

    List<Api.Response> approveInParallel(List<Long> ids) throws Exception {
        List<Api.As> reviewers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            reviewers.add(api.login(fx.user(null, Role.REVIEWER), Fixtures.PASSWORD));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Api.Response>> tasks = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                long id = ids.get(i);
                Api.As reviewer = reviewers.get(i % reviewers.size());
                tasks.add(() -> FullCycleTests.act(reviewer, id, "review_approve", Map.of()));
            }
            List<Api.Response> out = new ArrayList<>();
            for (Future<Api.Response> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void fiftyParallelApprovalsNeverBreakTheYearlyCap() throws Exception {
        fx.user(null, Role.SYSTEM_ADMIN);
        long subject = fx.enterprise("并发审批测试公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "100000000.00", "pro_rata", "PG-pledge");
        // Each claim: interest 40,000 × 50% = 20,000; the cap is 300,000 per enterprise per year.
        List<Long> ids = underReview(subject, round, N, "40000.00");

        List<Api.Response> answers = approveInParallel(ids);

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
        BigDecimal held = jdbc.sql(
                        "select coalesce(sum(amount), 0) from ledger_entry where subject_ref = ? and status <> 'released'")
                .param(String.valueOf(subject))
                .query(BigDecimal.class)
                .single();
        assertThat(held).isEqualByComparingTo("300000.00");
        long full = answers.stream()
                .filter(r -> r.json().get("approved_total").asString().equals("20000.00"))
                .count();
        assertThat(full).isEqualTo(15);
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void aStoppingBudgetIsNeverExceededUnderConcurrency() throws Exception {
        fx.user(null, Role.SYSTEM_ADMIN);
        long round = fx.round("pinggu-2025", 2026, "100000.00", "stop", "PG-pledge");
        // Ten subjects, each 20,000 (no shared cap): only five fit in a budget of 100,000.
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long subject = fx.enterprise("预算测试公司" + i, "110117");
            ids.addAll(underReview(subject, round, 1, "40000.00"));
        }

        List<Api.Response> answers = approveInParallel(ids);

        assertThat(answers.stream().filter(r -> r.status() == 200).count()).isEqualTo(5);
        assertThat(answers.stream().filter(r -> r.status() == 409))
                .hasSize(5)
                .allSatisfy(r -> assertThat(r.json().get("key").asString()).isEqualTo("budget.exhausted"));
        BigDecimal committed = jdbc.sql(
                        "select coalesce(sum(amount), 0) from ledger_entry where round_id = ? and status <> 'released'")
                .param(round)
                .query(BigDecimal.class)
                .single();
        assertThat(committed).isEqualByComparingTo("100000.00");
        // Refused approvals left their applications under review, unchanged.
        assertThat(jdbc.sql("select count(*) from application where round_id = ? and state = 'under_review'")
                        .param(round)
                        .query(Long.class)
                        .single())
                .isEqualTo(5);
    }
}

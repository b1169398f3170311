package org.ipaward.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.calc.Ledger;
import org.ipaward.engine.calc.LedgerEntry;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger snapshot reads each cap's scope with a query narrowed to it; it must give exactly what filtering
 * every live entry of the policy gives: the same entries, the same sums, the same record of what was seen.
 */
class LedgerSnapshotTests extends ServerTest {
    static final String POLICY = "pinggu-2025";

    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LedgerService ledger;

    @Autowired
    TransactionTemplate tx;

    /** The claim ids of a new draft with three claims of the subject in the round. */
    private List<Long> claims(long subject, long round) {
        Api.As a = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        Api.Response r = a.post(
                "/api/applications",
                Map.of(
                        "round_id",
                        round,
                        "claims",
                        List.of(
                                FullCycleTests.pledge("10000.00"),
                                FullCycleTests.pledge("20000.00"),
                                FullCycleTests.pledge("30000.00"))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long app = r.json().get("id").asLong();
        return jdbc.sql("select id from claim where application_id = ? order by seq")
                .param(app)
                .query(Long.class)
                .list();
    }

    private long entry(long claim, String measure, long subject, int year, String amount, String keys, String status) {
        return jdbc.sql(
                        """
                        insert into ledger_entry (policy_id, measure_id, subject_ref, year, amount, keys, application_id, claim_id, round_id, status)
                        select ?, ?, ?, ?, ?, cast(? as jsonb), c.application_id, c.id, a.round_id, ?
                        from claim c join application a on a.id = c.application_id where c.id = ? returning id""")
                .params(POLICY, measure, String.valueOf(subject), year, new BigDecimal(amount), keys, status, claim)
                .query(Long.class)
                .single();
    }

    private long applicationOf(long claim) {
        return jdbc.sql("select application_id from claim where id = ?")
                .param(claim)
                .query(Long.class)
                .single();
    }

    @Test
    void aScopedSnapshotSeesExactlyWhatTheWholeLedgerFilteredWouldShow() {
        fx.user(null, Role.SYSTEM_ADMIN);
        long round = fx.round(POLICY, 2026, "100000000.00", "pro_rata", "PG-pledge");
        long a = fx.enterprise("台账范围测试甲公司", "110117");
        long b = fx.enterprise("台账范围测试乙公司", "110117");
        List<Long> ca = new ArrayList<>(claims(a, round));
        ca.addAll(claims(a, round));
        List<Long> cb = claims(b, round);
        entry(ca.get(0), "PG-pledge", a, 2025, "150000.00", "{}", "approved");
        entry(ca.get(1), "PG-pledge", a, 2024, "20000.00", "{}", "paid");
        entry(ca.get(2), "PG-insurance", a, 2025, "30000.00", "{\"policy_no\": \"P-1\"}", "reserved");
        entry(ca.get(3), "PG-pledge", a, 2025, "999.00", "{}", "released");
        entry(ca.get(4), "PG-insurance", a, 2025, "5000.00", "{\"policy_no\": \"P-2\"}", "approved");
        entry(ca.get(5), "PG-patent-award", a, 2025, "70000.00", "{}", "reserved");
        entry(cb.get(0), "PG-pledge", b, 2025, "80000.00", "{}", "approved");
        entry(cb.get(1), "PG-insurance", b, 2025, "9000.00", "{\"policy_no\": \"P-1\"}", "reserved");
        entry(cb.get(2), "PG-pledge", b, 2024, "40000.00", "{}", "approved");
        long excluded = applicationOf(ca.get(3));

        String sa = String.valueOf(a);
        List<Ledger.Scope> scopes = List.of(
                new Ledger.Scope(POLICY, List.of("PG-pledge"), sa, 2025, Map.of()),
                new Ledger.Scope(POLICY, List.of("PG-pledge"), sa, null, Map.of()),
                new Ledger.Scope(POLICY, List.of("PG-pledge", "PG-insurance"), sa, 2025, Map.of()),
                new Ledger.Scope(POLICY, List.of("PG-insurance"), null, null, Map.of("policy_no", "P-1")),
                new Ledger.Scope(POLICY, List.of("PG-pledge", "PG-patent-award"), null, 2025, Map.of()),
                new Ledger.Scope(POLICY, List.of("PG-pledge"), null, null, Map.of()),
                new Ledger.Scope(POLICY, List.of("PG-pledge"), sa, 2025, Map.of()),
                new Ledger.Scope("jindong-2023", List.of("PG-pledge"), sa, 2025, Map.of()),
                new Ledger.Scope(POLICY, List.of("PG-nothing"), sa, 2025, Map.of()));

        for (long exclude : new long[] {-1, excluded, applicationOf(ca.get(0))}) {
            tx.executeWithoutResult(s -> {
                LedgerService.Snapshot scoped = ledger.snapshot(POLICY, exclude);
                LedgerService.Snapshot full = ledger.fullSnapshot(POLICY, exclude);
                for (Ledger.Scope scope : scopes) {
                    List<LedgerEntry> want = full.entries(scope);
                    assertThat(scoped.entries(scope))
                            .as("%s excluding %s", scope, exclude)
                            .isEqualTo(want);
                    assertThat(scoped.used(scope)).isEqualByComparingTo(full.used(scope));
                    assertThat(scoped.years(scope)).isEqualTo(full.years(scope));
                }
                assertThat(scoped.seen()).isEqualTo(full.seen());
            });
        }

        // and the figures themselves, so that both cannot be wrong alike
        tx.executeWithoutResult(s -> {
            LedgerService.Snapshot scoped = ledger.snapshot(POLICY, -1);
            assertThat(scoped.used(scopes.get(0))).isEqualByComparingTo("150000.00");
            assertThat(scoped.used(scopes.get(1))).isEqualByComparingTo("170000.00");
            assertThat(scoped.used(scopes.get(2))).isEqualByComparingTo("185000.00");
            assertThat(scoped.entries(scopes.get(3)))
                    .extracting(LedgerEntry::amount)
                    .map(BigDecimal::toPlainString)
                    .contains("30000.00", "9000.00")
                    .doesNotContain("5000.00");
            assertThat(scoped.entries(scopes.get(7))).isEmpty();
            assertThat(scoped.entries(scopes.get(8))).isEmpty();
            assertThat(scoped.seen())
                    .extracting(m -> m.get("amount"))
                    .doesNotContain("999.00")
                    .contains("150000.00", "20000.00", "30000.00");
        });
        tx.executeWithoutResult(s -> assertThat(
                        ledger.snapshot(POLICY, applicationOf(ca.get(0))).used(scopes.get(0)))
                .as("the application's own entries are left out")
                .isEqualByComparingTo(BigDecimal.ZERO));
    }
}

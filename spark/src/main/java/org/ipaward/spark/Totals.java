package org.ipaward.spark;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.ipaward.batch.replay.Budget;
import org.ipaward.batch.replay.ClaimOutcome;
import org.ipaward.batch.replay.ReplayResult;
import org.ipaward.engine.model.Policy;

/**
 * A replayed round's totals from Spark's outcomes, counted by {@link ReplayResult#of(ReplayResult.Outcomes,
 * Budget, Map, int, List, long)} exactly as the single-machine replay counts its own. Input problems are not
 * gathered on Spark ({@code problems} empty).
 */
final class Totals {
    private Totals() {}

    static ReplayResult of(SparkReplay.Round round, Budget budget, List<Policy> policyList) {
        Map<String, Policy> policies = new HashMap<>();
        policyList.forEach(p -> policies.put(p.id(), p));
        BigDecimal[] totals = new BigDecimal[round.applications()];
        for (int a = 0; a < totals.length; a++) {
            totals[a] = round.total(a);
        }
        ReplayResult.Outcomes o = new ReplayResult.Outcomes() {
            @Override
            public int claimCount() {
                return round.rows.size();
            }

            @Override
            public int applicationCount() {
                return totals.length;
            }

            @Override
            public int first(int app) {
                return round.appFirst[app];
            }

            @Override
            public int end(int app) {
                return round.appEnd[app];
            }

            @Override
            public boolean refused(int app) {
                return round.refused[app];
            }

            @Override
            public BigDecimal total(int app) {
                return totals[app];
            }

            @Override
            public String subjectId(int claim) {
                return row(claim).getString(5);
            }

            @Override
            public String subjectName(int claim) {
                return row(claim).getString(6);
            }

            @Override
            public String policy(int claim) {
                return row(claim).getString(7);
            }

            @Override
            public String measure(int claim) {
                return row(claim).getString(8);
            }

            @Override
            public String status(int claim) {
                return round.status[claim];
            }

            @Override
            public BigDecimal amount(int claim) {
                return round.amount[claim];
            }

            @Override
            public BigDecimal awarded(int claim) {
                Row r = row(claim);
                return r.isNullAt(11) ? null : new BigDecimal(r.getString(11));
            }

            @Override
            public ClaimOutcome outcome(int app, int claim) {
                return round.outcome(app, claim);
            }

            private Row row(int claim) {
                return round.rows.get(claim);
            }
        };
        return ReplayResult.of(o, budget, policies, round.groupCount(), List.of(), 0);
    }
}

package org.ipaward.spark;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.ipaward.batch.replay.Budget;
import org.ipaward.batch.replay.ReplayResult;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;

/**
 * A replayed round's totals from its outcomes, counted as {@link ReplayResult} counts them (module batch
 * builds them from its replay's arrays; here they come from Spark's outcomes): needed before the budget rule,
 * committed after it, the pro-rata factor, paid per application (total × factor, rounded down to 分), and
 * per measure, category and applicant. Input problems are not gathered on Spark ({@code problems} empty).
 */
final class Totals {
    private static final String[] STATUS_IDS = {
        "eligible", "not_eligible", "undetermined", "invalid", "unknown_measure", "skipped"
    };

    private Totals() {}

    static ReplayResult of(SparkReplay.Round round, Budget budget, List<Policy> policyList) {
        Map<String, Policy> policies = new HashMap<>();
        policyList.forEach(p -> policies.put(p.id(), p));
        int apps = round.applications();
        BigDecimal[] appTotal = new BigDecimal[apps];
        BigDecimal needed = BigDecimal.ZERO;
        BigDecimal committed = BigDecimal.ZERO;
        for (int a = 0; a < apps; a++) {
            appTotal[a] = round.total(a);
            needed = needed.add(appTotal[a]);
            if (!round.refused[a]) {
                committed = committed.add(appTotal[a]);
            }
        }
        BigDecimal factor = budget.factor(committed);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : STATUS_IDS) {
            counts.put(s, 0);
        }
        Map<String, Acc> measures = new LinkedHashMap<>();
        Map<String, Acc> applicants = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        BigDecimal paid = BigDecimal.ZERO;
        BigDecimal decided = null;
        int refusedApps = 0;
        int refusedClaims = 0;
        for (int a = 0; a < apps; a++) {
            boolean refused = round.refused[a];
            BigDecimal appPaid = refused ? BigDecimal.ZERO : Budget.pay(appTotal[a], factor);
            paid = paid.add(appPaid);
            if (refused) {
                refusedApps++;
                refusedClaims += round.appEnd[a] - round.appFirst[a];
            }
            Row head = round.rows.get(round.appFirst[a]);
            String subject = head.getString(5);
            names.putIfAbsent(subject, head.getString(6));
            Acc ap = applicants.computeIfAbsent(subject, k -> new Acc());
            ap.needed = ap.needed.add(appTotal[a]);
            ap.paid = ap.paid.add(appPaid);
            for (int i = round.appFirst[a]; i < round.appEnd[a]; i++) {
                Row row = round.rows.get(i);
                String st = round.status[i];
                counts.merge(st, 1, Integer::sum);
                ap.claims++;
                if (!row.isNullAt(11)) {
                    BigDecimal aw = new BigDecimal(row.getString(11));
                    decided = decided == null ? aw : decided.add(aw);
                }
                Acc m = measures.computeIfAbsent(row.getString(7) + "\u0000" + row.getString(8), k -> new Acc());
                m.policy = row.getString(7);
                m.measure = row.getString(8);
                m.claims++;
                switch (st) {
                    case "eligible" -> {
                        m.eligible++;
                        ap.eligible++;
                        m.needed = m.needed.add(round.amount[i]);
                        if (!refused) {
                            m.paid = m.paid.add(Budget.pay(round.amount[i], factor));
                        }
                    }
                    case "not_eligible" -> m.notEligible++;
                    case "undetermined" -> m.undetermined++;
                    default -> {}
                }
            }
        }
        List<ReplayResult.MeasureTotal> mts = new ArrayList<>();
        Map<Measure.Category, Acc> cats = new EnumMap<>(Measure.Category.class);
        for (Acc m : measures.values()) {
            Policy p = policies.get(m.policy);
            Measure measure = p == null ? null : p.measure(m.measure);
            mts.add(new ReplayResult.MeasureTotal(
                    m.policy,
                    m.measure,
                    measure == null ? null : measure.title(),
                    measure == null || measure.category() == null
                            ? null
                            : measure.category().name().toLowerCase(Locale.ROOT),
                    measure != null,
                    m.claims,
                    m.eligible,
                    m.notEligible,
                    m.undetermined,
                    m.needed,
                    m.paid));
            if (measure != null && measure.category() != null) {
                Acc c = cats.computeIfAbsent(measure.category(), k -> new Acc());
                c.claims += m.claims;
                c.eligible += m.eligible;
                c.needed = c.needed.add(m.needed);
                c.paid = c.paid.add(m.paid);
            }
        }
        mts.sort(Comparator.comparing(ReplayResult.MeasureTotal::policy)
                .thenComparing(ReplayResult.MeasureTotal::measure));
        List<ReplayResult.CategoryTotal> cts = new ArrayList<>();
        cats.forEach((k, c) -> cts.add(new ReplayResult.CategoryTotal(
                k.name().toLowerCase(Locale.ROOT), k.label(), c.claims, c.eligible, c.needed, c.paid)));
        Map<String, ReplayResult.ApplicantTotal> aps = new LinkedHashMap<>();
        applicants.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> aps.put(
                        e.getKey(),
                        new ReplayResult.ApplicantTotal(
                                e.getKey(),
                                names.get(e.getKey()),
                                e.getValue().claims,
                                e.getValue().eligible,
                                e.getValue().needed,
                                e.getValue().paid)));
        return new ReplayResult(
                round.rows.size(),
                apps,
                round.groupCount(),
                counts,
                refusedApps,
                refusedClaims,
                budget,
                needed,
                committed,
                factor,
                paid,
                decided,
                List.copyOf(mts),
                List.copyOf(cts),
                aps,
                List.of(),
                0,
                round.outcomes());
    }

    private static final class Acc {
        String policy;
        String measure;
        int claims;
        int eligible;
        int notEligible;
        int undetermined;
        BigDecimal needed = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;
    }
}

package org.ipaward.batch.replay;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.batch.claims.ClaimRow;
import org.ipaward.engine.Problem;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.Text;

/**
 * The totals of a replayed round. {@code needed} is what the awards come to before the budget rule (the
 * budget the round would need); {@code committed} what the ledger holds after the rule (under {@code stop}:
 * the approved applications); {@code paid} what is paid (under {@code pro_rata}: each application's total ×
 * factor, rounded down to 分). Per measure and per category {@code paid} is each award × factor rounded down
 * (a share: it can be a few 分 below the exact per-application payments). Applicants are keyed by subject id,
 * in order of their first application.
 */
public record ReplayResult(
        int claims,
        int applications,
        int partitions,
        Map<String, Integer> byStatus,
        int refusedApplications,
        int refusedClaims,
        Budget budget,
        BigDecimal needed,
        BigDecimal committed,
        BigDecimal factor,
        BigDecimal paid,
        BigDecimal decided,
        List<MeasureTotal> measures,
        List<CategoryTotal> categories,
        Map<String, ApplicantTotal> applicants,
        List<Problem> problems,
        long problemCount,
        List<ClaimOutcome> outcomes) {

    /** One measure's claims and money. {@code known} is false when the policy has no such measure. */
    public record MeasureTotal(
            String policy,
            String measure,
            Text title,
            String category,
            boolean known,
            int claims,
            int eligible,
            int notEligible,
            int undetermined,
            BigDecimal needed,
            BigDecimal paid) {}

    /** One category's claims and money (创造, 运用, 管理, 保护, 服务). */
    public record CategoryTotal(
            String category, Text label, int claims, int eligible, BigDecimal needed, BigDecimal paid) {}

    /** One applicant's claims and money. */
    public record ApplicantTotal(
            String subjectId, String name, int claims, int eligible, BigDecimal needed, BigDecimal paid) {}

    /** How many claims had a status ({@code eligible}, …; zero counts included). */
    public int count(String status) {
        return byStatus.getOrDefault(status, 0);
    }

    static ReplayResult of(Replay r) {
        ClaimRow[] rows = r.rows();
        byte[] st = r.status();
        BigDecimal[] am = r.amount();
        int[] first = r.appFirst();
        int[] end = r.appEnd();
        boolean[] refused = r.refused();
        Budget budget = r.options().budget();
        BigDecimal needed = BigDecimal.ZERO;
        BigDecimal committed = BigDecimal.ZERO;
        for (int a = 0; a < first.length; a++) {
            needed = needed.add(r.appTotal()[a]);
            if (!refused[a]) {
                committed = committed.add(r.appTotal()[a]);
            }
        }
        BigDecimal factor = budget.factor(committed);
        int[] counts = new int[Replay.STATUS_IDS.length];
        Map<String, Map<String, Acc>> measures = new LinkedHashMap<>();
        Map<String, ApplicantAcc> applicants = new LinkedHashMap<>();
        BigDecimal paid = BigDecimal.ZERO;
        BigDecimal decided = null;
        int refusedApps = 0;
        int refusedClaims = 0;
        List<ClaimOutcome> outcomes = new ArrayList<>(rows.length);
        for (int a = 0; a < first.length; a++) {
            BigDecimal appPaid = refused[a] ? BigDecimal.ZERO : Budget.pay(r.appTotal()[a], factor);
            paid = paid.add(appPaid);
            if (refused[a]) {
                refusedApps++;
                refusedClaims += end[a] - first[a];
            }
            ClaimRow head = rows[first[a]];
            ApplicantAcc ap = applicants.get(head.subjectId());
            if (ap == null) {
                ap = new ApplicantAcc(head.subjectName());
                applicants.put(head.subjectId(), ap);
            }
            Map<String, Acc> policyMeasures = null;
            String policyId = null;
            ap.needed = ap.needed.add(r.appTotal()[a]);
            ap.paid = ap.paid.add(appPaid);
            for (int i = first[a]; i < end[a]; i++) {
                ClaimRow row = rows[i];
                counts[st[i]]++;
                ap.claims++;
                if (row.awarded() != null) {
                    decided = decided == null ? row.awarded() : decided.add(row.awarded());
                }
                if (!row.policy().equals(policyId)) {
                    policyId = row.policy();
                    policyMeasures = measures.computeIfAbsent(policyId, k -> new HashMap<>());
                }
                Acc m = policyMeasures.get(row.measure());
                if (m == null) {
                    m = new Acc(
                            row.policy(), row.measure(), st[i] == Replay.UNKNOWN_MEASURE || st[i] == Replay.SKIPPED);
                    policyMeasures.put(row.measure(), m);
                }
                m.claims++;
                if (st[i] == Replay.ELIGIBLE) {
                    m.eligible++;
                    ap.eligible++;
                    m.needed = m.needed.add(am[i]);
                    if (!refused[a]) {
                        m.paid = m.paid.add(Budget.pay(am[i], factor));
                    }
                } else if (st[i] == Replay.NOT_ELIGIBLE) {
                    m.notEligible++;
                } else if (st[i] == Replay.UNDETERMINED) {
                    m.undetermined++;
                }
                outcomes.add(new ClaimOutcome(
                        row.applicationNo(),
                        row.claimSeq(),
                        row.subjectId(),
                        row.policy(),
                        row.measure(),
                        Replay.STATUS_IDS[st[i]],
                        am[i],
                        refused[a]));
            }
        }
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (int s = 0; s < counts.length; s++) {
            byStatus.put(Replay.STATUS_IDS[s], counts[s]);
        }
        List<MeasureTotal> mts = new ArrayList<>();
        Map<Measure.Category, CategoryAcc> cats = new EnumMap<>(Measure.Category.class);
        List<Acc> accs = new ArrayList<>();
        measures.values().forEach(pm -> accs.addAll(pm.values()));
        for (Acc m : accs) {
            Policy p = r.policies().get(m.policy);
            Measure measure = p == null ? null : p.measure(m.measure);
            mts.add(new MeasureTotal(
                    m.policy,
                    m.measure,
                    measure == null ? null : measure.title(),
                    measure == null || measure.category() == null
                            ? null
                            : measure.category().name().toLowerCase(java.util.Locale.ROOT),
                    measure != null,
                    m.claims,
                    m.eligible,
                    m.notEligible,
                    m.undetermined,
                    m.needed,
                    m.paid));
            if (measure != null && measure.category() != null) {
                CategoryAcc c = cats.computeIfAbsent(measure.category(), k -> new CategoryAcc());
                c.claims += m.claims;
                c.eligible += m.eligible;
                c.needed = c.needed.add(m.needed);
                c.paid = c.paid.add(m.paid);
            }
        }
        mts.sort(Comparator.comparing(MeasureTotal::policy).thenComparing(MeasureTotal::measure));
        List<CategoryTotal> cts = new ArrayList<>();
        cats.forEach((k, c) -> cts.add(new CategoryTotal(
                k.name().toLowerCase(java.util.Locale.ROOT), k.label(), c.claims, c.eligible, c.needed, c.paid)));
        Map<String, ApplicantTotal> aps = new LinkedHashMap<>();
        applicants
                .entrySet()
                .forEach(e -> aps.put(
                        e.getKey(),
                        new ApplicantTotal(
                                e.getKey(),
                                e.getValue().name,
                                e.getValue().claims,
                                e.getValue().eligible,
                                e.getValue().needed,
                                e.getValue().paid)));
        return new ReplayResult(
                rows.length,
                first.length,
                r.partitionCount(),
                byStatus,
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
                r.problems(),
                r.problemCount(),
                outcomes);
    }

    private static final class Acc {
        final String policy;
        final String measure;
        int claims;
        int eligible;
        int notEligible;
        int undetermined;
        BigDecimal needed = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;

        Acc(String policy, String measure, boolean unknown) {
            this.policy = policy;
            this.measure = measure;
        }
    }

    private static final class CategoryAcc {
        int claims;
        int eligible;
        BigDecimal needed = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;
    }

    private static final class ApplicantAcc {
        final String name;
        int claims;
        int eligible;
        BigDecimal needed = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;

        ApplicantAcc(String name) {
            this.name = name;
        }
    }
}

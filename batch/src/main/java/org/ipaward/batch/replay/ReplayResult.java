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

    /**
     * A replayed round as its totals read it: applications in submission order, each a run of claims
     * {@code [first, end)}. The replay here and the Spark job's outcomes are both read through it, so the
     * two count the same way.
     */
    public interface Outcomes {
        int claimCount();

        int applicationCount();

        int first(int app);

        int end(int app);

        boolean refused(int app);

        /** The application's awards before the budget rule. */
        BigDecimal total(int app);

        String subjectId(int claim);

        String subjectName(int claim);

        String policy(int claim);

        String measure(int claim);

        /** A status id ({@code eligible}, {@code not_eligible}, …). */
        String status(int claim);

        BigDecimal amount(int claim);

        /** The amount awarded as decided, when the claims file gives it. */
        BigDecimal awarded(int claim);

        /** The claim's outcome; {@code app} is the application it belongs to. */
        ClaimOutcome outcome(int app, int claim);
    }

    static ReplayResult of(Replay r) {
        ClaimRow[] rows = r.rows();
        byte[] st = r.status();
        Outcomes o = new Outcomes() {
            @Override
            public int claimCount() {
                return rows.length;
            }

            @Override
            public int applicationCount() {
                return r.appFirst().length;
            }

            @Override
            public int first(int app) {
                return r.appFirst()[app];
            }

            @Override
            public int end(int app) {
                return r.appEnd()[app];
            }

            @Override
            public boolean refused(int app) {
                return r.refused()[app];
            }

            @Override
            public BigDecimal total(int app) {
                return r.appTotal()[app];
            }

            @Override
            public String subjectId(int claim) {
                return rows[claim].subjectId();
            }

            @Override
            public String subjectName(int claim) {
                return rows[claim].subjectName();
            }

            @Override
            public String policy(int claim) {
                return rows[claim].policy();
            }

            @Override
            public String measure(int claim) {
                return rows[claim].measure();
            }

            @Override
            public String status(int claim) {
                return Replay.STATUS_IDS[st[claim]];
            }

            @Override
            public BigDecimal amount(int claim) {
                return r.amount()[claim];
            }

            @Override
            public BigDecimal awarded(int claim) {
                return rows[claim].awarded();
            }

            @Override
            public ClaimOutcome outcome(int app, int claim) {
                ClaimRow row = rows[claim];
                return new ClaimOutcome(
                        row.applicationNo(),
                        row.claimSeq(),
                        row.subjectId(),
                        row.policy(),
                        row.measure(),
                        Replay.STATUS_IDS[st[claim]],
                        r.amount()[claim],
                        r.refused()[app]);
            }
        };
        return of(o, r.options().budget(), r.policies(), r.partitionCount(), r.problems(), r.problemCount());
    }

    /**
     * Counts a replayed round: needed before the budget rule, committed after it, the factor, paid per
     * application (total × factor, rounded down to 分), and per status, measure, category and applicant.
     */
    public static ReplayResult of(
            Outcomes o,
            Budget budget,
            Map<String, Policy> policies,
            int partitions,
            List<Problem> problems,
            long problemCount) {
        int apps = o.applicationCount();
        BigDecimal needed = BigDecimal.ZERO;
        BigDecimal committed = BigDecimal.ZERO;
        for (int a = 0; a < apps; a++) {
            needed = needed.add(o.total(a));
            if (!o.refused(a)) {
                committed = committed.add(o.total(a));
            }
        }
        BigDecimal factor = budget.factor(committed);
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (String s : Replay.STATUS_IDS) {
            byStatus.put(s, 0);
        }
        Map<String, Map<String, Acc>> measures = new LinkedHashMap<>();
        Map<String, ApplicantAcc> applicants = new LinkedHashMap<>();
        BigDecimal paid = BigDecimal.ZERO;
        BigDecimal decided = null;
        int refusedApps = 0;
        int refusedClaims = 0;
        List<ClaimOutcome> outcomes = new ArrayList<>(o.claimCount());
        for (int a = 0; a < apps; a++) {
            boolean refused = o.refused(a);
            BigDecimal appPaid = refused ? BigDecimal.ZERO : Budget.pay(o.total(a), factor);
            paid = paid.add(appPaid);
            if (refused) {
                refusedApps++;
                refusedClaims += o.end(a) - o.first(a);
            }
            int head = o.first(a);
            ApplicantAcc ap = applicants.get(o.subjectId(head));
            if (ap == null) {
                ap = new ApplicantAcc(o.subjectName(head));
                applicants.put(o.subjectId(head), ap);
            }
            Map<String, Acc> policyMeasures = null;
            String policyId = null;
            ap.needed = ap.needed.add(o.total(a));
            ap.paid = ap.paid.add(appPaid);
            for (int i = o.first(a); i < o.end(a); i++) {
                String status = o.status(i);
                byStatus.merge(status, 1, Integer::sum);
                ap.claims++;
                BigDecimal awarded = o.awarded(i);
                if (awarded != null) {
                    decided = decided == null ? awarded : decided.add(awarded);
                }
                if (!o.policy(i).equals(policyId)) {
                    policyId = o.policy(i);
                    policyMeasures = measures.computeIfAbsent(policyId, k -> new HashMap<>());
                }
                Acc m = policyMeasures.get(o.measure(i));
                if (m == null) {
                    m = new Acc(policyId, o.measure(i));
                    policyMeasures.put(o.measure(i), m);
                }
                m.claims++;
                switch (status) {
                    case "eligible" -> {
                        m.eligible++;
                        ap.eligible++;
                        m.needed = m.needed.add(o.amount(i));
                        if (!refused) {
                            m.paid = m.paid.add(Budget.pay(o.amount(i), factor));
                        }
                    }
                    case "not_eligible" -> m.notEligible++;
                    case "undetermined" -> m.undetermined++;
                    default -> {}
                }
                outcomes.add(o.outcome(a, i));
            }
        }
        List<MeasureTotal> mts = new ArrayList<>();
        Map<Measure.Category, CategoryAcc> cats = new EnumMap<>(Measure.Category.class);
        List<Acc> accs = new ArrayList<>();
        measures.values().forEach(pm -> accs.addAll(pm.values()));
        for (Acc m : accs) {
            Policy p = policies.get(m.policy);
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
        applicants.forEach(
                (id, ap) -> aps.put(id, new ApplicantTotal(id, ap.name, ap.claims, ap.eligible, ap.needed, ap.paid)));
        return new ReplayResult(
                o.claimCount(),
                apps,
                partitions,
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
                problems,
                problemCount,
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

        Acc(String policy, String measure) {
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

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

        /** The status as an index into the status ids ({@code 0} eligible, {@code 1} not eligible, …). */
        default int statusCode(int claim) {
            String s = status(claim);
            for (int i = 0; i < Replay.STATUS_IDS.length; i++) {
                if (Replay.STATUS_IDS[i].equals(s)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("unknown status: " + s);
        }

        BigDecimal amount(int claim);

        /** The amount awarded as decided, when the claims file gives it. */
        BigDecimal awarded(int claim);

        /** The claim's outcome; {@code app} is the application it belongs to. */
        ClaimOutcome outcome(int app, int claim);
    }

    /** A replay's totals counted in runs of at least {@code minChunk} applications on {@code threads}. */
    static ReplayResult of(Replay r, int threads, int minChunk) {
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
            public int statusCode(int claim) {
                return st[claim];
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
        return of(
                o,
                r.options().budget(),
                r.policies(),
                r.partitionCount(),
                r.problems(),
                r.problemCount(),
                threads,
                minChunk);
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
        return of(o, budget, policies, partitions, problems, problemCount, 1);
    }

    /**
     * {@link #of(Outcomes, Budget, Map, int, List, long)} counted on up to {@code threads} threads: each counts a
     * run of applications and the runs are merged in order, so the result (amounts, their scales, the order of
     * applicants) is exactly the one-thread result. {@code o} must be safe to read from several threads.
     */
    public static ReplayResult of(
            Outcomes o,
            Budget budget,
            Map<String, Policy> policies,
            int partitions,
            List<Problem> problems,
            long problemCount,
            int threads) {
        return of(o, budget, policies, partitions, problems, problemCount, threads, Chunks.MIN_CHUNK);
    }

    /** The counting with runs of at least {@code minChunk} applications (tests split small rounds). */
    static ReplayResult of(
            Outcomes o,
            Budget budget,
            Map<String, Policy> policies,
            int partitions,
            List<Problem> problems,
            long problemCount,
            int threads,
            int minChunk) {
        int apps = o.applicationCount();
        BigDecimal needed = BigDecimal.ZERO;
        BigDecimal committed = BigDecimal.ZERO;
        for (BigDecimal[] nc : Chunks.map(apps, threads, minChunk, (from, to) -> {
            BigDecimal n = BigDecimal.ZERO;
            BigDecimal c = BigDecimal.ZERO;
            for (int a = from; a < to; a++) {
                n = n.add(o.total(a));
                if (!o.refused(a)) {
                    c = c.add(o.total(a));
                }
            }
            return new BigDecimal[] {n, c};
        })) {
            needed = needed.add(nc[0]);
            committed = committed.add(nc[1]);
        }
        BigDecimal factor = budget.factor(committed);
        Part all = merged(
                Chunks.map(apps, threads, minChunk, (from, to) -> Part.count(o, factor, from, to)),
                Part::merge,
                threads);
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (int s = 0; s < Replay.STATUS_IDS.length; s++) {
            byStatus.put(Replay.STATUS_IDS[s], all.byStatus[s]);
        }
        List<MeasureTotal> mts = new ArrayList<>();
        Map<Measure.Category, CategoryAcc> cats = new EnumMap<>(Measure.Category.class);
        List<Acc> accs = new ArrayList<>();
        all.measures.values().forEach(pm -> accs.addAll(pm.values()));
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
        // Applicants are counted when first asked for: a round's JSON or XLSX without them never pays for them.
        Map<String, ApplicantTotal> aps = new Applicants(() -> applicants(o, factor, threads, minChunk));
        return new ReplayResult(
                o.claimCount(),
                apps,
                partitions,
                byStatus,
                all.refusedApps,
                all.refusedClaims,
                budget,
                needed,
                committed,
                factor,
                all.paid,
                all.decided,
                List.copyOf(mts),
                List.copyOf(cts),
                aps,
                problems,
                problemCount,
                new OutcomeList(o));
    }

    /**
     * Runs' counts merged pairwise, neighbours with neighbours, the pairs of a level on all cores: merging is
     * associative (exact sums; an applicant keeps the place where it first appears), so this is the one-by-one merge.
     */
    private static <P> P merged(List<P> parts, java.util.function.BiConsumer<P, P> merge, int threads) {
        while (parts.size() > 1) {
            List<P> level = parts;
            Chunks.map(level.size() / 2, threads, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    merge.accept(level.get(2 * i), level.get(2 * i + 1));
                }
                return Boolean.TRUE;
            });
            List<P> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(level.get(i));
            }
            parts = next;
        }
        return parts.get(0);
    }

    /** Every applicant's totals, in order of their first application, counted in runs on all cores. */
    private static Map<String, ApplicantTotal> applicants(Outcomes o, BigDecimal factor, int threads, int minChunk) {
        Map<String, ApplicantAcc> all = merged(
                Chunks.map(o.applicationCount(), threads, minChunk, (from, to) -> countApplicants(o, factor, from, to)),
                ReplayResult::mergeApplicants,
                threads);
        Map<String, ApplicantTotal> aps = new LinkedHashMap<>(capacity(all.size()));
        all.forEach(
                (id, ap) -> aps.put(id, new ApplicantTotal(id, ap.name, ap.claims, ap.eligible, ap.needed, ap.paid)));
        return java.util.Collections.unmodifiableMap(aps);
    }

    /** The applicants of applications {@code [from, to)}: claims, eligible claims, needed and paid. */
    private static Map<String, ApplicantAcc> countApplicants(Outcomes o, BigDecimal factor, int from, int to) {
        // The first run's map takes every later run's applicants (merge): sized for all of them at once.
        Map<String, ApplicantAcc> applicants =
                new LinkedHashMap<>(capacity(from == 0 ? o.applicationCount() : to - from));
        for (int a = from; a < to; a++) {
            BigDecimal appPaid = o.refused(a) ? BigDecimal.ZERO : Budget.pay(o.total(a), factor);
            int head = o.first(a);
            ApplicantAcc ap = applicants.get(o.subjectId(head));
            if (ap == null) {
                ap = new ApplicantAcc(o.subjectName(head));
                applicants.put(o.subjectId(head), ap);
            }
            ap.needed = ap.needed.add(o.total(a));
            ap.paid = ap.paid.add(appPaid);
            for (int i = head; i < o.end(a); i++) {
                ap.claims++;
                if (o.statusCode(i) == Replay.ELIGIBLE) {
                    ap.eligible++;
                }
            }
        }
        return applicants;
    }

    /** Adds a later run's applicants to {@code into} (applicants first seen there keep their later place). */
    private static void mergeApplicants(Map<String, ApplicantAcc> into, Map<String, ApplicantAcc> later) {
        later.forEach((id, ap) -> {
            ApplicantAcc acc = into.putIfAbsent(id, ap);
            if (acc != null) {
                acc.claims += ap.claims;
                acc.eligible += ap.eligible;
                acc.needed = acc.needed.add(ap.needed);
                acc.paid = acc.paid.add(ap.paid);
            }
        });
    }

    /**
     * The applicants' totals as a map made on first use (once, whichever thread asks first); unmodifiable, equal to
     * any map with the same entries.
     */
    private static final class Applicants extends java.util.AbstractMap<String, ApplicantTotal> {
        private java.util.function.Supplier<Map<String, ApplicantTotal>> count;
        private Map<String, ApplicantTotal> made;

        Applicants(java.util.function.Supplier<Map<String, ApplicantTotal>> count) {
            this.count = count;
        }

        private synchronized Map<String, ApplicantTotal> made() {
            if (made == null) {
                made = count.get();
                count = null;
            }
            return made;
        }

        @Override
        public java.util.Set<Entry<String, ApplicantTotal>> entrySet() {
            return made().entrySet();
        }

        @Override
        public int size() {
            return made().size();
        }

        @Override
        public ApplicantTotal get(Object key) {
            return made().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return made().containsKey(key);
        }
    }

    /** A hash map's capacity for {@code n} entries without rehashing. */
    static int capacity(int n) {
        return (int) Math.min(1 << 30, n / 3L * 4 + 16);
    }

    /**
     * Every claim's outcome in order, made when read rather than held (a million records are a lot of heap
     * for a list few callers read).
     */
    private static final class OutcomeList extends java.util.AbstractList<ClaimOutcome>
            implements java.util.RandomAccess {
        private final Outcomes o;

        OutcomeList(Outcomes o) {
            this.o = o;
        }

        @Override
        public ClaimOutcome get(int claim) {
            if (claim < 0 || claim >= o.claimCount()) {
                throw new IndexOutOfBoundsException(claim);
            }
            int lo = 0;
            int hi = o.applicationCount() - 1;
            while (lo < hi) { // the last application whose first claim is at or before this one
                int mid = (lo + hi + 1) >>> 1;
                if (o.first(mid) <= claim) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return o.outcome(lo, claim);
        }

        @Override
        public int size() {
            return o.claimCount();
        }
    }

    /** The counts of a run of applications; runs are merged in order. */
    private static final class Part {
        final int[] byStatus = new int[Replay.STATUS_IDS.length];
        final Map<String, Map<String, Acc>> measures = new HashMap<>();
        BigDecimal paid = BigDecimal.ZERO;
        BigDecimal decided;
        int refusedApps;
        int refusedClaims;

        static Part count(Outcomes o, BigDecimal factor, int from, int to) {
            Part p = new Part();
            for (int a = from; a < to; a++) {
                boolean refused = o.refused(a);
                BigDecimal appPaid = refused ? BigDecimal.ZERO : Budget.pay(o.total(a), factor);
                p.paid = p.paid.add(appPaid);
                if (refused) {
                    p.refusedApps++;
                    p.refusedClaims += o.end(a) - o.first(a);
                }
                Map<String, Acc> policyMeasures = null;
                String policyId = null;
                for (int i = o.first(a); i < o.end(a); i++) {
                    int status = o.statusCode(i);
                    p.byStatus[status]++;
                    BigDecimal awarded = o.awarded(i);
                    if (awarded != null) {
                        p.decided = p.decided == null ? awarded : p.decided.add(awarded);
                    }
                    if (!o.policy(i).equals(policyId)) {
                        policyId = o.policy(i);
                        policyMeasures = p.measures.computeIfAbsent(policyId, k -> new HashMap<>());
                    }
                    Acc m = policyMeasures.get(o.measure(i));
                    if (m == null) {
                        m = new Acc(policyId, o.measure(i));
                        policyMeasures.put(o.measure(i), m);
                    }
                    m.claims++;
                    switch (status) {
                        case Replay.ELIGIBLE -> {
                            m.eligible++;
                            m.needed = m.needed.add(o.amount(i));
                            if (!refused) {
                                m.paid = m.paid.add(Budget.pay(o.amount(i), factor));
                            }
                        }
                        case Replay.NOT_ELIGIBLE -> m.notEligible++;
                        case Replay.UNDETERMINED -> m.undetermined++;
                        default -> {}
                    }
                }
            }
            return p;
        }

        /** Adds a later run's counts to this one's. */
        void merge(Part later) {
            for (int s = 0; s < byStatus.length; s++) {
                byStatus[s] += later.byStatus[s];
            }
            later.measures.forEach((policy, ms) -> {
                Map<String, Acc> mine = measures.computeIfAbsent(policy, k -> new HashMap<>());
                ms.forEach((id, m) -> {
                    Acc acc = mine.putIfAbsent(id, m);
                    if (acc != null) {
                        acc.claims += m.claims;
                        acc.eligible += m.eligible;
                        acc.notEligible += m.notEligible;
                        acc.undetermined += m.undetermined;
                        acc.needed = acc.needed.add(m.needed);
                        acc.paid = acc.paid.add(m.paid);
                    }
                });
            });
            paid = paid.add(later.paid);
            if (later.decided != null) {
                decided = decided == null ? later.decided : decided.add(later.decided);
            }
            refusedApps += later.refusedApps;
            refusedClaims += later.refusedClaims;
        }
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

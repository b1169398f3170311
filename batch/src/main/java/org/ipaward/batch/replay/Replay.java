package org.ipaward.batch.replay;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ipaward.batch.claims.ClaimRow;
import org.ipaward.engine.InputException;
import org.ipaward.engine.Problem;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.calc.Claim;
import org.ipaward.engine.calc.Decision;
import org.ipaward.engine.calc.Ledger;
import org.ipaward.engine.calc.LedgerEntry;
import org.ipaward.engine.calc.Status;
import org.ipaward.engine.model.Policy;

/**
 * The what-if replay of a round: its claims in submission order (applications by submission time, then
 * application number; claims by their sequence), each application through the engine {@link Calculator}'s
 * decision path ({@link Calculator#decide}: status, amount and ledger entry, no explanation) against an
 * in-memory ledger of the awards approved before it, so that yearly,
 * total, once-only and per-object caps bite as they would have; then the round's {@link Budget} rule,
 * exactly as the server applies it.
 *
 * <p>With more than one thread, claims are split by {@link Partitioning} into groups whose caps cannot
 * interact and the groups are replayed in parallel; the result is identical to the sequential replay. Under
 * {@code stop} the budget pass is sequential over applications in order; when it refuses an application,
 * the later applications of the same partition are evaluated again in that pass against a ledger without the
 * refused awards, so the outcome is exactly the sequential one.
 */
public final class Replay {
    /** Status codes per claim. */
    static final byte ELIGIBLE = 0, NOT_ELIGIBLE = 1, UNDETERMINED = 2, INVALID = 3, UNKNOWN_MEASURE = 4, SKIPPED = 5;

    static final String[] STATUS_IDS = {
        "eligible", "not_eligible", "undetermined", "invalid", "unknown_measure", "skipped"
    };

    /** How to replay: the budget rule, an as-of date for parameters (null: each application's submission day), threads. */
    public record Options(Budget budget, LocalDate asOf, int threads) {
        public Options {
            budget = budget == null ? Budget.none() : budget;
            threads = Math.max(1, threads);
        }
    }

    /** Told how many claims are done; called from worker threads, so must be thread-safe. */
    public interface Progress {
        void advance(long claims);

        Progress NONE = n -> {};
    }

    private final Calculator calculator;
    private final Map<String, Policy> policies;
    private final Map<String, java.util.Set<String>> measureIds;
    private final Options options;
    private final Progress progress;

    // The round, sorted, and what became of it.
    private ClaimRow[] rows;
    private int[] appFirst;
    private int[] appEnd;
    private byte[] status;
    private BigDecimal[] amount;
    private LedgerEntry[] entry;
    private BigDecimal[] appTotal;
    private boolean[] refused;
    private final java.util.concurrent.ConcurrentSkipListMap<Integer, List<Problem>> problems =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private final java.util.concurrent.atomic.AtomicLong problemCount = new java.util.concurrent.atomic.AtomicLong();
    private int partitionCount = 1;
    /** The sorted rows as a list (made once), and whether a policy has a measure (by a set look-up). */
    private List<ClaimRow> rowList;

    private final java.util.function.BiPredicate<Policy, String> hasMeasure = this::hasMeasure;

    private boolean hasMeasure(Policy p, String measure) {
        return measureIds.get(p.id()).contains(measure);
    }

    private int minChunk = Chunks.MIN_CHUNK;

    private Replay(Calculator calculator, List<Policy> policies, Options options, Progress progress) {
        this.calculator = calculator;
        this.policies = new HashMap<>();
        policies.forEach(p -> this.policies.put(p.id(), p));
        // Whether a claim's measure exists, by a set look-up rather than a scan of the policy's measures per claim.
        this.measureIds = new HashMap<>();
        policies.forEach(p -> {
            java.util.Set<String> ids = new java.util.HashSet<>();
            p.measures().forEach(m -> ids.add(m.id()));
            this.measureIds.put(p.id(), ids);
        });
        this.options = options;
        this.progress = progress == null ? Progress.NONE : progress;
    }

    /** Replays {@code claims} under {@code policies}. The list is not changed. */
    public static ReplayResult run(List<Policy> policies, List<ClaimRow> claims, Options options, Progress progress) {
        return run(policies, claims, options, progress, Chunks.MIN_CHUNK);
    }

    /** {@link #run} with the main-thread steps split into runs of at least {@code minChunk} applications. */
    static ReplayResult run(
            List<Policy> policies, List<ClaimRow> claims, Options options, Progress progress, int minChunk) {
        Replay r = new Replay(new Calculator(policies), policies, options, progress);
        r.minChunk = minChunk;
        return r.run(claims);
    }

    /** The claims sorted into submission order: by application (earliest submission, number), then sequence. */
    public static List<ClaimRow> submissionOrder(List<ClaimRow> claims) {
        return submissionOrder(claims, 1, Chunks.MIN_CHUNK);
    }

    /** {@link #submissionOrder(List)}, the check that the rows are already in order made on up to {@code threads}. */
    static List<ClaimRow> submissionOrder(List<ClaimRow> claims, int threads, int minChunk) {
        if (inOrder(claims, threads, minChunk)) {
            return claims;
        }
        Map<String, java.time.Instant> appTime = new HashMap<>();
        for (ClaimRow r : claims) {
            appTime.merge(r.applicationNo(), r.submittedAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        List<ClaimRow> sorted = new ArrayList<>(claims);
        sorted.sort(Comparator.<ClaimRow, java.time.Instant>comparing(r -> appTime.get(r.applicationNo()))
                .thenComparing(ClaimRow::applicationNo)
                .thenComparingInt(ClaimRow::claimSeq));
        return sorted;
    }

    /**
     * Whether rows are already in submission order (as generated and as exported): each application's rows
     * together, by sequence, applications by time then number. One pass, so a sorted file is not sorted again.
     */
    static boolean inOrder(List<ClaimRow> rows) {
        return pairsInOrder(rows, 1, rows.size());
    }

    /** {@link #inOrder(List)} on up to {@code threads}: each checks a run of neighbouring pairs. */
    private static boolean inOrder(List<ClaimRow> rows, int threads, int minChunk) {
        for (boolean ok : Chunks.map(
                Math.max(0, rows.size() - 1), threads, minChunk, (from, to) -> pairsInOrder(rows, from + 1, to + 1))) {
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether each row {@code i} in {@code [from, to)} is in order after row {@code i - 1}. */
    private static boolean pairsInOrder(List<ClaimRow> rows, int from, int to) {
        for (int i = Math.max(1, from); i < to; i++) {
            ClaimRow a = rows.get(i - 1);
            ClaimRow b = rows.get(i);
            if (a.applicationNo().equals(b.applicationNo())) {
                if (a.claimSeq() > b.claimSeq() || !a.submittedAt().equals(b.submittedAt())) {
                    return false;
                }
                continue;
            }
            int t = a.submittedAt().compareTo(b.submittedAt());
            if (t > 0 || (t == 0 && a.applicationNo().compareTo(b.applicationNo()) > 0)) {
                return false;
            }
        }
        return true;
    }

    /** Groups rows already in submission order into applications (runs of one application number). */
    public static List<List<ClaimRow>> applications(List<ClaimRow> sorted) {
        List<List<ClaimRow>> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            if (i == sorted.size()
                    || !sorted.get(i).applicationNo().equals(sorted.get(start).applicationNo())) {
                out.add(sorted.subList(start, i));
                start = i;
            }
        }
        return out;
    }

    /**
     * The replay core for one partition, or a whole round without budget: the applications in order, each
     * against a ledger of all earlier awards, every eligible award approved. For the Spark job.
     */
    public static List<ClaimOutcome> replayInOrder(
            Calculator calculator, Map<String, Policy> policies, List<List<ClaimRow>> applications, LocalDate asOf) {
        List<ClaimOutcome> out = new ArrayList<>();
        IndexedLedger ledger = new IndexedLedger();
        for (List<ClaimRow> app : applications) {
            for (ClaimOutcome o : evaluate(calculator, policies, app, ledger, asOf, null)) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * One application against {@code ledger}; its eligible awards are added to the ledger. Input problems
     * go to {@code problems} when given.
     */
    public static List<ClaimOutcome> evaluate(
            Calculator calculator,
            Map<String, Policy> policies,
            List<ClaimRow> app,
            IndexedLedger ledger,
            LocalDate asOf,
            List<Problem> problems) {
        byte[] st = new byte[app.size()];
        BigDecimal[] am = new BigDecimal[app.size()];
        LedgerEntry[] en = new LedgerEntry[app.size()];
        List<Problem> ps = evaluate(
                calculator, policies, (p, m) -> p.measure(m) != null, app, 0, app.size(), ledger, asOf, st, am, en, 0);
        if (problems != null && ps != null) {
            problems.addAll(ps);
        }
        List<ClaimOutcome> out = new ArrayList<>(app.size());
        for (int i = 0; i < app.size(); i++) {
            ClaimRow r = app.get(i);
            if (en[i] != null) {
                ledger.add(en[i]);
            }
            out.add(new ClaimOutcome(
                    r.applicationNo(),
                    r.claimSeq(),
                    r.subjectId(),
                    r.policy(),
                    r.measure(),
                    STATUS_IDS[st[i]],
                    am[i],
                    false));
        }
        return out;
    }

    private static final java.time.ZoneId BEIJING = java.time.ZoneId.of("Asia/Shanghai");

    /** A thread's last submission day in Beijing and the instants it spans (submissions come in time order). */
    private static final ThreadLocal<Day> DAYS = ThreadLocal.withInitial(Day::new);

    /**
     * The Beijing date of an instant, as {@code atZone(BEIJING).toLocalDate()} gives it, remembered with the span of
     * instants from that day's start to the next day's, so that the many submissions of one day cost a comparison.
     */
    static final class Day {
        private long from = 1;
        private long to = 0; // empty: from > to
        private LocalDate day;

        LocalDate of(java.time.Instant at) {
            long s = at.getEpochSecond();
            if (s >= from && s < to) {
                return day;
            }
            LocalDate d = at.atZone(BEIJING).toLocalDate();
            day = d;
            from = d.atStartOfDay(BEIJING).toEpochSecond();
            to = d.plusDays(1).atStartOfDay(BEIJING).toEpochSecond();
            return d;
        }
    }

    /** Evaluates rows [from, to) of {@code rows} as one application; writes at offset {@code base}. Ledger unchanged. */
    private static List<Problem> evaluate(
            Calculator calculator,
            Map<String, Policy> policies,
            java.util.function.BiPredicate<Policy, String> hasMeasure,
            List<ClaimRow> rows,
            int from,
            int to,
            Ledger ledger,
            LocalDate asOf,
            byte[] status,
            BigDecimal[] amount,
            LedgerEntry[] entry,
            int base) {
        Claim[] claims = new Claim[to - from];
        int count = 0;
        int[] at = new int[to - from];
        for (int i = from; i < to; i++) {
            ClaimRow r = rows.get(i);
            int k = base + i - from;
            amount[k] = null;
            entry[k] = null;
            Policy p = policies.get(r.policy());
            if (p == null) {
                status[k] = SKIPPED;
            } else if (!hasMeasure.test(p, r.measure())) {
                status[k] = UNKNOWN_MEASURE;
            } else {
                at[count] = k;
                claims[count++] = r.toClaim();
            }
        }
        if (count == 0) {
            return null;
        }
        ClaimRow first = rows.get(from);
        LocalDate day = asOf != null ? asOf : DAYS.get().of(first.submittedAt());
        try {
            // The decision path: the same validation, checks and caps as calculate, without the explanation.
            // An immutable list (the request keeps it without a copy) and no overrides (null: none, without the
            // request's copy of an empty map).
            List<Claim> list = count == 1
                    ? List.of(claims[0])
                    : count == 2 ? List.of(claims[0], claims[1]) : List.of(Arrays.copyOf(claims, count));
            List<Decision> results =
                    calculator.decide(new CalculationRequest(day, first.subject(), list, ledger, null, false));
            for (int j = 0; j < results.size(); j++) {
                Decision cr = results.get(j);
                int k = at[j];
                Status s = cr.status();
                if (s == Status.ELIGIBLE) {
                    status[k] = ELIGIBLE;
                    amount[k] = cr.amount();
                    entry[k] = cr.ledgerEntry();
                } else {
                    status[k] = s == Status.NOT_ELIGIBLE ? NOT_ELIGIBLE : UNDETERMINED;
                }
            }
            return null;
        } catch (InputException e) {
            for (int j = 0; j < count; j++) {
                status[at[j]] = INVALID;
            }
            List<Problem> out = new ArrayList<>();
            for (Problem p : e.problems()) {
                out.add(new Problem(
                        null,
                        0,
                        p.where() == null ? first.applicationNo() : p.where(),
                        p.field(),
                        p.key(),
                        p.zh(),
                        p.en()));
            }
            return out;
        }
    }

    private ReplayResult run(List<ClaimRow> claims) {
        rows = submissionOrder(claims, options.threads(), minChunk).toArray(new ClaimRow[0]);
        rowList = Arrays.asList(rows);
        int n = rows.length;
        // Where applications start, found on all cores (comparing application numbers is most of the work); then
        // one pass over the marks.
        boolean[] starts = new boolean[n];
        Chunks.map(n, options.threads(), minChunk, (from, to) -> {
            for (int i = from; i < to; i++) {
                starts[i] = i == 0 || !rows[i].applicationNo().equals(rows[i - 1].applicationNo());
            }
            return Boolean.TRUE;
        });
        int apps = 0;
        for (boolean start : starts) {
            if (start) {
                apps++;
            }
        }
        appFirst = new int[apps];
        appEnd = new int[apps];
        for (int i = 0, a = -1; i < n; i++) {
            if (starts[i]) {
                appFirst[++a] = i;
                if (a > 0) {
                    appEnd[a - 1] = i;
                }
            }
        }
        if (apps > 0) {
            appEnd[apps - 1] = n;
        }
        status = new byte[n];
        amount = new BigDecimal[n];
        entry = new LedgerEntry[n];
        appTotal = new BigDecimal[apps];
        refused = new boolean[apps];
        if (options.threads() == 1) {
            sequential(apps);
        } else {
            parallel();
        }
        entry = null; // the ledgers are done with; the result keeps rows, statuses and amounts only
        return ReplayResult.of(this, options.threads(), minChunk);
    }

    private void evalApp(int a, Ledger ledger) {
        evalApp(a, ledger, true);
    }

    private void evalApp(int a, Ledger ledger, boolean record) {
        List<Problem> ps = evaluate(
                calculator,
                policies,
                hasMeasure,
                rowList,
                appFirst[a],
                appEnd[a],
                ledger,
                options.asOf(),
                status,
                amount,
                entry,
                appFirst[a]);
        if (ps != null && record) {
            problemCount.addAndGet(ps.size());
            if (problems.size() < 50 || problems.lastKey() > a) {
                problems.put(a, ps);
                while (problems.size() > 50) {
                    problems.pollLastEntry();
                }
            }
        }
        BigDecimal total = BigDecimal.ZERO;
        for (int i = appFirst[a]; i < appEnd[a]; i++) {
            if (amount[i] != null) {
                total = total.add(amount[i]);
            }
        }
        appTotal[a] = total;
    }

    private void commit(int a, IndexedLedger ledger) {
        for (int i = appFirst[a]; i < appEnd[a]; i++) {
            if (entry[i] != null) {
                ledger.add(entry[i]);
            }
        }
    }

    /** The reference: one ledger, applications in order, the budget rule decided as each is approved. */
    private void sequential(int apps) {
        IndexedLedger ledger = new IndexedLedger();
        BigDecimal committed = BigDecimal.ZERO;
        Budget budget = options.budget();
        for (int a = 0; a < apps; a++) {
            evalApp(a, ledger);
            if (budget.allows(committed, appTotal[a])) {
                committed = committed.add(appTotal[a]);
                commit(a, ledger);
            } else {
                refused[a] = true;
            }
            progress.advance(appEnd[a] - appFirst[a]);
        }
    }

    private void parallel() {
        int[] part = new Partitioning(new ArrayList<>(policies.values()))
                .assign(rows, appFirst, appEnd, options.threads(), minChunk);
        int parts = 0;
        for (int p : part) {
            parts = Math.max(parts, p + 1);
        }
        partitionCount = parts;
        long[] weight = new long[parts];
        for (int a = 0; a < part.length; a++) {
            weight[part[a]] += appEnd[a] - appFirst[a];
        }
        // Longest partitions first onto the least loaded bucket; a bucket shares one ledger (its partitions never
        // meet).
        int buckets = Math.min(parts, options.threads() * 8);
        // Heaviest first, equal weights by number (a sort of primitive keys: weight descending, then number).
        long[] keys = new long[parts];
        for (int p = 0; p < parts; p++) {
            keys[p] = (Integer.MAX_VALUE - weight[p]) << 31 | p; // a weight is a count of claims: an int
        }
        Arrays.sort(keys);
        int[] order = new int[parts];
        for (int p = 0; p < parts; p++) {
            order[p] = (int) (keys[p] & Integer.MAX_VALUE);
        }
        int[] bucketOf = new int[parts];
        PriorityQueue<long[]> load =
                new PriorityQueue<>(Comparator.<long[]>comparingLong(b -> b[0]).thenComparingLong(b -> b[1]));
        for (int b = 0; b < buckets; b++) {
            load.add(new long[] {0, b});
        }
        for (int p : order) {
            long[] b = load.poll();
            bucketOf[p] = (int) b[1];
            b[0] += weight[p];
            load.add(b);
        }
        // Each bucket's applications in order, as int arrays (counted, then filled).
        int[] sizes = new int[buckets];
        for (int a = 0; a < part.length; a++) {
            sizes[bucketOf[part[a]]]++;
        }
        int[][] work = new int[buckets][];
        for (int b = 0; b < buckets; b++) {
            work[b] = new int[sizes[b]];
            sizes[b] = 0;
        }
        for (int a = 0; a < part.length; a++) {
            int b = bucketOf[part[a]];
            work[b][sizes[b]++] = a;
        }
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "ipaward-replay");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int[] w : work) {
                long claims = 0;
                for (int a : w) {
                    claims += appEnd[a] - appFirst[a];
                }
                int expected = (int) Math.min(Integer.MAX_VALUE, claims);
                fs.add(pool.submit(() -> {
                    IndexedLedger ledger = new IndexedLedger(expected);
                    long done = 0;
                    for (int a : w) {
                        evalApp(a, ledger);
                        commit(a, ledger);
                        done += appEnd[a] - appFirst[a];
                        if (done >= 4096) {
                            progress.advance(done);
                            done = 0;
                        }
                    }
                    progress.advance(done);
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (options.budget().rule() == Budget.Rule.STOP) {
            stopPass(part, parts);
        }
    }

    /**
     * The sequential budget pass of {@code stop}: applications in order; the first refusal in a partition makes
     * it "dirty", and from then on its applications are evaluated again here against a ledger of its approved awards.
     */
    private void stopPass(int[] part, int parts) {
        Budget budget = options.budget();
        IndexedLedger[] dirty = new IndexedLedger[parts];
        List<List<Integer>> appsOf = null;
        BigDecimal committed = BigDecimal.ZERO;
        for (int a = 0; a < part.length; a++) {
            int p = part[a];
            if (dirty[p] != null) {
                evalApp(a, dirty[p], false);
            }
            if (budget.allows(committed, appTotal[a])) {
                committed = committed.add(appTotal[a]);
                if (dirty[p] != null) {
                    commit(a, dirty[p]);
                }
            } else {
                refused[a] = true;
                if (dirty[p] == null) {
                    if (appsOf == null) {
                        appsOf = new ArrayList<>(Collections.nCopies(parts, null));
                        for (int x = 0; x < part.length; x++) {
                            if (appsOf.get(part[x]) == null) {
                                appsOf.set(part[x], new ArrayList<>());
                            }
                            appsOf.get(part[x]).add(x);
                        }
                    }
                    // Until now every application of the partition was approved: its ledger is theirs.
                    IndexedLedger l = new IndexedLedger();
                    for (int x : appsOf.get(p)) {
                        if (x >= a) {
                            break;
                        }
                        commit(x, l);
                    }
                    dirty[p] = l;
                }
            }
        }
    }

    // Accessors for ReplayResult.
    ClaimRow[] rows() {
        return rows;
    }

    int[] appFirst() {
        return appFirst;
    }

    int[] appEnd() {
        return appEnd;
    }

    byte[] status() {
        return status;
    }

    BigDecimal[] amount() {
        return amount;
    }

    BigDecimal[] appTotal() {
        return appTotal;
    }

    boolean[] refused() {
        return refused;
    }

    Options options() {
        return options;
    }

    Map<String, Policy> policies() {
        return policies;
    }

    List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        for (List<Problem> l : problems.values()) {
            for (Problem p : l) {
                if (out.size() < 50) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    long problemCount() {
        return problemCount.get();
    }

    int partitionCount() {
        return partitionCount;
    }
}

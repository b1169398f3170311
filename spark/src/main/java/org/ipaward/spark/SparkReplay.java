package org.ipaward.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.size;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ipaward.batch.claims.ClaimColumns;
import org.ipaward.batch.claims.ClaimRow;
import org.ipaward.batch.claims.RowParser;
import org.ipaward.batch.replay.Budget;
import org.ipaward.batch.replay.ClaimOutcome;
import org.ipaward.batch.replay.IndexedLedger;
import org.ipaward.batch.replay.Partitioning;
import org.ipaward.batch.replay.Replay;
import org.ipaward.batch.replay.ReplayResult;
import org.ipaward.engine.model.Policy;

/**
 * {@code ipaward simulate} on Spark, with exactly its result. The executors parse the rows with the claims
 * reader's parser, group them by {@link Partitioning} (a subject, or every subject a cross-subject cap joins:
 * the components are found on the driver from the few cross-subject nodes), and replay each group in
 * submission order with {@link Replay#replayInOrder} against the group's own in-memory ledger. The
 * per-claim outcomes come to the driver in submission order for the round's budget rule: {@code none} and
 * {@code pro_rata} leave every award in the ledger, so the outcomes stand and only the factor is applied;
 * under {@code stop} a refused application's awards leave the ledger, so, as {@code Replay} does, the later
 * applications of a group that saw a refusal are evaluated again on the driver (only those groups' rows are
 * fetched). The totals are then {@link Totals} of the outcomes, as {@link ReplayResult} counts them.
 */
public final class SparkReplay {
    private SparkReplay() {}

    /** The replay's totals as the command reports them, and every claim's outcome in submission order. */
    public record Result(ReplayResult replay, List<ClaimOutcome> outcomes, int groups) {
        public String summaryLine() {
            return "回放 " + replay.claims() + " 条事项、" + replay.applications() + " 份申报、" + groups + " 组；所需资金 "
                    + replay.needed().toPlainString() + " 元，拨付 " + replay.paid().toPlainString() + " 元 (replayed "
                    + replay.claims() + " claims; needed " + replay.needed().toPlainString() + ", paid "
                    + replay.paid().toPlainString() + ")";
        }
    }

    static final StructType NODES = new StructType()
            .add("app", DataTypes.StringType, false)
            .add("subject", DataTypes.StringType, false)
            .add("node", DataTypes.StringType, true);

    static final StructType OUTCOMES = new StructType()
            .add("group", DataTypes.StringType, false)
            .add("app_sec", DataTypes.LongType, false)
            .add("app_nano", DataTypes.IntegerType, false)
            .add("application_no", DataTypes.StringType, false)
            .add("claim_seq", DataTypes.IntegerType, false)
            .add("subject_id", DataTypes.StringType, false)
            .add("subject_name", DataTypes.StringType, true)
            .add("policy", DataTypes.StringType, true)
            .add("measure", DataTypes.StringType, true)
            .add("status", DataTypes.StringType, false)
            .add("amount", DataTypes.StringType, true)
            .add("awarded", DataTypes.StringType, true);

    /**
     * Replays the claims of {@code input} (as {@link Inputs#read} gives them) under the bundled policies.
     *
     * @param file the input's name, for messages
     * @param asOf the date parameters are taken at; {@code null}: each application's submission day
     * @param budget the round's budget ({@code null} with rule {@code none})
     * @param rule {@code none}, {@code pro_rata} or {@code stop}
     */
    public static Result run(
            SparkSession spark, Dataset<Row> input, String file, LocalDate asOf, BigDecimal budget, String rule) {
        Budget b = budget(budget, rule);
        String[] header = header(input);
        int subjectAt = column(file, header, ClaimColumns.SUBJECT_ID);
        Dataset<Row> claims = input.drop(Inputs.ORDER);

        // 1. The groups: a subject's claims, joined with other subjects' where a cross-subject cap or an
        //    application naming several subjects links them. Only those links travel to the driver.
        Dataset<Row> nodes = claims.mapPartitions(
                        (MapPartitionsFunction<Row, Row>) rows -> nodes(rows, file, header), Encoders.row(NODES))
                .cache();
        List<Row> links = nodes.where(col("node").isNotNull())
                .select("subject", "node")
                .distinct()
                .collectAsList();
        List<Row> shared = nodes.groupBy("app")
                .agg(collect_set(col("subject")).as("subjects"))
                .where(size(col("subjects")).gt(1))
                .collectAsList();
        nodes.unpersist();
        Map<String, String> groupOf = components(links, shared);
        Broadcast<Map<String, String>> groupsB =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(groupOf);

        // 2. Each group replayed in submission order on an executor, against its own ledger.
        Dataset<Row> outcomes = claims.groupByKey(
                        (MapFunction<Row, String>) row -> group(groupsB.value(), row.getString(subjectAt)),
                        Encoders.STRING())
                .flatMapGroups(
                        (FlatMapGroupsFunction<String, Row, Row>) (g, rows) -> replay(g, rows, file, header, asOf),
                        Encoders.row(OUTCOMES));
        List<Row> collected = new ArrayList<>(outcomes.collectAsList());
        collected.sort(SUBMISSION);

        // 3. The budget rule, in submission order, on the driver.
        Round round = new Round(collected);
        if (b.rule() == Budget.Rule.STOP) {
            round.stop(b, g -> fetch(claims, g, file, header, groupsB.value(), subjectAt), asOf);
        }
        groupsB.destroy();
        return new Result(Totals.of(round, b, Engines.policies()), round.outcomes(), round.groupCount());
    }

    /** The round's budget from the options: a rule ({@code none} by default) and, unless none, an amount. */
    public static Budget budget(BigDecimal amount, String rule) {
        Budget.Rule r = Budget.Rule.of(rule == null ? "none" : rule.strip());
        if (r == null) {
            throw new IllegalArgumentException("budget-rule must be none, pro_rata or stop, not " + rule);
        }
        if (r != Budget.Rule.NONE && amount == null) {
            throw new IllegalArgumentException("budget-rule " + rule + " needs --budget");
        }
        return r == Budget.Rule.NONE ? Budget.none() : new Budget(r, amount);
    }

    /** Submission order, as {@link Replay#submissionOrder}: application time, application number, sequence. */
    static final Comparator<Row> SUBMISSION = Comparator.<Row>comparingLong(x -> x.getLong(1))
            .thenComparingInt(x -> x.getInt(2))
            .thenComparing(x -> x.getString(3))
            .thenComparingInt(x -> x.getInt(4));

    static String[] header(Dataset<Row> input) {
        List<String> h = new ArrayList<>(Arrays.asList(input.columns()));
        h.remove(Inputs.ORDER);
        return h.toArray(new String[0]);
    }

    private static int column(String file, String[] header, ClaimColumns c) {
        for (int i = 0; i < header.length; i++) {
            if (ClaimColumns.of(header[i]) == c) {
                return i;
            }
        }
        // The parser names the missing column; build it for its message.
        new RowParser(file, header);
        throw new IllegalStateException("no column " + c.id());
    }

    private static String[] cells(Row row, int n) {
        String[] c = new String[n];
        for (int i = 0; i < n; i++) {
            c[i] = row.getString(i);
        }
        return c;
    }

    /** The subject's group: its component's name, or the subject itself. */
    static String group(Map<String, String> groups, String subjectCell) {
        String subject = subjectCell == null ? "" : subjectCell.strip();
        return groups.getOrDefault(subject, subject);
    }

    private static Iterator<Row> nodes(Iterator<Row> rows, String file, String[] header) {
        RowParser parser = new RowParser(file, header);
        Partitioning partitioning = Holder.PARTITIONING;
        List<Row> out = new ArrayList<>();
        while (rows.hasNext()) {
            ClaimRow c = parser.parse(0, cells(rows.next(), header.length));
            List<String> ns = partitioning.nodes(c);
            if (ns.size() == 1) {
                out.add(RowFactory.create(c.applicationNo(), c.subjectId(), null));
            } else {
                for (int i = 1; i < ns.size(); i++) {
                    out.add(RowFactory.create(c.applicationNo(), c.subjectId(), ns.get(i)));
                }
            }
        }
        return out.iterator();
    }

    /** Union–find over subjects and the cross-subject nodes they touch; every subject named to its component. */
    static Map<String, String> components(List<Row> links, List<Row> shared) {
        Map<String, String> parent = new HashMap<>();
        for (Row l : links) {
            union(parent, "s\u0000" + l.getString(0), "n\u0000" + l.getString(1));
        }
        for (Row s : shared) {
            List<String> subjects = s.getList(1);
            for (int i = 1; i < subjects.size(); i++) {
                union(parent, "s\u0000" + subjects.get(0), "s\u0000" + subjects.get(i));
            }
        }
        Map<String, String> out = new HashMap<>();
        for (String k : parent.keySet()) {
            if (k.startsWith("s\u0000")) {
                out.put(k.substring(2), "group\u0000" + find(parent, k));
            }
        }
        return out;
    }

    private static String find(Map<String, String> parent, String x) {
        parent.putIfAbsent(x, x);
        String r = x;
        while (!parent.get(r).equals(r)) {
            r = parent.get(r);
        }
        while (!parent.get(x).equals(r)) {
            String next = parent.get(x);
            parent.put(x, r);
            x = next;
        }
        return r;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            // The smaller name wins, so a component's name does not depend on the order links arrive in.
            if (ra.compareTo(rb) < 0) {
                parent.put(rb, ra);
            } else {
                parent.put(ra, rb);
            }
        }
    }

    private static Iterator<Row> replay(String g, Iterator<Row> rows, String file, String[] header, LocalDate asOf) {
        RowParser parser = new RowParser(file, header);
        List<ClaimRow> claims = new ArrayList<>();
        while (rows.hasNext()) {
            claims.add(parser.parse(0, cells(rows.next(), header.length)));
        }
        List<ClaimRow> sorted = Replay.submissionOrder(claims);
        List<List<ClaimRow>> apps = Replay.applications(sorted);
        List<ClaimOutcome> outcomes = Replay.replayInOrder(Engines.calculator(), Holder.POLICIES_BY_ID, apps, asOf);
        List<Row> out = new ArrayList<>(sorted.size());
        int i = 0;
        for (List<ClaimRow> app : apps) {
            Instant t = app.get(0).submittedAt();
            for (ClaimRow c : app) {
                if (c.submittedAt().isBefore(t)) {
                    t = c.submittedAt();
                }
            }
            for (ClaimRow c : app) {
                ClaimOutcome o = outcomes.get(i++);
                out.add(RowFactory.create(
                        g,
                        t.getEpochSecond(),
                        t.getNano(),
                        c.applicationNo(),
                        c.claimSeq(),
                        c.subjectId(),
                        c.subjectName(),
                        c.policy(),
                        c.measure(),
                        o.status(),
                        o.amount() == null ? null : o.amount().toPlainString(),
                        c.awarded() == null ? null : c.awarded().toPlainString()));
            }
        }
        return out.iterator();
    }

    /** The rows of some groups, parsed, for the driver's {@code stop} pass. */
    private static Map<String, List<ClaimRow>> fetch(
            Dataset<Row> claims,
            Set<String> groups,
            String file,
            String[] header,
            Map<String, String> groupOf,
            int subjectAt) {
        Set<String> wanted = new HashSet<>(groups);
        List<Row> rows = claims.filter(
                        (FilterFunction<Row>) row -> wanted.contains(group(groupOf, row.getString(subjectAt))))
                .collectAsList();
        RowParser parser = new RowParser(file, header);
        Map<String, List<ClaimRow>> out = new HashMap<>();
        for (Row row : rows) {
            out.computeIfAbsent(group(groupOf, row.getString(subjectAt)), k -> new ArrayList<>())
                    .add(parser.parse(0, cells(row, header.length)));
        }
        return out;
    }

    /** Per executor JVM: the partitioning of the bundled policies and the policies by id. */
    static final class Holder {
        static final Partitioning PARTITIONING = new Partitioning(Engines.policies());
        static final Map<String, Policy> POLICIES_BY_ID = byId(Engines.policies());

        private static Map<String, Policy> byId(List<Policy> policies) {
            Map<String, Policy> m = new HashMap<>();
            policies.forEach(p -> m.put(p.id(), p));
            return Map.copyOf(m);
        }
    }

    /**
     * The round on the driver: every claim's outcome in submission order, the applications, and which of them
     * the budget refused.
     */
    static final class Round {
        final List<Row> rows;
        final int[] appFirst;
        final int[] appEnd;
        final String[] status;
        final BigDecimal[] amount;
        final boolean[] refused;

        Round(List<Row> sorted) {
            this.rows = sorted;
            int n = sorted.size();
            status = new String[n];
            amount = new BigDecimal[n];
            List<Integer> firsts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Row r = sorted.get(i);
                status[i] = r.getString(9);
                amount[i] = r.isNullAt(10) ? null : new BigDecimal(r.getString(10));
                if (i == 0 || !r.getString(3).equals(sorted.get(i - 1).getString(3))) {
                    firsts.add(i);
                }
            }
            appFirst = new int[firsts.size()];
            appEnd = new int[firsts.size()];
            for (int a = 0; a < appFirst.length; a++) {
                appFirst[a] = firsts.get(a);
                appEnd[a] = a + 1 < appFirst.length ? firsts.get(a + 1) : n;
            }
            refused = new boolean[appFirst.length];
        }

        int applications() {
            return appFirst.length;
        }

        String group(int a) {
            return rows.get(appFirst[a]).getString(0);
        }

        int groupCount() {
            Set<String> s = new HashSet<>();
            for (int a = 0; a < appFirst.length; a++) {
                s.add(group(a));
            }
            return s.size();
        }

        BigDecimal total(int a) {
            BigDecimal t = BigDecimal.ZERO;
            for (int i = appFirst[a]; i < appEnd[a]; i++) {
                if (amount[i] != null) {
                    t = t.add(amount[i]);
                }
            }
            return t;
        }

        /**
         * The {@code stop} rule as {@code Replay} applies it: applications in order, one that would take the
         * committed total over the budget refused; from a group's first refusal on, its later applications are
         * evaluated again against a ledger of its approved awards only. The groups that can need it are those
         * with an application after the first refusal that is not their last; their rows are fetched once.
         */
        void stop(
                Budget budget,
                java.util.function.Function<Set<String>, Map<String, List<ClaimRow>>> fetch,
                LocalDate asOf) {
            int k = -1;
            BigDecimal committed = BigDecimal.ZERO;
            for (int a = 0; a < applications(); a++) {
                BigDecimal t = total(a);
                if (!budget.allows(committed, t)) {
                    k = a;
                    break;
                }
                committed = committed.add(t);
            }
            if (k < 0) {
                return;
            }
            Map<String, Integer> lastOf = new HashMap<>();
            for (int a = 0; a < applications(); a++) {
                lastOf.put(group(a), a);
            }
            Set<String> candidates = new HashSet<>();
            for (int a = k; a < applications(); a++) {
                if (lastOf.get(group(a)) != a) {
                    candidates.add(group(a));
                }
            }
            Map<String, Map<String, List<ClaimRow>>> appsOf = new HashMap<>();
            if (!candidates.isEmpty()) {
                fetch.apply(candidates).forEach((g, claims) -> {
                    Map<String, List<ClaimRow>> byApp = new HashMap<>();
                    for (List<ClaimRow> app : Replay.applications(Replay.submissionOrder(claims))) {
                        byApp.put(app.get(0).applicationNo(), app);
                    }
                    appsOf.put(g, byApp);
                });
            }
            Map<String, IndexedLedger> dirty = new HashMap<>();
            Map<String, List<List<ClaimRow>>> approved = new HashMap<>();
            for (int a = k; a < applications(); a++) {
                String g = group(a);
                IndexedLedger ledger = dirty.get(g);
                List<ClaimRow> app = appsOf.containsKey(g) ? appsOf.get(g).get(appNo(a)) : null;
                if (ledger != null) {
                    List<ClaimOutcome> os =
                            Replay.evaluate(Engines.calculator(), Holder.POLICIES_BY_ID, app, ledger, asOf, null);
                    for (int i = appFirst[a]; i < appEnd[a]; i++) {
                        ClaimOutcome o = os.get(i - appFirst[a]);
                        status[i] = o.status();
                        amount[i] = o.amount();
                    }
                }
                BigDecimal t = total(a);
                if (budget.allows(committed, t)) {
                    committed = committed.add(t);
                    if (app != null) {
                        approved.computeIfAbsent(g, x -> new ArrayList<>()).add(app);
                    }
                    continue;
                }
                refused[a] = true;
                if (app != null && lastOf.get(g) != a) {
                    // The group's ledger holds its approved awards only: everything approved before the first
                    // refusal, and since then what the budget let through (the refused one's awards leave it).
                    if (ledger == null) {
                        List<List<ClaimRow>> before = new ArrayList<>();
                        for (int x = 0; x < a; x++) {
                            if (g.equals(group(x))) {
                                before.add(appsOf.get(g).get(appNo(x)));
                            }
                        }
                        approved.put(g, before);
                    }
                    IndexedLedger fresh = new IndexedLedger();
                    for (List<ClaimRow> x : approved.getOrDefault(g, List.of())) {
                        Replay.evaluate(Engines.calculator(), Holder.POLICIES_BY_ID, x, fresh, asOf, null);
                    }
                    dirty.put(g, fresh);
                }
            }
        }

        String appNo(int a) {
            return rows.get(appFirst[a]).getString(3);
        }

        List<ClaimOutcome> outcomes() {
            List<ClaimOutcome> out = new ArrayList<>(rows.size());
            for (int a = 0; a < applications(); a++) {
                for (int i = appFirst[a]; i < appEnd[a]; i++) {
                    out.add(outcome(a, i));
                }
            }
            return out;
        }

        ClaimOutcome outcome(int a, int i) {
            Row r = rows.get(i);
            return new ClaimOutcome(
                    r.getString(3),
                    r.getInt(4),
                    r.getString(5),
                    r.getString(7),
                    r.getString(8),
                    status[i],
                    amount[i],
                    refused[a]);
        }
    }
}

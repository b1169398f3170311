package org.ipaward.spark;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.ipaward.batch.register.BulkMatcher;
import org.ipaward.batch.register.MatchRow;
import org.ipaward.batch.register.ProfileRow;
import org.ipaward.batch.register.RegisterSchema;

/**
 * {@code ipaward match-all} on Spark: each executor reads its share of the register with the register's own
 * schema checks ({@link RegisterSchema}) and maps every profile through {@link BulkMatcher} (one per executor
 * JVM and as-of date, its caches shared by the executor's tasks) inside {@code mapPartitions}; the rows are
 * written by the executors, the totals per measure summed exactly per partition and merged on the driver.
 */
public final class SparkMatch {
    private SparkMatch() {}

    /** One measure's totals: how many profiles are eligible, possible or excluded, and the eligible amounts. */
    public record MeasureTotal(
            String policy, String measure, long eligible, long possible, long excluded, BigDecimal amount) {}

    /** The match's rows (cached; unpersist when written) and its totals. */
    public record Result(Dataset<Row> rows, long profiles, List<MeasureTotal> measures, LocalDate asOf) {
        public String summaryLine() {
            long eligible = measures.stream().mapToLong(MeasureTotal::eligible).sum();
            long possible = measures.stream().mapToLong(MeasureTotal::possible).sum();
            return "匹配 " + profiles + " 个主体 × " + measures.size() + " 项措施：可获 " + eligible + "，可能 " + possible
                    + " (matched " + profiles + " profiles against " + measures.size() + " measures)";
        }
    }

    static final StructType MATCHES = new StructType()
            .add("subject_id", DataTypes.StringType, false)
            .add("subject_name", DataTypes.StringType, true)
            .add("policy", DataTypes.StringType, false)
            .add("measure", DataTypes.StringType, false)
            .add("outcome", DataTypes.StringType, false)
            .add("amount", DataTypes.StringType, true)
            .add("min_amount", DataTypes.StringType, true)
            .add("max_amount", DataTypes.StringType, true)
            .add("missing_facts", DataTypes.createArrayType(DataTypes.StringType), true)
            .add("missing_materials", DataTypes.createArrayType(DataTypes.StringType), true)
            .add("failed", DataTypes.createArrayType(DataTypes.StringType), true)
            .add("reason", DataTypes.StringType, true);

    static final StructType PARTIAL = new StructType()
            .add("policy", DataTypes.StringType, false)
            .add("measure", DataTypes.StringType, false)
            .add("outcome", DataTypes.StringType, false)
            .add("count", DataTypes.LongType, false)
            .add("amount", DataTypes.StringType, false);

    /**
     * Matches every profile of {@code input} (as {@link Inputs#read} gives it) against every measure in force
     * on {@code asOf} ({@code null}: today in Beijing).
     */
    public static Result run(SparkSession spark, Dataset<Row> input, String file, LocalDate asOf) {
        LocalDate day = asOf != null ? asOf : LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        String[] header = SparkReplay.header(input);
        Dataset<Row> profiles = input.drop(Inputs.ORDER);
        Dataset<Row> rows = profiles.mapPartitions(
                        (MapPartitionsFunction<Row, Row>) it -> match(it, file, header, day), Encoders.row(MATCHES))
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<Row> partials = rows.mapPartitions(
                        (MapPartitionsFunction<Row, Row>) SparkMatch::partial, Encoders.row(PARTIAL))
                .collectAsList();
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, BigDecimal> amounts = new TreeMap<>();
        for (Row p : partials) {
            String key = p.getString(0) + "\u0000" + p.getString(1);
            long[] c = counts.computeIfAbsent(key, k -> new long[3]);
            c[index(p.getString(2))] += p.getLong(3);
            amounts.merge(key, new BigDecimal(p.getString(4)), BigDecimal::add);
        }
        List<MeasureTotal> totals = new ArrayList<>();
        long profilesCount = 0;
        List<BulkMatcher.MeasureRef> order = matcher(day).measures();
        for (BulkMatcher.MeasureRef m : order) {
            String key = m.policy() + "\u0000" + m.measure();
            long[] c = counts.getOrDefault(key, new long[3]);
            totals.add(new MeasureTotal(
                    m.policy(), m.measure(), c[0], c[1], c[2], amounts.getOrDefault(key, BigDecimal.ZERO)));
            profilesCount = Math.max(profilesCount, c[0] + c[1] + c[2]);
        }
        return new Result(rows, profilesCount, List.copyOf(totals), day);
    }

    private static int index(String outcome) {
        return switch (outcome) {
            case MatchRow.ELIGIBLE -> 0;
            case MatchRow.POSSIBLE -> 1;
            default -> 2;
        };
    }

    private static final Map<LocalDate, BulkMatcher> MATCHERS = new ConcurrentHashMap<>();

    /** The executor's matcher for a date, made once per JVM. */
    static BulkMatcher matcher(LocalDate asOf) {
        return MATCHERS.computeIfAbsent(asOf, d -> new BulkMatcher(Engines.policies(), d));
    }

    /** The register's schema for the bundled policies, once per JVM. */
    private static final class Schema {
        static final RegisterSchema SCHEMA = RegisterSchema.of(Engines.policies());
    }

    private static Iterator<Row> match(Iterator<Row> rows, String file, String[] header, LocalDate asOf) {
        RegisterSchema schema = Schema.SCHEMA;
        RegisterSchema.Header h = schema.header(Arrays.asList(header), file);
        BulkMatcher matcher = matcher(asOf);
        return new Iterator<>() {
            private Iterator<MatchRow> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && rows.hasNext()) {
                    Row r = rows.next();
                    List<String> cells = new ArrayList<>(header.length);
                    for (int i = 0; i < header.length; i++) {
                        cells.add(r.isNullAt(i) ? "" : r.getString(i));
                    }
                    ProfileRow p = schema.row(h, cells, file, 0);
                    current = matcher.match(p).iterator();
                }
                return current.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return row(current.next());
            }
        };
    }

    static Row row(MatchRow m) {
        return RowFactory.create(
                m.subjectId(),
                m.subjectName(),
                m.policy(),
                m.measure(),
                m.outcome(),
                Outputs.money(m.amount()),
                Outputs.money(m.minAmount()),
                Outputs.money(m.maxAmount()),
                m.missingFacts() == null ? null : m.missingFacts().toArray(new String[0]),
                m.missingMaterials() == null ? null : m.missingMaterials().toArray(new String[0]),
                m.failed() == null ? null : m.failed().toArray(new String[0]),
                m.reason());
    }

    /** A written row read back as the matcher's row. */
    public static MatchRow matchRow(Row r) {
        return new MatchRow(
                r.getString(0),
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                decimal(r, 5),
                decimal(r, 6),
                decimal(r, 7),
                r.isNullAt(8) ? null : r.<String>getList(8),
                r.isNullAt(9) ? null : r.<String>getList(9),
                r.isNullAt(10) ? null : r.<String>getList(10),
                r.getString(11));
    }

    private static BigDecimal decimal(Row r, int i) {
        return r.isNullAt(i) ? null : new BigDecimal(r.getString(i));
    }

    private static Iterator<Row> partial(Iterator<Row> rows) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, BigDecimal> sums = new TreeMap<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            String key = r.getString(2) + "\u0000" + r.getString(3) + "\u0000" + r.getString(4);
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
            BigDecimal a = r.isNullAt(5) ? BigDecimal.ZERO : new BigDecimal(r.getString(5));
            sums.merge(key, MatchRow.ELIGIBLE.equals(r.getString(4)) ? a : BigDecimal.ZERO, BigDecimal::add);
        }
        List<Row> out = new ArrayList<>();
        counts.forEach((k, c) -> {
            String[] p = k.split("\u0000", -1);
            out.add(RowFactory.create(p[0], p[1], p[2], c[0], sums.get(k).toPlainString()));
        });
        return out.iterator();
    }
}

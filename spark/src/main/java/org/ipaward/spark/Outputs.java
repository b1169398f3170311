package org.ipaward.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ipaward.batch.replay.ClaimOutcome;
import org.ipaward.batch.replay.ReplayResult;

/**
 * What the job writes under its output directory (any file system Hadoop reaches: local, hdfs://, s3a://):
 * {@code totals.json} (the totals, the same figures {@link Compare} checks against the command's) and
 * {@code claims/} or {@code matches/} (one row per claim or per profile and measure, as CSV, Parquet or JSON
 * lines, written by the executors). Amounts are exact decimal strings.
 */
public final class Outputs {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Outputs() {}

    static final StructType CLAIMS = new StructType()
            .add("application_no", DataTypes.StringType, false)
            .add("claim_seq", DataTypes.IntegerType, false)
            .add("subject_id", DataTypes.StringType, false)
            .add("policy", DataTypes.StringType, true)
            .add("measure", DataTypes.StringType, true)
            .add("status", DataTypes.StringType, false)
            .add("amount", DataTypes.StringType, true)
            .add("refused_by_budget", DataTypes.BooleanType, false);

    public static void writeReplay(SparkSession spark, SparkReplay.Result r, String output, String format) {
        List<Row> rows = new ArrayList<>(r.outcomes().size());
        for (ClaimOutcome o : r.outcomes()) {
            rows.add(RowFactory.create(
                    o.applicationNo(),
                    o.claimSeq(),
                    o.subjectId(),
                    o.policy(),
                    o.measure(),
                    o.status(),
                    o.amount() == null ? null : o.amount().toPlainString(),
                    o.refusedByBudget()));
        }
        write(spark.createDataFrame(rows, CLAIMS), output + "/claims", format);
        writeJson(spark, output + "/totals.json", replayTotals(r.replay()));
    }

    public static void writeMatch(SparkSession spark, SparkMatch.Result r, String output, String format) {
        write(r.rows(), output + "/matches", format);
        writeJson(spark, output + "/totals.json", matchTotals(r.asOf(), r.profiles(), r.measures()));
        r.rows().unpersist();
    }

    /** The match's totals as JSON: per measure in force, how many profiles are eligible, possible, excluded. */
    public static ObjectNode matchTotals(
            java.time.LocalDate asOf, long profiles, List<SparkMatch.MeasureTotal> measures) {
        ObjectNode o = JSON.createObjectNode();
        o.put("as_of", asOf.toString());
        o.put("profiles", profiles);
        ArrayNode ms = o.putArray("measures");
        for (SparkMatch.MeasureTotal m : measures) {
            ObjectNode x = ms.addObject();
            x.put("policy", m.policy());
            x.put("measure", m.measure());
            x.put("eligible", m.eligible());
            x.put("possible", m.possible());
            x.put("excluded", m.excluded());
            x.put("amount", money(m.amount()));
        }
        return o;
    }

    static void write(Dataset<Row> rows, String path, String format) {
        switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "csv" -> rows.write().option("header", "true").csv(path);
            case "parquet" -> rows.write().parquet(path);
            case "json" -> rows.write().json(path);
            default -> throw new IllegalArgumentException("output-format must be csv, parquet or json, not " + format);
        }
    }

    /**
     * The replay's totals as JSON, in the layout of {@code ipaward simulate --format json}: {@code budget} and
     * {@code result} with the same keys and the same money format, less the input problems (not gathered on
     * Spark: {@code problem_count}, {@code problems}), so the two files compare with {@code jq} and {@code diff}.
     */
    public static ObjectNode replayTotals(ReplayResult r) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode b = root.putObject("budget");
        b.put("rule", r.budget().rule().id());
        b.put("amount", money(r.budget().amount()));
        ObjectNode o = root.putObject("result");
        o.put("applications", r.applications());
        o.put("claims", r.claims());
        ObjectNode st = o.putObject("by_status");
        r.byStatus().forEach(st::put);
        o.put("needed", money(r.needed()));
        o.put("committed", money(r.committed()));
        o.put("pro_rata_factor", r.factor() == null ? null : r.factor().toPlainString());
        o.put("paid", money(r.paid()));
        o.put("refused_applications", r.refusedApplications());
        o.put("refused_claims", r.refusedClaims());
        o.put("awarded_as_decided", money(r.decided()));
        ArrayNode cs = o.putArray("categories");
        for (ReplayResult.CategoryTotal c : r.categories()) {
            ObjectNode x = cs.addObject();
            x.put("category", c.category());
            text(x, "label", c.label());
            x.put("claims", c.claims());
            x.put("eligible", c.eligible());
            x.put("needed", money(c.needed()));
            x.put("paid", money(c.paid()));
        }
        ArrayNode ms = o.putArray("measures");
        for (ReplayResult.MeasureTotal m : r.measures()) {
            ObjectNode x = ms.addObject();
            x.put("policy", m.policy());
            x.put("measure", m.measure());
            text(x, "title", m.title());
            x.put("category", m.category());
            x.put("known", m.known());
            x.put("claims", m.claims());
            x.put("eligible", m.eligible());
            x.put("not_eligible", m.notEligible());
            x.put("undetermined", m.undetermined());
            x.put("needed", money(m.needed()));
            x.put("paid", money(m.paid()));
        }
        return root;
    }

    private static void text(ObjectNode o, String field, org.ipaward.engine.model.Text t) {
        if (t == null) {
            o.putNull(field);
        } else {
            o.putObject(field).put("zh", t.zh()).put("en", t.en());
        }
    }

    /** Money as {@code ipaward} writes it: two decimals ({@code "200000.00"}), more only when exact needs it. */
    static String money(BigDecimal d) {
        if (d == null) {
            return null;
        }
        return d.stripTrailingZeros().scale() <= 2 ? d.setScale(2).toPlainString() : d.toPlainString();
    }

    static void writeJson(SparkSession spark, String file, ObjectNode json) {
        Path p = new Path(file);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (OutputStream out = fs.create(p, false)) {
                JSON.writeValue(out, json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

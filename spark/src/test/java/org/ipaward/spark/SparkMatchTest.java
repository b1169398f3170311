package org.ipaward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.ipaward.batch.register.BulkMatcher;
import org.ipaward.batch.register.MatchRow;
import org.ipaward.batch.register.ProfileRow;
import org.ipaward.batch.register.RegisterFile;
import org.ipaward.batch.register.RegisterGenerator;
import org.ipaward.batch.register.RegisterSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Spark match gives, row for row, what {@link BulkMatcher} gives on the same register. */
class SparkMatchTest {
    static final LocalDate AS_OF = LocalDate.of(2026, 3, 1);
    static SparkSession spark;
    static String csv;
    static String parquet;
    static List<MatchRow> expected;

    @BeforeAll
    static void register() {
        spark = LocalSpark.get();
        Path dir = LocalSpark.dir("match-test");
        Path file = dir.resolve("register.csv");
        RegisterSchema schema = RegisterSchema.of(Engines.policies());
        RegisterGenerator.write(file, 400, 20251124L, schema);
        csv = file.toString();
        parquet = dir.resolve("register.parquet").toString();
        Inputs.read(spark, csv, Inputs.Format.CSV)
                .drop(Inputs.ORDER)
                .write()
                .mode("overwrite")
                .parquet(parquet);
        BulkMatcher matcher = new BulkMatcher(Engines.policies(), AS_OF, 0);
        expected = new ArrayList<>();
        for (ProfileRow p : RegisterFile.read(file, Engines.policies())) {
            expected.addAll(matcher.match(p));
        }
    }

    /** Amounts as the job writes them: money with two decimals (50000 → 50000.00), as match-all's files do. */
    static MatchRow money(MatchRow m) {
        return new MatchRow(
                m.subjectId(),
                m.subjectName(),
                m.policy(),
                m.measure(),
                m.outcome(),
                money(m.amount()),
                money(m.minAmount()),
                money(m.maxAmount()),
                m.missingFacts(),
                m.missingMaterials(),
                m.failed(),
                m.reason());
    }

    static BigDecimal money(BigDecimal d) {
        return d == null ? null : new BigDecimal(Outputs.money(d));
    }

    @ParameterizedTest
    @EnumSource(Inputs.Format.class)
    void equalsBulkMatcher(Inputs.Format format) {
        String path = format == Inputs.Format.CSV ? csv : parquet;
        SparkMatch.Result r = SparkMatch.run(spark, Inputs.read(spark, path, format), path, AS_OF);
        List<MatchRow> got = new ArrayList<>(r.rows().collectAsList().stream()
                .map(SparkMatch::matchRow)
                .map(SparkMatchTest::money)
                .toList());
        r.rows().unpersist();
        Comparator<MatchRow> bySubjectThenMeasure = Comparator.comparing(MatchRow::subjectId)
                .thenComparing(MatchRow::policy)
                .thenComparing(MatchRow::measure)
                .thenComparing(Object::toString);
        List<MatchRow> want =
                new ArrayList<>(expected.stream().map(SparkMatchTest::money).toList());
        want.sort(bySubjectThenMeasure);
        got.sort(bySubjectThenMeasure);
        assertThat(got).hasSize(want.size()).isEqualTo(want);
        assertThat(r.profiles()).isEqualTo(400);
        Map<String, BigDecimal> amounts = new LinkedHashMap<>();
        Map<String, Long> eligible = new LinkedHashMap<>();
        for (MatchRow m : expected) {
            String key = m.policy() + "/" + m.measure();
            amounts.putIfAbsent(key, BigDecimal.ZERO);
            eligible.putIfAbsent(key, 0L);
            if (MatchRow.ELIGIBLE.equals(m.outcome())) {
                amounts.merge(key, m.amount(), BigDecimal::add);
                eligible.merge(key, 1L, Long::sum);
            }
        }
        for (SparkMatch.MeasureTotal t : r.measures()) {
            String key = t.policy() + "/" + t.measure();
            assertThat(t.amount()).as(key).isEqualByComparingTo(amounts.get(key));
            assertThat(t.eligible()).as(key).isEqualTo(eligible.get(key));
        }
        assertThat(eligible.values().stream().mapToLong(Long::longValue).sum()).isPositive();
    }
}

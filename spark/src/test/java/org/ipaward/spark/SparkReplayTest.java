package org.ipaward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ipaward.batch.claims.ClaimRow;
import org.ipaward.batch.claims.ClaimsFile;
import org.ipaward.batch.gen.RoundGenerator;
import org.ipaward.batch.replay.Budget;
import org.ipaward.batch.replay.Replay;
import org.ipaward.batch.replay.ReplayResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Spark replay gives exactly what the single-machine {@link Replay} gives, for every budget rule. */
class SparkReplayTest {
    static SparkSession spark;
    static List<ClaimRow> round;
    static String csv;
    static String parquet;
    static BigDecimal needed;

    @BeforeAll
    static void round() {
        spark = LocalSpark.get();
        Path dir = LocalSpark.dir("replay-test");
        round = new ArrayList<>();
        RoundGenerator.bundled(List.of("jindong-2023", "pinggu-2025"), 20251124L)
                .generate(1500, round::add);
        Path file = dir.resolve("round.csv");
        ClaimsFile.write(file, round);
        csv = file.toString();
        parquet = dir.resolve("round.parquet").toString();
        Inputs.read(spark, csv, Inputs.Format.CSV)
                .drop(Inputs.ORDER)
                .write()
                .mode("overwrite")
                .parquet(parquet);
        needed = single(Budget.none()).needed();
    }

    static ReplayResult single(Budget budget) {
        return Replay.run(Engines.policies(), round, new Replay.Options(budget, null, 1), null);
    }

    static Budget budget(String rule) {
        return rule.equals("none")
                ? Budget.none()
                : new Budget(
                        Budget.Rule.of(rule),
                        needed.multiply(new BigDecimal("0.6")).setScale(2, RoundingMode.DOWN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "pro_rata", "stop"})
    void csvEqualsSimulate(String rule) {
        Budget b = budget(rule);
        ReplayResult expected = single(b);
        SparkReplay.Result got =
                SparkReplay.run(spark, Inputs.read(spark, csv, Inputs.Format.CSV), csv, null, b.amount(), rule);
        assertSame(got.replay(), expected);
        if (!rule.equals("none")) {
            assertThat(expected.paid()).isLessThanOrEqualTo(b.amount());
        }
        if (rule.equals("stop")) {
            assertThat(expected.refusedApplications()).isPositive();
        }
    }

    @Test
    void parquetEqualsSimulate() {
        Budget b = budget("stop");
        SparkReplay.Result got = SparkReplay.run(
                spark, Inputs.read(spark, parquet, Inputs.Format.PARQUET), parquet, null, b.amount(), "stop");
        assertSame(got.replay(), single(b));
    }

    @Test
    void roundHasCapsThatBite() {
        ReplayResult r = single(Budget.none());
        assertThat(r.count("eligible")).isPositive();
        assertThat(r.count("not_eligible") + r.count("undetermined")).isPositive();
        assertThat(r.measures().size()).isGreaterThan(10);
    }

    static void assertSame(ReplayResult got, ReplayResult expected) {
        assertThat(got.claims()).isEqualTo(expected.claims());
        assertThat(got.applications()).isEqualTo(expected.applications());
        assertThat(got.byStatus()).isEqualTo(expected.byStatus());
        assertThat(got.refusedApplications()).isEqualTo(expected.refusedApplications());
        assertThat(got.refusedClaims()).isEqualTo(expected.refusedClaims());
        assertThat(got.needed()).isEqualTo(expected.needed());
        assertThat(got.committed()).isEqualTo(expected.committed());
        assertThat(got.factor()).isEqualTo(expected.factor());
        assertThat(got.paid()).isEqualTo(expected.paid());
        assertThat(got.decided()).isEqualTo(expected.decided());
        assertThat(got.measures()).isEqualTo(expected.measures());
        assertThat(got.categories()).isEqualTo(expected.categories());
        assertThat(got.applicants()).isEqualTo(expected.applicants());
        assertThat(got.outcomes()).isEqualTo(expected.outcomes());
    }
}

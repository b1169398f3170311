package org.ipaward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ipaward.batch.claims.ClaimRow;
import org.ipaward.batch.claims.ClaimsFile;
import org.ipaward.batch.gen.RoundGenerator;
import org.junit.jupiter.api.Test;

/** The job as submitted: replay writes totals.json and per-claim rows; compare finds them equal; bad input exits 2. */
class SparkJobTest {
    @Test
    void replayThenCompare() throws Exception {
        Path dir = LocalSpark.dir("job-test");
        Path round = dir.resolve("round.csv");
        List<ClaimRow> rows = new ArrayList<>();
        RoundGenerator.bundled(List.of("pinggu-2025"), 7L).generate(400, rows::add);
        ClaimsFile.write(round, rows);
        Path out = dir.resolve("out-" + System.nanoTime());
        LocalSpark.get();
        int code = SparkJob.run(
                "replay",
                "--input",
                round.toString(),
                "--output",
                out.toString(),
                "--output-format",
                "csv",
                "--budget",
                "500000",
                "--budget-rule",
                "stop");
        assertThat(code).isZero();
        assertThat(out.resolve("totals.json")).exists();
        assertThat(Files.list(out.resolve("claims")).anyMatch(p -> p.toString().endsWith(".csv")))
                .isTrue();

        String[] compare = {
            "compare", "replay",
            "--input", round.toString(),
            "--spark", out.resolve("totals.json").toString(),
            "--budget", "500000",
            "--budget-rule", "stop"
        };
        assertThat(run(compare)).startsWith("0").contains("合计一致");
        // Another budget gives other totals: compare says where they differ, exit 1.
        compare[compare.length - 3] = "400000";
        assertThat(run(compare)).startsWith("1").contains("不一致 (differs) .result.paid");
    }

    @Test
    void badInputExitsTwo() throws Exception {
        Path dir = LocalSpark.dir("job-test");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "application_no,submitted_at\nA1,2025-03-01T09:00:00+08:00\n", StandardCharsets.UTF_8);
        LocalSpark.get();
        assertThat(SparkJob.run(
                        "replay",
                        "--input",
                        bad.toString(),
                        "--output",
                        dir.resolve("bad-out-" + System.nanoTime()).toString()))
                .isEqualTo(2);
        assertThat(SparkJob.run("replay", "--input", bad.toString())).isEqualTo(2);
    }

    /** Runs the job with standard output captured: the exit code, then the output. */
    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = SparkJob.run(args);
            return code + " " + buf.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(old);
        }
    }
}

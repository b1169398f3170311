package org.ipaward.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ipaward.engine.InputException;
import org.ipaward.engine.PolicyException;
import org.ipaward.engine.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark job: {@code replay} (what {@code ipaward simulate} does, across executors), {@code match} (what
 * {@code ipaward match-all} does) and {@code compare} (a Spark run's totals against the command's). The
 * master comes from {@code spark-submit}; without one ({@code java -cp …}) the job runs in {@code local[*]}.
 */
@Command(
        name = "ipaward-spark",
        mixinStandardHelpOptions = true,
        version = "ipaward-spark 0.1.0",
        description = "ipaward 的 Spark 作业：整批回放与主动匹配 (replay and matching as a Spark job)",
        subcommands = {SparkJob.ReplayCommand.class, SparkJob.MatchCommand.class, SparkJob.CompareCommand.class})
public final class SparkJob implements Callable<Integer> {
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the job and returns the exit code: 0 done, 1 compare found differences, 2 bad usage or input. */
    public static int run(String... args) {
        return new CommandLine(new SparkJob())
                .setExecutionExceptionHandler(SparkJob::onError)
                .setParameterExceptionHandler((ex, a) -> {
                    ex.getCommandLine().getErr().println("错误：命令行用法有误 (usage): " + ex.getMessage() + " [usage]");
                    return USAGE;
                })
                .execute(args);
    }

    /** Options every mode shares: where to read, in which format, where to write, as of when. */
    static class IoOptions {
        @Option(names = "--input", required = true, description = "输入文件或目录（本地、hdfs://、s3a://）input path")
        String input;

        @Option(
                names = "--format",
                defaultValue = "csv",
                description = "输入格式 csv|parquet (input format, default ${DEFAULT-VALUE})")
        String format;

        @Option(names = "--output", required = true, description = "输出目录 output directory (must not exist)")
        String output;

        @Option(
                names = "--output-format",
                defaultValue = "parquet",
                description = "逐行结果格式 csv|parquet|json (per-row results, default ${DEFAULT-VALUE})")
        String outputFormat;

        @Option(names = "--as-of", description = "计算基准日 as-of date (yyyy-mm-dd)")
        LocalDate asOf;
    }

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description = "按提交顺序回放一批申报（同 ipaward simulate）replay a round like ipaward simulate")
    static final class ReplayCommand implements Callable<Integer> {
        @CommandLine.Mixin
        IoOptionsMixin io;

        @Option(names = "--budget", description = "本批次预算（元）the round's budget in yuan")
        BigDecimal budget;

        @Option(
                names = "--budget-rule",
                defaultValue = "none",
                description = "超预算规则 none|pro_rata|stop (default ${DEFAULT-VALUE})")
        String budgetRule;

        @Override
        public Integer call() {
            SparkSession spark = session("ipaward replay");
            try {
                SparkReplay.Result r = SparkReplay.run(
                        spark,
                        Inputs.read(spark, io.input, Inputs.Format.of(io.format)),
                        io.input,
                        io.asOf,
                        budget,
                        budgetRule);
                Outputs.writeReplay(spark, r, io.output, io.outputFormat);
                System.out.println(r.summaryLine());
                return 0;
            } finally {
                spark.stop();
            }
        }
    }

    @Command(
            name = "match",
            mixinStandardHelpOptions = true,
            description = "主体库逐一匹配全部在施措施（同 ipaward match-all）match a register like ipaward match-all")
    static final class MatchCommand implements Callable<Integer> {
        @CommandLine.Mixin
        IoOptionsMixin io;

        @Override
        public Integer call() {
            SparkSession spark = session("ipaward match");
            try {
                SparkMatch.Result r = SparkMatch.run(
                        spark, Inputs.read(spark, io.input, Inputs.Format.of(io.format)), io.input, io.asOf);
                Outputs.writeMatch(spark, r, io.output, io.outputFormat);
                System.out.println(r.summaryLine());
                return 0;
            } finally {
                spark.stop();
            }
        }
    }

    @Command(
            name = "compare",
            mixinStandardHelpOptions = true,
            description = {
                "用单机代码（同 ipaward simulate / match-all）重算同一输入，与 Spark 作业的 totals.json 逐项比较",
                "(recompute the same input with the single-machine code and compare with the Spark job's totals.json)"
            })
    static final class CompareCommand implements Callable<Integer> {
        @CommandLine.Parameters(index = "0", description = "replay|match")
        String mode;

        @Option(names = "--input", required = true, description = "同一输入文件（本地 CSV/XLSX）the same input, a local file")
        Path input;

        @Option(names = "--spark", required = true, description = "Spark 作业写出的 totals.json（本地路径）")
        String sparkTotals;

        @Option(names = "--as-of", description = "计算基准日，与作业相同 as-of date, as given to the job")
        LocalDate asOf;

        @Option(names = "--budget", description = "本批次预算（元），与作业相同")
        BigDecimal budget;

        @Option(names = "--budget-rule", defaultValue = "none", description = "none|pro_rata|stop，与作业相同")
        String budgetRule;

        @Override
        public Integer call() {
            JsonNode single;
            if (mode.equals("replay")) {
                single = Compare.replayTotals(input, asOf, SparkReplay.budget(budget, budgetRule));
            } else if (mode.equals("match")) {
                JsonNode spark = Compare.read(sparkTotals);
                single = Compare.matchTotals(
                        input,
                        asOf != null
                                ? asOf
                                : LocalDate.parse(spark.path("as_of").asText()));
            } else {
                throw new IllegalArgumentException("compare mode must be replay or match, not " + mode);
            }
            List<String> diffs = Compare.diff(Compare.read(sparkTotals), single);
            if (diffs.isEmpty()) {
                System.out.println("合计一致 (totals equal): " + sparkTotals + " = " + input);
                return 0;
            }
            diffs.forEach(d -> System.out.println("不一致 (differs) " + d));
            return 1;
        }
    }

    /** {@link IoOptions} as a picocli mixin. */
    static final class IoOptionsMixin extends IoOptions {}

    /** The session: the master and resources come from spark-submit; a bare JVM runs locally. */
    static SparkSession session(String name) {
        SparkSession.Builder b = SparkSession.builder().appName(name);
        if (System.getProperty("spark.master") == null) {
            b.master("local[*]");
        }
        return b.getOrCreate();
    }

    private static int onError(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        List<Problem> problems = problems(ex);
        if (problems != null) {
            for (Problem p : problems) {
                err.println("错误：" + p.format());
            }
        } else if (ex instanceof IllegalArgumentException) {
            err.println("错误：" + ex.getMessage() + " [usage]");
        } else {
            err.println("作业失败 (job failed): " + ex);
            ex.printStackTrace(err);
        }
        err.flush();
        return USAGE;
    }

    /** The problems of an input or policy error, also when a Spark task threw it and the driver wraps it. */
    static List<Problem> problems(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof InputException ie) {
                return ie.problems();
            }
            if (t instanceof PolicyException pe) {
                return pe.problems();
            }
        }
        return null;
    }
}

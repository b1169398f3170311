package org.ipaward.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.ipaward.batch.register.BulkMatcher;
import org.ipaward.batch.register.MatchFile;
import org.ipaward.batch.register.MatchRow;
import org.ipaward.batch.register.MatchRun;
import org.ipaward.batch.register.RegisterSchema;
import org.ipaward.engine.model.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "match-all",
        mixinStandardHelpOptions = true,
        description = {
            "政策找企业：将登记库中每个主体与每项有效措施匹配，写出谁可能申报什么、金额多少、尚缺哪些事实和材料"
                    + " (match every profile of a register against every measure in force)",
            "",
            "登记库为 CSV 或 XLSX（列见 README）；输出为 .csv、.xlsx 或 .jsonl。默认写出 eligible（已可确定金额）与 possible（尚需补充）两类结果。",
            "",
            "退出码 (exit codes)：0 完成；2 输入或用法错误 (input or usage error)。"
        })
final class MatchAllCommand implements Callable<Integer> {
    enum Only {
        eligible,
        possible
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    PolicyOptions policies;

    @Option(
            names = "--register",
            required = true,
            paramLabel = "FILE",
            description = "主体登记库 .csv 或 .xlsx (the register of subject profiles)")
    Path register;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "输出文件 .csv、.xlsx 或 .jsonl (output file)")
    Path out;

    @Option(names = "--as-of", paramLabel = "DATE", description = "计算基准日 YYYY-MM-DD；缺省为今天 (as-of date; default today)")
    LocalDate asOf;

    @Option(
            names = "--only",
            paramLabel = "OUTCOME",
            description = "只写出 eligible 或 possible 一类 (write only eligible or only possible rows)")
    Only only;

    @Option(names = "--all", description = "同时写出已排除的措施及原因 (also write excluded measures with the failed condition)")
    boolean all;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "并行计算线程数；缺省为 CPU 核数 (worker threads; default: the number of cores)")
    Integer threads;

    @Option(names = "--quiet", description = "不显示进度条与汇总 (no progress bar, no summary)")
    boolean quiet;

    @Override
    public Integer call() {
        if (threads != null && (threads < 1 || threads > 256)) {
            throw new Errors.UserError("--threads 须为 1 到 256 之间的整数（得到 " + threads + "） [usage.threads]");
        }
        if (only != null && all) {
            throw new Errors.UserError("--only 与 --all 不能同时使用 (--only and --all exclude each other) [usage.only-all]");
        }
        MatchFile.format(out);
        List<Policy> loaded = policies.load();
        LocalDate date = asOf == null ? LocalDate.now() : asOf;
        BulkMatcher matcher = new BulkMatcher(loaded, date);
        Set<String> include = only == Only.eligible
                ? Set.of(MatchRow.ELIGIBLE)
                : only == Only.possible
                        ? Set.of(MatchRow.POSSIBLE)
                        : all
                                ? Set.of(MatchRow.ELIGIBLE, MatchRow.POSSIBLE, MatchRow.EXCLUDED)
                                : Set.of(MatchRow.ELIGIBLE, MatchRow.POSSIBLE);
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        long start = System.nanoTime();
        MatchRun.Summary s;
        ProgressBar bar = !quiet && System.console() != null
                ? new ProgressBarBuilder()
                        .setTaskName("匹配 matching")
                        .setInitialMax(-1)
                        .setUnit(" 个主体", 1)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                        .setUpdateIntervalMillis(250)
                        .build()
                : null;
        try {
            s = MatchRun.run(matcher, register, RegisterSchema.of(loaded), out, include, n, k -> {
                if (bar != null) {
                    bar.stepBy(k);
                }
            });
        } catch (UncheckedIOException e) {
            throw new Errors.UserError("无法写出 " + out + "：" + e.getCause().getMessage() + " [match.io]");
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        if (!quiet) {
            summary(spec.commandLine().getOut(), matcher, s, secs);
        }
        return 0;
    }

    private void summary(PrintWriter out, BulkMatcher matcher, MatchRun.Summary s, double secs) {
        out.printf(
                "已读取主体 %,d 个，匹配措施 %d 项，写出 %,d 行到 %s（用时 %.1f 秒，基准日 %s）%n",
                s.profiles(), matcher.measures().size(), s.rowsWritten(), out(), secs, matcher.asOf());
        out.printf(
                "(%,d profiles read, %d measures, %,d rows written in %.1f s)%n",
                s.profiles(), matcher.measures().size(), s.rowsWritten(), secs);
        BulkMatcher.Stats st = matcher.stats();
        out.printf(
                "缓存：%,d 个主体整体命中，%,d 个逐项判定；引擎计算 %,d 次 (cache: %,d profiles hit whole, %,d decided"
                        + " measure by measure; %,d engine evaluations)%n",
                st.profileHits(),
                st.profileMisses(),
                st.engineEvaluations(),
                st.profileHits(),
                st.profileMisses(),
                st.engineEvaluations());
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"政策", "措施", "名称", "可确定", "可能", "已排除", "确定金额合计", "可能金额上限合计"});
        long unbounded = 0;
        for (int i = 0; i < matcher.measures().size(); i++) {
            BulkMatcher.MeasureRef m = matcher.measures().get(i);
            unbounded += s.possibleUnbounded()[i];
            rows.add(new String[] {
                m.policy(),
                m.measure(),
                m.titleZh(),
                String.format("%,d", s.eligible()[i]),
                String.format("%,d", s.possible()[i]),
                String.format("%,d", s.excluded()[i]),
                Out.yuan(s.eligibleAmount()[i]),
                Out.yuan(s.possibleMax()[i]) + (s.possibleUnbounded()[i] > 0 ? " +" : "")
            });
        }
        Out.table(out, "  ", rows);
        out.println();
        BigDecimal e = s.totalEligible();
        out.println("可确定金额合计 (eligible, exact)：" + Out.yuan(e));
        out.println("可能金额上限合计 (possible, upper bound)：" + Out.yuan(s.totalPossibleMax())
                + (unbounded > 0 ? "，另有 " + String.format("%,d", unbounded) + " 项无统一上限（+）" : ""));
        out.println("可能总额上限 (total possible amount)：" + Out.yuan(e.add(s.totalPossibleMax())));
        out.flush();
    }

    private String out() {
        return out.toString();
    }
}

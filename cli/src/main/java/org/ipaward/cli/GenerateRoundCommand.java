package org.ipaward.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ipaward.batch.claims.ClaimsFile;
import org.ipaward.batch.gen.RoundGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "generate-round",
        mixinStandardHelpOptions = true,
        description = {
            "生成逼真的模拟申报批次（同一 --seed 结果相同），供 simulate 回放"
                    + " (generate a realistic synthetic round, the same for the same seed, for simulate)",
            "",
            "事实取自政策用例并加以变化：金额、等级、缺失事实或材料，同一主体多次申报、多项措施，以便上限生效。",
            "Facts come from the policies' cases, varied; subjects claim several measures and several times.",
            "",
            "退出码 (exit codes)：0 已生成；2 用法错误 (usage error)。"
        })
final class GenerateRoundCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--policy",
            required = true,
            paramLabel = "POLICY",
            description = "pinggu-2025、jindong-2023 或 both (which bundled policy's round, or both)")
    String policy;

    @Option(names = "--claims", required = true, paramLabel = "N", description = "申报事项数 (number of claims)")
    long claims;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "1",
            description = "随机种子 (seed; default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = {"-o", "--out"},
            required = true,
            paramLabel = "FILE",
            description = "输出文件 .csv 或 .xlsx (output .csv or .xlsx)")
    Path out;

    @Option(
            names = "--header",
            paramLabel = "HEADER",
            defaultValue = "zh",
            description = "表头：zh 中文（默认，与工作台导出相同）或 id (header row: zh, as staff export, or id)")
    String header;

    @Option(
            names = {"-q", "--quiet"},
            description = "不显示进度条 (no progress bar)")
    boolean quiet;

    @Override
    public Integer call() {
        PoiLogging.quiet();
        List<String> ids =
                switch (policy) {
                    case "both" -> List.of("pinggu-2025", "jindong-2023");
                    case "pinggu-2025", "jindong-2023" -> List.of(policy);
                    default ->
                        throw new Errors.UserError("--policy 应为 pinggu-2025、jindong-2023 或 both：“" + policy
                                + "” (policy must be pinggu-2025, jindong-2023 or both) [generate.unknown-policy]");
                };
        if (claims < 1 || claims > 100_000_000L) {
            throw new Errors.UserError("--claims 应为 1–100000000 (claims must be 1..100,000,000) [usage]");
        }
        ClaimsFile.Format format = ClaimsFile.Format.of(out);
        if (format == ClaimsFile.Format.XLSX && claims > 1_048_575) {
            throw new Errors.UserError(
                    "XLSX 每表最多 1048575 行，请改用 .csv (an XLSX sheet holds at most 1,048,575 rows; use .csv) [usage]");
        }
        ClaimsFile.Header h =
                switch (header) {
                    case "zh" -> ClaimsFile.Header.ZH;
                    case "id" -> ClaimsFile.Header.ID;
                    default ->
                        throw new Errors.UserError(
                                "--header 应为 zh 或 id：“" + header + "” (header must be zh or id) [usage]");
                };
        RoundGenerator gen = RoundGenerator.bundled(ids, seed);
        long n;
        try (ClaimsFile.Writer w = ClaimsFile.writer(out, h);
                ProgressBar pb = !quiet && System.console() != null ? Progress.bar("生成 (generating)", claims) : null) {
            n = gen.generate(claims, r -> {
                w.write(r);
                if (pb != null && w.count() % 10_000 == 0) {
                    pb.stepTo(w.count());
                }
            });
            if (pb != null) {
                pb.stepTo(n);
            }
        }
        spec.commandLine().getOut().printf("已生成 %d 项申报事项 (claims written)：%s%n", n, out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}

package org.ipaward.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ipaward.batch.register.RegisterGenerator;
import org.ipaward.batch.register.RegisterSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "generate-register",
        mixinStandardHelpOptions = true,
        description = {
            "生成模拟主体登记库：以企业为主，含事业单位、自然人、服务机构；平谷、金东及区外；部分行带已知事实与材料"
                    + " (generate a realistic synthetic register of subject profiles)",
            "",
            "退出码 (exit codes)：0 完成；2 用法错误 (usage error)。"
        })
final class GenerateRegisterCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    PolicyOptions policies;

    @Option(names = "--profiles", required = true, paramLabel = "N", description = "主体个数 (number of profiles)")
    long profiles;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "1",
            description = "随机种子；同一种子生成相同文件 (seed; default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "输出 .csv 或 .xlsx (output file)")
    Path out;

    @Override
    public Integer call() {
        if (profiles < 0) {
            throw new Errors.UserError("--profiles 不能为负数（得到 " + profiles + "） [usage.profiles]");
        }
        String name =
                out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".csv") && !name.endsWith(".xlsx")) {
            throw new Errors.UserError("--out 须为 .csv 或 .xlsx 文件：" + out + " [register.format]");
        }
        if (name.endsWith(".xlsx") && profiles > 1_048_575) {
            throw new Errors.UserError("XLSX 工作表最多 1,048,575 个主体，请改用 CSV [register.xlsx-rows]");
        }
        long start = System.nanoTime();
        try {
            RegisterGenerator.write(out, profiles, seed, RegisterSchema.of(policies.load()));
        } catch (UncheckedIOException e) {
            throw new Errors.UserError("无法写出 " + out + "：" + e.getCause().getMessage() + " [register.io]");
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "已生成 %,d 个主体到 %s（种子 %d，用时 %.1f 秒） (generated %,d profiles)%n",
                        profiles, out, seed, (System.nanoTime() - start) / 1e9, profiles);
        spec.commandLine().getOut().flush();
        return 0;
    }
}

package org.ipaward.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.ipaward.engine.calc.Calculation;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.model.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "calc",
        mixinStandardHelpOptions = true,
        description = {
            "计算申报事项的奖补金额并逐步说明依据 (calculate awards for claims, explained step by step)",
            "",
            "输入为 JSON：{\"as_of\", \"subject\", \"ledger\", \"parameters\", \"claims\"}，与政策用例同形（无 name/expect）；"
                    + "as_of 缺省为今天。金额一律以字符串输出，保留两位小数。",
            "Input: JSON shaped like a policy case without name/expect. Money is output as decimal strings.",
            "",
            "退出码 (exit codes)：0 已计算；2 输入或用法错误 (input or usage error)。"
        })
final class CalcCommand implements Callable<Integer> {
    enum Format {
        json,
        text
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOption input;

    @Mixin
    PolicyOptions policies;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FORMAT",
            defaultValue = "json",
            description = "输出格式：json（默认）或 text 中文说明 (output: json or text; default ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        return run(spec, input, policies, format);
    }

    static int run(
            picocli.CommandLine.Model.CommandSpec spec, InputOption input, PolicyOptions policies, Format format) {
        String text = input.read();
        List<Policy> loaded = policies.load();
        Calculator calculator = new Calculator(loaded);
        RequestReader.Result read = RequestReader.calculate(text, input.name(), calculator, loaded, LocalDate.now());
        Calculation c = read.calculation();
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.text) {
            new TextReport(calculator, out).print(c, read.request());
        } else {
            Out.json(out, CalcJson.of(c));
        }
        out.flush();
        return 0;
    }
}

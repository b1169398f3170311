package org.ipaward.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "以中文逐条说明奖补计算过程，等同 calc --format text (explain the calculation in Chinese; same as calc --format text)",
            "",
            "退出码 (exit codes)：0 已计算；2 输入或用法错误 (input or usage error)。"
        })
final class ExplainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOption input;

    @Mixin
    PolicyOptions policies;

    @Override
    public Integer call() {
        return CalcCommand.run(spec, input, policies, CalcCommand.Format.text);
    }
}

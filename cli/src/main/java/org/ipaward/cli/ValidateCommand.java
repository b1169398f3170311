package org.ipaward.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ipaward.engine.PolicyException;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.model.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "检查政策文件：字段、类型、表达式、档次、上限 (check policy files)")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "policy.yaml 文件或其目录 (policy files or folders)")
    List<Path> paths;

    @Override
    public Integer call() {
        try {
            List<Policy> policies = PolicyLoader.load(paths);
            for (Policy p : policies) {
                spec.commandLine()
                        .getOut()
                        .printf(
                                "✓ %s  %s  %d 项措施 (measures)  %s%n",
                                p.id(), p.title().zh(), p.measures().size(), p.file());
            }
            return 0;
        } catch (PolicyException e) {
            Errors.print(spec.commandLine().getErr(), e.problems());
            spec.commandLine()
                    .getErr()
                    .printf("%d 个问题 (problems)%n", e.problems().size());
            return Errors.USAGE;
        }
    }
}

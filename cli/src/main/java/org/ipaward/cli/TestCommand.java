package org.ipaward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.testing.CaseRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = "运行政策用例并报告条款覆盖率；有失败或覆盖缺口时退出码为1 (run policy cases, report clause coverage)")
final class TestCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
            arity = "0..*",
            paramLabel = "PATH",
            description = "政策目录，默认 policies/ (policy folders; default: policies/)")
    List<Path> paths;

    @Option(names = "--verbose", description = "列出每个用例与每个覆盖项 (list every case and coverage item)")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> roots = paths == null || paths.isEmpty() ? List.of(Path.of("policies")) : paths;
        List<Path> files = PolicyLoader.policyFiles(roots, new java.util.ArrayList<>());
        List<Policy> policies = PolicyLoader.load(roots);
        Calculator calculator = new Calculator(policies);
        boolean ok = true;
        int totalCases = 0;
        int totalPassed = 0;
        for (int i = 0; i < policies.size(); i++) {
            Policy p = policies.get(i);
            CaseRunner.Report r =
                    CaseRunner.run(calculator, p, CaseRunner.readCases(p, CaseRunner.caseFiles(files.get(i))));
            out.printf("%s  %s%n", p.id(), p.title().zh());
            for (CaseRunner.CaseResult c : r.cases()) {
                if (!c.passed() || verbose) {
                    out.printf("  %s %s  (%s:%d)%n", c.passed() ? "✓" : "✗", c.name(), c.file(), c.line());
                    c.failures().forEach(f -> out.println("      " + f));
                }
            }
            out.printf(
                    "  用例 (cases): %d 通过 / %d 失败；覆盖率 (coverage): %d%% (%d/%d)%n",
                    r.passed(),
                    r.cases().size() - r.passed(),
                    r.coveragePercent(),
                    r.required().size() - r.uncovered().size(),
                    r.required().size());
            if (verbose) {
                CaseRunner.coverageTable(r).forEach((k, v) -> out.printf("    %s %s%n", v ? "✓" : "✗", k));
            }
            if (!r.uncovered().isEmpty()) {
                out.println("  未覆盖 (not covered)：每项须有用例使其被选中（档次）、生效（上限）或不满足（条件，含引擎内置条件如"
                        + " policy.period、applicants.region，每个政策一次），见 docs/policy-format.md“Cases”：");
                r.uncovered().forEach(u -> out.println("    - " + u));
            }
            ok &= r.ok();
            totalCases += r.cases().size();
            totalPassed += (int) r.passed();
        }
        out.printf(
                "合计：%d 个用例通过，%d 个失败；%s%n",
                totalPassed,
                totalCases - totalPassed,
                ok ? "全部通过，条款全覆盖" : totalPassed == totalCases ? "用例全部通过，但条款覆盖不全，测试未通过" : "测试未通过");
        out.printf("%d passed, %d failed%n", totalPassed, totalCases - totalPassed);
        return ok ? 0 : 1;
    }
}

package org.ipaward.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ipaward} command: policies, validation, cases, calculation and matching. */
@Command(
        name = "ipaward",
        resourceBundle = "org.ipaward.cli.Messages",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "知识产权奖补政策计算与核验工具 (IP subsidy policies as exact, explained awards)",
            "",
            "退出码 (exit codes)：0 成功；1 核验未通过 (a check failed)；2 用法或输入错误 (usage or input error)。"
        },
        subcommands = {
            PoliciesCommand.class,
            ValidateCommand.class,
            TestCommand.class,
            CalcCommand.class,
            ExplainCommand.class,
            MatchCommand.class,
            MatchAllCommand.class,
            GenerateRegisterCommand.class,
            SimulateCommand.class,
            GenerateRoundCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit code: 0 ok, 1 the checked thing failed, 2 usage or input error. */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        // Chinese output must not depend on the platform's default charset.
        cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler(Errors::onUsage);
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ipaward " + (v == null ? "dev" : v)};
        }
    }
}

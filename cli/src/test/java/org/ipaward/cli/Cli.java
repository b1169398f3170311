package org.ipaward.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the command in process, capturing what it prints. */
final class Cli {
    /** The policies of this repository, so tests see the files as they are, not a stale bundled jar. */
    static final Path POLICIES = Path.of("..", "policies");

    static final Path EXAMPLES = Path.of("..", "examples");

    private Cli() {}

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}

package org.ipaward.cli;

import java.io.PrintWriter;
import org.ipaward.engine.InputException;
import org.ipaward.engine.PolicyException;
import org.ipaward.engine.Problem;
import picocli.CommandLine;

/** One clear line per problem, exit code 2; a stack trace only with {@code IPAWARD_DEBUG=1}. */
final class Errors implements CommandLine.IExecutionExceptionHandler {
    static final int USAGE = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        if (ex instanceof PolicyException pe) {
            print(err, pe.problems());
        } else if (ex instanceof InputException ie) {
            print(err, ie.problems());
        } else if (ex instanceof UserError ue) {
            err.println("错误：" + ue.getMessage());
        } else {
            err.println("内部错误 (internal error): " + ex);
            if ("1".equals(System.getenv("IPAWARD_DEBUG"))) {
                ex.printStackTrace(err);
            } else {
                err.println("设置 IPAWARD_DEBUG=1 可查看详细信息 (set IPAWARD_DEBUG=1 for details)");
            }
        }
        err.flush();
        return USAGE;
    }

    static void print(PrintWriter err, java.util.List<Problem> problems) {
        for (Problem p : problems) {
            err.println("错误：" + p.format());
        }
    }

    static int onUsage(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println("错误：命令行用法有误：" + ex.getMessage() + "；用法见 "
                + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help (usage error) [usage]");
        err.flush();
        return USAGE;
    }

    /** A usage or input error found by a command itself: one line, exit 2. */
    static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UserError(String message) {
            super(message);
        }
    }
}

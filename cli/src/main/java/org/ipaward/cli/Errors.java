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
        err.println("错误：命令行用法有误：" + zh(ex) + "；用法见 "
                + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help (" + ex.getMessage() + ") [usage]");
        err.flush();
        return USAGE;
    }

    /** The usage error in Chinese; picocli's English message follows it in brackets. */
    static String zh(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            return "无法识别的参数或子命令 " + u.getUnmatched();
        }
        if (ex instanceof CommandLine.MissingParameterException m) {
            return "缺少必填参数 "
                    + m.getMissing().stream()
                            .map(a -> a.isOption() ? ((CommandLine.Model.OptionSpec) a).longestName() : a.paramLabel())
                            .toList();
        }
        if (ex instanceof CommandLine.OverwrittenOptionException) {
            return "同一选项给出了多次";
        }
        if (ex.getArgSpec() != null) {
            String name = ex.getArgSpec().isOption()
                    ? ((CommandLine.Model.OptionSpec) ex.getArgSpec()).longestName()
                    : ex.getArgSpec().paramLabel();
            return "参数 " + name + " 的值无效（日期写作 YYYY-MM-DD，格式等可选值见 --help）";
        }
        return "参数有误";
    }

    /** A usage or input error found by a command itself: one line, exit 2. */
    static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UserError(String message) {
            super(message);
        }
    }
}

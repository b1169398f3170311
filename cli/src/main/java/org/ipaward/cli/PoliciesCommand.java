package org.ipaward.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "policies", mixinStandardHelpOptions = true, description = "列出政策及其措施 (list policies and measures)")
final class PoliciesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}

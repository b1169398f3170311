package org.ipaward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command explains itself, Chinese first, and a usage mistake is one line with exit code 2. */
class HelpTests {
    static Stream<String> commands() {
        return Main.commandLine().getSubcommands().keySet().stream();
    }

    @Test
    void rootHelpListsEveryCommand() {
        Cli.Run r = Cli.run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("用法 (usage)", "policies", "validate", "test", "calc", "explain", "match");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandHasHelpThatExitsZero(String command) {
        Cli.Run r = "help".equals(command) ? Cli.run("help", "--help") : Cli.run(command, "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("用法 (usage): ipaward " + command);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void commandsDescribeThemselvesInChineseFirst() {
        for (String c : List.of("policies", "calc", "explain", "match")) {
            String description = Main.commandLine()
                    .getSubcommands()
                    .get(c)
                    .getCommandSpec()
                    .usageMessage()
                    .description()[0];
            assertThat(Character.UnicodeScript.of(description.codePointAt(0)))
                    .as(c)
                    .isEqualTo(Character.UnicodeScript.HAN);
        }
    }

    @Test
    void missingRequiredOptionIsOneLineAndExitsTwo() {
        Cli.Run r = Cli.run("calc");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--input", "ipaward calc --help", "[usage]");
    }

    @Test
    void unknownFormatIsAUsageError() {
        Cli.Run r = Cli.run("calc", "--input", "x.json", "--format", "xml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--format", "xml");
    }

    @Test
    void unknownCommandIsAUsageError() {
        Cli.Run r = Cli.run("calculate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("calculate");
    }
}

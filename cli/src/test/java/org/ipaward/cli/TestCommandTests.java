package org.ipaward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipaward test} passes a policy whose cases hold and fails, exit 1, one whose case does not. */
class TestCommandTests {
    @TempDir
    Path dir;

    @Test
    void passingCasesExitZero() throws Exception {
        Path folder = TinyPolicy.write(dir, TinyPolicy.POLICY, TinyPolicy.PASSING_CASE);
        Cli.Run r = Cli.run("test", folder.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("tiny-2025", "100%", "5 passed, 0 failed");
    }

    @Test
    void aFailingCaseExitsOneAndNamesTheCase() throws Exception {
        Path folder = TinyPolicy.write(dir, TinyPolicy.POLICY, TinyPolicy.PASSING_CASE, TinyPolicy.FAILING_CASE);
        Cli.Run r = Cli.run("test", folder.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("✗ 期望金额写错的用例应当失败", "5 passed, 1 failed");
    }
}

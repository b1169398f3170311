package org.ipaward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A malformed policy passed with {@code -p} stops every command with exit 2, naming file and line. */
class PolicyErrorTests {
    @TempDir
    Path dir;

    /** An unquoted comma in a flow mapping: the loader refuses the stray field on line 5. */
    private Path broken() throws Exception {
        String bad = TinyPolicy.POLICY.replace("en: Tiny District}", "en: Tiny District, Nowhere}");
        return TinyPolicy.write(dir, bad);
    }

    @Test
    void policiesCommandNamesFileAndLine() throws Exception {
        Path folder = broken();
        Cli.Run r = Cli.run("policies", "-p", folder.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(folder.resolve("policy.yaml") + ":5:", "Nowhere", "[yaml.unknown-field]");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void calcNamesFileAndLineOfThePolicy() throws Exception {
        Path folder = broken();
        Path input = dir.resolve("in.json");
        Files.writeString(
                input,
                "{\"subject\":{\"kind\":\"enterprise\"},\"claims\":[{\"measure\":\"TINY-title\",\"year\":2025}]}");
        Cli.Run r = Cli.run("calc", "-i", input.toString(), "-p", folder.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("policy.yaml:5:");
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() throws Exception {
        Path folder = TinyPolicy.write(dir, TinyPolicy.POLICY.replace("  status: in_force", "  status: [in_force"));
        Cli.Run r = Cli.run("policies", "-p", folder.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("policy.yaml:", "[yaml.syntax]");
    }

    @Test
    void missingPolicyFolderIsOneLine() {
        Cli.Run r = Cli.run("policies", "-p", dir.resolve("nope").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("nope", "[policy.not-found]");
    }
}

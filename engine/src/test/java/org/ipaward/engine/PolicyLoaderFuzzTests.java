package org.ipaward.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * No YAML text, however broken, makes the loader throw anything but a {@link PolicyException} whose problems have
 * keys. Without {@code JAZZER_FUZZ=1} the fuzz test runs its seeds under
 * {@code src/test/resources/org/ipaward/engine/PolicyLoaderFuzzTestsInputs/}; with it, Jazzer looks for new inputs.
 * {@link PolicyLoaderTests} checks the same over seeded random edits of real policies.
 */
class PolicyLoaderFuzzTests {

    @FuzzTest(maxDuration = "30s")
    void shouldOnlyThrowPolicyExceptionForAnyYaml(byte[] data) {
        parseOrRefuse(new String(data, StandardCharsets.UTF_8), "fuzz input");
    }

    /** Parses the text; a refusal must be a {@link PolicyException} with keyed problems, anything else fails. */
    static void parseOrRefuse(String yaml, String what) {
        try {
            PolicyLoader.parse(yaml, "fuzz.yaml");
        } catch (PolicyException e) {
            assertThat(e.problems()).as(what).isNotEmpty();
            e.problems().forEach(p -> {
                assertThat(p.key()).as("%s: %s", what, p).isNotBlank();
                assertThat(p.file()).as(what).isEqualTo("fuzz.yaml");
            });
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("PolicyLoader.parse threw " + e + " for " + what + ":\n" + yaml, e);
        }
    }

    private static final List<String> JUNK = List.of(
            "",
            " ",
            "~",
            "null",
            "[",
            "]",
            "{",
            "}",
            "- ",
            ": ",
            "&a ",
            "*a",
            "!!binary",
            "!!map",
            "'",
            "\"",
            "#",
            "|",
            ">",
            "? ",
            ",",
            "%YAML 1.2",
            "---",
            "...",
            "\t",
            "１２３",
            "1e999999999",
            "-1",
            "2025-02-30",
            "true",
            "关联",
            "{zh: \"\"}",
            "[[x]]",
            "{a: b, a: c}",
            "kind: none",
            "kind: steps",
            "when: x >",
            "amount: lookup(",
            "per: [x]",
            "&b [*b]",
            "<<: *a");

    /** A few random edits: lines deleted, doubled, swapped, re-indented, cut, or junk inserted. */
    static String mutate(String text, Random r) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && !lines.isEmpty(); e++) {
            int i = r.nextInt(lines.size());
            String line = lines.get(i);
            switch (r.nextInt(8)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, line);
                case 2 -> {
                    int j = r.nextInt(lines.size());
                    lines.set(i, lines.get(j));
                    lines.set(j, line);
                }
                case 3 ->
                    lines.set(i, (r.nextBoolean() ? "  " : "") + line.substring(Math.min(line.length(), r.nextInt(3))));
                case 4 -> lines.set(i, line.substring(0, r.nextInt(line.length() + 1)));
                case 5 -> {
                    int at = r.nextInt(line.length() + 1);
                    lines.set(i, line.substring(0, at) + JUNK.get(r.nextInt(JUNK.size())) + line.substring(at));
                }
                case 6 -> {
                    int colon = line.indexOf(": ");
                    if (colon > 0) {
                        lines.set(i, line.substring(0, colon + 2) + JUNK.get(r.nextInt(JUNK.size())));
                    }
                }
                default -> {
                    while (lines.size() > i + 1 && r.nextInt(4) > 0) {
                        lines.remove(lines.size() - 1);
                    }
                }
            }
        }
        return String.join("\n", lines);
    }
}

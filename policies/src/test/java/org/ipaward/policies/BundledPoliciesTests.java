package org.ipaward.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ipaward.engine.PolicyException;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.testing.CaseRunner;
import org.ipaward.engine.testing.PolicyCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundled policy loads, passes all its cases with full clause coverage, and encodes every measure of the
 * checklist {@code shared/MEASURES.md} with a clause and a quote found verbatim in its seed text. The working
 * directory is {@code policies/}; {@code shared/} lies beside the repository, as in CI.
 */
class BundledPoliciesTests {
    private static final Path POLICIES = Path.of(".");
    private static final Path SHARED = Path.of("..", "..", "shared");
    private static final Path MEASURES = SHARED.resolve("MEASURES.md");
    private static final Path SEEDS = SHARED.resolve("seeds");

    /** The policy folders: every folder here with a {@code policy.yaml}. */
    static List<Path> policyFolders() throws IOException {
        try (Stream<Path> s = Files.list(POLICIES)) {
            List<Path> folders = s.filter(d -> Files.isRegularFile(d.resolve(PolicyLoader.POLICY_FILE)))
                    .sorted()
                    .toList();
            assertThat(folders)
                    .as("policy folders under " + POLICIES.toAbsolutePath().normalize())
                    .isNotEmpty();
            return folders;
        }
    }

    private static List<Policy> load(List<Path> paths) {
        try {
            return PolicyLoader.load(paths);
        } catch (PolicyException e) {
            return fail("The policy does not load:\n" + e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policyFolders")
    void shouldPassEveryCaseAndCoverEveryClause(Path folder) {
        Policy policy = load(List.of(folder)).get(0);
        List<PolicyCase> cases;
        try {
            cases = CaseRunner.readCases(policy, CaseRunner.caseFiles(folder.resolve(PolicyLoader.POLICY_FILE)));
        } catch (PolicyException e) {
            fail("The cases of " + policy.id() + " do not read:\n" + e.getMessage());
            return;
        }
        CaseRunner.Report report = CaseRunner.run(new Calculator(List.of(policy)), policy, cases);

        List<String> problems = new ArrayList<>();
        if (cases.isEmpty()) {
            problems.add("no cases in " + folder.resolve("cases"));
        }
        for (CaseRunner.CaseResult c : report.cases()) {
            if (!c.passed()) {
                problems.add("case " + c.file() + ":" + c.line() + " “" + c.name() + "”:\n      "
                        + String.join("\n      ", c.failures()));
            }
        }
        for (String gap : report.uncovered()) {
            problems.add("coverage gap: " + gap);
        }
        assertThat(problems)
                .as(
                        "%s: %d of %d cases pass, coverage %d%%; failing cases and coverage gaps",
                        policy.id(), report.passed(), report.cases().size(), report.coveragePercent())
                .isEmpty();
    }

    /** The ids in the first column of the checklist's tables, in order. */
    static List<String> checklistIds(String markdown) {
        List<String> ids = new ArrayList<>();
        Pattern row = Pattern.compile("^\\|\\s*`?([^|`]+?)`?\\s*\\|");
        for (String line : markdown.split("\n")) {
            Matcher m = row.matcher(line.strip());
            if (m.find()) {
                String id = m.group(1).strip();
                if (!id.equals("id") && !id.matches("-+|:?-+:?")) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    static String withoutWhitespace(String s) {
        return s.replaceAll("[\\s\\u00A0\\u3000\\uFEFF]+", "");
    }

    @Test
    void shouldEncodeEveryMeasureOfTheChecklistWithAQuoteFromItsSeed() throws IOException {
        if (!Files.isRegularFile(MEASURES)) {
            fail(MEASURES.toAbsolutePath().normalize()
                    + " is missing: the checklist of measures must lie in shared/ beside"
                    + " the repository (CI clones it there)");
        }
        List<String> ids = checklistIds(Files.readString(MEASURES, StandardCharsets.UTF_8));
        assertThat(ids).as("measure ids in " + MEASURES).hasSizeGreaterThan(10).doesNotHaveDuplicates();

        Map<String, Policy> policyOf = new LinkedHashMap<>();
        Map<String, Measure> measures = new LinkedHashMap<>();
        for (Policy p : load(List.of(POLICIES))) {
            for (Measure m : p.measures()) {
                policyOf.put(m.id(), p);
                measures.put(m.id(), m);
            }
        }
        Map<String, String> seeds = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String id : ids) {
            Measure m = measures.get(id);
            if (m == null) {
                problems.add(id + ": no measure with this id in the bundled policies");
                continue;
            }
            if (m.clause() == null || m.clause().isBlank()) {
                problems.add(id + ": clause is blank");
            }
            if (m.quote() == null || m.quote().isBlank()) {
                problems.add(id + ": quote is blank");
                continue;
            }
            Policy p = policyOf.get(id);
            String seed = seedOf(p, seeds, problems);
            if (seed != null && !seed.contains(withoutWhitespace(m.quote()))) {
                problems.add(id + ": quote not found verbatim in " + (p.source() == null ? "any seed" : p.source())
                        + ": " + m.quote());
            }
        }
        assertThat(problems)
                .as("checklist %s against the bundled policies", MEASURES)
                .isEmpty();
    }

    /**
     * The seed text a policy encodes, without whitespace: the file its {@code source} names, or all seeds together
     * when it names none. Reports a missing file.
     */
    private static String seedOf(Policy p, Map<String, String> cache, List<String> problems) throws IOException {
        String key = p.source() == null ? "*" : p.source();
        if (!cache.containsKey(key)) {
            StringBuilder text = new StringBuilder();
            if (p.source() != null) {
                Path f = SEEDS.resolve(p.source());
                if (Files.isRegularFile(f)) {
                    text.append(Files.readString(f, StandardCharsets.UTF_8));
                } else {
                    problems.add(p.id() + ": source " + f.toAbsolutePath().normalize() + " is missing");
                    cache.put(key, null);
                    return null;
                }
            } else {
                try (Stream<Path> s = Files.list(SEEDS)) {
                    for (Path f : s.filter(f -> f.toString().endsWith(".txt"))
                            .sorted()
                            .toList()) {
                        text.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
                    }
                }
            }
            cache.put(key, withoutWhitespace(text.toString()));
        }
        return cache.get(key);
    }

    @Test
    void shouldReadTheChecklistsFirstColumn() {
        String md =
                """
                | id | clause | rule |
                |---|---|---|
                | PG-patent-award | 三(一) | gold 500,000 |
                | `JD-high-value` | 2 | ≥10 → 200,000 |
                Scope: text with | a pipe inside
                """;

        assertThat(checklistIds(md)).containsExactly("PG-patent-award", "JD-high-value");
        assertThat(withoutWhitespace(" 金奖 每项\n奖励\u300050万元 ")).isEqualTo("金奖每项奖励50万元");
    }
}

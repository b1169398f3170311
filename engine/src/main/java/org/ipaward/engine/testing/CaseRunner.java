package org.ipaward.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.ipaward.engine.InputException;
import org.ipaward.engine.PolicyException;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.calc.CapResult;
import org.ipaward.engine.calc.Check;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.model.AwardRule;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;

/**
 * Runs a policy's cases and measures clause coverage: every measure has a case, every tier or step is
 * chosen, every cap binds, every condition fails, and every interpretation switch is overridden somewhere.
 */
public final class CaseRunner {
    /** The outcome of one case. */
    public record CaseResult(String file, int line, String name, boolean passed, List<String> failures) {}

    /** The outcome of a policy's cases, with what coverage still lacks. */
    public record Report(String policy, List<CaseResult> cases, Set<String> required, Set<String> uncovered) {
        public long passed() {
            return cases.stream().filter(CaseResult::passed).count();
        }

        public boolean ok() {
            return passed() == cases.size() && uncovered.isEmpty() && !cases.isEmpty();
        }

        public int coveragePercent() {
            return required.isEmpty() ? 100 : (int) ((required.size() - uncovered.size()) * 100L / required.size());
        }
    }

    private CaseRunner() {}

    /** The case files in {@code cases/} beside a policy file. */
    public static List<Path> caseFiles(Path policyFile) {
        Path dir = policyFile.toAbsolutePath().getParent().resolve("cases");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Reads the case files; problems in any of them are thrown together. */
    public static List<PolicyCase> readCases(Policy policy, List<Path> files) {
        List<PolicyCase> out = new ArrayList<>();
        List<org.ipaward.engine.Problem> problems = new ArrayList<>();
        for (Path f : files) {
            try {
                out.addAll(CaseReader.read(Files.readString(f, StandardCharsets.UTF_8), f.toString(), policy.id()));
            } catch (PolicyException e) {
                problems.addAll(e.problems());
            } catch (IOException e) {
                problems.add(new org.ipaward.engine.Problem(
                        f.toString(), 0, null, null, "case.unreadable", "无法读取用例文件", "cannot read"));
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        return out;
    }

    public static Report run(Calculator calculator, Policy policy, List<PolicyCase> cases) {
        Set<String> required = required(policy);
        Set<String> covered = new LinkedHashSet<>();
        List<CaseResult> results = new ArrayList<>();
        for (PolicyCase c : cases) {
            List<String> failures = new ArrayList<>();
            c.request().parameterOverrides().keySet().forEach(p -> covered.add("switch:" + p));
            for (org.ipaward.engine.calc.LedgerEntry e : c.ledger()) {
                // A misspelt ledger entry would silently miss every cap scope: a case error, not a pass.
                Policy lp = calculator.policy(e.policy());
                if (lp == null || lp.measure(e.measure()) == null) {
                    failures.add("台账记录的政策或措施不存在：" + e.policy() + " / " + e.measure() + " [ledger.unknown-measure]");
                }
            }
            try {
                List<ClaimResult> rs = calculator.calculate(c.request()).results();
                for (int i = 0; i < rs.size() && i < c.expect().size(); i++) {
                    ClaimResult r = rs.get(i);
                    compare(i, r, c.expect().get(i), failures);
                    cover(r, covered);
                }
            } catch (InputException e) {
                failures.add("输入无效：" + e.getMessage());
            }
            results.add(new CaseResult(c.file(), c.line(), c.name(), failures.isEmpty(), failures));
        }
        Set<String> uncovered = new LinkedHashSet<>(required);
        uncovered.removeAll(covered);
        return new Report(policy.id(), results, required, uncovered);
    }

    private static void compare(int i, ClaimResult r, PolicyCase.Expectation e, List<String> failures) {
        String at = "claims[" + i + "] " + r.measure() + ": ";
        if (e.status() != null && !e.status().equals(r.status().id())) {
            failures.add(at + "status 期望 " + e.status() + "，实际 " + r.status().id() + why(r));
        }
        if (e.amount() != null && (r.amount() == null || r.amount().compareTo(e.amount()) != 0)) {
            failures.add(at + "amount 期望 " + e.amount().toPlainString() + "，实际 "
                    + (r.amount() == null ? "无" : r.amount().toPlainString()) + why(r));
        }
        if (e.failed() != null) {
            Set<String> actual = new LinkedHashSet<>();
            r.failed().forEach(c -> actual.add(c.id()));
            if (!actual.equals(new LinkedHashSet<>(e.failed()))) {
                failures.add(at + "failed 期望 " + e.failed() + "，实际 " + actual);
            }
        }
        if (e.missing() != null) {
            Set<String> actual = new LinkedHashSet<>(r.missingFacts());
            actual.addAll(r.missingMaterials());
            if (!actual.equals(new LinkedHashSet<>(e.missing()))) {
                failures.add(at + "missing 期望 " + e.missing() + "，实际 " + actual);
            }
        }
        if (e.tier() != null && !e.tier().equals(r.tier())) {
            failures.add(at + "tier 期望 " + e.tier() + "，实际 " + r.tier());
        }
    }

    private static String why(ClaimResult r) {
        List<String> parts = new ArrayList<>();
        r.failed().forEach(c -> parts.add(c.id()));
        parts.addAll(r.missingFacts());
        return parts.isEmpty() ? "" : "（" + String.join(", ", parts) + "）";
    }

    private static void cover(ClaimResult r, Set<String> covered) {
        covered.add("measure:" + r.measure());
        if (r.tier() != null) {
            covered.add("tier:" + r.measure() + "/" + r.tier());
        }
        for (CapResult c : r.caps()) {
            if (c.bound()) {
                covered.add("cap:" + r.measure() + "/" + c.id());
            }
        }
        for (Check c : r.checks()) {
            if (c.outcome() == Check.Outcome.FAIL) {
                covered.add("condition:" + r.measure() + "/" + c.id());
                covered.add("condition:" + c.id());
            }
        }
    }

    /** What full coverage of a policy means. Built-in conditions count once per policy. */
    public static Set<String> required(Policy p) {
        Set<String> req = new LinkedHashSet<>();
        boolean anyRights = false;
        boolean anyNarrowKinds = false;
        for (Measure m : p.measures()) {
            req.add("measure:" + m.id());
            if (m.award() instanceof AwardRule.Tiers t) {
                t.tiers().forEach(x -> req.add("tier:" + m.id() + "/" + x.id()));
            }
            if (m.award() instanceof AwardRule.Steps s) {
                s.steps().forEach(x -> req.add("tier:" + m.id() + "/" + x.id()));
            }
            m.caps().forEach(c -> req.add("cap:" + m.id() + "/" + c.id()));
            m.conditions().forEach(c -> req.add("condition:" + m.id() + "/" + c.id()));
            if (m.indicator()) {
                req.add("condition:" + m.id() + "/measure.indicator");
            }
            anyRights |= m.rightKinds() != null;
            anyNarrowKinds |= !m.subjects().containsAll(EnumSet.allOf(SubjectKind.class));
            m.interpretations().forEach(i -> req.add("switch:" + i.parameter()));
        }
        p.interpretations().forEach(i -> req.add("switch:" + i.parameter()));
        if (!p.adjustments().isEmpty()) {
            p.adjustments().forEach(a -> req.add("condition:adjustment." + a.id()));
        }
        req.add("condition:policy.period");
        if (p.matterYearOffset() != null) {
            req.add("condition:policy.matter-year");
        }
        if (anyNarrowKinds) {
            req.add("condition:applicants.kind");
        }
        if (!p.applicants().region().isEmpty()) {
            req.add("condition:applicants.region");
        }
        if (anyRights) {
            req.add("condition:applicants.ip-kind");
            if (p.applicants().firstRightsHolderOnly()) {
                req.add("condition:applicants.first-rights-holder");
            }
        }
        if (p.stacking() != null) {
            req.add("switch:" + p.stacking().matchReadingParameter());
        }
        return req;
    }

    /** Summaries for a report: each requirement with whether it is covered. */
    public static Map<String, Boolean> coverageTable(Report r) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        r.required().forEach(k -> out.put(k, !r.uncovered().contains(k)));
        return out;
    }
}

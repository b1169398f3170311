package org.ipaward.engine.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ipaward.engine.BundledPolicies;
import org.ipaward.engine.InputException;
import org.ipaward.engine.Problem;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.engine.testing.PolicyCase;
import org.junit.jupiter.api.Test;

/**
 * A prepared request ({@link Calculator#prepare}) decides exactly as the raw request does ({@link
 * Calculator#decide(CalculationRequest)}) — the same decisions, and for a request that is not valid the same
 * refusal with the same problems — on every case of the bundled policies, on generated claims (valid, at the
 * boundaries, missing facts, against ledgers and switches, several per request), on anything at all, at Jindong
 * 二.1's thresholds, against a ledger that grows between decisions, and from several threads at once.
 */
class PreparedRequestTests {
    private static final long SEED = 20261125L;

    /**
     * Asserts that the prepared request decides as the raw one and as the full path ({@link Calculator#calculate})
     * does (twice: a prepared request is decided again and again), or that preparing refuses it with the problems
     * deciding it raw gives; returns the decisions, or {@code null} when refused.
     */
    static List<Decision> assertSame(Calculator calc, CalculationRequest request, String where) {
        List<Decision> raw;
        try {
            raw = calc.decide(request);
        } catch (InputException e) {
            List<Problem> problems = e.problems();
            assertThatThrownBy(() -> calc.prepare(request))
                    .as(where)
                    .isInstanceOfSatisfying(
                            InputException.class, f -> assertThat(f.problems()).isEqualTo(problems));
            return null;
        }
        PreparedRequest prepared = calc.prepare(request);
        assertThat(prepared.request()).isSameAs(request);
        assertThat(prepared.size()).isEqualTo(request.claims().size());
        assertThat(calc.decide(prepared)).as(where).isEqualTo(raw);
        List<ClaimResult> full = calc.calculate(request).results();
        for (int i = 0; i < full.size(); i++) {
            assertThat(raw.get(i))
                    .as(where + ", full path, claim " + i)
                    .isEqualTo(DecisionPathTests.expected(full.get(i)));
        }
        assertThat(calc.decide(prepared)).as(where + ", again").isEqualTo(raw);
        return raw;
    }

    /** The subject with some of its regions not stated (then the region check may be unknown). */
    private static Subject withoutSomeRegions(Choices c, Subject s) {
        return new Subject(
                s.id(),
                s.name(),
                s.kind(),
                c.chance(70) ? null : s.registeredRegion(),
                c.chance(70) ? null : s.householdRegion(),
                c.chance(70) ? List.of() : s.servedRegions(),
                s.muGrade());
    }

    private static void tally(List<Decision> decisions, Map<Status, Integer> seen) {
        if (decisions != null) {
            decisions.forEach(d -> seen.merge(d.status(), 1, Integer::sum));
        }
    }

    @Test
    void shouldDecideEveryPolicyCaseAsTheRawRequest() throws Exception {
        Calculator calc = new Calculator(BundledPolicies.get());
        int cases = 0;
        for (PolicyCase c : Generators.bundledCases()) {
            assertSame(calc, c.request(), c.file() + ":" + c.line() + " " + c.name());
            cases++;
        }
        assertThat(cases).as("policy cases").isGreaterThan(50);
    }

    @Test
    void shouldDecideGeneratedClaimsAsTheRawRequest() {
        // Valid facts with some left out (then undetermined, by the generic evaluation), boundary values and numbers
        // past a long (Generators.edgeFacts), one claim or several, ledgers, switches as parameter overrides.
        List<Policy> policies = BundledPolicies.get();
        Calculator calc = new Calculator(policies);
        Map<Status, Integer> seen = new HashMap<>();
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            long seed = SEED + i;
            Choices c = Choices.of(new Random(seed));
            Policy p = c.pick(policies);
            int year = Generators.matterYear(c, p);
            Measure first = c.pick(p.measures());
            List<Claim> claims = new ArrayList<>();
            int n = c.chance(60) ? 1 : 2 + c.below(3);
            boolean edges = i % 2 == 1;
            for (int k = 0; k < n; k++) {
                Measure m = k == 0 || c.chance(50) ? first : c.pick(p.measures());
                claims.add(new Claim(
                        c.chance(50) ? "c" + k : null,
                        p.id(),
                        m.id(),
                        year,
                        edges ? Generators.edgeFacts(c, m, 5) : Generators.facts(c, m, 5),
                        c.chance(20) ? List.of() : c.chance(10) ? new ArrayList<>(m.materials()) : null,
                        null));
            }
            CalculationRequest request = new CalculationRequest(
                    Generators.asOf(c, p, year),
                    c.chance(15)
                            ? withoutSomeRegions(c, Generators.subject(c, p, first, "S1"))
                            : Generators.subject(c, p, first, "S1"),
                    claims,
                    Ledger.of(Generators.ledger(c, p, p.measures(), "S1", year, c.below(5))),
                    c.chance(20) ? Generators.switches(c, p) : Map.of(),
                    c.chance(50));
            List<Decision> d = assertSame(calc, request, "seed " + seed);
            refused += d == null ? 1 : 0;
            tally(d, seen);
        }
        assertThat(seen).as("statuses decided").containsKeys(Status.values());
        assertThat(seen.get(Status.ELIGIBLE)).isGreaterThan(1000);
        assertThat(seen.get(Status.NOT_ELIGIBLE)).isGreaterThan(300);
        assertThat(seen.get(Status.UNDETERMINED)).isGreaterThan(100);
        assertThat(refused).as("refused alike").isLessThan(1500);
    }

    @Test
    void shouldDecideAnyRequestAsTheRawRequestOrRefuseItAlike() {
        List<Policy> policies = BundledPolicies.get();
        Calculator calc = new Calculator(policies);
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            long seed = SEED * 31 + i;
            if (assertSame(calc, Generators.anyRequest(Choices.of(new Random(seed)), policies), "seed " + seed)
                    == null) {
                refused++;
            }
        }
        assertThat(refused).as("refused alike").isBetween(300, 2900);
    }

    @Test
    void shouldRefuseNoRequestAsDecidingDoes() {
        Calculator calc = new Calculator(BundledPolicies.get());
        assertSame(calc, null, "no request");
    }

    // ---------------------------------------------------------------- Jindong 二.1 at its boundaries

    private static Decision decideIntensive(Calculator calc, Map<String, Object> facts, String grade) {
        return assertSame(calc, Generators.intensiveRequest(facts, grade), facts + " " + grade)
                .get(0);
    }

    @Test
    void shouldDecideThePatentIntensiveTiersAtTheirBoundariesAsTheTextSays() {
        Calculator calc = new Calculator(BundledPolicies.get());
        String s = "5000000";
        String rev = "8000000";
        String share = "1600000"; // exactly 20%
        // 10 patents and 5 more than last year is tier 1; 9, or 4 more, is not.
        assertThat(decideIntensive(calc, Generators.intensiveFacts(10, 5, s, rev, share, "100"), "A")
                        .amount())
                .isEqualByComparingTo("120000");
        assertThat(decideIntensive(calc, Generators.intensiveFacts(9, 4, s, rev, share, "100"), "A")
                        .amount())
                .isEqualByComparingTo("80000");
        assertThat(decideIntensive(calc, Generators.intensiveFacts(10, 6, s, rev, share, "100"), "A")
                        .amount())
                .isEqualByComparingTo("80000");
        assertThat(decideIntensive(calc, Generators.intensiveFacts(3, 1, s, rev, share, "100"), "C")
                        .amount())
                .isEqualByComparingTo("25000");
        assertThat(decideIntensive(calc, Generators.intensiveFacts(3, 2, s, rev, share, "100"), "A")
                        .failed())
                .isEqualTo("award.no-tier");
        // Exactly 20% passes, one 分 less does not.
        assertThat(decideIntensive(calc, Generators.intensiveFacts(10, 5, s, rev, "1599999.99", "100"), "A")
                        .failed())
                .isEqualTo("patent-product-share");
        // 5,000,000.00 passes, 4,999,999.99 does not.
        assertThat(decideIntensive(calc, Generators.intensiveFacts(10, 5, "5000000.00", rev, share, "100"), "A")
                        .status())
                .isEqualTo(Status.ELIGIBLE);
        assertThat(decideIntensive(calc, Generators.intensiveFacts(10, 5, "4999999.99", rev, share, "100"), "A")
                        .failed())
                .isEqualTo("sales");
        // Counts past a long's comfortable range: the same tier.
        assertThat(decideIntensive(
                                calc,
                                Generators.intensiveFacts(
                                        new BigDecimal("999999999999999999"),
                                        new BigDecimal("999999999999999994"),
                                        s,
                                        rev,
                                        share,
                                        "100"),
                                "B")
                        .amount())
                .isEqualByComparingTo("120000");
        // A grade of D withholds the award; a grade the table does not know leaves it to the generic evaluation.
        assertThat(decideIntensive(calc, Generators.intensiveFacts(10, 5, s, rev, share, "100"), "D")
                        .status())
                .isEqualTo(Status.NOT_ELIGIBLE);
        decideIntensive(calc, Generators.intensiveFacts(10, 5, s, rev, share, "100"), "Z");
        decideIntensive(calc, Generators.intensiveFacts(10, 5, s, rev, share, "100"), null);
    }

    @Test
    void shouldLeaveAClaimWithAMissingFactUndeterminedAsTheRawRequestDoes() {
        Calculator calc = new Calculator(BundledPolicies.get());
        Map<String, Object> facts = Generators.intensiveFacts(10, 5, "5000000", "8000000", "1600000", "100");
        facts.remove("total_revenue");
        Decision d = decideIntensive(calc, facts, "A");
        assertThat(d.status()).isEqualTo(Status.UNDETERMINED);
        // Stated as null: the same.
        facts.put("total_revenue", null);
        assertThat(decideIntensive(calc, facts, "A")).isEqualTo(d);
    }

    @Test
    void shouldRefuseAnInvalidFactWithTheProblemsDecidingGives() {
        Calculator calc = new Calculator(BundledPolicies.get());
        for (Object bad : new Object[] {new BigDecimal("-1"), new BigDecimal("1.001"), "lots", true, List.of(1)}) {
            Map<String, Object> facts = Generators.intensiveFacts(10, 5, "5000000", "8000000", "1600000", "100");
            facts.put("annual_sales", bad);
            assertThat(assertSame(calc, Generators.intensiveRequest(facts, "A"), "annual_sales " + bad))
                    .as("refused: " + bad)
                    .isNull();
        }
        // A number with a negative scale is accepted alike (1E+7 is 10,000,000).
        Map<String, Object> large = Generators.intensiveFacts(10, 5, "5000000", "8000000", "1600000", "100");
        large.put("annual_sales", new BigDecimal("1E+7"));
        assertThat(assertSame(calc, Generators.intensiveRequest(large, "A"), "1E+7")
                        .get(0)
                        .status())
                .isEqualTo(Status.ELIGIBLE);
        Map<String, Object> facts = Generators.intensiveFacts(10, 5, "5000000", "8000000", "1600000", "100");
        facts.put("no_such_fact", 1);
        CalculationRequest r = Generators.intensiveRequest(facts, "A");
        assertThat(assertSame(calc, r, "unknown fact")).isNull();
        InputException e =
                org.assertj.core.api.Assertions.catchThrowableOfType(() -> calc.prepare(r), InputException.class);
        assertThat(e.problems()).extracting(Problem::key).containsExactly("claim.unknown-fact");
    }

    @Test
    void shouldDecideAgainstTheLedgerAsItIsWhenDeciding() {
        // Pinggu's pledge subsidy has a yearly cap of 300,000 per subject: a prepared claim decided against an
        // in-memory ledger that grows between decisions sees each award added, as the raw request does.
        Calculator calc = new Calculator(BundledPolicies.get());
        MemoryLedger ledger = Ledger.indexed();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("right_kind", "patent");
        facts.put("first_rights_holder", true);
        facts.put("bank_loan", true);
        facts.put("loan_interest", new BigDecimal("250000"));
        CalculationRequest r = new CalculationRequest(
                LocalDate.of(2026, 3, 1),
                new Subject("S", null, SubjectKind.ENTERPRISE, "110117", null, List.of(), null),
                List.of(new Claim("loan", "pinggu-2025", "PG-pledge", 2025, facts, null, null)),
                ledger,
                Map.of(),
                false);
        PreparedRequest prepared = calc.prepare(r);
        List<BigDecimal> amounts = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            Decision d = calc.decide(prepared).get(0);
            assertThat(d).as("round " + round).isEqualTo(calc.decide(r).get(0));
            amounts.add(d.amount());
            if (d.status() == Status.ELIGIBLE) {
                ledger.add(d.ledgerEntry());
            }
        }
        assertThat(amounts)
                .containsExactly(
                        new BigDecimal("125000.00"), new BigDecimal("125000.00"), new BigDecimal("50000.00"), null);
        assertThat(calc.decide(prepared).get(0).failed()).isEqualTo("cap.per-year");
    }

    @Test
    void shouldDecideAgainstAnotherLedgerAsTheRawRequestWithIt() {
        // Generated requests, each prepared once and decided against no ledger and three of earlier awards of its
        // measure (caps then cut or deny some).
        List<Policy> policies = BundledPolicies.get();
        Calculator calc = new Calculator(policies);
        int decided = 0;
        int changed = 0;
        for (int i = 0; i < 600; i++) {
            long seed = SEED * 7 + i;
            Choices c = Choices.of(new Random(seed));
            Policy p = c.pick(policies);
            int year = Generators.matterYear(c, p);
            Measure m = c.pick(p.measures());
            List<Claim> claims = new ArrayList<>();
            for (int k = 0, n = 1 + c.below(3); k < n; k++) {
                claims.add(new Claim(null, p.id(), m.id(), year, Generators.facts(c, m, 5), null, null));
            }
            CalculationRequest r = new CalculationRequest(
                    Generators.asOf(c, p, year),
                    Generators.subject(c, p, m, "S1"),
                    claims,
                    Ledger.EMPTY,
                    Map.of(),
                    false);
            PreparedRequest prepared;
            try {
                prepared = calc.prepare(r);
            } catch (InputException e) {
                continue;
            }
            for (int l = 0; l < 4; l++) {
                Ledger ledger =
                        l == 0 ? null : Ledger.of(Generators.ledger(c, p, List.of(m), "S1", year, 1 + c.below(5)));
                CalculationRequest raw = new CalculationRequest(
                        r.asOf(), r.subject(), r.claims(), ledger, r.parameterOverrides(), r.explain());
                PreparedRequest other = prepared.withLedger(ledger);
                assertThat(other.request().ledger()).isSameAs(raw.ledger() == Ledger.EMPTY ? Ledger.EMPTY : ledger);
                List<Decision> d = calc.decide(other);
                assertThat(d).as("seed " + seed + ", ledger " + l).isEqualTo(calc.decide(raw));
                decided++;
                changed += d.equals(calc.decide(prepared)) ? 0 : 1;
            }
            // The prepared request itself is unchanged.
            assertThat(calc.decide(prepared)).isEqualTo(calc.decide(r));
        }
        assertThat(decided).isGreaterThan(1000);
        assertThat(changed).as("decisions another ledger changed").isGreaterThan(50);
    }

    @Test
    void shouldKeepTheFactsAndMaterialsAsPrepared() {
        Calculator calc = new Calculator(BundledPolicies.get());
        Map<String, Object> facts = Generators.intensiveFacts(10, 5, "5000000", "8000000", "1600000", "100");
        List<String> materials = new ArrayList<>(List.of(
                "subject_certificate", "certification_certificate", "patent_list", "audit_report", "training_records"));
        CalculationRequest r = new CalculationRequest(
                LocalDate.of(2024, 3, 1),
                new Subject("S", null, SubjectKind.ENTERPRISE, "330703", null, List.of(), "A"),
                List.of(new Claim(null, "jindong-2023", "JD-patent-intensive", 2023, facts, materials, null)),
                Ledger.EMPTY,
                Map.of(),
                false);
        PreparedRequest prepared = calc.prepare(r);
        List<Decision> before = calc.decide(prepared);
        assertThat(before.get(0).status()).isEqualTo(Status.ELIGIBLE);
        facts.put("annual_sales", new BigDecimal("1"));
        materials.clear();
        assertThat(calc.decide(prepared)).isEqualTo(before);
        assertThat(calc.decide(r).get(0).status()).isEqualTo(Status.NOT_ELIGIBLE);
    }

    @Test
    void shouldRefuseARequestPreparedByAnotherCalculator() {
        Calculator calc = new Calculator(BundledPolicies.get());
        PreparedRequest prepared = calc.prepare(Generators.intensiveRequest(
                Generators.intensiveFacts(10, 5, "5000000", "8000000", "1600000", "100"), "A"));
        Calculator other = new Calculator(BundledPolicies.get());
        assertThatThrownBy(() -> other.decide(prepared)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDecideAlikeFromSeveralThreads() throws Exception {
        List<Policy> policies = BundledPolicies.get();
        Calculator calc = new Calculator(policies);
        List<PreparedRequest> prepared = new ArrayList<>();
        List<List<Decision>> expected = new ArrayList<>();
        for (CalculationRequest r : Generators.acceptedRequests(calc, policies, SEED, 300)) {
            expected.add(calc.decide(r));
            prepared.add(calc.prepare(r));
        }
        SeveralThreads.decideAlike(prepared, calc::decide, expected);
    }
}

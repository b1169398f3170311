package org.ipaward.engine.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ipaward.engine.BundledPolicies;
import org.ipaward.engine.InputException;
import org.ipaward.engine.Problem;
import org.ipaward.engine.expr.EvalContext;
import org.ipaward.engine.expr.Expr;
import org.ipaward.engine.model.AwardRule;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.testing.PolicyCase;
import org.junit.jupiter.api.Test;

/**
 * {@link Calculator#decide} gives what {@link Calculator#calculate} gives — status, amount (value and scale),
 * the first failed check and the ledger entry — on every case of the bundled policies, on generated claims
 * (valid, at the boundaries, against ledgers and switches, several per request so caps carry over) and on
 * anything at all (then both refuse with the same problems); and from several threads at once.
 */
class DecisionPathTests {
    private static final long SEED = 20261124L;

    private static Calculator calculator() {
        return new Calculator(BundledPolicies.get());
    }

    /** Decides and calculates the request; asserts the same decisions, or the same refusal. */
    static void assertSame(Calculator calc, CalculationRequest request, String where) {
        List<Decision> decisions;
        try {
            decisions = calc.decide(request);
        } catch (InputException e) {
            List<Problem> problems = e.problems();
            assertThatThrownBy(() -> calc.calculate(request))
                    .as(where)
                    .isInstanceOfSatisfying(
                            InputException.class, f -> assertThat(f.problems()).isEqualTo(problems));
            return;
        }
        List<ClaimResult> results = calc.calculate(request).results();
        assertThat(decisions).as(where).hasSameSizeAs(results);
        for (int i = 0; i < results.size(); i++) {
            assertThat(decisions.get(i)).as(where + ", claim " + i).isEqualTo(expected(results.get(i)));
        }
    }

    /** What the decision path must give for a full result. */
    static Decision expected(ClaimResult r) {
        List<Check> failed = r.failed();
        return new Decision(
                r.claimId(),
                r.status(),
                r.amount(),
                r.status() == Status.NOT_ELIGIBLE ? failed.get(0).id() : null,
                r.ledgerEntry());
    }

    @Test
    void shouldDecideEveryPolicyCaseAsTheFullPathDoes() throws Exception {
        Calculator calc = calculator();
        int cases = 0;
        int denied = 0;
        for (PolicyCase c : Generators.bundledCases()) {
            assertSame(calc, c.request(), c.file() + ":" + c.line() + " " + c.name());
            // Explained or not, the decision is the same.
            CalculationRequest r = c.request();
            assertSame(
                    calc,
                    new CalculationRequest(
                            r.asOf(), r.subject(), r.claims(), r.ledger(), r.parameterOverrides(), !r.explain()),
                    c.file() + ":" + c.line() + " " + c.name() + " (explain flipped)");
            cases++;
            try {
                denied += (int) calc.decide(r).stream()
                        .filter(d -> d.status() == Status.NOT_ELIGIBLE)
                        .count();
            } catch (InputException e) {
                // a case about invalid input
            }
        }
        assertThat(cases).as("policy cases").isGreaterThan(50);
        assertThat(denied).as("denied claims among the cases").isGreaterThan(10);
    }

    @Test
    void shouldDecideGeneratedClaimsAsTheFullPathDoes() {
        List<Policy> policies = BundledPolicies.get();
        Calculator calc = new Calculator(policies);
        Map<Status, Integer> seen = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            long seed = SEED + i;
            Choices c = Choices.of(new Random(seed));
            Policy p = c.pick(policies);
            int year = Generators.matterYear(c, p);
            LocalDate asOf = Generators.asOf(c, p, year);
            Measure first = c.pick(p.measures());
            Subject subject = Generators.subject(c, p, first, "S1");
            // Several claims of one subject, so that earlier awards count against the caps of later ones.
            List<Claim> claims = new ArrayList<>();
            int n = 1 + c.below(4);
            for (int k = 0; k < n; k++) {
                Measure m = k == 0 || c.chance(50) ? first : c.pick(p.measures());
                claims.add(new Claim(
                        c.chance(50) ? "c" + k : null,
                        p.id(),
                        m.id(),
                        year,
                        Generators.facts(c, m, 5),
                        c.chance(20) ? List.of() : null,
                        null));
            }
            List<LedgerEntry> ledger = Generators.ledger(c, p, p.measures(), "S1", year, c.below(5));
            CalculationRequest request = new CalculationRequest(
                    asOf,
                    subject,
                    claims,
                    Ledger.of(ledger),
                    c.chance(30) ? Generators.switches(c, p) : Map.of(),
                    false);
            assertSame(calc, request, "seed " + seed);
            tally(calc, request, seen);
        }
        assertThat(seen).as("statuses decided").containsKeys(Status.values());
        assertThat(seen.get(Status.ELIGIBLE)).isGreaterThan(1000);
        assertThat(seen.get(Status.NOT_ELIGIBLE)).isGreaterThan(300);
    }

    /** Counts the request's decisions by status; generated facts may be refused (assertSame checked both paths alike). */
    private static void tally(Calculator calc, CalculationRequest request, Map<Status, Integer> seen) {
        try {
            for (Decision d : calc.decide(request)) {
                seen.merge(d.status(), 1, Integer::sum);
            }
        } catch (InputException e) {
            // refused alike by both paths
        }
    }

    @Test
    void shouldDecideClaimsAtTheEdgesAsTheFullPathDoes() {
        // Numbers at the rules' boundaries and past a long (Generators.edgeFacts), one claim per request (decided by
        // the measure's plan when plain) or several (the plan against the earlier claims' awards).
        List<Policy> policies = BundledPolicies.get();
        Calculator calc = new Calculator(policies);
        Map<Status, Integer> seen = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            long seed = SEED * 17 + i;
            Choices c = Choices.of(new Random(seed));
            Policy p = c.pick(policies);
            int year = Generators.matterYear(c, p);
            Measure first = c.pick(p.measures());
            List<Claim> claims = new ArrayList<>();
            int n = c.chance(60) ? 1 : 2 + c.below(3);
            for (int k = 0; k < n; k++) {
                Measure m = k == 0 || c.chance(50) ? first : c.pick(p.measures());
                claims.add(new Claim(null, p.id(), m.id(), year, Generators.edgeFacts(c, m, 3), null, null));
            }
            CalculationRequest request = new CalculationRequest(
                    Generators.asOf(c, p, year),
                    Generators.subject(c, p, first, "S1"),
                    claims,
                    Ledger.of(Generators.ledger(c, p, p.measures(), "S1", year, c.below(4))),
                    Map.of(),
                    false);
            assertSame(calc, request, "seed " + seed);
            tally(calc, request, seen);
        }
        assertThat(seen).as("statuses decided").containsKeys(Status.values());
        assertThat(seen.get(Status.ELIGIBLE)).isGreaterThan(800);
        assertThat(seen.get(Status.NOT_ELIGIBLE)).isGreaterThan(300);
    }

    @Test
    void shouldDecideAnyRequestAsTheFullPathDoesOrRefuseItAlike() {
        List<Policy> policies = BundledPolicies.get();
        Calculator calc = new Calculator(policies);
        for (int i = 0; i < 3000; i++) {
            long seed = SEED * 31 + i;
            assertSame(calc, Generators.anyRequest(Choices.of(new Random(seed)), policies), "seed " + seed);
        }
    }

    @Test
    void shouldDecideAlikeFromSeveralThreads() throws Exception {
        List<Policy> policies = BundledPolicies.get();
        Calculator calc = new Calculator(policies);
        List<CalculationRequest> requests = Generators.acceptedRequests(calc, policies, SEED, 400);
        List<List<Decision>> expected = new ArrayList<>();
        for (CalculationRequest r : requests) {
            expected.add(calc.decide(r));
        }
        SeveralThreads.decideAlike(requests, calc::decide, expected);
    }

    @Test
    void shouldReadBoundFactsAndParametersBySlot() {
        // Every fact and parameter reference of the bundled policies is bound to the slot the calculator uses:
        // evaluated against a context that answers only by slot, no reference falls back to a name.
        int references = 0;
        for (Policy p : BundledPolicies.get()) {
            ResolvedParameters.AtDate at = new ResolvedParameters(p).at(p.effectiveFrom());
            for (Measure m : p.measures()) {
                FactSlots slots = new FactSlots(m);
                BySlot ctx = new BySlot(slots, at);
                for (Expr e : expressions(m)) {
                    try {
                        e.eval(ctx);
                    } catch (RuntimeException ex) {
                        // a value the context does not give (a fact is always missing here): irrelevant
                    }
                }
                assertThat(ctx.unbound).as(p.id() + "/" + m.id()).isEmpty();
                references += ctx.reads;
            }
        }
        assertThat(references).isGreaterThan(50);
    }

    private static List<Expr> expressions(Measure m) {
        List<Expr> out = new ArrayList<>();
        m.conditions().forEach(c -> out.add(c.when()));
        for (Measure.Cap cap : m.caps()) {
            if (cap.amount() != null) {
                out.add(cap.amount());
            }
            if (cap.appliesWhen() != null) {
                out.add(cap.appliesWhen());
            }
        }
        AwardRule a = m.award();
        if (a instanceof AwardRule.Fixed f) {
            out.add(f.amount());
        } else if (a instanceof AwardRule.Rate r) {
            out.add(r.base());
            out.add(r.rate());
        } else if (a instanceof AwardRule.PerUnit u) {
            out.add(u.count());
            out.add(u.unitAmount());
        } else if (a instanceof AwardRule.Formula f) {
            out.add(f.amount());
        } else if (a instanceof AwardRule.Steps s) {
            out.add(s.on());
            s.steps().forEach(st -> out.add(st.amount()));
        } else if (a instanceof AwardRule.Tiers t) {
            t.tiers().forEach(tr -> {
                out.add(tr.when());
                out.add(tr.amount());
            });
        }
        return out;
    }

    /** Answers facts (always missing) and parameters by slot, and notes any reference read by name. */
    private static final class BySlot implements EvalContext {
        private final FactSlots slots;
        private final ResolvedParameters.AtDate at;
        final List<String> unbound = new ArrayList<>();
        int reads;

        BySlot(FactSlots slots, ResolvedParameters.AtDate at) {
            this.slots = slots;
            this.at = at;
        }

        @Override
        public Object fact(int slot, String name) {
            reads++;
            if (slot < 0 || slot != slots.slot(name)) {
                unbound.add("fact " + name + " at " + slot);
            }
            return null;
        }

        @Override
        public Object fact(String name) {
            unbound.add("fact " + name + " by name");
            return null;
        }

        @Override
        public Object parameter(int slot, String name) {
            reads++;
            Object v = at.get(slot, name);
            if (slot < 0 || v != at.get(name)) {
                unbound.add("parameter " + name + " at " + slot);
            }
            return v;
        }

        @Override
        public Object parameter(String name) {
            unbound.add("parameter " + name + " by name");
            return at.get(name);
        }

        @Override
        public Object parameterAt(String name, LocalDate date) {
            return at.get(name);
        }

        @Override
        public Object subject(String field) {
            return "A";
        }

        @Override
        public int claimYear() {
            return 2024;
        }
    }

    @Test
    void shouldNameTheFirstFailedCheckOfADenial() {
        Calculator calc = calculator();
        Map<String, Object> facts = new HashMap<>();
        facts.put("right_kind", "patent");
        facts.put("first_rights_holder", true);
        facts.put("bank_loan", false);
        facts.put("loan_interest", new BigDecimal("400000"));
        CalculationRequest r = new CalculationRequest(
                LocalDate.of(2026, 3, 1),
                new Subject("S", null, org.ipaward.engine.model.SubjectKind.ENTERPRISE, "110117", null, null, null),
                List.of(new Claim(null, "pinggu-2025", "PG-pledge", 2025, facts, null, null)),
                Ledger.EMPTY,
                Map.of(),
                false);
        Decision d = calc.decide(r).get(0);
        assertThat(d.status()).isEqualTo(Status.NOT_ELIGIBLE);
        assertThat(d.amount()).isNull();
        assertThat(d.ledgerEntry()).isNull();
        assertThat(d.failed())
                .isEqualTo(calc.calculate(r).results().get(0).failed().get(0).id());
    }
}

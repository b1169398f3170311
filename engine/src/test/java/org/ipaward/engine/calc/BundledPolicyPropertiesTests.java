package org.ipaward.engine.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.ipaward.engine.BundledPolicies;
import org.ipaward.engine.InputException;
import org.ipaward.engine.Problem;
import org.ipaward.engine.expr.Expr;
import org.ipaward.engine.model.AwardRule;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Measure.Cap;
import org.ipaward.engine.model.Measure.CapKind;
import org.ipaward.engine.model.Measure.Fact;
import org.ipaward.engine.model.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Properties of the real bundled policies over generated input: caps hold, awards rise with their base, sums per
 * cap scope stay within the cap over any sequence of claims, and nothing but an {@link InputException} escapes.
 * Each case has its own seed, named in any failure, so that it can be replayed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BundledPolicyPropertiesTests {
    private static final long SEED = 20250829L;

    private static Calculator calculator(List<Policy> policies) {
        return new Calculator(policies);
    }

    /** The awarding measures of every bundled policy, with their policy. */
    private static List<Object[]> measures(List<Policy> policies) {
        List<Object[]> out = new ArrayList<>();
        for (Policy p : policies) {
            for (Measure m : p.measures()) {
                if (!m.indicator()) {
                    out.add(new Object[] {p, m});
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- (a) caps hold

    @Test
    void shouldNeverAwardMoreThanAnAmountCapAllows() {
        List<Policy> policies = BundledPolicies.get();
        Calculator calc = calculator(policies);
        List<Object[]> measures = measures(policies);
        int eligible = 0;
        Set<String> bound = new TreeSet<>();
        for (int i = 0; i < 3000; i++) {
            long seed = SEED + i;
            Choices c = Choices.of(new Random(seed));
            Object[] pm = c.pick(measures);
            Policy p = (Policy) pm[0];
            Measure m = (Measure) pm[1];
            int year = Generators.matterYear(c, p);
            Subject subject = Generators.subject(c, p, m, "S1");
            Map<String, Object> facts = Generators.facts(c, m, 3);
            Map<String, Object> overrides = Generators.switches(c, p);
            List<LedgerEntry> ledger = Generators.ledger(c, p, poolMates(p, m), "S1", year, c.below(4));
            LocalDate asOf = Generators.asOf(c, p, year);
            Claim claim = new Claim("c", p.id(), m.id(), year, facts, null, null);

            ClaimResult r = calc.calculate(
                            new CalculationRequest(asOf, subject, List.of(claim), Ledger.of(ledger), overrides, false))
                    .results()
                    .get(0);
            if (r.status() != Status.ELIGIBLE) {
                continue;
            }
            eligible++;
            r.caps().stream().filter(CapResult::bound).forEach(cr -> bound.add(m.id() + "/" + cr.id()));
            Generators.Context ctx = new Generators.Context(p, subject, asOf, year, facts, overrides);
            String where =
                    "seed " + seed + ", " + m.id() + " " + facts + " ledger " + ledger + " overrides " + overrides;
            checkCaps(p, m, r, ctx, ledger, where);
        }
        assertThat(eligible).as("eligible generated claims").isGreaterThan(1000);
        assertThat(bound).as("caps seen binding").hasSizeGreaterThan(5);
    }

    /** Checks an eligible result against every cap of its measure, given the earlier awards {@code before}. */
    private static void checkCaps(
            Policy p, Measure m, ClaimResult r, Generators.Context ctx, List<LedgerEntry> before, String where) {
        assertThat(r.amount()).as(where).isNotNull();
        assertThat(r.amount().signum()).as("no negative award: " + where).isGreaterThanOrEqualTo(0);
        assertThat(r.amount().scale()).as(where).isEqualTo(p.rounding().scale());
        if (p.adjustments().stream().anyMatch(a -> a.stage() == Policy.Adjustment.Stage.AFTER_CAPS)) {
            return; // an adjustment after the caps may move the amount past them on purpose
        }
        for (Cap cap : m.caps()) {
            if (cap.appliesWhen() != null && !Boolean.TRUE.equals(ctx.eval(cap.appliesWhen()))) {
                continue;
            }
            List<LedgerEntry> inScope =
                    before.stream().filter(e -> inScope(p, cap, ctx, e)).toList();
            switch (cap.kind()) {
                case AMOUNT -> {
                    Object limit = ctx.eval(cap.amount());
                    assertThat(limit).as("cap %s limit: %s", cap.id(), where).isInstanceOf(BigDecimal.class);
                    BigDecimal used = !cap.scoped()
                            ? BigDecimal.ZERO
                            : inScope.stream().map(LedgerEntry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
                    BigDecimal room = ((BigDecimal) limit).subtract(used).max(BigDecimal.ZERO);
                    if (cap.scoped()) {
                        assertThat(room.signum())
                                .as("cap %s has no room left but the claim is eligible: %s", cap.id(), where)
                                .isPositive();
                    }
                    assertThat(r.amount())
                            .as("cap %s (limit %s, used %s): %s", cap.id(), limit, used, where)
                            .isLessThanOrEqualTo(room);
                }
                case ONCE ->
                    assertThat(inScope)
                            .as("once-only cap %s: %s", cap.id(), where)
                            .isEmpty();
                case YEARS -> {
                    Set<Integer> years = new TreeSet<>();
                    inScope.forEach(e -> years.add(e.year()));
                    assertThat(years.contains(ctx.year()) || years.size() < cap.years())
                            .as("years cap %s, years %s: %s", cap.id(), years, where)
                            .isTrue();
                }
            }
        }
    }

    /** Whether an earlier award counts against a cap for this claim: same policy, pooled measure, same scope. */
    private static boolean inScope(Policy p, Cap cap, Generators.Context ctx, LedgerEntry e) {
        if (!e.policy().equals(p.id()) || !cap.pool().contains(e.measure())) {
            return false;
        }
        for (String d : cap.per()) {
            boolean same =
                    switch (d) {
                        case "subject" -> e.subject().equals(ctx.subject().id());
                        case "year" -> e.year() == ctx.year();
                        default ->
                            Generators.keyString(ctx.facts().get(d))
                                    .equals(e.keys().get(d));
                    };
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** The measure and every measure whose awards share one of its caps. */
    private static List<Measure> poolMates(Policy p, Measure m) {
        Set<String> ids = new LinkedHashSet<>(List.of(m.id()));
        m.caps().forEach(c -> ids.addAll(c.pool()));
        return ids.stream().map(p::measure).filter(x -> x != null).toList();
    }

    // ---------------------------------------------------------------- (b) monotonicity

    private static final Set<Class<?>> GROWING_RULES = Set.of(
            AwardRule.Rate.class,
            AwardRule.PerUnit.class,
            AwardRule.Formula.class,
            AwardRule.Steps.class,
            AwardRule.Tiers.class);

    /**
     * The facts an award grows with: numbers the amount side reads, that no condition or cap switch reads, and that
     * are never subtracted or divided by (a tier's {@code patents - patents_prev} grows with {@code patents} only).
     */
    static List<String> baseFacts(Measure m) {
        List<String> sources = new ArrayList<>();
        Set<String> read = new LinkedHashSet<>();
        List<Expr> exprs = new ArrayList<>();
        AwardRule a = m.award();
        if (a instanceof AwardRule.Rate r) {
            exprs.add(r.base());
            sources.add(r.baseSource());
        } else if (a instanceof AwardRule.PerUnit u) {
            exprs.add(u.count());
            sources.add(u.countSource());
        } else if (a instanceof AwardRule.Formula f) {
            exprs.add(f.amount());
            sources.add(f.source());
        } else if (a instanceof AwardRule.Steps s) {
            exprs.add(s.on());
            sources.add(s.onSource());
        } else if (a instanceof AwardRule.Tiers t) {
            for (AwardRule.Tier x : t.tiers()) {
                exprs.add(x.when());
                exprs.add(x.amount());
                sources.add(x.whenSource());
                sources.add(x.amountSource());
            }
        }
        exprs.forEach(e -> e.collectFacts(read));
        Set<String> excluded = new LinkedHashSet<>();
        m.conditions().forEach(c -> c.when().collectFacts(excluded));
        m.caps().stream().filter(c -> c.appliesWhen() != null).forEach(c -> c.appliesWhen()
                .collectFacts(excluded));
        List<String> out = new ArrayList<>();
        for (String f : read) {
            Fact fact = m.facts().get(f);
            boolean numeric = fact != null
                    && Set.of(
                                    Measure.FactType.MONEY,
                                    Measure.FactType.INTEGER,
                                    Measure.FactType.DECIMAL,
                                    Measure.FactType.PERCENT)
                            .contains(fact.type());
            String name = Pattern.quote(f);
            Pattern shrinking = Pattern.compile("[-/]\\s*" + name + "\\b|\\b" + name + "\\s*<|>=?\\s*" + name + "\\b");
            boolean anti = sources.stream().anyMatch(s -> shrinking.matcher(s).find());
            if (numeric && !excluded.contains(f) && !anti) {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void shouldNeverLowerAnAwardWhenItsBaseRises() {
        List<Policy> policies = BundledPolicies.get();
        Calculator calc = calculator(policies);
        List<Object[]> growing = new ArrayList<>();
        for (Object[] pm : measures(policies)) {
            Measure m = (Measure) pm[1];
            if (GROWING_RULES.contains(m.award().getClass()) && !baseFacts(m).isEmpty()) {
                growing.add(pm);
            }
        }
        assertThat(growing).as("measures with a growing award rule").hasSizeGreaterThanOrEqualTo(5);
        int compared = 0;
        for (int i = 0; i < 3000; i++) {
            long seed = SEED * 7 + i;
            Choices c = Choices.of(new Random(seed));
            Object[] pm = c.pick(growing);
            Policy p = (Policy) pm[0];
            Measure m = (Measure) pm[1];
            int year = Generators.matterYear(c, p);
            Subject subject = Generators.subject(c, p, m, "S1");
            Map<String, Object> facts = Generators.facts(c, m, 0);
            Map<String, Object> overrides = Generators.switches(c, p);
            List<LedgerEntry> ledger = Generators.ledger(c, p, poolMates(p, m), "S1", year, c.below(3));
            LocalDate asOf = Generators.asOf(c, p, year);
            String base = c.pick(baseFacts(m));
            Fact f = m.facts().get(base);
            BigDecimal x = (BigDecimal) facts.get(base);
            BigDecimal bigger = Generators.larger(c, f, x);
            Map<String, Object> more = new java.util.LinkedHashMap<>(facts);
            more.put(base, bigger);

            List<ClaimResult> rs = new ArrayList<>();
            for (Map<String, Object> fs : List.of(facts, more)) {
                rs.add(calc.calculate(new CalculationRequest(
                                asOf,
                                subject,
                                List.of(new Claim("c", p.id(), m.id(), year, fs, null, null)),
                                Ledger.of(ledger),
                                overrides,
                                false))
                        .results()
                        .get(0));
            }
            ClaimResult low = rs.get(0);
            ClaimResult high = rs.get(1);
            if (low.status() == Status.UNDETERMINED || high.status() == Status.UNDETERMINED) {
                continue;
            }
            compared++;
            String where = "seed " + seed + ", " + m.id() + ": " + base + " " + x + " → " + bigger + " with " + facts
                    + " ledger " + ledger + " overrides " + overrides;
            assertThat(amountOrZero(high))
                    .as(
                            "%s gave %s (%s) then %s (%s): %s",
                            m.id(), amountOrZero(low), low.status(), amountOrZero(high), high.status(), where)
                    .isGreaterThanOrEqualTo(amountOrZero(low));
            if (low.status() == Status.ELIGIBLE) {
                assertThat(high.status())
                        .as("eligible at the lower base, so at the higher: " + where)
                        .isEqualTo(Status.ELIGIBLE);
            }
        }
        assertThat(compared).as("pairs compared").isGreaterThan(1000);
    }

    private static BigDecimal amountOrZero(ClaimResult r) {
        return r.status() == Status.ELIGIBLE ? r.amount() : BigDecimal.ZERO;
    }

    // ---------------------------------------------------------------- (c) sums per cap scope over a sequence

    @Test
    void shouldKeepTheSumPerCapScopeWithinTheCapOverAnySequenceOfClaims() {
        List<Policy> policies = BundledPolicies.get();
        Calculator calc = calculator(policies);
        int eligible = 0;
        for (int i = 0; i < 1500; i++) {
            long seed = SEED * 13 + i;
            Choices c = Choices.of(new Random(seed));
            Policy p = c.pick(policies);
            List<Measure> capped = p.measures().stream()
                    .filter(m -> !m.indicator() && !m.caps().isEmpty())
                    .toList();
            List<Measure> chosen = new ArrayList<>();
            int kinds = c.between(1, 3);
            for (int k = 0; k < kinds; k++) {
                chosen.add(c.pick(capped));
            }
            int year = Generators.matterYear(c, p);
            LocalDate asOf = Generators.asOf(c, p, year);
            Subject subject = Generators.subject(c, p, chosen.get(0), "S1");
            Map<String, Object> overrides = Generators.switches(c, p);
            List<Measure> ledgerMeasures =
                    chosen.stream().flatMap(m -> poolMates(p, m).stream()).toList();
            List<LedgerEntry> ledger = Generators.ledger(c, p, ledgerMeasures, "S1", year, c.below(5));
            List<Claim> claims = new ArrayList<>();
            int n = c.between(2, 8);
            for (int k = 0; k < n; k++) {
                Measure m = c.pick(chosen);
                claims.add(new Claim("c" + k, p.id(), m.id(), year, Generators.facts(c, m, 2), null, null));
            }
            List<ClaimResult> results = calc.calculate(
                            new CalculationRequest(asOf, subject, claims, Ledger.of(ledger), overrides, false))
                    .results();

            String where = "seed " + seed + ", claims " + claims + " ledger " + ledger + " overrides " + overrides;
            List<LedgerEntry> before = new ArrayList<>(ledger);
            BigDecimal total = BigDecimal.ZERO;
            for (int k = 0; k < results.size(); k++) {
                ClaimResult r = results.get(k);
                if (r.status() != Status.ELIGIBLE) {
                    continue;
                }
                eligible++;
                Claim claim = claims.get(k);
                Measure m = p.measure(claim.measure());
                Generators.Context ctx = new Generators.Context(p, subject, asOf, year, claim.facts(), overrides);
                checkCaps(p, m, r, ctx, before, "claim " + k + " of " + where);
                assertThat(r.ledgerEntry().amount()).isEqualTo(r.amount());
                before.add(r.ledgerEntry());
                total = total.add(r.amount());
            }
            checkScopeSums(p, claims, results, ledger, subject, asOf, year, overrides, where);
            assertThat(calcTotal(results)).isEqualByComparingTo(total);
        }
        assertThat(eligible).as("eligible claims in sequences").isGreaterThan(1000);
    }

    /**
     * For every scoped amount cap: the awards of the request in one scope, up to and including each eligible claim
     * in it, add up to at most what the ledger left of that claim's limit; so the sum per scope stays within the cap.
     */
    private static void checkScopeSums(
            Policy p,
            List<Claim> claims,
            List<ClaimResult> results,
            List<LedgerEntry> ledger,
            Subject subject,
            LocalDate asOf,
            int year,
            Map<String, Object> overrides,
            String where) {
        for (int k = 0; k < claims.size(); k++) {
            if (results.get(k).status() != Status.ELIGIBLE) {
                continue;
            }
            Measure m = p.measure(claims.get(k).measure());
            Generators.Context ctx =
                    new Generators.Context(p, subject, asOf, year, claims.get(k).facts(), overrides);
            for (Cap cap : m.caps()) {
                if (cap.kind() != CapKind.AMOUNT
                        || !cap.scoped()
                        || (cap.appliesWhen() != null && !Boolean.TRUE.equals(ctx.eval(cap.appliesWhen())))) {
                    continue;
                }
                BigDecimal limit = (BigDecimal) ctx.eval(cap.amount());
                BigDecimal already = ledger.stream()
                        .filter(e -> inScope(p, cap, ctx, e))
                        .map(LedgerEntry::amount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                BigDecimal sum = BigDecimal.ZERO;
                for (int j = 0; j <= k; j++) {
                    ClaimResult r = results.get(j);
                    if (r.status() == Status.ELIGIBLE && inScope(p, cap, ctx, r.ledgerEntry())) {
                        sum = sum.add(r.amount());
                    }
                }
                assertThat(sum)
                        .as(
                                "awards in the scope of %s/%s up to claim %s (limit %s, ledger %s): %s",
                                m.id(), cap.id(), k, limit, already, where)
                        .isLessThanOrEqualTo(limit.subtract(already).max(BigDecimal.ZERO));
            }
        }
    }

    private static BigDecimal calcTotal(List<ClaimResult> results) {
        return results.stream()
                .filter(r -> r.status() == Status.ELIGIBLE)
                .map(ClaimResult::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    // ---------------------------------------------------------------- (d) robustness

    @Test
    void shouldThrowNothingButInputExceptionsWithKeysForAnyInput() {
        List<Policy> policies = BundledPolicies.get();
        Calculator calc = calculator(policies);
        int refused = 0;
        int calculated = 0;
        for (int i = 0; i < 4000; i++) {
            long seed = SEED * 31 + i;
            CalculationRequest request = Generators.anyRequest(Choices.of(new Random(seed)), policies);
            if (calculateOrRefuse(calc, request, "seed " + seed)) {
                calculated++;
            } else {
                refused++;
            }
        }
        assertThat(refused).as("requests refused").isGreaterThan(500);
        assertThat(calculated).as("requests calculated").isGreaterThan(500);
    }

    /**
     * Calculates a request, which must either give a result per claim or be refused with an {@link InputException}
     * whose problems have keys; anything else fails. Returns whether it was calculated.
     */
    static boolean calculateOrRefuse(Calculator calc, CalculationRequest request, String where) {
        Calculation result;
        try {
            result = calc.calculate(request);
        } catch (InputException e) {
            assertThat(e.problems()).as(where).isNotEmpty();
            for (Problem p : e.problems()) {
                assertThat(p.key()).as("problem key: %s %s", p, where).isNotBlank();
                assertThat(p.zh()).as(where).isNotBlank();
            }
            return false;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError("calculate threw " + e + " for " + describe(request) + " (" + where + ")", e);
        }
        assertThat(result.results()).as(where).hasSameSizeAs(request.claims());
        for (ClaimResult r : result.results()) {
            assertThat(r.status()).as(where).isNotNull();
            if (r.status() == Status.ELIGIBLE) {
                assertThat(r.amount()).as(where).isNotNull();
            } else {
                assertThat(r.amount()).as(where).isNull();
            }
        }
        return true;
    }

    static String describe(CalculationRequest r) {
        return "as_of " + r.asOf() + ", subject " + r.subject() + ", claims " + r.claims() + ", overrides "
                + r.parameterOverrides();
    }

    @Test
    void shouldRefuseEachBadFactWithAProblemNamingTheClaimAndTheFact() {
        List<Policy> policies = BundledPolicies.get();
        Calculator calc = calculator(policies);
        for (int i = 0; i < 1500; i++) {
            long seed = SEED * 37 + i;
            Choices c = Choices.of(new Random(seed));
            Policy p = c.pick(policies);
            Measure m = c.pick(p.measures());
            if (m.facts().isEmpty()) {
                continue;
            }
            int year = Generators.matterYear(c, p);
            Map<String, Object> facts = new java.util.HashMap<>(Generators.facts(c, m, 20));
            String name = c.pick(new ArrayList<>(m.facts().keySet()));
            Object junk = Generators.junk(c, 0);
            facts.put(name, junk);
            CalculationRequest request = new CalculationRequest(
                    Generators.asOf(c, p, year),
                    Generators.subject(c, p, m, "S1"),
                    List.of(new Claim("the-claim", p.id(), m.id(), year, facts, null, null)),
                    null);
            try {
                calc.calculate(request);
            } catch (InputException e) {
                assertThat(e.problems())
                        .as("seed %s: %s = %s", seed, name, junk)
                        .allSatisfy(pr -> {
                            assertThat(pr.where()).isEqualTo("the-claim");
                            assertThat(pr.field()).isEqualTo("facts." + name);
                            assertThat(pr.key()).startsWith("claim.");
                        });
            } catch (RuntimeException e) {
                fail("seed " + seed + ": " + name + " = " + junk + " threw " + e, e);
            }
        }
    }
}

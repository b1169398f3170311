package org.ipaward.engine.calc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ipaward.engine.BundledPolicies;
import org.ipaward.engine.InputException;
import org.ipaward.engine.model.AwardRule;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.junit.jupiter.api.Test;

/**
 * The decision plans ({@link DecisionPlan}) decide as the generic evaluation does: asked directly — not through
 * {@link Calculator#decide}, which would fall back to the generic evaluation on a deferral — every decision a plan
 * makes equals the full path's, on generated claims and at the edges (counts around the tiers' thresholds,
 * shares of exactly 20%, numbers past a {@code long}); and the plans do decide most plain claims, rather than
 * deferring them all.
 */
class DecisionPlanTests {
    private static final long SEED = 20261124L;

    /** A measure's plan and what it is asked with, made once per measure. */
    private record Planned(MeasureTexts texts, ResolvedParameters parameters, DecisionPlan plan) {}

    private final Map<Measure, Planned> plans = new HashMap<>();

    private Planned planned(Policy p, Measure m) {
        return plans.computeIfAbsent(m, k -> {
            MeasureTexts texts = MeasureTexts.of(p, m);
            ResolvedParameters parameters = new ResolvedParameters(p);
            return new Planned(texts, parameters, DecisionPlan.of(p, texts, parameters));
        });
    }

    /**
     * The single claim of a request decided by its measure's plan alone; {@code null} when the plan gives way (or
     * the measure has none, or a fact is not plainly acceptable).
     */
    private Decision byPlan(Policy p, Measure m, CalculationRequest r) {
        Planned planned = planned(p, m);
        if (planned.plan() == null) {
            return null;
        }
        Claim claim = r.claims().get(0);
        FactSlots slots = planned.texts().slots();
        Object[] typed = slots.newValues();
        for (Map.Entry<String, Object> e : claim.facts().entrySet()) {
            int slot = slots.slot(e.getKey());
            Object v = slot < 0 || e.getValue() == null ? null : slots.accept(slot, e.getValue());
            if (v == null) {
                return null;
            }
            typed[slot] = v;
        }
        if (planned.texts().singleRightKind() != null && typed[slots.rightKind()] == null) {
            typed[slots.rightKind()] = planned.texts().singleRightKind();
        }
        return planned.plan()
                .decide(
                        claim,
                        "claims[0]",
                        typed,
                        r.subject(),
                        r.asOf(),
                        planned.parameters().at(r.asOf()),
                        r.ledger(),
                        List.of());
    }

    /** The full path's decision of the request's single claim. */
    private static Decision full(Calculator calc, CalculationRequest r) {
        return DecisionPathTests.expected(calc.calculate(r).results().get(0));
    }

    @Test
    void shouldPlanEveryMeasureThatHasAnAwardRule() {
        List<String> unplanned = new ArrayList<>();
        int measures = 0;
        for (Policy p : BundledPolicies.get()) {
            for (Measure m : p.measures()) {
                measures++;
                if (planned(p, m).plan() == null) {
                    unplanned.add(p.id() + "/" + m.id());
                    assertThat(m.award()).as(m.id()).isInstanceOf(AwardRule.None.class);
                }
            }
        }
        assertThat(measures).isGreaterThan(30);
        assertThat(unplanned).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void shouldDecideGeneratedClaimsAsTheFullPathDoes() {
        List<Policy> policies = BundledPolicies.get();
        Calculator calc = new Calculator(policies);
        int asked = 0;
        int decided = 0;
        Map<Status, Integer> seen = new HashMap<>();
        for (int i = 0; i < 2500; i++) {
            long seed = SEED * 13 + i;
            Choices c = Choices.of(new Random(seed));
            Policy p = c.pick(policies);
            Measure m = c.pick(p.measures());
            int year = Generators.matterYear(c, p);
            Map<String, Object> facts = i % 2 == 0 ? Generators.facts(c, m, 4) : Generators.edgeFacts(c, m, 4);
            CalculationRequest r = new CalculationRequest(
                    Generators.asOf(c, p, year),
                    Generators.subject(c, p, m, "S1"),
                    List.of(new Claim(null, p.id(), m.id(), year, facts, c.chance(20) ? List.of() : null, null)),
                    Ledger.of(Generators.ledger(c, p, p.measures(), "S1", year, c.below(4))),
                    Map.of(),
                    false);
            Decision expected;
            try {
                expected = full(calc, r);
            } catch (InputException e) {
                continue;
            }
            asked++;
            Decision d = byPlan(p, m, r);
            if (d != null) {
                decided++;
                assertThat(d).as("seed " + seed).isEqualTo(expected);
                seen.merge(d.status(), 1, Integer::sum);
            }
            assertThat(calc.decide(r)).as("seed " + seed).containsExactly(expected);
        }
        assertThat(asked).isGreaterThan(1800);
        // Facts are left out now and then (the generic evaluation names them): the plans decide the rest.
        assertThat(decided).as("decided by a plan of " + asked).isGreaterThan(asked * 6 / 10);
        assertThat(seen).as("statuses decided by plans").containsKeys(Status.values());
    }

    // ---------------------------------------------------------------- Jindong 二.1 at its boundaries

    private static final String JINDONG = "jindong-2023";
    private static final String INTENSIVE = "JD-patent-intensive";

    /** Decides by the plan and by the full path; asserts both agree, and returns the plan's decision. */
    private Decision decideBoth(Calculator calc, Map<String, Object> facts) {
        Policy p = calc.policy(JINDONG);
        Measure m = p.measures().stream()
                .filter(x -> x.id().equals(INTENSIVE))
                .findFirst()
                .orElseThrow();
        CalculationRequest r = Generators.intensiveRequest(facts, "A");
        Decision d = byPlan(p, m, r);
        assertThat(d).as("decided by the plan: " + facts).isNotNull();
        assertThat(d).as(facts.toString()).isEqualTo(full(calc, r));
        assertThat(calc.decide(r)).containsExactly(d);
        return d;
    }

    @Test
    void shouldDecidePatentIntensiveClaimsAroundEveryThresholdAsTheFullPathDoes() {
        // Counts around the tiers' thresholds (small, and past 10^17 where the plan leaves longs), sales and shares
        // at a fifth of the revenue or one 分 either side, stated as Integer or BigDecimal: every plan decision
        // equals the full path's, and every tier and condition is met and missed.
        Calculator calc = new Calculator(BundledPolicies.get());
        Random random = new Random(SEED);
        Map<String, Integer> outcomes = new HashMap<>();
        for (int i = 0; i < 1500; i++) {
            long base = random.nextInt(4) == 0 ? 99_999_999_999_999_990L + random.nextInt(20) : random.nextInt(13);
            long previous = Math.max(0, base - random.nextInt(8));
            Object patents = base < 1000 && random.nextBoolean() ? (Object) (int) base : BigDecimal.valueOf(base);
            Object prev =
                    previous < 1000 && random.nextBoolean() ? (Object) (int) previous : BigDecimal.valueOf(previous);
            BigDecimal revenue = random.nextInt(3) == 0
                    ? new BigDecimal("999999999999999999.95").subtract(BigDecimal.valueOf(random.nextInt(100), 2))
                    : BigDecimal.valueOf(5_000_000 + random.nextInt(3_000_000), 2 * random.nextInt(2));
            BigDecimal fifth = revenue.multiply(new BigDecimal("0.2"))
                    .setScale(2, java.math.RoundingMode.UP)
                    .add(BigDecimal.valueOf(random.nextInt(3) - 1, 2));
            String sales = random.nextInt(5) == 0 ? "4999999.99" : "5000000";
            Map<String, Object> facts = Generators.intensiveFacts(
                    patents, prev, sales, revenue.toPlainString(), fifth.toPlainString(), "100");
            Decision d = decideBoth(calc, facts);
            outcomes.merge(d.status() == Status.ELIGIBLE ? d.amount().toPlainString() : d.failed(), 1, Integer::sum);
        }
        assertThat(outcomes)
                .as("every tier and denial")
                .containsKeys("120000.00", "80000.00", "50000.00", "award.no-tier", "sales", "patent-product-share");
    }

    @Test
    void shouldDecideThePatentIntensiveTiersAtTheirBoundariesAsTheTextSays() {
        Calculator calc = new Calculator(BundledPolicies.get());
        String s = "5000000";
        String rev = "8000000";
        String share = "1600000"; // exactly 20%
        // 不少于10件且比上年增长5件以上: 10 and 5 more is tier 1; 9, or 4 more, is not.
        assertThat(decideBoth(calc, Generators.intensiveFacts(10, 5, s, rev, share, "100"))
                        .amount())
                .isEqualByComparingTo("120000");
        assertThat(decideBoth(calc, Generators.intensiveFacts(9, 4, s, rev, share, "100"))
                        .amount())
                .isEqualByComparingTo("80000");
        assertThat(decideBoth(calc, Generators.intensiveFacts(10, 6, s, rev, share, "100"))
                        .amount())
                .isEqualByComparingTo("80000");
        assertThat(decideBoth(calc, Generators.intensiveFacts(3, 1, s, rev, share, "100"))
                        .amount())
                .isEqualByComparingTo("50000");
        Decision none = decideBoth(calc, Generators.intensiveFacts(3, 2, s, rev, share, "100"));
        assertThat(none.status()).isEqualTo(Status.NOT_ELIGIBLE);
        assertThat(none.failed()).isEqualTo("award.no-tier");
        // Counts stated as decimals (10.00) and as whole numbers past a long's comfortable range: the same tiers.
        assertThat(decideBoth(
                                calc,
                                Generators.intensiveFacts(
                                        new BigDecimal("10"), new BigDecimal("5"), s, rev, share, "100"))
                        .amount())
                .isEqualByComparingTo("120000");
        assertThat(decideBoth(
                                calc,
                                Generators.intensiveFacts(
                                        new BigDecimal("999999999999999999"),
                                        new BigDecimal("999999999999999994"),
                                        s,
                                        rev,
                                        share,
                                        "100"))
                        .amount())
                .isEqualByComparingTo("120000");
        assertThat(decideBoth(
                                calc,
                                Generators.intensiveFacts(
                                        new BigDecimal("100000000000000000"),
                                        new BigDecimal("99999999999999996"),
                                        s,
                                        rev,
                                        share,
                                        "100"))
                        .amount())
                .isEqualByComparingTo("80000");
        // 不低于20%: exactly a fifth passes, one 分 less does not — also with amounts past a long in 分.
        assertThat(decideBoth(calc, Generators.intensiveFacts(10, 5, s, rev, "1599999.99", "100"))
                        .status())
                .isEqualTo(Status.NOT_ELIGIBLE);
        assertThat(decideBoth(
                                calc,
                                Generators.intensiveFacts(
                                        10, 5, s, "999999999999999999.95", "199999999999999999.99", "100"))
                        .status())
                .isEqualTo(Status.ELIGIBLE);
        assertThat(decideBoth(
                                calc,
                                Generators.intensiveFacts(
                                        10, 5, s, "999999999999999999.99", "199999999999999999.99", "100"))
                        .status())
                .isEqualTo(Status.NOT_ELIGIBLE);
        // 500万元以上（含500万元）: 5,000,000.00 passes, 4,999,999.99 does not.
        assertThat(decideBoth(calc, Generators.intensiveFacts(10, 5, "5000000.00", rev, share, "100"))
                        .status())
                .isEqualTo(Status.ELIGIBLE);
        assertThat(decideBoth(calc, Generators.intensiveFacts(10, 5, "4999999.99", rev, share, "100"))
                        .failed())
                .isEqualTo("sales");
        // 培训率达到100%.
        assertThat(decideBoth(calc, Generators.intensiveFacts(10, 5, s, rev, share, "99.99"))
                        .failed())
                .isEqualTo("training");
    }
}

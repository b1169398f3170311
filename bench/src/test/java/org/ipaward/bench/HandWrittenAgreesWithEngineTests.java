package org.ipaward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.calc.PreparedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hand-written rules the engine is timed against give the engine's answers on every benchmark input. */
class HandWrittenAgreesWithEngineTests {
    private static Calculator calculator;

    @BeforeAll
    static void load() {
        calculator = BenchInputs.calculator();
    }

    @Test
    void the_engine_and_the_hand_written_rules_agree_on_every_input() {
        assertThat(Agreement.mismatches(
                        calculator,
                        BenchInputs.intensiveCases(false),
                        BenchInputs.pledgeCases(false),
                        BenchInputs.foreignCases(false)))
                .isEmpty();
    }

    @Test
    void they_agree_with_the_explanation_on_too() {
        assertThat(Agreement.mismatches(
                        calculator,
                        BenchInputs.intensiveCases(true),
                        BenchInputs.pledgeCases(true),
                        BenchInputs.foreignCases(true)))
                .isEmpty();
    }

    @Test
    void the_prepared_requests_decide_as_the_raw_ones_and_a_mix_up_is_caught() {
        CalculationRequest[] raw = BenchInputs.intensiveCases(false).stream()
                .map(BenchInputs.IntensiveCase::request)
                .toArray(CalculationRequest[]::new);
        PreparedRequest[] prepared = new PreparedRequest[raw.length];
        for (int i = 0; i < raw.length; i++) {
            prepared[i] = calculator.prepare(raw[i]);
        }
        Agreement.checkPrepared(calculator, raw, prepared);
        // The first two inputs' prepared requests swapped (tier 1 and tier 2): refused.
        PreparedRequest first = prepared[0];
        prepared[0] = prepared[1];
        prepared[1] = first;
        assertThatThrownBy(() -> Agreement.checkPrepared(calculator, raw, prepared))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("input 0");
    }

    @Test
    void each_rule_has_eligible_and_denied_inputs() {
        assertThat(BenchInputs.intensiveCases(false)).hasSize(BenchInputs.RULE_BATCH);
        assertThat(BenchInputs.pledgeCases(false)).hasSize(BenchInputs.RULE_BATCH);
        assertThat(BenchInputs.foreignCases(false)).hasSize(BenchInputs.RULE_BATCH);
        assertMix(BenchInputs.intensiveCases(false).stream()
                .map(c -> HandWritten.intensive(c.input()))
                .toList());
        assertMix(BenchInputs.pledgeCases(false).stream()
                .map(c -> HandWritten.pledge(c.input()))
                .toList());
        assertMix(BenchInputs.foreignCases(false).stream()
                .map(c -> HandWritten.foreign(c.input()))
                .toList());
    }

    private static void assertMix(List<BigDecimal> answers) {
        assertThat(answers).anyMatch(Objects::isNull).anyMatch(Objects::nonNull);
    }

    @Test
    void the_hand_written_rules_give_the_amounts_the_policy_text_gives() {
        List<BigDecimal> intensive = BenchInputs.intensiveCases(false).stream()
                .map(c -> HandWritten.intensive(c.input()))
                .toList();
        assertThat(intensive.get(0)).isEqualByComparingTo("120000"); // tier 1
        assertThat(intensive.get(1)).isEqualByComparingTo("80000"); // tier 2
        assertThat(intensive.get(2)).isEqualByComparingTo("25000"); // tier 3 × 0.5 (grade C)
        assertThat(intensive.subList(4, 8)).containsOnlyNulls();

        List<BigDecimal> pledge = BenchInputs.pledgeCases(false).stream()
                .map(c -> HandWritten.pledge(c.input()))
                .toList();
        assertThat(pledge.get(0)).isEqualByComparingTo("200000");
        assertThat(pledge.get(1)).isEqualByComparingTo("150000"); // 300,000 − 150,000 already awarded
        assertThat(pledge.get(2)).isEqualByComparingTo("61728.40");
        assertThat(pledge.get(3)).isEqualByComparingTo("300000");
        assertThat(pledge.get(4)).isNull(); // cap used up
        assertThat(pledge.get(5)).isEqualByComparingTo("299999.99");
        assertThat(pledge.get(6)).isNull(); // not a bank loan

        List<BigDecimal> foreign = BenchInputs.foreignCases(false).stream()
                .map(c -> HandWritten.foreign(c.input()))
                .toList();
        assertThat(foreign.get(0)).isEqualByComparingTo("200000"); // US
        assertThat(foreign.get(1)).isEqualByComparingTo("300000"); // DE, capped
        assertThat(foreign.get(2)).isEqualByComparingTo("150000"); // KR, capped
        assertThat(foreign.get(4)).isEqualByComparingTo("150000"); // GB is no EU member
        assertThat(foreign.get(5)).isNull(); // lost
        assertThat(foreign.get(6)).isEqualByComparingTo("250000"); // FR, grade C
        assertThat(foreign.get(7)).isEqualByComparingTo("30864.20");
    }
}

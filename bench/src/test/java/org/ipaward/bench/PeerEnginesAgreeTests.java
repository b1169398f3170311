package org.ipaward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.util.List;
import org.ipaward.engine.calc.Calculator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The KIE and Camunda DMN engines, run on the .dmn models, give the ipaward engine's answer on every input. */
class PeerEnginesAgreeTests {
    private static Calculator calculator;
    private static PeerEngines.Kie kie;
    private static PeerEngines.Camunda camunda;

    @BeforeAll
    static void load() {
        calculator = BenchInputs.calculator();
        kie = PeerEngines.Kie.load();
        camunda = PeerEngines.Camunda.load();
    }

    @Test
    void both_peer_engines_agree_with_the_engine_on_every_input() {
        assertThat(Agreement.peerMismatches(
                        calculator,
                        kie,
                        camunda,
                        BenchInputs.intensiveCases(false),
                        BenchInputs.pledgeCases(false),
                        BenchInputs.foreignCases(false)))
                .isEmpty();
    }

    @Test
    void the_peers_give_the_amounts_the_policy_text_gives() {
        for (int i = 0; i < BenchInputs.RULE_BATCH; i++) {
            var pledge = BenchInputs.pledgeCases(false).get(i);
            BigDecimal expected = HandWritten.pledge(pledge.input());
            var vars = PeerEngines.variables(pledge.input());
            assertThat(PeerEngines.amount(kie.award(kie.model(PeerEngines.Rule.PLEDGE), kie.context(vars))))
                    .as("KIE, pledge %d", i)
                    .isEqualTo(expected == null ? null : expected.setScale(2));
            assertThat(PeerEngines.amount(
                            camunda.award(camunda.decision(PeerEngines.Rule.PLEDGE), camunda.context(vars))))
                    .as("Camunda, pledge %d", i)
                    .isEqualTo(expected == null ? null : expected.setScale(2));
        }
        // The yearly cap is summed in FEEL over this subject's pledge awards of the year: 300,000 − 150,000.
        var bound = BenchInputs.pledgeCases(false).get(1);
        assertThat(camunda.award(
                        camunda.decision(PeerEngines.Rule.PLEDGE),
                        camunda.context(PeerEngines.variables(bound.input()))))
                .isEqualTo("150000.00");
        // Rounded half up to 分 in FEEL: 123,456.78 × 25% = 30,864.195 → 30,864.20.
        var brazil = BenchInputs.foreignCases(false).get(7);
        assertThat(kie.award(kie.model(PeerEngines.Rule.FOREIGN), kie.context(PeerEngines.variables(brazil.input()))))
                .isEqualTo("30864.20");
    }

    @Test
    void a_peer_answer_that_differs_from_the_engine_is_reported() {
        // The engine decides case 0's request, the peers case 1's facts (tier 1 at grade A against tier 2).
        var cases = BenchInputs.intensiveCases(false);
        var crossed =
                new BenchInputs.IntensiveCase(cases.get(1).input(), cases.get(0).request());
        assertThat(Agreement.peerMismatches(calculator, kie, camunda, List.of(crossed), List.of(), List.of()))
                .extracting(
                        Agreement.PeerMismatch::peer, Agreement.PeerMismatch::engine, Agreement.PeerMismatch::answer)
                .containsExactly(tuple("kie", "120000.00", "80000.00"), tuple("camunda", "120000.00", "80000.00"));
        assertThatThrownBy(() -> Agreement.checkPeers(calculator, kie, camunda, List.of(crossed), List.of(), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("disagree");
    }

    @Test
    void an_answer_is_read_exactly_or_refused() {
        assertThat(PeerEngines.amount(null)).isNull();
        assertThat(PeerEngines.amount("300000")).isEqualTo(new BigDecimal("300000.00"));
        assertThat(PeerEngines.amount("61728.4")).isEqualTo(new BigDecimal("61728.40"));
        assertThatThrownBy(() -> PeerEngines.amount("61728.405")).hasMessageContaining("not an amount to 分");
        assertThatThrownBy(() -> PeerEngines.amount(61728.4)).hasMessageContaining("java.lang.Double");
    }
}

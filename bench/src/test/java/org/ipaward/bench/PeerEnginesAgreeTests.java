package org.ipaward.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
}

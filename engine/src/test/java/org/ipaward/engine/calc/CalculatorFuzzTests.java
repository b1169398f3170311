package org.ipaward.engine.calc;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.ipaward.engine.BundledPolicies;

/**
 * No request, however wrong, makes the calculator throw anything but an {@link org.ipaward.engine.InputException}
 * whose problems have keys. The fuzzer's bytes drive the same generators as {@link BundledPolicyPropertiesTests};
 * without {@code JAZZER_FUZZ=1} the seeds under {@code CalculatorFuzzTestsInputs/} are replayed.
 */
class CalculatorFuzzTests {
    private static Calculator calculator;

    private static synchronized Calculator calculator() {
        if (calculator == null) {
            calculator = new Calculator(BundledPolicies.get());
        }
        return calculator;
    }

    @FuzzTest(maxDuration = "60s")
    void shouldOnlyThrowInputExceptionForAnyRequest(FuzzedDataProvider data) {
        CalculationRequest request = Generators.anyRequest(Choices.of(data), BundledPolicies.get());
        BundledPolicyPropertiesTests.calculateOrRefuse(calculator(), request, "fuzz input");
    }
}

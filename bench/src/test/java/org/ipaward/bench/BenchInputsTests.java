package org.ipaward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ipaward.engine.calc.Calculation;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.calc.Status;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The benchmark inputs are what the benchmarks say they are. */
class BenchInputsTests {
    private static Calculator calculator;

    @BeforeAll
    static void load() {
        calculator = BenchInputs.calculator();
    }

    @Test
    void the_mixed_batch_holds_eligible_denied_and_undetermined_claims_of_both_policies() {
        for (boolean explain : new boolean[] {true, false}) {
            var batch = BenchInputs.mixedBatch(explain);
            assertThat(batch).hasSize(BenchInputs.MIXED_BATCH);
            List<ClaimResult> results = batch.stream()
                    .map(r -> calculator.calculate(r).results().get(0))
                    .toList();
            assertThat(results).extracting(ClaimResult::status).contains(Status.values());
            assertThat(results)
                    .extracting(ClaimResult::measure)
                    .contains(
                            "PG-pledge",
                            "PG-patent-award",
                            "JD-patent-intensive",
                            "JD-high-value",
                            "JD-litigation-foreign");
            assertThat(results).allMatch(r -> explain != r.trace().isEmpty());
        }
    }

    @Test
    void the_explanation_changes_no_answer() {
        var with = BenchInputs.mixedBatch(true);
        var without = BenchInputs.mixedBatch(false);
        for (int i = 0; i < with.size(); i++) {
            ClaimResult a = calculator.calculate(with.get(i)).results().get(0);
            ClaimResult b = calculator.calculate(without.get(i)).results().get(0);
            assertThat(b.status()).as("claim %d", i).isEqualTo(a.status());
            assertThat(b.amount()).as("claim %d", i).isEqualTo(a.amount());
            // Without the explanation, passing checks keep id and outcome; failed checks keep everything.
            assertThat(b.checks().stream().map(c -> c.id() + ":" + c.outcome()).toList())
                    .as("claim %d", i)
                    .isEqualTo(a.checks().stream()
                            .map(c -> c.id() + ":" + c.outcome())
                            .toList());
            assertThat(b.failed()).as("claim %d", i).isEqualTo(a.failed());
        }
    }

    @Test
    void the_applications_award_every_claim_with_later_claims_counting_against_earlier_ones() {
        List<Calculation> apps = BenchInputs.applications(true).stream()
                .map(calculator::calculate)
                .toList();
        assertThat(apps).hasSize(BenchInputs.APPLICATIONS);
        assertThat(apps.get(0).results()).extracting(ClaimResult::status).containsOnly(Status.ELIGIBLE);
        assertThat(apps.get(0).total()).isEqualByComparingTo("1020000"); // 120,000 + 600,000 + 300,000
        assertThat(apps.get(1).results()).extracting(ClaimResult::status).containsOnly(Status.ELIGIBLE);
        // 90,000 for the first loan; 60,000 left of the 300,000 cap for the second; 500,000 for the gold award
        assertThat(apps.get(1).results())
                .extracting(r -> r.amount().toPlainString())
                .containsExactly("90000.00", "60000.00", "500000.00");
        assertThat(apps)
                .allMatch(a -> a.results().stream().noneMatch(r -> r.trace().isEmpty()));
    }
}

package org.ipaward.batch.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ipaward.batch.claims.ClaimRow;
import org.ipaward.batch.replay.Budget;
import org.ipaward.batch.replay.Replay;
import org.ipaward.batch.replay.ReplayResult;
import org.ipaward.engine.PolicyLoader;
import org.junit.jupiter.api.Test;

class RoundGeneratorTest {
    static List<ClaimRow> generate(List<String> policies, int n, long seed) {
        List<ClaimRow> rows = new ArrayList<>();
        RoundGenerator.bundled(policies, seed).generate(n, rows::add);
        return rows;
    }

    @Test
    void the_same_seed_gives_the_same_round_and_another_seed_another() {
        List<ClaimRow> a = generate(List.of("pinggu-2025", "jindong-2023"), 500, 7);
        List<ClaimRow> b = generate(List.of("pinggu-2025", "jindong-2023"), 500, 7);
        List<ClaimRow> c = generate(List.of("pinggu-2025", "jindong-2023"), 500, 8);
        assertThat(a).hasSize(500).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void rows_come_in_submission_order_for_both_policies() {
        List<ClaimRow> rows = generate(List.of("pinggu-2025", "jindong-2023"), 2000, 1);
        assertThat(Replay.submissionOrder(rows)).isEqualTo(rows);
        assertThat(rows).extracting(ClaimRow::policy).contains("pinggu-2025", "jindong-2023");
    }

    @Test
    void every_generated_claim_is_valid_input_with_a_realistic_mix_of_outcomes() {
        List<ClaimRow> rows = generate(List.of("pinggu-2025", "jindong-2023"), 3000, 3);
        ReplayResult r = Replay.run(PolicyLoader.loadBundled(), rows, new Replay.Options(Budget.none(), null, 1), null);
        assertThat(r.problems()).isEmpty();
        assertThat(r.count("invalid")).isZero();
        assertThat(r.count("unknown_measure")).isZero();
        assertThat(r.count("eligible")).isGreaterThan(r.claims() / 3);
        assertThat(r.count("not_eligible")).isGreaterThan(r.claims() / 50);
        assertThat(r.count("undetermined")).isGreaterThan(r.claims() / 50);
        assertThat(r.needed()).isGreaterThan(BigDecimal.ZERO);
        // several measures each, and subjects coming back
        Set<String> subjects = new HashSet<>();
        rows.forEach(x -> subjects.add(x.subjectId()));
        assertThat(subjects.size()).isLessThan(rows.size() / 2);
        assertThat(r.measures().size()).isGreaterThan(20);
    }
}

package org.ipaward.batch.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ExactSum} gives what adding the terms one after another gives: the same value and the same scale. */
class ExactSumTest {
    @Test
    void random_terms_sum_to_the_sequential_sum_with_its_scale() {
        Random rnd = new Random(7);
        int[] scales = {2, 2, 2, 0, 1, 3, -2};
        for (int round = 0; round < 2000; round++) {
            List<BigDecimal> terms = new ArrayList<>();
            int n = rnd.nextInt(40);
            for (int i = 0; i < n; i++) {
                int scale = scales[rnd.nextInt(round % 3 == 0 ? 1 : scales.length)];
                BigInteger unscaled;
                switch (rnd.nextInt(4)) {
                    case 0: // near the largest 18-digit value: long sums overflow
                        unscaled = BigInteger.valueOf(999_999_999_999_999_999L - rnd.nextInt(1000));
                        break;
                    case 1: // more than 18 digits: never a long
                        unscaled = new BigInteger(80, rnd);
                        break;
                    default:
                        unscaled = BigInteger.valueOf(rnd.nextInt(100_000_000));
                }
                terms.add(new BigDecimal(rnd.nextInt(5) == 0 ? unscaled.negate() : unscaled, scale));
            }
            BigDecimal base = round % 2 == 0 ? BigDecimal.ZERO : new BigDecimal("12.5");
            BigDecimal want = base;
            ExactSum sum = new ExactSum();
            for (BigDecimal t : terms) {
                int times = round % 4 == 1 ? 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 200) : 1;
                for (int k = 0; k < times; k++) {
                    want = want.add(t);
                }
                if (times == 1 && rnd.nextBoolean()) {
                    sum.add(t, ExactSum.unscaled(t));
                } else {
                    sum.add(t, ExactSum.unscaled(t), times);
                }
            }
            assertThat(sum.addTo(base).toString()).isEqualTo(want.toString());
        }
    }

    @Test
    void no_terms_leave_the_base_as_it_is() {
        assertThat(new ExactSum().addTo(BigDecimal.ZERO)).isSameAs(BigDecimal.ZERO);
        ExactSum s = new ExactSum();
        s.add(new BigDecimal("0.00"), 0);
        assertThat(s.addTo(BigDecimal.ZERO).toString()).isEqualTo("0.00");
    }
}

package org.ipaward.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.RoundingMode;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How an explanation words a policy's rounding rule: plain Chinese and plain English, no Java names. */
class RoundingTests {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            2 | HALF_UP     | 四舍五入到分               | rounded half up to 0.01 yuan
            1 | HALF_UP     | 四舍五入到角               | rounded half up to 0.1 yuan
            0 | HALF_UP     | 四舍五入到元               | rounded half up to 1 yuan
            2 | HALF_DOWN   | 就近取到分，恰好一半时舍去 | rounded half down to 0.01 yuan
            2 | HALF_EVEN   | 就近取到分，恰好一半时取双数 | rounded half to even to 0.01 yuan
            2 | DOWN        | 不足一分的尾数舍去         | truncated to 0.01 yuan
            0 | DOWN        | 不足一元的尾数舍去         | truncated to 1 yuan
            1 | UP          | 不足一角的尾数进为一角     | rounded away from zero to 0.1 yuan
            2 | FLOOR       | 向下取到分                 | rounded down to 0.01 yuan
            2 | CEILING     | 向上取到分                 | rounded up to 0.01 yuan
            2 | UNNECESSARY | 精确到分，不作舍入         | exact to 0.01 yuan, not rounded
            3 | HALF_UP     | 四舍五入到 0.001 元        | rounded half up to 0.001 yuan
            """)
    void saysTheRuleInPlainWords(int scale, RoundingMode mode, String zh, String en) {
        Policy.Rounding r = new Policy.Rounding(scale, mode);

        assertThat(r.zh()).isEqualTo(zh);
        assertThat(r.en()).isEqualTo(en);
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "2"})
    void everyModeAtEveryAllowedScaleIsWordedWithoutItsJavaName(int scale) {
        for (RoundingMode mode : RoundingMode.values()) {
            Policy.Rounding r = new Policy.Rounding(scale, mode);
            assertThat(r.zh()).doesNotContain(mode.name()).doesNotContain("_").isNotBlank();
            assertThat(r.en()).doesNotContain(mode.name()).isNotBlank();
        }
        assertThat(Arrays.stream(RoundingMode.values())
                        .map(m -> new Policy.Rounding(scale, m).zh())
                        .distinct())
                .hasSize(RoundingMode.values().length);
    }
}

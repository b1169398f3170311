package org.ipaward.engine.calc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FmtTests {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0|0.00 元",
                "999|999.00 元",
                "1000|1,000.00 元",
                "1234567.8|1,234,567.80 元",
                "200000.000|200,000.00 元",
                "139916.666667|139,916.666667 元",
                "0.125|0.125 元",
                "-1234.5|-1,234.50 元",
                "-100000|-100,000.00 元"
            })
    void shouldGroupThousandsAndShowFen(String amount, String expected) {
        assertThat(Fmt.yuan(new BigDecimal(amount))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"0|0.00", "90000.5|90,000.50", "100000.00|100,000.00", "-1234.5|-1,234.50"})
    void shouldGroupThousandsWithoutTheUnitForEnglish(String amount, String expected) {
        assertThat(Fmt.amount(new BigDecimal(amount))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0.5,50%", "0.25,25%", "0.0345,3.45%", "1,100%"})
    void shouldShowRatiosAsPercentages(String ratio, String expected) {
        assertThat(Fmt.percent(new BigDecimal(ratio))).isEqualTo(expected);
    }
}

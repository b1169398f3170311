package org.ipaward.server.web.open;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChineseAmountTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "0.00, 零元整",
        "0, 零元整",
        "0.05, 伍分",
        "0.50, 伍角整",
        "0.55, 伍角伍分",
        "1.00, 壹元整",
        "10.00, 壹拾元整",
        "10.10, 壹拾元壹角整",
        "15.00, 壹拾伍元整",
        "101.00, 壹佰零壹元整",
        "110.00, 壹佰壹拾元整",
        "1001.01, 壹仟零壹元零壹分",
        "10010.10, 壹万零壹拾元壹角整",
        "100000.05, 壹拾万元零伍分",
        "100100.00, 壹拾万零壹佰元整",
        "200000.00, 贰拾万元整",
        "650000.00, 陆拾伍万元整",
        "1000000.00, 壹佰万元整",
        "1001000.00, 壹佰万零壹仟元整",
        "1010000.00, 壹佰零壹万元整",
        "10001000.00, 壹仟万零壹仟元整",
        "100000000.00, 壹亿元整",
        "100000001.00, 壹亿零壹元整",
        "1000010000.00, 壹拾亿零壹万元整",
        "1100000000.00, 壹拾壹亿元整",
        "299999.99, 贰拾玖万玖仟玖佰玖拾玖元玖角玖分",
        "50000.01, 伍万元零壹分",
        "999999999999.99, 玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"
    })
    void writesTheCapitals(String amount, String capitals) {
        assertThat(ChineseAmount.of(new BigDecimal(amount))).isEqualTo(capitals);
    }

    @Test
    void trailingZerosBeyondTheFenAreTheSameAmount() {
        assertThat(ChineseAmount.of(new BigDecimal("10.1000"))).isEqualTo("壹拾元壹角整");
    }

    @Test
    void refusesWhatHasNoExactCapitalForm() {
        assertThatThrownBy(() -> ChineseAmount.of(new BigDecimal("-1.00")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChineseAmount.of(new BigDecimal("0.001")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChineseAmount.of(new BigDecimal("1000000000000.00")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChineseAmount.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

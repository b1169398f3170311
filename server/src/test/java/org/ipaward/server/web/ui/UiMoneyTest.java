package org.ipaward.server.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import org.ipaward.server.application.Workflow;
import org.junit.jupiter.api.Test;

class UiMoneyTest {
    private final Ui ui = new Ui(new Workflow(), Clock.systemUTC(), false, null);

    @Test
    void amountsAreGroupedWithTwoDecimalsExactly() {
        assertThat(ui.money(new BigDecimal("650000"))).isEqualTo("650,000.00");
        assertThat(ui.money("1234567.89")).isEqualTo("1,234,567.89");
        assertThat(ui.money(new BigDecimal("0.1"))).isEqualTo("0.10");
        assertThat(ui.money(null)).isNull();
    }

    @Test
    void anIntermediateValueBeforeRoundingIsNeverRoundedButCutWithAnEllipsis() {
        assertThat(ui.money(new BigDecimal("125722.2222222222222222222222222222")))
                .isEqualTo("125,722.222222…");
        assertThat(ui.money(new BigDecimal("6172.835"))).isEqualTo("6,172.835");
        assertThat(ui.money(new BigDecimal("200000.000"))).isEqualTo("200,000");
        assertThat(ui.money(new BigDecimal("0.12345"))).isEqualTo("0.12345");
        assertThat(ui.money(new BigDecimal("10.500"))).isEqualTo("10.5");
    }
}

package org.ipaward.server.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.ipaward.engine.model.Measure;
import org.junit.jupiter.api.Test;

/** How the duplicate warning compares the values a one-off cap is kept per. */
class DuplicateClaimsTest {
    @Test
    void textIsComparedWithoutWhitespaceInHalfWidthAndUpperCase() {
        String stated = DuplicateClaims.normalise("ZL202310123456.6", Measure.FactType.TEXT);
        assertThat(stated).isEqualTo("ZL202310123456.6");
        assertThat(DuplicateClaims.normalise(" zl 202310 123456.6\t", Measure.FactType.TEXT))
                .isEqualTo(stated);
        assertThat(DuplicateClaims.normalise("ｚｌ２０２３１０１２３４５６．６　", Measure.FactType.TEXT))
                .isEqualTo(stated);
        assertThat(DuplicateClaims.normalise("ZL202310123456.7", Measure.FactType.TEXT))
                .isNotEqualTo(stated);
        assertThat(DuplicateClaims.normalise("金东 区 联盟", null)).isEqualTo("金东区联盟");
    }

    @Test
    void numbersAreComparedByValueAndBlankIsNotStated() {
        assertThat(DuplicateClaims.normalise(new BigDecimal("1.50"), null)).isEqualTo("1.5");
        assertThat(DuplicateClaims.normalise("1.50", Measure.FactType.MONEY)).isEqualTo("1.5");
        assertThat(DuplicateClaims.normalise("100", Measure.FactType.INTEGER)).isEqualTo("100");
        assertThat(DuplicateClaims.normalise("1.50", Measure.FactType.TEXT)).isEqualTo("1.50");
        assertThat(DuplicateClaims.normalise(" 　", Measure.FactType.TEXT)).isNull();
        assertThat(DuplicateClaims.normalise(null, Measure.FactType.TEXT)).isNull();
        assertThat(DuplicateClaims.normalise(true, Measure.FactType.BOOLEAN)).isEqualTo("TRUE");
        assertThat(DuplicateClaims.normalise(List.of("a", "b"), Measure.FactType.LIST))
                .isEqualTo("A;B");
    }
}

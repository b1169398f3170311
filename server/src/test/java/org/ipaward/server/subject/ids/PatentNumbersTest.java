package org.ipaward.server.subject.ids;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatentNumbersTest {
    static final int YEAR = 2025;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ZL202010566088.9",
                "CN202010566088.9",
                "202010566088.9",
                "2020105660889",
                "zl202010566088.9",
                " ZL 202010566088.9 "
            })
    void theIssuesExampleInEveryAcceptedSpelling(String s) {
        IdCheck<PatentNumbers.PatentNumber> r = PatentNumbers.check(s, YEAR);
        assertThat(r.ok()).as(s).isTrue();
        assertThat(r.value().normalized()).isEqualTo("202010566088.9");
        assertThat(r.value().patentNumber()).isEqualTo("ZL202010566088.9");
        assertThat(r.value().year()).isEqualTo(2020);
        assertThat(r.value().type()).isEqualTo(PatentType.INVENTION);
        assertThat(r.value().oldScheme()).isFalse();
    }

    @Test
    void weightsAsComputedByHandForTheIssuesExample() {
        // 2·2 + 0·3 + 2·4 + 0·5 + 1·6 + 0·7 + 5·8 + 6·9 + 6·2 + 0·3 + 8·4 + 8·5 = 196 = 17·11 + 9
        assertThat(PatentNumbers.checkChar("202010566088")).isEqualTo('9');
    }

    @Test
    void typesAreRead() {
        assertThat(PatentNumbers.check("ZL202320345678.8", YEAR).value().type()).isEqualTo(PatentType.UTILITY_MODEL);
        assertThat(PatentNumbers.check("ZL202330567890.4", YEAR).value().type()).isEqualTo(PatentType.DESIGN);
        assertThat(PatentNumbers.check("202480012345.0", 2024).value().type()).isEqualTo(PatentType.PCT_INVENTION);
        String pctUm = "202490012345";
        assertThat(PatentNumbers.check(pctUm + "." + PatentNumbers.checkChar(pctUm), YEAR)
                        .value()
                        .type())
                .isEqualTo(PatentType.PCT_UTILITY_MODEL);
    }

    @Test
    void checkDigitTenIsX() {
        IdCheck<PatentNumbers.PatentNumber> r = PatentNumbers.check("202410112257.x", YEAR);
        assertThat(r.ok()).isTrue();
        assertThat(r.value().normalized()).isEqualTo("202410112257.X");
        assertThat(PatentNumbers.check("202420112233X", YEAR).value().type()).isEqualTo(PatentType.UTILITY_MODEL);
        assertThat(PatentNumbers.check("202410112257.0", YEAR).key()).isEqualTo("patent_number.check");
    }

    @Test
    void oldEightDigitNumbers() {
        IdCheck<PatentNumbers.PatentNumber> r = PatentNumbers.check("ZL99123456.1", YEAR);
        assertThat(r.ok()).isTrue();
        assertThat(r.value().oldScheme()).isTrue();
        assertThat(r.value().year()).isEqualTo(1999);
        assertThat(r.value().type()).isEqualTo(PatentType.INVENTION);
        assertThat(r.value().normalized()).isEqualTo("99123456.1");
        IdCheck<PatentNumbers.PatentNumber> u = PatentNumbers.check("012012343", YEAR);
        assertThat(u.ok()).isTrue();
        assertThat(u.value().year()).isEqualTo(2001);
        assertThat(u.value().type()).isEqualTo(PatentType.UTILITY_MODEL);
        // 8 digits: 2·9 + 3·9 + 4·1 + 5·2 + 6·3 + 7·4 + 8·5 + 9·6 = 199 = 18·11 + 1
        assertThat(PatentNumbers.checkChar("99123456")).isEqualTo('1');
        assertThat(PatentNumbers.check("ZL99123456.X", YEAR).key()).isEqualTo("patent_number.check");
    }

    @Test
    void everyWrongCheckDigitIsRefused() {
        for (char c : "0123456789X".toCharArray()) {
            IdCheck<PatentNumbers.PatentNumber> r = PatentNumbers.check("ZL202010566088." + c, YEAR);
            if (c == '9') {
                assertThat(r.ok()).isTrue();
            } else {
                assertThat(r.key()).as("check %s", c).isEqualTo("patent_number.check");
                assertThat(r.message()).contains("“9”");
                assertThat(r.messageEn()).contains("expected '9'");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ZL",
                "ZL20201056608.9", // 11 digits
                "ZL2020105660881.9", // 13 digits
                "ZL202010566088.", // no check digit
                "ZL202010566088.99",
                "ZL202010566088.A",
                "US202010566088.9", // unknown prefix
                "ZL2020-10566088.9",
                "ZL1234567.8", // 7 digits
                "ZL202040566088.9", // type 4
                "ZL202050566088.9", // type 5
                "ZL202000566088.9", // type 0
                "ZL200210566088.9", // 12 digits before 2003
                "ZL202610566088.9", // next year
                "ZL04123456.1", // old scheme after 2003
                "ZL50123456.1", // old scheme, year 2050
                "ZL99423456.1" // old scheme, type 4
            })
    void malformedNumbersAreFormatErrors(String s) {
        IdCheck<PatentNumbers.PatentNumber> r = PatentNumbers.check(s, YEAR);
        assertThat(r.error()).as(s).isTrue();
        assertThat(r.key()).as(s).isEqualTo("patent_number.format");
        assertThat(r.message()).isNotBlank();
        assertThat(r.messageEn()).isNotBlank();
    }

    @Test
    void nullIsAFormatError() {
        assertThat(PatentNumbers.check(null, YEAR).key()).isEqualTo("patent_number.format");
    }

    @Test
    void currentYearByDefault() {
        assertThat(PatentNumbers.check("ZL202010566088.9").ok()).isTrue();
    }
}

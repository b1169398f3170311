package org.ipaward.server.subject.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResidentIdTest {
    static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

    @Test
    void weightsArePowersOfTwoModulo11() {
        for (int i = 0; i < 17; i++) {
            int w = 1;
            for (int k = 0; k < 17 - i; k++) {
                w = w * 2 % 11;
            }
            assertThat(ResidentId.WEIGHTS[i]).as("weight %d", i).isEqualTo(w);
        }
    }

    @Test
    void theStandardsOwnExamplesAreValid() {
        IdCheck<ResidentId.Parsed> a = ResidentId.check("11010519491231002X", TODAY);
        assertThat(a.ok()).isTrue();
        assertThat(a.value().region()).isEqualTo("110105");
        assertThat(a.value().birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(a.value().male()).isFalse();
        IdCheck<ResidentId.Parsed> b = ResidentId.check("440524188001010014", LocalDate.of(2025, 1, 1));
        // born 1880: before 1900, refused as impossible for a living applicant
        assertThat(b.key()).isEqualTo("id_number.birthdate");
        assertThat(ResidentId.checkChar("44052418800101001")).isEqualTo('4');
    }

    @Test
    void lowerCaseXIsAccepted() {
        IdCheck<ResidentId.Parsed> r = ResidentId.check(" 11010519491231002x", TODAY);
        assertThat(r.ok()).isTrue();
        assertThat(r.value().number()).isEqualTo("11010519491231002X");
    }

    @Test
    void maleFromAnOddSequence() {
        IdCheck<ResidentId.Parsed> r = ResidentId.check("110117198503120034", TODAY);
        assertThat(r.ok()).isTrue();
        assertThat(r.value().male()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "11010519491231002",
                "11010519491231002X1",
                "1101051949123100XX",
                "11010519491231002Y",
                "A1010519491231002X",
                "110105194912310０2X",
                "00010519491231002X", // no province 00
                "99010519491231002X", // no province 99
                "110000194912310021" // region 0000 inside a province
            })
    void malformedNumbersAreFormatErrors(String n) {
        IdCheck<ResidentId.Parsed> r = ResidentId.check(n, TODAY);
        assertThat(r.error()).as(n).isTrue();
        assertThat(r.key()).isEqualTo("id_number.format");
        assertThat(r.message()).isNotBlank();
        assertThat(r.messageEn()).isNotBlank();
    }

    @Test
    void impossibleBirthDatesAreBirthdateErrors() {
        // 1949-02-30 does not exist
        String feb30 = "1101051949023000" + "1";
        assertThat(ResidentId.check(feb30 + ResidentId.checkChar(feb30), TODAY).key())
                .isEqualTo("id_number.birthdate");
        // month 13
        String m13 = "1101051949133100" + "1";
        assertThat(ResidentId.check(m13 + ResidentId.checkChar(m13), TODAY).key())
                .isEqualTo("id_number.birthdate");
        // tomorrow
        String future = "110105" + "20250602" + "001";
        IdCheck<ResidentId.Parsed> r = ResidentId.check(future + ResidentId.checkChar(future), TODAY);
        assertThat(r.key()).isEqualTo("id_number.birthdate");
        assertThat(r.message()).contains("2025-06-02");
        // today is fine
        String today = "110105" + "20250601" + "001";
        assertThat(ResidentId.check(today + ResidentId.checkChar(today), TODAY).ok())
                .isTrue();
    }

    @Test
    void wrongCheckCharacterIsAnError() {
        IdCheck<ResidentId.Parsed> r = ResidentId.check("110101199003074519", TODAY);
        assertThat(r.error()).isTrue();
        assertThat(r.key()).isEqualTo("id_number.check");
        // the message never repeats the number
        assertThat(r.message()).doesNotContain("110101199003074519");
        // the brief's masking example 110101199003074518 has a wrong check character (it should be 4)
        assertThat(ResidentId.check("110101199003074518", TODAY).key()).isEqualTo("id_number.check");
        assertThat(ResidentId.check("110101199003074514", TODAY).ok()).isTrue();
    }

    @Test
    void everyWrongCheckCharacterIsRefused() {
        String first17 = "11011719850312003";
        char right = ResidentId.checkChar(first17);
        for (char c : "0123456789X".toCharArray()) {
            IdCheck<ResidentId.Parsed> r = ResidentId.check(first17 + c, TODAY);
            assertThat(r.ok()).as("check %s", c).isEqualTo(c == right);
        }
    }

    @Test
    void nullIsAFormatError() {
        assertThat(ResidentId.check(null, TODAY).key()).isEqualTo("id_number.format");
    }
}

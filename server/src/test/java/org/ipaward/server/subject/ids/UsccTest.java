package org.ipaward.server.subject.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsccTest {
    @Test
    void weightsArePowersOfThreeModulo31() {
        for (int i = 0; i < 17; i++) {
            int w = 1;
            for (int k = 0; k < i; k++) {
                w = w * 3 % 31;
            }
            assertThat(Uscc.WEIGHTS[i]).as("weight %d", i).isEqualTo(w);
        }
    }

    /** Codes printed on the business licences of well-known companies (public information). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "914403001922038216",
                "9144030071526726XG",
                "91330100716105852F",
                "91110108558521630L",
                "91110000802100433B",
                "91350100M000100Y43",
                "911100001000044477"
            })
    void publishedCodesAreValid(String code) {
        IdCheck<String> r = Uscc.check(code);
        assertThat(r.ok()).as(code).isTrue();
        assertThat(r.value()).isEqualTo(code);
        assertThat(r.key()).isNull();
    }

    @Test
    void checkCharacterWrapsFrom31ToZero() {
        // Find a prefix whose weighted sum is a multiple of 31: its check character must be '0'.
        String prefix = "9111011710230567";
        for (char c : Uscc.ALPHABET.toCharArray()) {
            String first17 = prefix + c;
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                sum += Uscc.ALPHABET.indexOf(first17.charAt(i)) * Uscc.WEIGHTS[i];
            }
            if (sum % 31 == 0) {
                assertThat(Uscc.checkChar(first17)).isEqualTo('0');
                assertThat(Uscc.check(first17 + "0").ok()).isTrue();
                return;
            }
        }
        throw new AssertionError("no prefix with a sum divisible by 31 found");
    }

    @Test
    void lowerCaseAndSpacesAroundAreNormalised() {
        IdCheck<String> r = Uscc.check("  9144030071526726xg ");
        assertThat(r.ok()).isTrue();
        assertThat(r.value()).isEqualTo("9144030071526726XG");
    }

    @Test
    void wrongCheckCharacterIsOnlyAWarning() {
        IdCheck<String> r = Uscc.check("914403001922038217");
        assertThat(r.warning()).isTrue();
        assertThat(r.accepted()).isTrue();
        assertThat(r.ok()).isFalse();
        assertThat(r.key()).isEqualTo("uscc.check_failed");
        assertThat(r.value()).isEqualTo("914403001922038217");
        assertThat(r.message()).contains("校验位").contains("“6”");
        assertThat(r.messageEn()).contains("expected '6'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "91440300192203821", // 17
                "9144030019220382160", // 19
                "91440300192203821I", // I not allowed
                "9144030019220382O6", // O not allowed
                "91440300192Z038216", // Z not allowed
                "9144030019S2038216", // S not allowed
                "914403001922V38216", // V not allowed
                "91440300192203821-",
                "０１４４０３００１９２２０３８２１６", // full-width digits
                "B14403001922038216", // unknown registration authority
                "9A4403001922038216", // category must be a digit
                "904403001922038216", // category 0
                "9144A3001922038216" // region must be digits
            })
    void malformedCodesAreErrors(String code) {
        IdCheck<String> r = Uscc.check(code);
        assertThat(r.error()).as(code).isTrue();
        assertThat(r.accepted()).isFalse();
        assertThat(r.key()).isEqualTo("uscc.format");
        assertThat(r.message()).isNotBlank();
        assertThat(r.messageEn()).isNotBlank();
        assertThat(r.value()).isNull();
    }

    @Test
    void nullIsAnError() {
        assertThat(Uscc.check(null).key()).isEqualTo("uscc.format");
    }

    @Test
    void messagesNameTheProblem() {
        assertThat(Uscc.check("91440300192203821").message()).contains("18 位").contains("17");
        assertThat(Uscc.check("91440300192203821I").message()).contains("第 18 位");
        assertThat(Uscc.check("B14403001922038216").messageEn()).contains("registration authority");
        assertThat(Uscc.check("9144A3001922038216").messageEn()).contains("region");
    }

    @Test
    void regionIsCharactersThreeToEight() {
        assertThat(Uscc.region("91110117MA01K3N28E")).isEqualTo("110117");
    }

    @Test
    void checkCharRefusesBadInput() {
        assertThatThrownBy(() -> Uscc.checkChar("123")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Uscc.checkChar("9144030019220382I")).isInstanceOf(IllegalArgumentException.class);
    }
}

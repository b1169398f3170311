package org.ipaward.server.subject.ids;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrademarksTest {
    @Test
    void validRegistrations() {
        IdCheck<Trademarks.Trademark> r = Trademarks.check("12345678", 9);
        assertThat(r.ok()).isTrue();
        assertThat(r.value()).isEqualTo(new Trademarks.Trademark("12345678", 9));
        assertThat(Trademarks.check("1", 1).ok()).isTrue();
        assertThat(Trademarks.check("999999999", 45).ok()).isTrue();
        assertThat(Trademarks.check(" 42 ", 30).value().number()).isEqualTo("42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0123", "1234567890", "12a45", "-1", "１２３"})
    void badNumbers(String n) {
        IdCheck<Trademarks.Trademark> r = Trademarks.check(n, 9);
        assertThat(r.error()).as(n).isTrue();
        assertThat(r.key()).isEqualTo("trademark.number");
        assertThat(r.message()).isNotBlank();
        assertThat(r.messageEn()).isNotBlank();
    }

    @Test
    void nullNumber() {
        assertThat(Trademarks.check(null, 9).key()).isEqualTo("trademark.number");
    }

    @Test
    void badClasses() {
        for (Integer c : new Integer[] {null, 0, -3, 46, 100}) {
            IdCheck<Trademarks.Trademark> r = Trademarks.check("123", c);
            assertThat(r.key()).as("class %s", c).isEqualTo("trademark.class");
        }
    }

    @Test
    void classAsText() {
        assertThat(Trademarks.checkText("123", "09").value().niceClass()).isEqualTo(9);
        assertThat(Trademarks.checkText("123", "第35类").value().niceClass()).isEqualTo(35);
        assertThat(Trademarks.checkText("123", "45").ok()).isTrue();
        assertThat(Trademarks.checkText("123", "46").key()).isEqualTo("trademark.class");
        assertThat(Trademarks.checkText("123", "nine").key()).isEqualTo("trademark.class");
        assertThat(Trademarks.checkText("123", null).key()).isEqualTo("trademark.class");
    }
}

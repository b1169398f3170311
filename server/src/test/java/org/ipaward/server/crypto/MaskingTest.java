package org.ipaward.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void idNumbersKeepFirstAndLastFour() {
        assertThat(Masking.idNumber("110101199003074518")).isEqualTo("1101**********4518");
        assertThat(Masking.idNumber("11010519491231002X")).isEqualTo("1101**********002X");
        assertThat(Masking.idNumber("12345678")).isEqualTo("********");
        assertThat(Masking.idNumber("123456789")).isEqualTo("1234*6789");
        assertThat(Masking.idNumber(null)).isNull();
    }

    @Test
    void phones() {
        assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
        assertThat(Masking.phone("010-61234567")).isEqualTo("010-****4567");
        assertThat(Masking.phone("0579-82345678-123")).isEqualTo("0579-****5678-123");
        assertThat(Masking.phone("01061234567")).isEqualTo("010****4567");
        assertThat(Masking.phone("61234567")).isEqualTo("****4567");
        assertThat(Masking.phone("123")).isEqualTo("***");
        assertThat(Masking.phone(null)).isNull();
    }

    @Test
    void bankAccountsKeepOnlyTheLastFour() {
        assertThat(Masking.bankAccount("6222020200112231234")).isEqualTo("**** **** **** 1234");
        assertThat(Masking.bankAccount("6222 0202 0011 2231 234")).isEqualTo("**** **** **** 1234");
        assertThat(Masking.bankAccount("1234")).isEqualTo("**** **** **** ****");
        assertThat(Masking.bankAccount(null)).isNull();
    }

    @Test
    void personNames() {
        assertThat(Masking.personName("张三")).isEqualTo("张*");
        assertThat(Masking.personName("王小明")).isEqualTo("王*明");
        assertThat(Masking.personName("欧阳娜娜")).isEqualTo("欧**娜");
        assertThat(Masking.personName("阿卜杜热西提·买买提")).isEqualTo("阿********提");
        assertThat(Masking.personName("李")).isEqualTo("*");
        assertThat(Masking.personName("𠀀𠀁")).isEqualTo("𠀀*");
        assertThat(Masking.personName(null)).isNull();
    }
}

package org.ipaward.server.subject.ids;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;

/**
 * 公民身份号码 (resident identity card number) per GB 11643-1999: a 6-digit region code, an 8-digit birth
 * date, a 3-digit sequence (odd for men, even for women) and a check character per ISO 7064 MOD 11-2.
 * Checked strictly: every failure is an error.
 */
public final class ResidentId {
    static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static final String CHECK_CHARS = "10X98765432";
    /** Province-level codes (GB/T 2260), and 83 for residence permits of Taiwan residents. */
    static final Set<String> PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
            "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83");

    public static final String FORMAT = "id_number.format";
    public static final String BIRTHDATE = "id_number.birthdate";
    public static final String CHECK = "id_number.check";

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

    /** A checked number: the number (upper-case X), its region code, birth date and sex. */
    public record Parsed(String number, String region, LocalDate birthDate, boolean male) {}

    private ResidentId() {}

    public static IdCheck<Parsed> check(String input) {
        return check(input, LocalDate.now(CHINA));
    }

    /** Checks a number as of {@code today} (a birth date after it is refused). */
    public static IdCheck<Parsed> check(String input, LocalDate today) {
        if (input == null || input.isBlank()) {
            return IdCheck.error(FORMAT, "身份证号码不能为空", "the ID number is required");
        }
        String n = input.strip().toUpperCase(Locale.ROOT);
        if (n.length() != 18) {
            return IdCheck.error(
                    FORMAT,
                    "身份证号码应为 18 位，实为 " + n.length() + " 位",
                    "an ID number has 18 characters, not " + n.length());
        }
        for (int i = 0; i < 17; i++) {
            if (n.charAt(i) < '0' || n.charAt(i) > '9') {
                return IdCheck.error(
                        FORMAT, "身份证号码前 17 位应为数字", "the first 17 characters of an ID number must be digits");
            }
        }
        char last = n.charAt(17);
        if ((last < '0' || last > '9') && last != 'X') {
            return IdCheck.error(
                    FORMAT, "身份证号码第 18 位应为数字或 X", "the 18th character of an ID number must be a digit or X");
        }
        if (!PROVINCES.contains(n.substring(0, 2)) || n.substring(2, 6).equals("0000")) {
            return IdCheck.error(
                    FORMAT, "身份证号码前 6 位不是有效的行政区划代码", "the first 6 digits of the ID number are not a valid region code");
        }
        LocalDate birth;
        try {
            birth = LocalDate.of(
                    Integer.parseInt(n.substring(6, 10)),
                    Integer.parseInt(n.substring(10, 12)),
                    Integer.parseInt(n.substring(12, 14)));
        } catch (DateTimeException e) {
            return IdCheck.error(
                    BIRTHDATE, "身份证号码第 7–14 位不是有效的出生日期", "digits 7–14 of the ID number are not a valid birth date");
        }
        if (birth.isAfter(today) || birth.isBefore(EARLIEST)) {
            return IdCheck.error(
                    BIRTHDATE,
                    "身份证号码中的出生日期 " + birth + " 不合理（不能晚于今天或早于 1900 年）",
                    "the birth date " + birth + " in the ID number is impossible (after today or before 1900)");
        }
        char expected = checkChar(n.substring(0, 17));
        if (last != expected) {
            return IdCheck.error(
                    CHECK,
                    "身份证号码校验位不符，请核对号码",
                    "the ID number's check character does not match; please check the number");
        }
        return IdCheck.ok(new Parsed(n, n.substring(0, 6), birth, (n.charAt(16) - '0') % 2 == 1));
    }

    /** The check character (ISO 7064 MOD 11-2) for the first 17 digits. */
    public static char checkChar(String first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("17 digits expected");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a digit: " + c);
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK_CHARS.charAt(sum % 11);
    }
}

package org.ipaward.server.subject.ids;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chinese patent application and patent numbers per ZC 0006-2003. Since October 2003: 4-digit filing
 * year, a type digit, a 7-digit serial and a check digit ({@code 202010566088.9}); before: 2-digit year,
 * type digit, 5-digit serial and check digit ({@code 99123456.X} style). Accepted with or without the
 * {@code ZL} (patent) or {@code CN} prefix, with or without the dot. The check digit is the sum of each
 * digit times the weights 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 (from the left) modulo 11, 10 written X.
 */
public final class PatentNumbers {
    static final int[] WEIGHTS = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
    private static final Pattern SHAPE = Pattern.compile("(?:ZL|CN)?(\\d{12}|\\d{8})\\.?([0-9X])");
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    public static final String FORMAT = "patent_number.format";
    public static final String CHECK = "patent_number.check";

    /**
     * A checked number: {@code normalized} is the digits, a dot and the check digit without prefix
     * ({@code 202010566088.9}); the filing year, the type and whether it is an old (pre-2003) 8-digit number.
     */
    public record PatentNumber(String normalized, int year, PatentType type, boolean oldScheme) {
        /** As printed on a patent certificate: {@code ZL202010566088.9}. */
        public String patentNumber() {
            return "ZL" + normalized;
        }
    }

    private PatentNumbers() {}

    public static IdCheck<PatentNumber> check(String input) {
        return check(input, LocalDate.now(CHINA).getYear());
    }

    /** Checks a number, refusing filing years after {@code currentYear}. */
    public static IdCheck<PatentNumber> check(String input, int currentYear) {
        if (input == null || input.isBlank()) {
            return IdCheck.error(FORMAT, "专利号（申请号）不能为空", "the patent (application) number is required");
        }
        String s = input.strip().toUpperCase(Locale.ROOT).replace(" ", "");
        Matcher m = SHAPE.matcher(s);
        if (!m.matches()) {
            return IdCheck.error(
                    FORMAT,
                    "专利号（申请号）格式不正确，应如 ZL202010566088.9、202010566088.9 或旧号 ZL99123456.X",
                    "a patent (application) number looks like ZL202010566088.9, 202010566088.9 or, before 2003, ZL99123456.X");
        }
        String digits = m.group(1);
        char check = m.group(2).charAt(0);
        boolean old = digits.length() == 8;
        int year;
        int typeDigit;
        if (old) {
            int yy = Integer.parseInt(digits.substring(0, 2));
            year = yy >= 85 ? 1900 + yy : 2000 + yy;
            typeDigit = digits.charAt(2) - '0';
            if (year > 2003) {
                return IdCheck.error(
                        FORMAT,
                        "旧格式（8 位）专利申请号的年份 " + year + " 无效：旧号只用于 1985 年至 2003 年",
                        "year " + year + " is impossible in an old 8-digit number (used from 1985 to 2003)");
            }
        } else {
            year = Integer.parseInt(digits.substring(0, 4));
            typeDigit = digits.charAt(4) - '0';
            if (year < 2003 || year > currentYear) {
                return IdCheck.error(
                        FORMAT,
                        "专利申请号中的申请年份 " + year + " 无效（12 位号码自 2003 年起使用，且不能晚于今年）",
                        "filing year " + year
                                + " is impossible (12-digit numbers are used from 2003, and not after this year)");
            }
        }
        PatentType type = PatentType.of(typeDigit);
        if (type == null) {
            return IdCheck.error(
                    FORMAT,
                    "专利申请号中的专利类型码“" + typeDigit + "”无效，应为 1（发明）、2（实用新型）、3（外观设计）、8 或 9（PCT 进入中国）",
                    "type digit '" + typeDigit
                            + "' is invalid; expected 1 (invention), 2 (utility model), 3 (design), 8 or 9 (PCT entering China)");
        }
        char expected = checkChar(digits);
        if (check != expected) {
            return IdCheck.error(
                    CHECK,
                    "专利号（申请号）校验位不符（按 ZC 0006-2003 应为“" + expected + "”），请核对号码",
                    "the check digit does not match ZC 0006-2003 (expected '" + expected
                            + "'); please check the number");
        }
        return IdCheck.ok(new PatentNumber(digits + "." + check, year, type, old));
    }

    /** The check digit for the 8 or 12 digits before the dot. */
    public static char checkChar(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a digit: " + c);
            }
            sum += (c - '0') * WEIGHTS[i % WEIGHTS.length];
        }
        int r = sum % 11;
        return r == 10 ? 'X' : (char) ('0' + r);
    }
}

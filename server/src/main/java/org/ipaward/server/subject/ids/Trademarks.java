package org.ipaward.server.subject.ids;

import java.util.regex.Pattern;

/**
 * A registered trademark: its registration number (1–9 digits, no leading zero) and its class in the
 * Nice Classification (1–45).
 */
public final class Trademarks {
    private static final Pattern NUMBER = Pattern.compile("[1-9]\\d{0,8}");

    public static final String NUMBER_KEY = "trademark.number";
    public static final String CLASS_KEY = "trademark.class";

    /** A checked trademark registration. */
    public record Trademark(String number, int niceClass) {}

    private Trademarks() {}

    /** The registration number alone, for claims that name a mark without its class. */
    public static IdCheck<String> checkNumber(String number) {
        String n = number == null ? "" : number.strip();
        if (!NUMBER.matcher(n).matches()) {
            return IdCheck.error(
                    NUMBER_KEY,
                    "商标注册号应为 1 至 9 位数字，且不以 0 开头",
                    "a trademark registration number has 1 to 9 digits and no leading zero");
        }
        return IdCheck.ok(n);
    }

    public static IdCheck<Trademark> check(String number, Integer niceClass) {
        String n = number == null ? "" : number.strip();
        IdCheck<String> num = checkNumber(n);
        if (num.error()) {
            return IdCheck.error(num.key(), num.message(), num.messageEn());
        }
        if (niceClass == null || niceClass < 1 || niceClass > 45) {
            return IdCheck.error(
                    CLASS_KEY, "商标类别应为尼斯分类第 1 至 45 类", "the trademark class must be a Nice class from 1 to 45");
        }
        return IdCheck.ok(new Trademark(n, niceClass));
    }

    /** Checks a class given as text ({@code "9"}, {@code "09"}, {@code "第9类"}). */
    public static IdCheck<Trademark> checkText(String number, String niceClass) {
        Integer c = null;
        if (niceClass != null) {
            String s = niceClass.strip();
            if (s.startsWith("第") && s.endsWith("类")) {
                s = s.substring(1, s.length() - 1).strip();
            }
            if (s.matches("\\d{1,2}")) {
                c = Integer.parseInt(s);
            } else {
                c = -1;
            }
        }
        return check(number, c);
    }
}

package org.ipaward.server.crypto;

/**
 * How sensitive values are shown in every view and export: enough to recognise, not enough to use.
 * {@code 110101199003074514} → {@code 1101**********4514}, {@code 13812345678} → {@code 138****5678}, a
 * bank account → {@code **** **** **** 1234}, a person's name on public lists {@code 张三} → {@code 张*},
 * {@code 欧阳娜娜} → {@code 欧**娜}. Null stays null.
 */
public final class Masking {
    private Masking() {}

    /** First 4 and last 4 characters kept; shorter values entirely masked. */
    public static String idNumber(String s) {
        if (s == null) {
            return null;
        }
        String v = s.strip();
        if (v.length() <= 8) {
            return "*".repeat(v.length());
        }
        return v.substring(0, 4) + "*".repeat(v.length() - 8) + v.substring(v.length() - 4);
    }

    /**
     * A mobile number keeps its first 3 and last 4 digits ({@code 138****5678}); a landline keeps its area
     * code, the last 4 digits of the number and any extension ({@code 010-****4567-12}).
     */
    public static String phone(String s) {
        if (s == null) {
            return null;
        }
        String v = s.strip();
        String[] parts = v.split("-", -1);
        if (parts.length >= 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            parts[1] = keepLast(parts[1], 4);
            return String.join("-", parts);
        }
        if (v.length() >= 11) {
            return v.substring(0, 3) + "*".repeat(v.length() - 7) + v.substring(v.length() - 4);
        }
        return keepLast(v, 4);
    }

    /** Only the last 4 digits, in the grouped form {@code **** **** **** 1234}. */
    public static String bankAccount(String s) {
        if (s == null) {
            return null;
        }
        String digits = s.replaceAll("\\s", "");
        if (digits.length() <= 4) {
            return "**** **** **** " + "*".repeat(digits.length());
        }
        return "**** **** **** " + digits.substring(digits.length() - 4);
    }

    /**
     * A person's name for public lists: the first character kept and, for names of 3 or more characters,
     * the last; everything between masked. {@code 张三} → {@code 张*}, {@code 王小明} → {@code 王*明}.
     */
    public static String personName(String s) {
        if (s == null) {
            return null;
        }
        String v = s.strip();
        int[] cps = v.codePoints().toArray();
        if (cps.length <= 1) {
            return "*".repeat(cps.length);
        }
        StringBuilder b = new StringBuilder().appendCodePoint(cps[0]);
        if (cps.length == 2) {
            return b.append('*').toString();
        }
        b.append("*".repeat(cps.length - 2));
        return b.appendCodePoint(cps[cps.length - 1]).toString();
    }

    private static String keepLast(String v, int n) {
        if (v.length() <= n) {
            return "*".repeat(v.length());
        }
        return "*".repeat(v.length() - n) + v.substring(v.length() - n);
    }
}

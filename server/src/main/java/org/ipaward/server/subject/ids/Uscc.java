package org.ipaward.server.subject.ids;

import java.util.Locale;

/**
 * 统一社会信用代码 (unified social credit code) per GB 32100-2015: 18 characters from
 * {@code 0123456789ABCDEFGHJKLMNPQRTUWXY} — registration authority (1), organisation category (1),
 * registering authority's region code (6 digits), organisation code (9) and a check character computed
 * modulo 31 with the weights 3^i mod 31.
 *
 * <p>A wrong check character on an otherwise well-formed code is a warning, not an error: codes issued in
 * the pilot areas before the standard do not always satisfy it, so staff confirm them instead.
 */
public final class Uscc {
    public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /** Registration authorities: 1 机构编制 … 9 工商 (市场监管), A 中央军委改革和编制办公室, N 农业, Y 其他. */
    static final String AUTHORITIES = "123456789ANY";

    public static final String FORMAT = "uscc.format";
    public static final String CHECK_FAILED = "uscc.check_failed";

    private Uscc() {}

    /** Checks a code; the value of an accepted result is the code trimmed and in upper case. */
    public static IdCheck<String> check(String input) {
        if (input == null || input.isBlank()) {
            return IdCheck.error(FORMAT, "统一社会信用代码不能为空", "the unified social credit code is required");
        }
        String code = input.strip().toUpperCase(Locale.ROOT);
        if (code.length() != 18) {
            return IdCheck.error(
                    FORMAT,
                    "统一社会信用代码应为 18 位，实为 " + code.length() + " 位",
                    "a unified social credit code has 18 characters, not " + code.length());
        }
        for (int i = 0; i < 18; i++) {
            char c = code.charAt(i);
            if (ALPHABET.indexOf(c) < 0) {
                return IdCheck.error(
                        FORMAT,
                        "统一社会信用代码第 " + (i + 1) + " 位“" + c + "”不是允许的字符（数字或除 I、O、Z、S、V 外的大写字母）",
                        "character " + (i + 1) + " '" + c
                                + "' is not allowed in a unified social credit code (digits and capitals except I, O, Z, S, V)");
            }
        }
        if (AUTHORITIES.indexOf(code.charAt(0)) < 0) {
            return IdCheck.error(
                    FORMAT,
                    "统一社会信用代码第 1 位（登记管理部门代码）“" + code.charAt(0) + "”无效，应为 1–9、A、N 或 Y",
                    "character 1 (registration authority) '" + code.charAt(0)
                            + "' is invalid; expected 1–9, A, N or Y");
        }
        char category = code.charAt(1);
        if (category < '1' || category > '9') {
            return IdCheck.error(
                    FORMAT,
                    "统一社会信用代码第 2 位（机构类别代码）“" + category + "”无效，应为数字 1–9",
                    "character 2 (organisation category) '" + category + "' is invalid; expected a digit 1–9");
        }
        for (int i = 2; i < 8; i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return IdCheck.error(
                        FORMAT,
                        "统一社会信用代码第 3–8 位应为 6 位数字的登记管理机关行政区划码",
                        "characters 3–8 of a unified social credit code are the 6-digit region code of the registering authority");
            }
        }
        char expected = checkChar(code.substring(0, 17));
        if (code.charAt(17) != expected) {
            return IdCheck.warning(
                    code,
                    CHECK_FAILED,
                    "统一社会信用代码校验位不符（按 GB 32100-2015 应为“" + expected + "”）；可能是早期试点地区代码，需工作人员核实确认",
                    "the check character does not match GB 32100-2015 (expected '" + expected
                            + "'); it may be an early pilot-area code and must be confirmed by staff");
        }
        return IdCheck.ok(code);
    }

    /** The check character for the first 17 characters of a code (all from {@link #ALPHABET}). */
    public static char checkChar(String first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("17 characters expected");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = ALPHABET.indexOf(first17.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("not a code character: " + first17.charAt(i));
            }
            sum += v * WEIGHTS[i];
        }
        int c = 31 - sum % 31;
        return ALPHABET.charAt(c == 31 ? 0 : c);
    }

    /** The registering authority's 6-digit region code (characters 3–8). */
    public static String region(String code) {
        return code.substring(2, 8);
    }
}

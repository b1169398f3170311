package org.ipaward.server.error;

import java.math.BigDecimal;

/**
 * An amount of money is written as a plain number ({@code 100000.00}), never in exponent notation ({@code 1e5},
 * which {@link BigDecimal} would read as 100000 without comment). A string is refused when it holds an exponent;
 * a number read from JSON (a {@link BigDecimal}, floats being read as decimals) when its scale is negative, as
 * {@code 1e5} and {@code 1.5E+5} give — the JSON number {@code 1.00000e5} reads as the plain {@code 100000} and
 * cannot be told apart. Full-width digits ({@code １００}) are left to {@link BigDecimal}, which reads them as
 * the ASCII ones everywhere.
 */
public final class PlainMoney {
    public static final String KEY = "money.format";
    public static final String ZH = "金额须写成普通数字，如 100000.00（不接受 1e5 这类写法）";
    public static final String EN = "write the amount as a plain number such as 100000.00 (not 1e5)";

    private PlainMoney() {}

    /** Whether a stated amount is written with an exponent. */
    public static boolean exponent(Object raw) {
        if (raw instanceof BigDecimal d) {
            return d.scale() < 0;
        }
        if (raw instanceof CharSequence s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == 'e' || c == 'E' || c == 'ｅ' || c == 'Ｅ') {
                    return true;
                }
            }
        }
        return false;
    }

    /** The field problem of an amount written with an exponent (the value as sent). */
    public static ApiException.FieldProblem problem(String field, Object raw) {
        return new ApiException.FieldProblem(field, shown(raw), KEY, ZH, EN);
    }

    /** Refuses an amount written with an exponent: a 400 naming the field and the value. */
    public static void require(String field, Object raw) {
        if (exponent(raw)) {
            throw new ApiException(
                    org.springframework.http.HttpStatus.BAD_REQUEST,
                    KEY,
                    "输入有误：" + field + " " + ZH,
                    "invalid input: " + field + ": " + EN,
                    java.util.List.of(problem(field, raw)));
        }
    }

    /** A number as it reads ({@code 1E+5}), a string as sent. */
    static Object shown(Object raw) {
        return raw instanceof BigDecimal d ? d.toString() : raw;
    }
}

package org.ipaward.engine.calc;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.model.Measure;

/** Formats values for explanations: 元 with thousands separators, ratios as percentages. */
public final class Fmt {
    private Fmt() {}

    /** {@code 1234567.8} → {@code 1,234,567.80 元}; decimals beyond 分 are shown only when not zero. */
    public static String yuan(BigDecimal amount) {
        return amount(amount) + " 元";
    }

    /** {@link #yuan} without the unit, for English text: {@code 1234567.8} → {@code 1,234,567.80}. */
    public static String amount(BigDecimal amount) {
        BigDecimal a = amount.scale() > 2 ? amount.stripTrailingZeros() : amount;
        String plain = (a.scale() < 2 ? a.setScale(2) : a).toPlainString();
        int start = plain.startsWith("-") ? 1 : 0;
        int dot = plain.indexOf('.');
        int end = dot < 0 ? plain.length() : dot;
        StringBuilder sb = new StringBuilder(plain.length() + 8);
        sb.append(plain, 0, start);
        for (int i = start; i < end; i++) {
            if (i > start && (end - i) % 3 == 0) {
                sb.append(',');
            }
            sb.append(plain.charAt(i));
        }
        return sb.append(plain, end, plain.length()).toString();
    }

    /** {@code 0.5} → {@code 50%}. */
    public static String percent(BigDecimal ratio) {
        return ratio.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    public static String number(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    /** A fact's value as a person reads it: enum labels, money in 元, yes/no. */
    public static String fact(Measure.Fact f, Object value) {
        if (value == null) {
            return "（未填）";
        }
        if (f != null && f.values() != null && f.values().get(value) != null) {
            return f.values().get(value).zh();
        }
        if (value instanceof Boolean b) {
            return b ? "是" : "否";
        }
        if (value instanceof BigDecimal d) {
            if (f != null && f.type() == Measure.FactType.MONEY) {
                return yuan(d);
            }
            if (f != null && f.type() == Measure.FactType.PERCENT) {
                return number(d) + "%";
            }
            return number(d) + (f != null && f.unit() != null ? " " + f.unit() : "");
        }
        if (value instanceof List<?> l) {
            return String.join("、", l.stream().map(String::valueOf).toList());
        }
        if (value instanceof Map<?, ?> m) {
            return m.toString();
        }
        return String.valueOf(value);
    }
}

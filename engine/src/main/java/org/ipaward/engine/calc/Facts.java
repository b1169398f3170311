package org.ipaward.engine.calc;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.Problem;
import org.ipaward.engine.internal.Whole;
import org.ipaward.engine.model.Measure.Fact;
import org.ipaward.engine.model.Parameter;

/** Converts stated values to the declared types, reporting which field, which value and which rule failed. */
final class Facts {
    private Facts() {}

    /** The typed value, or {@code null} after adding a problem. */
    static Object coerce(Fact f, Object raw, String where, List<Problem> problems) {
        switch (f.type()) {
            case MONEY:
            case INTEGER:
            case DECIMAL:
            case PERCENT: {
                BigDecimal d = decimal(raw);
                if (d == null) {
                    problems.add(
                            problem(where, field(f), "claim.fact-not-number", "“" + raw + "”不是数值", "not a number"));
                    return null;
                }
                if (tooLarge(d)) {
                    problems.add(problem(
                            where,
                            field(f),
                            "claim.fact-too-large",
                            "数值“" + raw + "”超出可计算范围（整数部分最多" + MAX_INTEGER_DIGITS + "位）",
                            "too large: at most " + MAX_INTEGER_DIGITS + " integer digits"));
                    return null;
                }
                if (f.type() == org.ipaward.engine.model.Measure.FactType.INTEGER
                        && d.scale() > 0
                        && d.stripTrailingZeros().scale() > 0) {
                    problems.add(problem(
                            where, field(f), "claim.fact-not-integer", "“" + raw + "”应为整数", "must be a whole number"));
                    return null;
                }
                if (f.type() == org.ipaward.engine.model.Measure.FactType.MONEY
                        && d.scale() > 2
                        && d.stripTrailingZeros().scale() > 2) {
                    problems.add(problem(
                            where,
                            field(f),
                            "claim.fact-money-scale",
                            "金额“" + raw + "”最多精确到分（两位小数）",
                            "money has at most 2 decimals"));
                    return null;
                }
                if (tooPrecise(d)) {
                    problems.add(problem(
                            where,
                            field(f),
                            "claim.fact-too-precise",
                            "数值“" + raw + "”小数位过多（最多" + MAX_DECIMALS + "位）",
                            "at most " + MAX_DECIMALS + " decimals"));
                    return null;
                }
                if (f.min() != null && d.compareTo(f.min()) < 0) {
                    problems.add(problem(
                            where,
                            field(f),
                            "claim.fact-below-min",
                            "“" + raw + "”小于最小值 " + f.min().toPlainString(),
                            "below minimum " + f.min().toPlainString()));
                    return null;
                }
                if (f.max() != null && d.compareTo(f.max()) > 0) {
                    problems.add(problem(
                            where,
                            field(f),
                            "claim.fact-above-max",
                            "“" + raw + "”大于最大值 " + f.max().toPlainString(),
                            "above maximum " + f.max().toPlainString()));
                    return null;
                }
                return d;
            }
            case BOOLEAN: {
                Boolean b = bool(raw);
                if (b == null) {
                    problems.add(problem(
                            where,
                            field(f),
                            "claim.fact-not-boolean",
                            "“" + raw + "”应为 true 或 false",
                            "must be true or false"));
                }
                return b;
            }
            case ENUM: {
                String s = raw instanceof String str ? str : null;
                if (s == null || !f.values().containsKey(s)) {
                    problems.add(problem(
                            where,
                            field(f),
                            "claim.fact-not-allowed",
                            "“" + raw + "”不是可选值，可选：" + choices(f),
                            "not one of " + f.values().keySet()));
                    return null;
                }
                return s;
            }
            case TEXT:
                if (raw instanceof String || raw instanceof Number) {
                    // A number's plain form can be a billion digits long ("1e999999999"): check before printing it.
                    String s = raw instanceof BigDecimal bd
                            ? (Math.max(bd.precision() - bd.scale(), bd.scale()) > 500 ? "" : bd.toPlainString())
                            : raw.toString();
                    if (s.isBlank() || s.length() > MAX_TEXT) {
                        problems.add(problem(
                                where,
                                field(f),
                                "claim.fact-text",
                                "文本不能为空且不超过500字",
                                "text must be 1..500 characters"));
                        return null;
                    }
                    return s;
                }
                problems.add(problem(where, field(f), "claim.fact-not-text", "“" + raw + "”应为文本", "must be text"));
                return null;
            case DATE:
                try {
                    return LocalDate.parse(String.valueOf(raw));
                } catch (DateTimeParseException e) {
                    problems.add(problem(
                            where,
                            field(f),
                            "claim.fact-not-date",
                            "“" + raw + "”不是 YYYY-MM-DD 日期",
                            "not a YYYY-MM-DD date"));
                    return null;
                }
            default: {
                if (!(raw instanceof List<?> l)) {
                    problems.add(
                            problem(where, field(f), "claim.fact-not-list", "“" + raw + "”应为列表", "must be a list"));
                    return null;
                }
                List<String> out = new ArrayList<>();
                for (Object o : l) {
                    if (!(o instanceof String s)) {
                        problems.add(problem(
                                where,
                                field(f),
                                "claim.fact-not-list",
                                "列表项“" + o + "”应为文本",
                                "list items must be text"));
                        return null;
                    }
                    out.add(s);
                }
                return List.copyOf(out);
            }
        }
    }

    /** The field a fact's problem names; made only when there is a problem. */
    private static String field(Fact f) {
        return "facts." + f.name();
    }

    /** A parameter override, typed by the parameter's kind. */
    @SuppressWarnings("unchecked")
    static Object coerceParameter(Parameter p, Object raw, List<Problem> problems) {
        String field = "parameters." + p.name();
        switch (p.kind()) {
            case MONEY:
            case NUMBER:
            case RATIO: {
                BigDecimal d = decimal(raw);
                if (d == null) {
                    problems.add(problem(null, field, "claim.parameter-type", "“" + raw + "”不是数值", "not a number"));
                    return null;
                }
                return inRange(d, field, problems) ? d : null;
            }
            case BOOLEAN: {
                Boolean b = bool(raw);
                if (b == null) {
                    problems.add(problem(
                            null,
                            field,
                            "claim.parameter-type",
                            "“" + raw + "”应为 true 或 false",
                            "must be true or false"));
                }
                return b;
            }
            case TEXT:
                if (!(raw instanceof String s)
                        || (p.options() != null && !p.options().contains(s))) {
                    problems.add(problem(
                            null,
                            field,
                            "claim.parameter-option",
                            "“" + raw + "”不是可选值" + (p.options() == null ? "" : p.options()),
                            "not an allowed value"));
                    return null;
                }
                return s;
            case TABLE:
                if (raw instanceof Map<?, ?> m) {
                    Map<String, BigDecimal> out = new java.util.LinkedHashMap<>();
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        BigDecimal d = decimal(e.getValue());
                        if (d == null) {
                            problems.add(problem(
                                    null,
                                    field,
                                    "claim.parameter-type",
                                    "表值“" + e.getValue() + "”不是数值",
                                    "not a number"));
                            return null;
                        }
                        if (!inRange(d, field, problems)) {
                            return null;
                        }
                        out.put(String.valueOf(e.getKey()), d);
                    }
                    return out;
                }
                problems.add(problem(null, field, "claim.parameter-type", "应为表（键: 数值）", "must be a table"));
                return null;
            case LIST:
                if (raw instanceof List<?> l && l.stream().allMatch(String.class::isInstance)) {
                    return List.copyOf((List<String>) l);
                }
                problems.add(problem(null, field, "claim.parameter-type", "应为列表", "must be a list"));
                return null;
            default:
                try {
                    return LocalDate.parse(String.valueOf(raw));
                } catch (DateTimeParseException e) {
                    problems.add(problem(null, field, "claim.parameter-type", "应为日期", "must be a date"));
                    return null;
                }
        }
    }

    /** The most characters a stated text may have. */
    static final int MAX_TEXT = 500;

    /** The most integer digits a stated number may have: 10^18 元 is far beyond any award, and keeps arithmetic cheap. */
    static final int MAX_INTEGER_DIGITS = 18;
    /** The most decimals a stated number may have (after trailing zeros are dropped). */
    static final int MAX_DECIMALS = 12;

    static boolean tooLarge(BigDecimal d) {
        return d.precision() - d.scale() > MAX_INTEGER_DIGITS;
    }

    static boolean tooPrecise(BigDecimal d) {
        return d.scale() > MAX_DECIMALS && d.stripTrailingZeros().scale() > MAX_DECIMALS;
    }

    private static boolean inRange(BigDecimal d, String field, List<Problem> problems) {
        if (tooLarge(d) || tooPrecise(d)) {
            problems.add(problem(
                    null,
                    field,
                    "claim.parameter-too-large",
                    "数值“" + d + "”超出可计算范围（整数部分最多" + MAX_INTEGER_DIGITS + "位，小数最多" + MAX_DECIMALS + "位）",
                    "out of range"));
            return false;
        }
        return true;
    }

    /** The allowed values with their Chinese labels: {@code gold（金奖）、silver（银奖）}. */
    static String choices(Fact f) {
        StringBuilder sb = new StringBuilder();
        f.values().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "、")
                .append(k)
                .append('（')
                .append(v.zh())
                .append('）'));
        return sb.toString();
    }

    static BigDecimal decimal(Object raw) {
        if (raw instanceof BigDecimal d) {
            return d;
        }
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
            // The same value and scale (0) as parsing its decimal string, without making the string.
            return Whole.of(((Number) raw).longValue());
        }
        if (raw instanceof java.math.BigInteger b) {
            return new BigDecimal(b);
        }
        if (raw instanceof String s) {
            try {
                return new BigDecimal(s.trim().replace(",", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        // Binary floating point never reaches money: a double is refused rather than converted.
        return null;
    }

    static Boolean bool(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if ("true".equals(raw) || "是".equals(raw)) {
            return Boolean.TRUE;
        }
        if ("false".equals(raw) || "否".equals(raw)) {
            return Boolean.FALSE;
        }
        return null;
    }

    static Problem problem(String where, String field, String key, String zh, String en) {
        return new Problem(null, 0, where, field, key, zh, en);
    }
}

package org.ipaward.server.error;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * A JSON body the reader refused, as a problem the client can act on: a value of the wrong type names its JSON
 * path ({@code round_id}, {@code claims[1].measure}; lists counted from 1, as every field the API names), the
 * value sent and the type expected ({@code request.field_type}); an unknown field names itself and the known ones
 * ({@code request.unknown_field}); JSON that does not parse stays {@code request.unreadable}, with the line and
 * column where reading stopped.
 */
public final class JsonProblems {
    private JsonProblems() {}

    public static ApiException of(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String field = path(u);
            String known = u.getKnownPropertyIds() == null
                    ? ""
                    : String.join(
                            ", ",
                            u.getKnownPropertyIds().stream()
                                    .map(String::valueOf)
                                    .sorted()
                                    .toList());
            String name = field == null ? u.getPropertyName() : field;
            return new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "request.unknown_field",
                    "请求中有未知字段 " + name + (known.isEmpty() ? "" : "；可用字段：" + known),
                    "unknown field " + name + (known.isEmpty() ? "" : "; known fields: " + known),
                    List.of(new ApiException.FieldProblem(
                            name,
                            null,
                            "request.unknown_field",
                            "未知字段" + (known.isEmpty() ? "" : "；可用字段：" + known),
                            "unknown field" + (known.isEmpty() ? "" : "; known fields: " + known))));
        }
        if (e instanceof MismatchedInputException m) {
            String field = path(m);
            Object value = value(m);
            String[] type = expected(m.getTargetType());
            String zh = "须为" + type[0] + (value == null ? "" : "，收到的是“" + value + "”");
            String en = "must be " + type[1] + (value == null ? "" : ", got \"" + value + "\"");
            String where = field == null ? "请求体" : "字段 " + field;
            String whereEn = field == null ? "the request body" : "field " + field;
            return new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "request.field_type",
                    where + " 的取值类型不对：" + zh,
                    whereEn + " has the wrong type: " + en,
                    List.of(new ApiException.FieldProblem(
                            field == null ? "" : field, value, "request.field_type", zh, en)));
        }
        String at = "";
        String atEn = "";
        TokenStreamLocation l = e.getLocation();
        if (l != null && l != TokenStreamLocation.NA && l.getLineNr() > 0) {
            at = "（第 " + l.getLineNr() + " 行第 " + l.getColumnNr() + " 列附近）";
            atEn = " (at line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
        }
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "request.unreadable",
                "请求不是有效的 JSON" + at + "，请检查括号、引号和逗号",
                "the request is not valid JSON" + atEn + "; check brackets, quotes and commas");
    }

    /** The JSON path of the value: {@code claims[1].facts.x} (indexes from 1), or null at the top. */
    static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex() + 1).append(']');
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** The value sent, where the reader kept it: a text or number as written, a literal, or the kind of value. */
    private static Object value(MismatchedInputException m) {
        if (m instanceof InvalidFormatException f && f.getValue() != null) {
            return f.getValue();
        }
        JsonToken t = m.getCurrentToken();
        if (t == null) {
            return null;
        }
        return switch (t) {
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "{…}";
            case START_ARRAY -> "[…]";
            default -> null;
        };
    }

    /** The type a field takes, in Chinese and English. */
    static String[] expected(Class<?> c) {
        if (c == null) {
            return new String[] {"正确类型的值", "a value of the right type"};
        }
        if (c == Long.class
                || c == long.class
                || c == Integer.class
                || c == int.class
                || c == Short.class
                || c == short.class
                || c == BigInteger.class) {
            return new String[] {"整数（如 12）", "a whole number (such as 12)"};
        }
        if (c == BigDecimal.class || c == Double.class || c == double.class || Number.class.isAssignableFrom(c)) {
            return new String[] {"数字（如 100000.00）", "a number (such as 100000.00)"};
        }
        if (c == Boolean.class || c == boolean.class) {
            return new String[] {" true 或 false", "true or false"};
        }
        if (CharSequence.class.isAssignableFrom(c)) {
            return new String[] {"文本（带引号的字符串）", "text (a quoted string)"};
        }
        if (c == java.time.LocalDate.class) {
            return new String[] {"日期，格式 YYYY-MM-DD", "a date as YYYY-MM-DD"};
        }
        if (Temporal.class.isAssignableFrom(c)) {
            return new String[] {"ISO 8601 时间（如 2026-01-31T09:00:00+08:00）", "an ISO 8601 time"};
        }
        if (c.isEnum()) {
            return new String[] {"可选值之一", "one of the allowed values"};
        }
        if (c.isArray() || Collection.class.isAssignableFrom(c)) {
            return new String[] {"列表（JSON 数组 […]）", "a list (a JSON array […])"};
        }
        return Map.class.isAssignableFrom(c) || !c.isPrimitive()
                ? new String[] {"对象（JSON 对象 {…}）", "an object (a JSON object {…})"}
                : new String[] {"正确类型的值", "a value of the right type"};
    }
}

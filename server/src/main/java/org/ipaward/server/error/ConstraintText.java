package org.ipaward.server.error;

import jakarta.validation.ConstraintViolation;
import java.util.Collection;
import java.util.Map;

/**
 * A bean-validation rule ({@code @NotBlank}, {@code @Size} …) in Chinese and in English, whatever the request's
 * language: the validator words its message in one locale only, so a field problem would carry the same text
 * twice (不能为空 as its English). Each constraint the API uses is worded here from its attributes; another keeps
 * the validator's message in Chinese and names the rule in English.
 */
public final class ConstraintText {
    /** A rule's message in both languages. */
    public record Text(String zh, String en) {}

    private ConstraintText() {}

    /** The words of a violation: its constraint's simple name, attributes and the value it refused. */
    public static Text of(ConstraintViolation<?> v) {
        String code =
                v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return of(code, v.getConstraintDescriptor().getAttributes(), v.getInvalidValue(), v.getMessage());
    }

    /**
     * The words of rule {@code code} ({@code NotBlank}, {@code Size} …) with its attributes ({@code min}, {@code
     * max}, {@code value}), for {@code value}; {@code fallback} (the validator's message) for a rule not worded here.
     */
    public static Text of(String code, Map<String, Object> attrs, Object value, String fallback) {
        Map<String, Object> a = attrs == null ? Map.of() : attrs;
        switch (code == null ? "" : code) {
            case "NotBlank":
                return new Text("不能为空", "must not be blank");
            case "NotEmpty":
                return new Text("不能为空", "must not be empty");
            case "NotNull":
                return new Text("必须填写", "is required");
            case "Null":
                return new Text("不应填写", "must not be given");
            case "Size":
                return size(number(a.get("min")), number(a.get("max")), value);
            case "Min":
                return new Text("不能小于 " + a.get("value"), "must be at least " + a.get("value"));
            case "Max":
                return new Text("不能大于 " + a.get("value"), "must be at most " + a.get("value"));
            case "DecimalMin": {
                boolean inclusive = !Boolean.FALSE.equals(a.get("inclusive"));
                return inclusive
                        ? new Text("不能小于 " + a.get("value"), "must be at least " + a.get("value"))
                        : new Text("须大于 " + a.get("value"), "must be greater than " + a.get("value"));
            }
            case "DecimalMax": {
                boolean inclusive = !Boolean.FALSE.equals(a.get("inclusive"));
                return inclusive
                        ? new Text("不能大于 " + a.get("value"), "must be at most " + a.get("value"))
                        : new Text("须小于 " + a.get("value"), "must be less than " + a.get("value"));
            }
            case "Positive":
                return new Text("须大于 0", "must be greater than 0");
            case "PositiveOrZero":
                return new Text("不能小于 0", "must be 0 or more");
            case "Negative":
                return new Text("须小于 0", "must be less than 0");
            case "NegativeOrZero":
                return new Text("不能大于 0", "must be 0 or less");
            case "Digits":
                return new Text(
                        "数字位数超出范围（整数最多 " + a.get("integer") + " 位，小数最多 " + a.get("fraction") + " 位）",
                        "at most " + a.get("integer") + " integer digits and " + a.get("fraction") + " decimals");
            case "Pattern":
                return new Text("格式不正确", "does not have the required format");
            case "Email":
                return new Text("不是有效的电子邮箱地址", "is not a valid email address");
            case "Past":
                return new Text("须是过去的时间", "must be in the past");
            case "PastOrPresent":
                return new Text("不能是将来的时间", "must not be in the future");
            case "Future":
                return new Text("须是将来的时间", "must be in the future");
            case "FutureOrPresent":
                return new Text("不能是过去的时间", "must not be in the past");
            case "AssertTrue":
                return new Text("须为 true", "must be true");
            case "AssertFalse":
                return new Text("须为 false", "must be false");
            default:
                return new Text(
                        fallback == null || fallback.isBlank() ? "不符合规则 " + code : fallback,
                        "does not meet the rule " + code);
        }
    }

    /** {@code @Size} of a text (characters) or of a list (items); unbounded sides left out. */
    private static Text size(Long min, Long max, Object value) {
        boolean items = value instanceof Collection<?>
                || value instanceof Map<?, ?>
                || (value != null && value.getClass().isArray());
        boolean text = value instanceof CharSequence;
        long lo = min == null ? 0 : min;
        boolean noMax = max == null || max >= Integer.MAX_VALUE;
        if (!items && !text) {
            return noMax
                    ? new Text("长度至少为 " + lo, "size must be at least " + lo)
                    : new Text("长度须在 " + lo + " 到 " + max + " 之间", "size must be between " + lo + " and " + max);
        }
        String zhUnit = items ? " 项" : " 个字符";
        String enUnit = items ? " items" : " characters";
        if (noMax) {
            return new Text(
                    items ? "至少须有 " + lo + zhUnit : "长度至少为 " + lo + zhUnit, "must have at least " + lo + enUnit);
        }
        if (lo <= 0) {
            return new Text(
                    items ? "最多 " + max + zhUnit : "长度不能超过 " + max + zhUnit, "must have at most " + max + enUnit);
        }
        return new Text(
                items ? "须有 " + lo + " 到 " + max + " 项" : "长度须在 " + lo + " 到 " + max + " 个字符之间",
                "must have " + lo + " to " + max + enUnit);
    }

    private static Long number(Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }
}

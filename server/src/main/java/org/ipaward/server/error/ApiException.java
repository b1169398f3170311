package org.ipaward.server.error;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A refusal the user can act on: an HTTP status, a stable English key, a Chinese message and its English
 * twin, and, for bad input, which fields and values broke which rule. Rendered as RFC 9457 problem+json.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One bad field: where, what was given, the rule it broke. */
    public record FieldProblem(String field, Object value, String key, String message, String messageEn) {}

    private final HttpStatus status;
    private final String key;
    private final String messageZh;
    private final String messageEn;
    private final transient List<FieldProblem> errors;

    public ApiException(HttpStatus status, String key, String zh, String en, List<FieldProblem> errors) {
        super(key + ": " + en);
        this.status = status;
        this.key = key;
        this.messageZh = zh;
        this.messageEn = en;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public ApiException(HttpStatus status, String key, String zh, String en) {
        this(status, key, zh, en, List.of());
    }

    public static ApiException badRequest(String key, String zh, String en) {
        return new ApiException(HttpStatus.BAD_REQUEST, key, zh, en);
    }

    /** Bad input in one field. */
    public static ApiException invalid(String field, Object value, String key, String zh, String en) {
        return new ApiException(
                HttpStatus.BAD_REQUEST, key, zh, en, List.of(new FieldProblem(field, value, key, zh, en)));
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(
                HttpStatus.NOT_FOUND,
                what + ".not_found",
                "未找到" + Names.zh(what) + "：" + id,
                what + " not found: " + id);
    }

    public static ApiException forbidden(String key, String zh, String en) {
        return new ApiException(HttpStatus.FORBIDDEN, key, zh, en);
    }

    public static ApiException conflict(String key, String zh, String en) {
        return new ApiException(HttpStatus.CONFLICT, key, zh, en);
    }

    /** The engine's input problems (a fact of the wrong type, out of range…) as a 400 naming each field. */
    public static ApiException of(org.ipaward.engine.InputException e) {
        List<FieldProblem> errors = new java.util.ArrayList<>();
        for (org.ipaward.engine.Problem p : e.problems()) {
            errors.add(new FieldProblem(p.field(), null, p.key(), p.zh(), p.en()));
        }
        String zh = errors.isEmpty() ? "输入有误" : "输入有误：" + errors.get(0).message();
        return new ApiException(HttpStatus.BAD_REQUEST, "input.invalid", zh, "invalid input", errors);
    }

    /** How a caller names the engine's claims: its own claim for the engine's {@code where}, and the stated values. */
    public interface EngineClaims {
        /** The API's name ({@code claims[2]}) of the claim the engine calls {@code where}, or null if none. */
        String claim(String where);

        /** The value the request stated for {@code field} ({@code facts.x}, …) of that claim, or null. */
        Object value(String claim, String field);
    }

    /**
     * The engine's input problems as one 400, each field qualified by its claim ({@code claims[1].facts.x}) and
     * given the value stated for it; the first problem is the message, in both languages.
     */
    public static ApiException of(org.ipaward.engine.InputException e, EngineClaims claims) {
        List<FieldProblem> errors = new java.util.ArrayList<>();
        for (org.ipaward.engine.Problem p : e.problems()) {
            String field = p.field();
            Object value = null;
            String claim = p.where() == null ? null : claims.claim(p.where());
            if (claim != null) {
                field = claim + (field == null ? "" : "." + field);
                value = claims.value(claim, p.field());
            }
            errors.add(new FieldProblem(field, value, p.key(), p.zh(), p.en()));
        }
        if (errors.isEmpty()) {
            return new ApiException(HttpStatus.BAD_REQUEST, "input.invalid", "输入有误", "invalid input", errors);
        }
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "input.invalid",
                "输入有误：" + errors.get(0).message(),
                "invalid input: " + errors.get(0).messageEn(),
                errors);
    }

    public HttpStatus status() {
        return status;
    }

    public String key() {
        return key;
    }

    public String messageZh() {
        return messageZh;
    }

    public String messageEn() {
        return messageEn;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    /** Chinese names of the things a lookup can miss. */
    static final class Names {
        static String zh(String what) {
            return switch (what) {
                case "application" -> "申报";
                case "intake" -> "申报受理回执";
                case "round" -> "申报批次";
                case "subject" -> "申报主体";
                case "user" -> "用户";
                case "material" -> "材料";
                case "file" -> "文件";
                case "claim" -> "申报事项";
                case "objection" -> "异议";
                case "payment" -> "拨付记录";
                case "policy" -> "政策";
                case "measure" -> "措施";
                default -> what;
            };
        }

        private Names() {}
    }
}

package org.ipaward.server.error;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ipaward.engine.InputException;
import org.ipaward.server.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error as RFC 9457 problem+json: {@code title} and {@code detail} in Chinese, {@code key} stable
 * English, {@code message_en}, and {@code errors} naming field, value and rule for bad input. No stack
 * trace ever reaches the client; unexpected failures are logged with an id the user can quote.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    public static ProblemDetail problem(
            HttpStatusCode status, String key, String zh, String en, List<ApiException.FieldProblem> errors) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, zh);
        p.setType(URI.create("urn:ipaward:problem:" + key));
        p.setTitle(zh);
        p.setProperty("key", key);
        p.setProperty("message_en", en);
        if (errors != null && !errors.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (ApiException.FieldProblem e : errors) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("field", e.field());
                m.put("value", e.value() == null ? null : String.valueOf(e.value()));
                m.put("key", e.key());
                m.put("message", e.message());
                m.put("message_en", e.messageEn());
                list.add(m);
            }
            p.setProperty("errors", list);
        }
        return p;
    }

    /**
     * Whether the request came from a page (a browser navigating or htmx swapping HTML) rather than an API
     * client: not under /api/, and it accepts HTML or is an htmx request. Pages get the site's error page.
     */
    public static boolean fromPage(HttpServletRequest req) {
        if (req == null || req.getRequestURI().startsWith(req.getContextPath() + "/api/")) {
            return false;
        }
        String accept = req.getHeader("Accept");
        return req.getHeader("HX-Request") != null || (accept != null && accept.contains("text/html"));
    }

    /** problem+json for API clients, templates/error.html (the message and each field, never a trace) for pages. */
    public static Object respond(HttpServletRequest req, ApiException e) {
        if (!fromPage(req)) {
            return ResponseEntity.status(e.status())
                    .body(problem(e.status(), e.key(), e.messageZh(), e.messageEn(), e.errors()));
        }
        ModelAndView page = new ModelAndView("error");
        page.setStatus(e.status());
        page.addObject("status", e.status().value());
        page.addObject("problem", e);
        return page;
    }

    @ExceptionHandler(ApiException.class)
    public Object api(ApiException e, HttpServletRequest req) {
        return respond(req, e);
    }

    @ExceptionHandler(InputException.class)
    public Object input(InputException e, HttpServletRequest req) {
        return respond(req, ApiException.of(e));
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    public Object denied(RuntimeException e, HttpServletRequest req) {
        if (fromPage(req) && Actor.current().isEmpty()) {
            return new ModelAndView("redirect:/login"); // a page that needs sign-in: sign in first
        }
        return respond(
                req,
                ApiException.forbidden(
                        "access.denied", "无权执行此操作或查看此数据", "you are not allowed to do this or see this data"));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    public ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e) {
        List<ApiException.FieldProblem> errors = new ArrayList<>();
        e.getConstraintViolations().forEach(v -> {
            ConstraintText.Text t = ConstraintText.of(v);
            errors.add(new ApiException.FieldProblem(
                    v.getPropertyPath().toString(), shown(v.getInvalidValue()), "input.constraint", t.zh(), t.en()));
        });
        errors.sort(java.util.Comparator.comparing(ApiException.FieldProblem::field));
        return ResponseEntity.badRequest()
                .body(problem(HttpStatus.BAD_REQUEST, "input.invalid", firstZh(errors), firstEn(errors), errors));
    }

    /** 输入有误：claims 不能为空 — the first problem, its field named. */
    private static String firstZh(List<ApiException.FieldProblem> errors) {
        if (errors.isEmpty()) {
            return "输入有误";
        }
        ApiException.FieldProblem p = errors.get(0);
        return "输入有误：" + (p.field() == null || p.field().isEmpty() ? "" : p.field() + " ") + p.message();
    }

    /** invalid input: claims: must not be empty. */
    private static String firstEn(List<ApiException.FieldProblem> errors) {
        if (errors.isEmpty()) {
            return "invalid input";
        }
        ApiException.FieldProblem p = errors.get(0);
        return "invalid input: " + (p.field() == null || p.field().isEmpty() ? "" : p.field() + ": ") + p.messageEn();
    }

    /**
     * A refused value as the problem shows it: a text or number as it is, a list or object by its size only (its
     * whole content would be noise, and may be long).
     */
    private static Object shown(Object value) {
        if (value instanceof java.util.Collection<?> c) {
            return c.isEmpty() ? "[]" : "[" + c.size() + " items]";
        }
        if (value instanceof Map<?, ?> m) {
            return m.isEmpty() ? "{}" : "{" + m.size() + " entries}";
        }
        return value;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public Object mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest req) {
        if (fromPage(req) && e.getParameter().hasParameterAnnotation(PathVariable.class)) {
            // a page address whose number is not a number (/publicity/abc) names no page: not found, as any other
            return respond(
                    req, new ApiException(HttpStatus.NOT_FOUND, "not_found", "没有找到此页面", "this page was not found"));
        }
        return respond(
                req,
                ApiException.invalid(
                        e.getName(),
                        e.getValue(),
                        "input.type",
                        "参数 " + e.getName() + " 的值格式不正确",
                        "parameter " + e.getName() + " has the wrong format"));
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    public ResponseEntity<ProblemDetail> stale(OptimisticLockingFailureException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(problem(
                        HttpStatus.CONFLICT,
                        "concurrent.modification",
                        "数据已被他人修改，请刷新后重试",
                        "the data was changed by someone else; reload and retry",
                        null));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    public ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        log.warn("integrity violation [{}]: {}", id, e.getMostSpecificCause().getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(problem(
                        HttpStatus.CONFLICT,
                        "data.conflict",
                        "数据与现有记录冲突（编号 " + id + "）",
                        "the data conflicts with existing records (ref " + id + ")",
                        null));
    }

    @ExceptionHandler(Exception.class)
    public Object unexpected(Exception e, HttpServletRequest req) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        log.error("unexpected error [{}]", id, e);
        return respond(
                req,
                new ApiException(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "server.error",
                        "系统内部错误，请稍后重试；如持续出现请联系管理员（编号 " + id + "）",
                        "internal error; retry later or contact the administrator (ref " + id + ")"));
    }

    /** A field error's rule in Chinese and English, from its constraint (the validator words it in one language). */
    private static ConstraintText.Text constraintText(org.springframework.validation.FieldError f) {
        try {
            if (f.contains(jakarta.validation.ConstraintViolation.class)) {
                return ConstraintText.of(f.unwrap(jakarta.validation.ConstraintViolation.class));
            }
        } catch (RuntimeException e) {
            // not from bean validation: worded by its code below
        }
        return ConstraintText.of(f.getCode(), Map.of(), f.getRejectedValue(), f.getDefaultMessage());
    }

    /** The JSON reader's exception behind an unreadable body, if that is why it could not be read. */
    private static Throwable jackson(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JacksonException) {
                return t;
            }
        }
        return null;
    }

    /** Spring MVC's own exceptions (bad JSON, wrong method, missing parameter …) in the same shape. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (request instanceof ServletWebRequest web
                && fromPage(web.getRequest())
                && web.getResponse() != null
                && !web.getResponse().isCommitted()) {
            // a page (an unknown address, a wrong method from a form): the site's error page, not JSON
            try {
                web.getResponse().sendError(status.value());
                return null;
            } catch (java.io.IOException e) {
                // fall through to problem+json
            }
        }
        String key;
        String zh;
        String en;
        List<ApiException.FieldProblem> errors = List.of();
        if (ex instanceof MethodArgumentNotValidException m) {
            key = "input.invalid";
            List<ApiException.FieldProblem> list = new ArrayList<>();
            m.getBindingResult().getFieldErrors().forEach(f -> {
                ConstraintText.Text t = constraintText(f);
                list.add(new ApiException.FieldProblem(
                        f.getField(), shown(f.getRejectedValue()), "input." + f.getCode(), t.zh(), t.en()));
            });
            list.sort(java.util.Comparator.comparing(ApiException.FieldProblem::field));
            errors = list;
            zh = firstZh(list);
            en = firstEn(list);
        } else if (status.value() == 400 && jackson(ex) instanceof JacksonException j) {
            ApiException a = JsonProblems.of(j);
            key = a.key();
            zh = a.messageZh();
            en = a.messageEn();
            errors = a.errors();
            log.debug("bad request: {}", ex.getMessage());
        } else {
            switch (status.value()) {
                case 400 -> {
                    key = "request.unreadable";
                    zh = "请求格式不正确（请检查 JSON 格式、字段名和取值类型）";
                    en = "the request could not be read (check the JSON, field names and value types)";
                }
                case 404 -> {
                    key = "not_found";
                    zh = "请求的地址不存在";
                    en = "no such resource";
                }
                case 405 -> {
                    key = "method.not_allowed";
                    zh = "不支持该请求方法";
                    en = "method not allowed";
                }
                case 406 -> {
                    key = "not_acceptable";
                    zh = "无法提供所请求的格式";
                    en = "the requested format is not available";
                }
                case 413 -> {
                    key = "upload.too_large";
                    zh = "上传文件过大";
                    en = "upload too large";
                }
                case 415 -> {
                    key = "media_type.unsupported";
                    zh = "不支持该内容类型";
                    en = "unsupported content type";
                }
                default -> {
                    key = "request.failed";
                    zh = "请求无法处理";
                    en = "the request cannot be processed";
                }
            }
            if (status.value() == 400) {
                log.debug("bad request: {}", ex.getMessage());
            }
        }
        return ResponseEntity.status(status).headers(headers).body(problem(status, key, zh, en, errors));
    }
}

package org.ipaward.server.web.admin;

import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What the administration pages share: the signed-in person for the layout, and errors as pages rather
 * than problem+json. A refused page is handed back to Spring Security (which renders the 403 page); an
 * {@link ApiException} not handled by the page itself becomes an error page with its status and message.
 */
@ControllerAdvice(basePackageClasses = AdminAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AdminAdvice {
    @ModelAttribute("currentUser")
    public UserAccount currentUser() {
        return Actor.current().orElse(null);
    }

    /** Each role by its name, for showing a user's roles ({@code roleByName['AUDITOR'].zh()}). */
    @ModelAttribute("roleByName")
    public Map<String, Role> roleByName() {
        Map<String, Role> m = new LinkedHashMap<>();
        for (Role r : Role.values()) {
            m.put(r.name(), r);
        }
        return m;
    }

    /** Rethrown, so the security filter's page handler answers 403 with the site's error page. */
    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    public void denied(RuntimeException e) {
        throw e;
    }

    @ExceptionHandler(ApiException.class)
    public String api(ApiException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status().value());
        model.addAttribute("currentUser", currentUser());
        model.addAttribute("problem", e);
        return "admin/error";
    }

    /** A malformed number or date in the address: 400 naming the parameter, not a stack trace. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public String mismatch(MethodArgumentTypeMismatchException e, Model model, HttpServletResponse response) {
        return api(
                ApiException.invalid(
                        e.getName(),
                        e.getValue(),
                        "input.type",
                        "参数 " + e.getName() + " 的值格式不正确",
                        "parameter " + e.getName() + " has the wrong format"),
                model,
                response);
    }
}

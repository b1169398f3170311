package org.ipaward.server.web.workbench;

import jakarta.servlet.http.HttpServletResponse;
import org.ipaward.engine.InputException;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every workbench page needs: the signed-in person for the layout, and refusals as pages (the site's
 * error page with the right status) rather than the API's problem+json. Ordered before the API's handler.
 */
@ControllerAdvice(basePackageClasses = WorkbenchAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class WorkbenchAdvice {
    @ModelAttribute("currentUser")
    public UserAccount currentUser() {
        return Actor.current().orElse(null);
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    public String denied(Model model, HttpServletResponse response) {
        response.setStatus(403);
        model.addAttribute("currentUser", currentUser());
        model.addAttribute("status", 403);
        return "error";
    }

    /** A refusal outside a form (an unknown application, one the user may not see, a bad filter …). */
    @ExceptionHandler({ApiException.class, InputException.class})
    public String refused(RuntimeException e, Model model, HttpServletResponse response) {
        ApiException a = Pages.problem(e);
        response.setStatus(a.status().value());
        model.addAttribute("currentUser", currentUser());
        model.addAttribute("status", a.status().value());
        model.addAttribute("problem", a);
        return "workbench/refused";
    }
}

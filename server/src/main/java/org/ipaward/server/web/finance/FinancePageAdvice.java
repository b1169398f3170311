package org.ipaward.server.web.finance;

import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.web.dashboard.DashboardController;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * For the finance and dashboard pages: the signed-in person for the layout, and a refusal or an error
 * that escapes a page as the site's error page (403, 404…) instead of problem+json. The dashboard's JSON
 * endpoint lives in another controller and keeps problem+json.
 */
@ControllerAdvice(assignableTypes = {FinancePagesController.class, DashboardController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class FinancePageAdvice {
    @ModelAttribute("currentUser")
    public UserAccount currentUser() {
        return Actor.current().orElse(null);
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    public ModelAndView denied() {
        return error(HttpStatus.FORBIDDEN);
    }

    @ExceptionHandler(ApiException.class)
    public ModelAndView api(ApiException e) {
        return error(e.status());
    }

    private static ModelAndView error(HttpStatus status) {
        ModelAndView mav = new ModelAndView("error");
        mav.setStatus(status);
        mav.addObject("status", status.value());
        mav.addObject("currentUser", Actor.current().orElse(null));
        return mav;
    }
}

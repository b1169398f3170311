package org.ipaward.server.web.portal;

import jakarta.servlet.http.HttpServletResponse;
import org.ipaward.engine.InputException;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
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
 * What every portal page needs (the signed-in person for the layout), and refusals the pages do not handle
 * themselves rendered as the site's error page with the right status (403, 404, 409…), never as JSON.
 */
@ControllerAdvice(basePackageClasses = PortalAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PortalAdvice {
    @ModelAttribute("currentUser")
    public UserAccount currentUser() {
        return Actor.current().orElse(null);
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    public ModelAndView denied(RuntimeException e, HttpServletResponse response) {
        return page(HttpStatus.FORBIDDEN, null, response);
    }

    @ExceptionHandler(ApiException.class)
    public ModelAndView refused(ApiException e, HttpServletResponse response) {
        return page(e.status(), e, response);
    }

    @ExceptionHandler(InputException.class)
    public ModelAndView input(InputException e, HttpServletResponse response) {
        return page(HttpStatus.BAD_REQUEST, null, response);
    }

    private static ModelAndView page(HttpStatus status, ApiException e, HttpServletResponse response) {
        response.setStatus(status.value());
        ModelAndView mv = new ModelAndView("error");
        mv.setStatus(status);
        mv.addObject("status", status.value());
        mv.addObject("problem", e);
        mv.addObject("currentUser", Actor.current().orElse(null));
        return mv;
    }
}

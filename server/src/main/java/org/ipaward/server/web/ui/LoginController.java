package org.ipaward.server.web.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import org.ipaward.server.settings.Settings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page. Spring Security handles the POST and sends a failure back to {@code /login?error};
 * the page tells a locked or disabled account apart from a wrong user name or password by the exception
 * Spring Security left in the session. The lockout texts name the lockout as currently set ({@link
 * Settings#lockoutMaxFailures()}, {@link Settings#lockoutMinutes()}) and the session's idle timeout.
 */
@Controller
public class LoginController {
    private final Settings settings;
    private final Duration sessionTimeout;

    public LoginController(Settings settings, @Value("${server.servlet.session.timeout:30m}") Duration sessionTimeout) {
        this.settings = settings;
        this.sessionTimeout = sessionTimeout;
    }

    @GetMapping("/login")
    public String login(HttpServletRequest request, Model model) {
        String message = null;
        if (request.getParameter("error") != null) {
            HttpSession session = request.getSession(false);
            Object ex = session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            if (ex instanceof LockedException) {
                message = "login.error.locked";
            } else if (ex instanceof DisabledException) {
                message = "login.error.disabled";
            } else {
                message = "login.error.bad_credentials";
            }
        }
        model.addAttribute("errorKey", message);
        // the lockout as it is set now (系统设置), for the hint and the locked message
        model.addAttribute("lockoutFailures", settings.lockoutMaxFailures());
        model.addAttribute("lockoutMinutes", settings.lockoutMinutes());
        model.addAttribute("idleMinutes", Math.max(1, sessionTimeout.toMinutes()));
        model.addAttribute("loggedOut", request.getParameter("logout") != null);
        model.addAttribute("expired", request.getParameter("expired") != null);
        return "login";
    }
}

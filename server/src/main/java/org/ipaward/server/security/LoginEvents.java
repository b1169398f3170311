package org.ipaward.server.security;

import java.util.Map;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.settings.Settings;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.stereotype.Component;

/** Counts failures toward the lockout, clears them on success, and audits both, and sign-outs. */
@Component
class LoginEvents {
    private final UserStore users;
    private final AuditLog audit;
    private final Settings settings;

    LoginEvents(UserStore users, AuditLog audit, Settings settings) {
        this.users = users;
        this.audit = audit;
        this.settings = settings;
    }

    @EventListener
    public void success(AuthenticationSuccessEvent e) {
        if (e.getAuthentication().getPrincipal() instanceof UserAccount u) {
            users.recordSuccess(u.id());
            audit.record(u.id(), u.username(), u.primaryRole().name(), "auth.login", "user", u.id(), Map.of());
        }
    }

    @EventListener
    public void failure(AbstractAuthenticationFailureEvent e) {
        String username = String.valueOf(e.getAuthentication().getPrincipal());
        if (username.length() > 64) {
            username = username.substring(0, 64);
        }
        boolean locked = e instanceof AuthenticationFailureLockedEvent;
        int failures = locked ? settings.lockoutMaxFailures() : users.recordFailure(username);
        audit.record(
                null,
                username,
                "ANONYMOUS",
                locked ? "auth.login_locked" : "auth.login_failed",
                "user",
                username,
                Map.of(
                        "failures",
                        failures,
                        "reason",
                        e.getException().getClass().getSimpleName()));
    }

    @EventListener
    public void logout(LogoutSuccessEvent e) {
        if (e.getAuthentication() != null && e.getAuthentication().getPrincipal() instanceof UserAccount u) {
            audit.record(u.id(), u.username(), u.primaryRole().name(), "auth.logout", "user", u.id(), Map.of());
        }
    }
}

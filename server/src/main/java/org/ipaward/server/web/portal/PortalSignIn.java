package org.ipaward.server.web.portal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.security.UserStore;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Signs a person in from a page (right after they registered), and refreshes the signed-in person after
 * their account changed (a subject was just linked to it), so the services see the account as stored.
 */
@Component
public class PortalSignIn {
    private final UserStore users;
    private final SessionRegistry sessions;
    private final AuditLog audit;
    private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    public PortalSignIn(UserStore users, SessionRegistry sessions, AuditLog audit) {
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
    }

    /** Signs the user in on this browser: a new session id (no fixation), the context saved in the session. */
    public void signIn(long userId, HttpServletRequest request, HttpServletResponse response) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        UserAccount u = store(userId, request, response);
        audit.record(
                u.id(), u.username(), u.primaryRole().name(), "auth.login", "user", u.id(), Map.of("via", "register"));
    }

    /** Reloads the signed-in user from the database into the session (after a subject was linked). */
    public UserAccount refresh(long userId, HttpServletRequest request, HttpServletResponse response) {
        return store(userId, request, response);
    }

    private UserAccount store(long userId, HttpServletRequest request, HttpServletResponse response) {
        UserAccount u = users.byId(userId)
                .orElseThrow(() -> ApiException.notFound("user", userId))
                .withoutPassword();
        SecurityContext ctx = holder.createEmptyContext();
        ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(u, null, u.getAuthorities()));
        holder.setContext(ctx);
        repository.saveContext(ctx, request, response);
        sessions.registerNewSession(request.getSession().getId(), u);
        return u;
    }
}

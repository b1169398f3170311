package org.ipaward.server.security;

import java.util.Optional;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The signed-in browser sessions. When a user is disabled, loses or gains a role, or has their password
 * reset or changed, their other sessions are ended: the next request from them is answered 401 (API) or
 * sent to the sign-in page.
 */
@Component
public class Sessions {
    private final SessionRegistry registry;

    public Sessions(SessionRegistry registry) {
        this.registry = registry;
    }

    /** Ends every session of the user but the one with the given id (null: all); returns how many. */
    public int expire(long userId, String exceptSessionId) {
        int n = 0;
        for (Object p : registry.getAllPrincipals()) {
            if (p instanceof UserAccount u && u.id() == userId) {
                for (SessionInformation s : registry.getAllSessions(p, false)) {
                    if (!s.getSessionId().equals(exceptSessionId)) {
                        s.expireNow();
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** The id of the current request's session, if it has one. */
    public static Optional<String> currentSessionId() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                && a.getRequest().getSession(false) != null) {
            return Optional.of(a.getRequest().getSession(false).getId());
        }
        return Optional.empty();
    }
}

package org.ipaward.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer ipa_…} requests; a bad token is refused, not ignored. For
 * requests signed in with a session, the user is read afresh from the database on every request, so what
 * the services see ({@link Actor}) is current: a subject linked, a role or name changed since sign-in. A
 * session whose user has since been disabled ends.
 */
class ApiTokenFilter extends OncePerRequestFilter {
    /** Request attribute holding the SHA-256 of the bearer token the request was authenticated with. */
    static final String TOKEN_HASH = ApiTokenFilter.class.getName() + ".tokenHash";

    private final ApiTokens tokens;
    private final UserStore users;

    ApiTokenFilter(ApiTokens tokens, UserStore users) {
        this.tokens = tokens;
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        String h = req.getHeader("Authorization");
        if (h != null && h.startsWith("Bearer ")) {
            String token = h.substring(7).trim();
            Optional<UserAccount> user = tokens.authenticate(token);
            if (user.isEmpty()) {
                SecurityConfig.write(
                        res,
                        HttpStatus.UNAUTHORIZED,
                        "auth.token_invalid",
                        "访问令牌无效、已过期或已撤销",
                        "the access token is invalid, expired or revoked");
                return;
            }
            req.setAttribute(TOKEN_HASH, ApiTokens.hash(token));
            SecurityContextHolder.setContext(contextOf(user.get().withoutPassword()));
            try {
                chain.doFilter(req, res);
            } finally {
                SecurityContextHolder.clearContext();
            }
            return;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof UserAccount signedIn) {
            Optional<UserAccount> current = users.byId(signedIn.id()).filter(UserAccount::isEnabled);
            if (current.isEmpty()) {
                HttpSession session = req.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
            } else {
                // for this request only; the session keeps what it had at sign-in
                SecurityContextHolder.setContext(contextOf(current.get().withoutPassword()));
            }
        }
        chain.doFilter(req, res);
    }

    private static SecurityContext contextOf(UserAccount u) {
        SecurityContext ctx = SecurityContextHolder.createEmptyContext();
        ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(u, null, u.getAuthorities()));
        return ctx;
    }
}

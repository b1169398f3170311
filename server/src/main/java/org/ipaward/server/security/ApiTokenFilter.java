package org.ipaward.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates {@code Authorization: Bearer ipa_…} requests; a bad token is refused, not ignored. */
class ApiTokenFilter extends OncePerRequestFilter {
    /** Request attribute holding the SHA-256 of the bearer token the request was authenticated with. */
    static final String TOKEN_HASH = ApiTokenFilter.class.getName() + ".tokenHash";

    private final ApiTokens tokens;

    ApiTokenFilter(ApiTokens tokens) {
        this.tokens = tokens;
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
            UserAccount u = user.get().withoutPassword();
            req.setAttribute(TOKEN_HASH, ApiTokens.hash(token));
            SecurityContext ctx = SecurityContextHolder.createEmptyContext();
            ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(u, null, u.getAuthorities()));
            SecurityContextHolder.setContext(ctx);
            try {
                chain.doFilter(req, res);
            } finally {
                SecurityContextHolder.clearContext();
            }
            return;
        }
        chain.doFilter(req, res);
    }
}

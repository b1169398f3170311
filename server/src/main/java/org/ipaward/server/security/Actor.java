package org.ipaward.server.security;

import java.util.Optional;
import org.ipaward.server.error.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The person behind the current request, as the services see it. */
public final class Actor {
    private Actor() {}

    public static Optional<UserAccount> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof UserAccount u) {
            return Optional.of(u);
        }
        return Optional.empty();
    }

    public static UserAccount require() {
        return current()
                .orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, "auth.required", "请先登录", "sign in first"));
    }
}

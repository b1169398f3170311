package org.ipaward.server.security;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Bearer tokens for the API. Only a SHA-256 of each token is stored; the token is shown once. */
@Service
public class ApiTokens {
    public static final String PREFIX = "ipa_";
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token just issued: the secret (shown once) and when it expires. */
    public record Issued(long id, String token, Instant expiresAt) {}

    private final JdbcClient jdbc;

    public ApiTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public Issued issue(long userId, String name, Duration lifetime) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expires = Instant.now().plus(lifetime);
        long id = jdbc.sql(
                        "insert into api_token (user_id, name, token_hash, expires_at) values (?, ?, ?, ?) returning id")
                .params(userId, name, hash(token), Timestamp.from(expires))
                .query(Long.class)
                .single();
        return new Issued(id, token, expires);
    }

    /**
     * How stale {@code last_used_at} may get: a token's use is written at most once per this period, so a
     * client calling many times a second does not turn every request into a write.
     */
    public static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    /**
     * The user a live token belongs to, if the token is known, unexpired, unrevoked and the user may sign in.
     * One statement reads the token, its user and the user's roles, outside any transaction, so every request
     * sees the token's and the user's state as it is now (a revoked token, a disabled user, a changed role or
     * subject take effect on the next request); nothing is cached. {@code last_used_at} is written only when
     * older than {@link #LAST_USED_PRECISION}.
     */
    public Optional<UserAccount> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        record Live(long tokenId, boolean stale, UserAccount user) {}
        Optional<Live> live = jdbc.sql(
                        """
                        select t.id as token_id,
                               t.last_used_at is null or t.last_used_at < now() - make_interval(secs => ?) as stale,
                               u.id, u.username, u.display_name, u.subject_id, u.enabled, u.locked_until,
                               array(select r.role from user_role r where r.user_id = u.id) as roles
                        from api_token t join app_user u on u.id = t.user_id
                        where t.token_hash = ? and not t.revoked and t.expires_at > now()""")
                .params(LAST_USED_PRECISION.toSeconds(), hash(token))
                .query((rs, n) -> {
                    Set<Role> roles = EnumSet.noneOf(Role.class);
                    for (String r : (String[]) rs.getArray("roles").getArray()) {
                        roles.add(Role.valueOf(r));
                    }
                    Timestamp locked = rs.getTimestamp("locked_until");
                    return new Live(
                            rs.getLong("token_id"),
                            rs.getBoolean("stale"),
                            new UserAccount(
                                    rs.getLong("id"),
                                    rs.getString("username"),
                                    rs.getString("display_name"),
                                    "",
                                    roles,
                                    rs.getObject("subject_id", Long.class),
                                    rs.getBoolean("enabled"),
                                    locked == null ? null : locked.toInstant()));
                })
                .optional();
        live.filter(Live::stale).ifPresent(l -> jdbc.sql("update api_token set last_used_at = now() where id = ?")
                .param(l.tokenId())
                .update());
        return live.map(Live::user).filter(u -> u.isEnabled() && u.isAccountNonLocked());
    }

    @Transactional
    public boolean revoke(String token) {
        return jdbc.sql("update api_token set revoked = true where token_hash = ?")
                        .param(hash(token))
                        .update()
                > 0;
    }

    /** Revokes the token with this hash (see {@link #currentTokenHash}); false when none was live. */
    @Transactional
    public boolean revokeByHash(String tokenHash) {
        return jdbc.sql("update api_token set revoked = true where token_hash = ? and not revoked")
                        .param(tokenHash)
                        .update()
                > 0;
    }

    /** Revokes every live token of a user but the one with the given hash (null: all); returns how many. */
    @Transactional
    public int revokeAllOf(long userId, String exceptHash) {
        return jdbc.sql("update api_token set revoked = true where user_id = ? and not revoked and token_hash <> ?")
                .params(userId, exceptHash == null ? "" : exceptHash)
                .update();
    }

    /** The hash of the bearer token the current request was authenticated with, if any. */
    public static Optional<String> currentTokenHash() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                && a.getRequest().getAttribute(ApiTokenFilter.TOKEN_HASH) instanceof String h) {
            return Optional.of(h);
        }
        return Optional.empty();
    }

    static String hash(String token) {
        return org.ipaward.server.crypto.Sha256.hex(token);
    }
}

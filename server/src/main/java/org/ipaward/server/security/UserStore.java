package org.ipaward.server.security;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ipaward.server.settings.Settings;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users and their roles in the database; failed sign-ins and lockouts are kept there across restarts. How
 * many failures lock an account, and for how long, are settings ({@link Settings#lockoutMaxFailures()},
 * {@link Settings#lockoutMinutes()}; 5 and 30 minutes unless an administrator changed them).
 */
@Service
public class UserStore implements UserDetailsService {
    private final JdbcClient jdbc;
    private final Settings settings;

    public UserStore(JdbcClient jdbc, Settings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    @Override
    public UserAccount loadUserByUsername(String username) {
        return find(username).orElseThrow(() -> new UsernameNotFoundException(username));
    }

    public Optional<UserAccount> find(String username) {
        return jdbc.sql("select * from app_user where username = ?")
                .param(username)
                .query((rs, n) -> rs.getLong("id"))
                .optional()
                .flatMap(this::byId);
    }

    public Optional<UserAccount> byId(long id) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        jdbc.sql("select role from user_role where user_id = ?")
                .param(id)
                .query(String.class)
                .list()
                .forEach(r -> roles.add(Role.valueOf(r)));
        return jdbc.sql("select * from app_user where id = ?")
                .param(id)
                .query((rs, n) -> {
                    Timestamp locked = rs.getTimestamp("locked_until");
                    long subject = rs.getLong("subject_id");
                    Long subjectId = rs.wasNull() ? null : subject;
                    return new UserAccount(
                            rs.getLong("id"),
                            rs.getString("username"),
                            rs.getString("display_name"),
                            rs.getString("password_hash"),
                            roles,
                            subjectId,
                            rs.getBoolean("enabled"),
                            locked == null ? null : locked.toInstant());
                })
                .optional();
    }

    /** Creates a user with already-hashed password; returns the id. */
    @Transactional
    public long create(String username, String displayName, String passwordHash, Set<Role> roles, Long subjectId) {
        long id = jdbc.sql(
                        "insert into app_user (username, display_name, password_hash, subject_id) values (?, ?, ?, ?) returning id")
                .params(username, displayName, passwordHash, subjectId)
                .query(Long.class)
                .single();
        for (Role r : roles) {
            jdbc.sql("insert into user_role (user_id, role) values (?, ?)")
                    .params(id, r.name())
                    .update();
        }
        return id;
    }

    /**
     * Counts a failed sign-in; when the failures in a row reach the lockout setting (5 by default) the account
     * is locked for the lockout duration (30 minutes by default). A lock that has run out starts a new count (one more failure after it does not lock again at once). Runs in its own
     * transaction so the count survives the failed authentication. Returns the failures so far.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public int recordFailure(String username) {
        List<Integer> n = jdbc.sql(
                        """
                        with f as (
                            select id, case when locked_until is not null then 1 else failed_attempts + 1 end as n
                            from app_user where username = ? and (locked_until is null or locked_until <= now())
                            for update)
                        update app_user u set failed_attempts = f.n,
                            locked_until = case when f.n >= ? then cast(? as timestamptz) else null end
                        from f where u.id = f.id
                        returning u.failed_attempts""")
                .params(
                        username,
                        settings.lockoutMaxFailures(),
                        Timestamp.from(Instant.now().plus(Duration.ofMinutes(settings.lockoutMinutes()))))
                .query(Integer.class)
                .list();
        return n.isEmpty() ? 0 : n.get(0);
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordSuccess(long userId) {
        jdbc.sql("update app_user set failed_attempts = 0, locked_until = null, last_login_at = now() where id = ?")
                .param(userId)
                .update();
    }
}

package org.ipaward.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A token's last use is kept to the minute: the first use and a use after more than a minute are written, the
 * many uses in between are not (so an API client's every request is not a write); revoked or expired tokens
 * are still refused.
 */
class ApiTokenUseTests extends ServerTest {
    @Autowired
    ApiTokens tokens;

    @Autowired
    UserStore users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    JdbcClient jdbc;

    private Timestamp lastUsed(long tokenId) {
        return jdbc.sql("select last_used_at from api_token where id = ?")
                .param(tokenId)
                .query(Timestamp.class)
                .optional()
                .orElse(null);
    }

    @Test
    void lastUseIsWrittenAtMostOncePerMinute() {
        long user = TestUsers.id(users, TestUsers.create(users, encoder, "tok-use", Role.APPLICANT));
        ApiTokens.Issued t = tokens.issue(user, "test", Duration.ofHours(1));
        assertThat(lastUsed(t.id())).isNull();

        assertThat(tokens.authenticate(t.token())).map(UserAccount::id).contains(user);
        Timestamp first = lastUsed(t.id());
        assertThat(first).isNotNull();

        // used again within the minute: authenticated, the time kept
        jdbc.sql("update api_token set last_used_at = ? where id = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(30)), t.id())
                .update();
        Timestamp marked = lastUsed(t.id());
        assertThat(tokens.authenticate(t.token())).map(UserAccount::id).contains(user);
        assertThat(lastUsed(t.id())).isEqualTo(marked);

        // used after more than a minute: written again
        jdbc.sql("update api_token set last_used_at = ? where id = ?")
                .params(
                        Timestamp.from(Instant.now()
                                .minus(ApiTokens.LAST_USED_PRECISION)
                                .minusSeconds(5)),
                        t.id())
                .update();
        Timestamp old = lastUsed(t.id());
        assertThat(tokens.authenticate(t.token())).map(UserAccount::id).contains(user);
        assertThat(lastUsed(t.id())).isAfter(old);
    }

    @Test
    void revokedExpiredAndUnknownTokensAreStillRefused() {
        long user = TestUsers.id(users, TestUsers.create(users, encoder, "tok-refuse", Role.APPLICANT));
        ApiTokens.Issued revoked = tokens.issue(user, "test", Duration.ofHours(1));
        assertThat(tokens.authenticate(revoked.token())).isPresent();
        tokens.revoke(revoked.token());
        assertThat(tokens.authenticate(revoked.token())).isEmpty();

        ApiTokens.Issued expired = tokens.issue(user, "test", Duration.ofHours(1));
        jdbc.sql("update api_token set expires_at = now() - interval '1 second' where id = ?")
                .param(expired.id())
                .update();
        assertThat(tokens.authenticate(expired.token())).isEmpty();
        assertThat(lastUsed(expired.id()))
                .as("a refused token's use is not written")
                .isNull();

        assertThat(tokens.authenticate(ApiTokens.PREFIX + "unknown")).isEmpty();
    }

    @Test
    void theTokensUserIsReadAsItIsNowWithRolesAndSubject() {
        long user = TestUsers.id(users, TestUsers.create(users, encoder, "tok-fresh", Role.APPLICANT, Role.AUDITOR));
        ApiTokens.Issued t = tokens.issue(user, "test", Duration.ofHours(1));
        UserAccount first = tokens.authenticate(t.token()).orElseThrow();
        assertThat(first.roles()).containsExactlyInAnyOrder(Role.APPLICANT, Role.AUDITOR);
        assertThat(first.subjectId()).isNull();
        assertThat(first.getPassword()).isEmpty();

        // a role taken away and a subject linked show on the very next request
        jdbc.sql("delete from user_role where user_id = ? and role = 'AUDITOR'")
                .param(user)
                .update();
        long subject = jdbc.sql(
                        "insert into subject (kind, name, registered_region) values ('enterprise', ?, '110117') returning id")
                .param("令牌测试企业" + user)
                .query(Long.class)
                .single();
        jdbc.sql("update app_user set subject_id = ? where id = ?")
                .params(subject, user)
                .update();
        UserAccount now = tokens.authenticate(t.token()).orElseThrow();
        assertThat(now.roles()).containsExactly(Role.APPLICANT);
        assertThat(now.subjectId()).isEqualTo(subject);

        // a user disabled or locked is refused at once
        jdbc.sql("update app_user set locked_until = now() + interval '10 minutes' where id = ?")
                .param(user)
                .update();
        assertThat(tokens.authenticate(t.token())).isEmpty();
        jdbc.sql("update app_user set locked_until = null, enabled = false where id = ?")
                .param(user)
                .update();
        assertThat(tokens.authenticate(t.token())).isEmpty();
    }
}

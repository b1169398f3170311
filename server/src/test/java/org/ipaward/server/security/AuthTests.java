package org.ipaward.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.settings.Settings;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.ipaward.server.web.Paging;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

class AuthTests extends ServerTest {
    @Autowired
    UserStore users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    AuditLog audit;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Settings settings;

    @Test
    void healthIsUpWithoutSigningIn() {
        Api.Response r = api.anonymous().get("/actuator/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void tokenSignsInAndApiNeedsOne() {
        users.create("auth-t1", "测试一", encoder.encode("Correct-Horse-42"), Set.of(Role.REVIEWER), null);
        assertThat(api.anonymous().get("/api/me").status()).isEqualTo(401);
        Api.As a = api.login("auth-t1", "Correct-Horse-42");
        Api.Response me = a.get("/api/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("roles").get(0).asString()).isEqualTo("REVIEWER");
        assertThat(api.withToken("ipa_nonsense").get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void fiveFailuresLockTheAccountEvenForTheRightPassword() {
        users.create("auth-t2", "测试二", encoder.encode("Correct-Horse-42"), Set.of(Role.APPLICANT), null);
        for (int i = 0; i < 5; i++) {
            Api.Response r =
                    api.anonymous().post("/api/auth/token", Map.of("username", "auth-t2", "password", "wrong"));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("key").asString()).isEqualTo("auth.bad_credentials");
        }
        Api.Response r =
                api.anonymous().post("/api/auth/token", Map.of("username", "auth-t2", "password", "Correct-Horse-42"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("key").asString()).isEqualTo("auth.locked");
        assertThat(users.find("auth-t2").orElseThrow().isAccountNonLocked()).isFalse();
        assertThat(audit.verify().ok()).isTrue();
    }

    record LockRow(int failures, Instant lockedUntil) {}

    private LockRow lockRow(String username) {
        return jdbc.sql("select failed_attempts, locked_until from app_user where username = ?")
                .param(username)
                .query((rs, n) -> new LockRow(
                        rs.getInt(1),
                        rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()))
                .single();
    }

    private Api.Response tokenRequest(String username, String password) {
        return api.anonymous().post("/api/auth/token", Map.of("username", username, "password", password));
    }

    @Test
    void theLockoutIsKeptInTheDatabaseForThirtyMinutesAndEndsWhenItRunsOut() {
        String u = TestUsers.create(users, encoder, "auth-lock", Role.APPLICANT);
        for (int i = 1; i <= 4; i++) {
            assertThat(tokenRequest(u, "Wrong-" + i).status()).isEqualTo(401);
            assertThat(lockRow(u)).isEqualTo(new LockRow(i, null));
        }
        assertThat(tokenRequest(u, "Wrong-5").status()).isEqualTo(401);
        LockRow locked = lockRow(u);
        assertThat(locked.failures()).isEqualTo(5);
        assertThat(locked.lockedUntil())
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(29)),
                        Instant.now().plus(Duration.ofMinutes(31)));
        // failures while locked are not counted and do not extend the lock
        assertThat(tokenRequest(u, "Wrong-6").json().get("key").asString()).isEqualTo("auth.locked");
        assertThat(lockRow(u)).isEqualTo(locked);
        // a fresh user store (as after a restart) still sees the lock: it lives in app_user
        assertThat(new UserStore(jdbc, settings).find(u).orElseThrow().isAccountNonLocked())
                .isFalse();

        jdbc.sql("update app_user set locked_until = now() - interval '1 second' where username = ?")
                .param(u)
                .update();
        Api.Response ok = tokenRequest(u, TestUsers.PASSWORD);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(lockRow(u)).isEqualTo(new LockRow(0, null));
    }

    @Test
    void afterALockRunsOutTheCountStartsAgain() {
        String u = TestUsers.create(users, encoder, "auth-relock", Role.APPLICANT);
        for (int i = 0; i < 5; i++) {
            tokenRequest(u, "Wrong-" + i);
        }
        jdbc.sql("update app_user set locked_until = now() - interval '1 second' where username = ?")
                .param(u)
                .update();
        assertThat(tokenRequest(u, "Wrong-again").json().get("key").asString()).isEqualTo("auth.bad_credentials");
        assertThat(lockRow(u)).isEqualTo(new LockRow(1, null));
        assertThat(tokenRequest(u, TestUsers.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aSuccessfulSignInClearsTheCount() {
        String u = TestUsers.create(users, encoder, "auth-clear", Role.APPLICANT);
        for (int i = 0; i < 4; i++) {
            tokenRequest(u, "Wrong-" + i);
        }
        assertThat(tokenRequest(u, TestUsers.PASSWORD).status()).isEqualTo(200);
        assertThat(lockRow(u).failures()).isZero();
        tokenRequest(u, "Wrong-after");
        assertThat(lockRow(u)).isEqualTo(new LockRow(1, null));
    }

    @Test
    void failedSignInsAreAudited() {
        String u = TestUsers.create(users, encoder, "auth-aud", Role.APPLICANT);
        tokenRequest(u, "Wrong-1");
        var failed = audit.search("auth.login_failed", u, null, null, null, null, Paging.of(0, 5));
        assertThat(failed.total()).isEqualTo(1);
        assertThat(failed.items().get(0).details()).contains("\"failures\":1");
        assertThat(failed.items().get(0).details()).doesNotContain("Wrong-1");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String u = TestUsers.create(users, encoder, "auth-exp", Role.REVIEWER);
        Api.As a = api.login(u, TestUsers.PASSWORD);
        assertThat(a.get("/api/me").status()).isEqualTo(200);
        jdbc.sql("update api_token set expires_at = now() - interval '1 second' where token_hash = ?")
                .param(ApiTokens.hash(a.token()))
                .update();
        Api.Response r = a.get("/api/me");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("key").asString()).isEqualTo("auth.token_invalid");
        ApiTokens.Issued born = tokens.issue(TestUsers.id(users, u), "test", Duration.ofSeconds(-1));
        assertThat(api.withToken(born.token()).get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void aRevokedTokenIsRefusedAndOnlyThatOne() {
        String u = TestUsers.create(users, encoder, "auth-rev", Role.REVIEWER);
        Api.As first = api.login(u, TestUsers.PASSWORD);
        Api.As second = api.login(u, TestUsers.PASSWORD);
        Api.Response revoke = first.delete("/api/auth/token");
        assertThat(revoke.status()).as(revoke.toString()).isEqualTo(204);
        Api.Response after = first.get("/api/me");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("key").asString()).isEqualTo("auth.token_invalid");
        assertThat(first.delete("/api/auth/token").status()).isEqualTo(401);
        assertThat(second.get("/api/me").status()).isEqualTo(200);
        assertThat(audit.search("auth.token_revoke", u, null, null, null, null, Paging.of(0, 5))
                        .total())
                .isEqualTo(1);
        Boolean revoked = jdbc.sql("select revoked from api_token where token_hash = ?")
                .param(ApiTokens.hash(first.token()))
                .query(Boolean.class)
                .single();
        assertThat(revoked).isTrue();
    }

    @Test
    void revokingWithoutATokenSaysHowToSignOut() {
        String u = TestUsers.create(users, encoder, "auth-norev", Role.REVIEWER);
        Browser b = new Browser(port);
        b.login(u, TestUsers.PASSWORD);
        Api.Response r = b.json("DELETE", "/api/auth/token", "", true);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("key").asString()).isEqualTo("auth.no_token");
        assertThat(api.anonymous().delete("/api/auth/token").status()).isEqualTo(401);
    }

    @Test
    void tokensOfDisabledOrLockedUsersAreRefused() {
        String u = TestUsers.create(users, encoder, "auth-dis", Role.REVIEWER);
        Api.As a = api.login(u, TestUsers.PASSWORD);
        jdbc.sql("update app_user set locked_until = now() + interval '10 minutes' where username = ?")
                .param(u)
                .update();
        assertThat(a.get("/api/me").status()).isEqualTo(401);
        jdbc.sql("update app_user set locked_until = null, enabled = false where username = ?")
                .param(u)
                .update();
        assertThat(a.get("/api/me").status()).isEqualTo(401);
        assertThat(tokenRequest(u, TestUsers.PASSWORD).json().get("key").asString())
                .isEqualTo("auth.disabled");
        jdbc.sql("update app_user set enabled = true where username = ?")
                .param(u)
                .update();
        assertThat(a.get("/api/me").status()).isEqualTo(200);
    }

    @Test
    void aMalformedBearerTokenIsRefusedEvenOnPublicPaths() {
        Api.Response r = api.withToken("not-a-token").post("/api/public/register", Map.of());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("key").asString()).isEqualTo("auth.token_invalid");
    }
}

package org.ipaward.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

class AuthTests extends ServerTest {
    @Autowired
    UserStore users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    AuditLog audit;

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
}

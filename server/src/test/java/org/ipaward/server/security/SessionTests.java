package org.ipaward.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.ipaward.server.web.Paging;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Form login, sessions, CSRF, sign-out, security headers and what the unauthenticated get. */
class SessionTests extends ServerTest {
    @Autowired
    UserStore users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ServletWebServerApplicationContext web;

    private Browser signedIn(String username) {
        Browser b = new Browser(port);
        Api.Response r = b.login(username, TestUsers.PASSWORD);
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        assertThat(r.header("Location")).doesNotContain("error");
        assertThat(b.cookie("JSESSIONID")).isNotNull();
        return b;
    }

    @Test
    void formLoginGivesASessionThatWorksForTheApi() {
        String u = TestUsers.create(users, encoder, "sess-a", Role.REVIEWER);
        Browser b = new Browser(port);
        Api.Response page = b.page("/login");
        assertThat(page.status()).isEqualTo(200);
        assertThat(b.cookie("XSRF-TOKEN"))
                .as("the login page hands out the CSRF cookie")
                .isNotBlank();
        assertThat(b.get("/api/me").status()).isEqualTo(401);

        Api.Response login = b.postForm("/login", Map.of("username", u, "password", TestUsers.PASSWORD), true);
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).doesNotContain("error");
        Api.Response me = b.get("/api/me");
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo(u);
        assertThat(me.json().get("roles").get(0).asString()).isEqualTo("REVIEWER");
        assertThat(audit.search("auth.login", u, null, null, null, null, Paging.of(0, 5))
                        .total())
                .isEqualTo(1);
    }

    @Test
    void formLoginWithoutTheCsrfTokenIsRefused() {
        String u = TestUsers.create(users, encoder, "sess-b", Role.REVIEWER);
        Browser b = new Browser(port);
        b.page("/login");
        Api.Response r = b.postForm("/login", Map.of("username", u, "password", TestUsers.PASSWORD), false);
        assertThat(r.status()).isEqualTo(403);
        assertThat(b.get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void aSessionPostWithoutTheCsrfHeaderIsRefusedButABearerPostNeedsNone() {
        String u = TestUsers.create(users, encoder, "sess-c", Role.AUDITOR);
        Browser b = signedIn(u);
        Api.Response without = b.postJson("/api/me/password", Map.of(), false);
        assertThat(without.status()).isEqualTo(403);
        assertThat(without.header("Content-Type")).startsWith("application/problem+json");
        assertThat(without.json().get("key").asString()).isEqualTo("csrf.invalid");
        assertThat(without.json().get("detail").asString()).contains("CSRF");

        Api.Response with = b.postJson("/api/me/password", Map.of(), true);
        assertThat(with.status()).as("past CSRF, the body is checked").isEqualTo(400);
        assertThat(with.json().get("key").asString()).isEqualTo("password.old_required");

        Api.As token = api.login(u, TestUsers.PASSWORD);
        Api.Response bearer = token.post("/api/me/password", Map.of());
        assertThat(bearer.status()).isEqualTo(400);
        assertThat(bearer.json().get("key").asString()).isEqualTo("password.old_required");
    }

    @Test
    void aCsrfHeaderThatDoesNotMatchTheCookieIsRefused() {
        String u = TestUsers.create(users, encoder, "sess-d", Role.AUDITOR);
        Browser b = signedIn(u);
        Api.Response r = b.jsonWithCsrf("POST", "/api/me/password", Map.of(), "forged-" + b.cookie("XSRF-TOKEN"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("key").asString()).isEqualTo("csrf.invalid");
        assertThat(b.jsonWithCsrf("POST", "/api/me/password", Map.of(), b.cookie("XSRF-TOKEN"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void sessionsEndAfterThirtyMinutesIdle() throws Exception {
        String u = TestUsers.create(users, encoder, "sess-e", Role.FINANCE);
        Browser b = signedIn(u);
        TomcatWebServer tomcat = (TomcatWebServer) web.getWebServer();
        Context context = (Context) tomcat.getTomcat().getHost().findChildren()[0];
        Session session = context.getManager().findSession(b.cookie("JSESSIONID"));
        assertThat(session).as("the browser's session is the server's").isNotNull();
        assertThat(Duration.ofSeconds(session.getMaxInactiveInterval())).isEqualTo(Duration.ofMinutes(30));
        assertThat(web.getEnvironment().getProperty("server.servlet.session.timeout"))
                .isEqualTo("30m");
    }

    @Test
    void logoutEndsTheSessionAndIsAudited() {
        String u = TestUsers.create(users, encoder, "sess-f", Role.ACCEPTOR);
        Browser b = signedIn(u);
        String session = b.cookie("JSESSIONID");
        Api.Response noCsrf = b.postForm("/logout", Map.of(), false);
        assertThat(noCsrf.status()).as("sign-out needs the CSRF token too").isEqualTo(403);
        assertThat(b.get("/api/me").status()).isEqualTo(200);

        Api.Response out = b.postForm("/logout", Map.of(), true);
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.header("Location")).endsWith("/login?logout");
        assertThat(b.get("/api/me").status()).isEqualTo(401);
        Browser replay = new Browser(port);
        replay.setCookie("JSESSIONID", session);
        assertThat(replay.get("/api/me").status())
                .as("the old session id is dead")
                .isEqualTo(401);
        assertThat(audit.search("auth.logout", u, "user", null, null, null, Paging.of(0, 5))
                        .total())
                .isEqualTo(1);
    }

    @Test
    void logoutFromScriptGets204() {
        String u = TestUsers.create(users, encoder, "sess-g", Role.ACCEPTOR);
        Browser b = signedIn(u);
        Api.Response out = b.json("POST", "/logout", "{}", true);
        assertThat(out.status()).isEqualTo(204);
        assertThat(b.get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void securityHeadersArePresentOnApiAnswers() {
        String u = TestUsers.create(users, encoder, "sess-h", Role.AUDITOR);
        Api.Response ok = api.login(u, TestUsers.PASSWORD).get("/api/me");
        Api.Response anonymous = api.anonymous().get("/api/me");
        for (Api.Response r : new Api.Response[] {ok, anonymous}) {
            assertThat(r.header("Content-Security-Policy"))
                    .contains("default-src 'self'")
                    .contains("frame-ancestors 'none'");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
            assertThat(r.header("Permissions-Policy")).contains("camera=()");
            assertThat(r.header("Cache-Control")).contains("no-store");
        }
    }

    @Test
    void unauthenticatedPagesRedirectToLoginAndApiCallsGet401ProblemJson() {
        Browser b = new Browser(port);
        Api.Response page = b.page("/portal/profile");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).endsWith("/login");
        Api.Response root = api.anonymous().get("/");
        assertThat(root.status()).as("the home page is public").isEqualTo(200);

        for (String path : new String[] {"/api/me", "/api/users", "/api/audit"}) {
            Api.Response r = api.anonymous().get(path);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("key").asString()).isEqualTo("auth.required");
            assertThat(r.json().get("title").asString()).isEqualTo("请先登录");
            assertThat(r.json().get("message_en").asString()).isEqualTo("sign in first");
        }
        Api.Response post = api.anonymous().post("/api/users", Map.of());
        assertThat(post.status())
                .as("an anonymous POST is told to sign in, not about CSRF")
                .isEqualTo(401);
    }

    @Test
    void formLoginFailuresLockTheAccountToo() {
        String u = TestUsers.create(users, encoder, "sess-i", Role.APPLICANT);
        Browser b = new Browser(port);
        for (int i = 0; i < 5; i++) {
            Api.Response r = b.login(u, "Wrong-Password-" + i);
            assertThat(r.status()).isEqualTo(302);
            assertThat(r.header("Location")).endsWith("/login?error");
        }
        Api.Response right = b.login(u, TestUsers.PASSWORD);
        assertThat(right.header("Location")).endsWith("/login?error");
        assertThat(b.get("/api/me").status()).isEqualTo(401);
        record Row(int failures, Instant lockedUntil) {}
        Row row = jdbc.sql("select failed_attempts, locked_until from app_user where username = ?")
                .param(u)
                .query((rs, n) -> new Row(rs.getInt(1), rs.getTimestamp(2).toInstant()))
                .single();
        assertThat(row.failures()).isEqualTo(5);
        assertThat(row.lockedUntil())
                .isCloseTo(Instant.now().plus(Duration.ofMinutes(30)), within(Duration.ofMinutes(1)));
    }

    @Test
    void disablingAUserEndsTheirSessions() {
        String u = TestUsers.create(users, encoder, "sess-j", Role.REVIEWER);
        String admin = TestUsers.create(users, encoder, "sess-admin", Role.SYSTEM_ADMIN);
        Browser b = signedIn(u);
        assertThat(b.get("/api/me").status()).isEqualTo(200);
        Api.Response off = api.login(admin, TestUsers.PASSWORD)
                .put("/api/users/" + TestUsers.id(users, u), Map.of("enabled", false));
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        Api.Response after = b.get("/api/me");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("key").asString()).isEqualTo("auth.session_ended");
        assertThat(b.login(u, TestUsers.PASSWORD).header("Location")).endsWith("/login?error");
    }

    @Test
    void aSessionSeesChangesToItsUserMadeAfterSignIn() {
        String u = TestUsers.create(users, encoder, "sess-k", Role.APPLICANT);
        Browser b = signedIn(u);
        assertThat(b.get("/api/me").json().get("subject_id").isNull()).isTrue();
        long subject = jdbc.sql("insert into subject (kind, name) values ('enterprise', '会话测试企业') returning id")
                .query(Long.class)
                .single();
        jdbc.sql("update app_user set subject_id = ?, display_name = '新名字' where username = ?")
                .params(subject, u)
                .update();
        Api.Response me = b.get("/api/me");
        assertThat(me.json().get("subject_id").asLong()).isEqualTo(subject);
        assertThat(me.json().get("display_name").asString()).isEqualTo("新名字");
        jdbc.sql("update app_user set enabled = false where username = ?")
                .param(u)
                .update();
        assertThat(b.get("/api/me").status())
                .as("a disabled user's session ends")
                .isEqualTo(401);
        jdbc.sql("update app_user set enabled = true where username = ?")
                .param(u)
                .update();
        assertThat(b.get("/api/me").status()).as("and stays ended").isEqualTo(401);
    }

    private static org.assertj.core.data.TemporalUnitOffset within(Duration d) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(d.toSeconds(), ChronoUnit.SECONDS);
    }
}

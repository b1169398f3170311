package org.ipaward.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An address the server does not have is 404 for everyone — the site's page for a browser, problem+json under
 * /api/ — while an address that exists but needs sign-in still sends to /login (pages) or answers 401 (API).
 */
class UnknownAddressTests extends ServerTest {
    @Autowired
    Fixtures fx;

    private static void notFoundPage(Api.Response r, String what) {
        assertThat(r.status()).as(what + ": " + r.header("Location")).isEqualTo(404);
        assertThat(r.header("Location")).as(what).isNull();
        assertThat(r.header("Content-Type")).as(what).startsWith("text/html");
        assertThat(r.body()).as(what).contains("没有找到此页面").doesNotContain("\"key\"");
    }

    private static void notFoundProblem(Api.Response r, String what) {
        assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(404);
        assertThat(r.header("Content-Type")).as(what).startsWith("application/problem+json");
        assertThat(r.json().get("key").asString()).as(what).isEqualTo("not_found");
        assertThat(r.json().get("message_en").asString()).as(what).isEqualTo("no such resource");
    }

    @Test
    void anAnonymousVisitorToAnUnknownAddressGetsTheNotFoundPageNotTheSignIn() {
        Browser b = new Browser(port);
        notFoundPage(b.page("/nonexistent?lang=zh"), "/nonexistent");
        notFoundPage(b.page("/portal/no-such-page?lang=zh"), "under a signed-in area");
        notFoundPage(b.page("/publicity/xyz/abc?lang=zh"), "under the public pages");
        notFoundPage(b.page("/publicity/nonexistent?lang=zh"), "a page's number that is not a number");
        Api.Response page = b.page("/publicity/nonexistent?lang=zh");
        assertThat(page.body())
                .as("no developer's words")
                .doesNotContain("input.type")
                .doesNotContain("roundId");
    }

    @Test
    void aSignedInPersonToAnUnknownAddressGetsTheNotFoundPage() {
        Browser b = new Browser(port);
        Api.Response login = b.login(fx.user(null, Role.REVIEWER), Fixtures.PASSWORD);
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).endsWith("/workbench");
        notFoundPage(b.page("/nonexistent?lang=zh"), "signed in");
    }

    @Test
    void anUnknownApiAddressIsNotFoundProblemJsonWithAndWithoutAToken() {
        notFoundProblem(api.anonymous().get("/api/nonexistent"), "no token");
        notFoundProblem(api.anonymous().get("/api/rounds/1/no-such-thing"), "no token, under a known prefix");
        Api.As reviewer = api.login(fx.user(null, Role.REVIEWER), Fixtures.PASSWORD);
        notFoundProblem(reviewer.get("/api/nonexistent"), "with a token");
    }

    @Test
    void addressesThatExistStillNeedSignIn() {
        Browser b = new Browser(port);
        for (String page : new String[] {"/portal", "/workbench", "/admin", "/finance", "/portal/rounds/1/apply"}) {
            Api.Response r = b.page(page);
            assertThat(r.status()).as(page).isEqualTo(302);
            assertThat(r.header("Location")).as(page).endsWith("/login");
        }
        Api.Response actuator = b.page("/actuator");
        assertThat(actuator.status()).as("the actuator's own links").isEqualTo(302);
        assertThat(actuator.header("Location")).endsWith("/login");

        for (Api.Response r : new Api.Response[] {
            api.anonymous().get("/api/settings"),
            api.anonymous().get("/api/rounds"),
            api.anonymous().delete("/api/settings"), // the address exists, not for this method
        }) {
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
            assertThat(r.json().get("key").asString()).isEqualTo("auth.required");
        }
    }
}

package org.ipaward.server.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.HtmlUtils;

/** The public pages and the sign-in page over HTTP: Chinese by default, English on request, login end to end. */
class UiPagesTests extends ServerTest {
    private static final Pattern CSRF_FIELD =
            Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");

    @Autowired
    Fixtures fixtures;

    @Autowired
    PolicyRegistry policies;

    @Autowired
    JdbcClient jdbc;

    private static Api.Response html(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        return r;
    }

    @Test
    void homeIsPublicInChineseByDefaultAndEnglishOnRequestAndListsOpenRounds() {
        fixtures.user(null, Role.POLICY_ADMIN);
        long round = fixtures.round("pinggu-2025", 2026, "1000000.00", "pro_rata");
        String title = jdbc.sql("select title from round where id = ?")
                .param(round)
                .query(String.class)
                .single();
        Policy pinggu = policies.currentVersion("pinggu-2025").policy();

        Browser b = new Browser(port);
        String zh = html(b.page("/")).body();
        assertThat(zh)
                .contains("<html lang=\"zh\"")
                .contains("知识产权奖补")
                .contains("正在申报和即将开始的批次")
                .contains(title)
                .contains("正在申报")
                .contains(pinggu.title().zh())
                .contains("href=\"/policies/pinggu-2025\"")
                .contains("href=\"/calculator\"")
                .contains("href=\"/login\"")
                .doesNotContain("Rounds open now");

        String en = html(b.page("/?lang=en")).body();
        assertThat(en)
                .contains("<html lang=\"en\"")
                .contains("Rounds open now or opening soon")
                .contains("Open for applications")
                .contains(title)
                .contains(pinggu.title().en())
                .doesNotContain("正在申报和即将开始的批次");
        assertThat(b.cookie(UiConfig.LANG_COOKIE)).isEqualTo("en");
        assertThat(html(b.page("/")).body())
                .as("the choice is kept in a cookie")
                .contains("Rounds open now or opening soon");
        assertThat(html(b.page("/?lang=zh")).body()).contains("正在申报和即将开始的批次");
    }

    @Test
    void policiesPageListsThePoliciesInUse() {
        Browser b = new Browser(port);
        String zh = html(b.page("/policies")).body();
        assertThat(zh).contains("在用政策").contains("发布机关").contains("措施数");
        for (PolicyRegistry.Version v : policies.currentVersions()) {
            assertThat(zh)
                    .contains("href=\"/policies/" + v.policyId() + "\"")
                    .contains(HtmlUtils.htmlEscape(v.policy().title().zh()));
        }
        assertThat(zh).contains("征求意见稿").as("jindong-2023 is a draft");
        String en = html(b.page("/policies?lang=en")).body();
        assertThat(en).contains("Policies in use").contains("Issued by").doesNotContain("发布机关");
    }

    @Test
    void aPolicyPageShowsEachMeasureWithClauseQuoteCategoryAndAwardKind() {
        Policy pinggu = policies.currentVersion("pinggu-2025").policy();
        Measure pledge = pinggu.measures().stream()
                .filter(m -> m.quote() != null && m.award() != null)
                .findFirst()
                .orElseThrow();
        Browser b = new Browser(port);
        String zh = html(b.page("/policies/pinggu-2025")).body();
        assertThat(zh)
                .contains(pinggu.title().zh())
                .contains("措施（共 " + pinggu.measures().size() + " 项）")
                .contains("id=\"measure-" + pledge.id() + "\"")
                .contains(HtmlUtils.htmlEscape(pledge.title().zh()))
                .contains("〔" + pledge.clause() + "〕")
                .contains(HtmlUtils.htmlEscape(pledge.quote()))
                .contains("类别：" + pledge.category().label().zh())
                .contains("奖励方式：");
        for (Measure m : pinggu.measures()) {
            assertThat(zh).contains("id=\"measure-" + m.id() + "\"");
        }

        String en = html(b.page("/policies/pinggu-2025?lang=en")).body();
        assertThat(en)
                .contains(HtmlUtils.htmlEscape(pledge.title().en()))
                .contains("Category: " + pledge.category().label().en())
                .contains("Award: ")
                .contains(HtmlUtils.htmlEscape(pledge.quote()))
                .as("the quoted source text stays in Chinese");

        Api.Response missing = b.page("/policies/no-such-policy?lang=zh");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("未找到").contains("no-such-policy");
    }

    @Test
    void pagesLoadTheirScriptsAndStylesFromTheServerOnly() {
        Browser b = new Browser(port);
        Api.Response home = html(b.page("/"));
        assertThat(home.header("Content-Security-Policy")).contains("script-src 'self'");
        for (String page : List.of("/", "/login", "/policies", "/policies/jindong-2023")) {
            String body = html(b.page(page)).body();
            assertThat(body)
                    .as(page)
                    .containsPattern("src=\"/webjars/htmx.org/2\\.0\\.[0-9]+/dist/htmx.min.js\"")
                    .containsPattern("src=\"/webjars/bootstrap/5\\.3\\.[0-9]+/js/bootstrap.bundle.min.js\"")
                    .containsPattern("href=\"/webjars/bootstrap/5\\.3\\.[0-9]+/css/bootstrap.min.css\"")
                    .doesNotContainPattern("<script(?![^>]*\\ssrc=\"/)[^>]*>")
                    .doesNotContainPattern("\\son[a-z]+=\"")
                    .doesNotContain("http://")
                    .doesNotContain("https://");
        }
        for (String asset : List.of(
                "/webjars/htmx.org/dist/htmx.min.js",
                "/webjars/bootstrap/js/bootstrap.bundle.min.js",
                "/webjars/bootstrap/css/bootstrap.min.css",
                "/css/ipaward.css")) {
            Api.Response r = api.anonymous().get(asset);
            assertThat(r.status()).as(asset).isEqualTo(200);
            assertThat(r.bytes().length).as(asset).isGreaterThan(10);
        }
    }

    @Test
    void theLoginPageSignsInWithTheCsrfTokenFromTheForm() {
        String u = fixtures.user(null, Role.REVIEWER);
        Browser b = new Browser(port);
        Api.Response page = html(b.page("/login"));
        assertThat(page.body())
                .contains("登录知识产权奖补系统")
                .contains("<label for=\"username\"")
                .contains("<label for=\"password\"")
                .contains("用户名")
                .contains("密码")
                .contains("action=\"/login\"");
        String token = csrfField(page.body());
        assertThat(html(b.page("/login?lang=en")).body())
                .contains("Sign in to ipaward")
                .contains("User name");

        Api.Response login =
                b.postForm("/login", Map.of("username", u, "password", Fixtures.PASSWORD, "_csrf", token), false);
        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        assertThat(login.header("Location"))
                .as("a reviewer lands on the workbench")
                .endsWith("/workbench");
        Api.Response me = b.get("/api/me");
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo(u);

        String home = html(b.page("/?lang=zh")).body();
        assertThat(home)
                .contains("当前用户：测试 " + u)
                .contains("action=\"/logout\"")
                .contains("退出登录")
                .doesNotContain("href=\"/login\"");
        Api.Response out = b.postForm("/logout", Map.of("_csrf", csrfField(home)), false);
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.header("Location")).endsWith("/login?logout");
        assertThat(b.get("/api/me").status()).isEqualTo(401);
        assertThat(html(b.page("/login?logout")).body()).contains("您已退出登录");
    }

    @Test
    void theLoginPageTellsAWrongPasswordFromALockedAccount() {
        String u = fixtures.user(null, Role.APPLICANT);
        Browser b = new Browser(port);
        Api.Response wrong = b.login(u, "Not-The-Password-1");
        assertThat(wrong.header("Location")).endsWith("/login?error");
        assertThat(html(b.page("/login?error")).body()).contains("用户名或密码不正确").doesNotContain("锁定，请");
        assertThat(html(b.page("/login?error&lang=en")).body()).contains("Wrong user name or password.");

        for (int i = 0; i < 5; i++) {
            b.login(u, "Not-The-Password-" + i);
        }
        Api.Response locked = b.login(u, Fixtures.PASSWORD);
        assertThat(locked.header("Location")).endsWith("/login?error");
        assertThat(b.get("/api/me").status()).isEqualTo(401);
        String page = html(b.page("/login?error&lang=zh")).body();
        assertThat(page).contains("已被暂时锁定").doesNotContain("用户名或密码不正确");
    }

    private static String csrfField(String html) {
        Matcher m = CSRF_FIELD.matcher(html);
        assertThat(m.find()).as("a hidden _csrf field in the form").isTrue();
        return m.group(1);
    }

    @Test
    void afterSignInEachPersonLandsWhereTheyWork() {
        long subject = fixtures.enterprise("落地页测试公司", "110117");
        for (Map.Entry<String, String> e : Map.of(
                        fixtures.user(subject, Role.APPLICANT), "/portal",
                        fixtures.user(null, Role.FINANCE), "/finance",
                        fixtures.user(null, Role.AUDITOR), "/admin")
                .entrySet()) {
            Browser b = new Browser(port);
            String token = csrfField(html(b.page("/login")).body());
            Api.Response login = b.postForm(
                    "/login", Map.of("username", e.getKey(), "password", Fixtures.PASSWORD, "_csrf", token), false);
            assertThat(login.header("Location")).as(e.getKey()).endsWith(e.getValue());
        }
    }

    @Test
    void anUnknownAddressIsTheSitesNotFoundPageForABrowserAndProblemJsonForTheApi() {
        Browser b = new Browser(port);
        String u = fixtures.user(null, Role.REVIEWER);
        String token = csrfField(html(b.page("/login")).body());
        b.postForm("/login", Map.of("username", u, "password", Fixtures.PASSWORD, "_csrf", token), false);
        Api.Response page = b.page("/workbench/no-such-page?lang=zh");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("没有找到此页面").doesNotContain("\"key\"");
        Api.Response api = b.get("/api/no-such-thing");
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.body()).contains("\"key\"");
    }

    @Test
    void theDemoClockIsRefusedOutsideADemoInstallation() {
        Browser b = new Browser(port);
        String u = fixtures.user(null, Role.SYSTEM_ADMIN);
        String token = csrfField(html(b.page("/login")).body());
        b.postForm("/login", Map.of("username", u, "password", Fixtures.PASSWORD, "_csrf", token), false);
        String csrf = csrfField(html(b.page("/")).body());
        Api.Response r = b.postForm("/demo/clock", Map.of("days", "7", "_csrf", csrf), false);
        assertThat(r.status()).isEqualTo(404);
        assertThat(html(b.page("/workbench/publicity")).body()).doesNotContain("demo-clock");
    }

    @Test
    void staffListsNamePoliciesAndMeasuresByTheirTitlesNotTheirIds() {
        long round = fixtures.round("pinggu-2025", 2026, "1000000.00", "pro_rata");
        Browser b = new Browser(port);
        String u = fixtures.user(null, Role.POLICY_ADMIN);
        String token = csrfField(html(b.page("/login")).body());
        b.postForm("/login", Map.of("username", u, "password", Fixtures.PASSWORD, "_csrf", token), false);
        String title = policies.currentVersion("pinggu-2025").policy().title().zh();
        assertThat(html(b.page("/workbench/rounds?lang=zh")).body())
                .contains(title)
                .doesNotContain("<code>pinggu-2025</code>");
        assertThat(html(b.page("/workbench/rounds/" + round + "?lang=zh")).body())
                .contains("知识产权质押融资贴息")
                .doesNotContain("(PG-pledge)");
    }
}

package org.ipaward.server.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.calendar.WorkCalendar;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.settings.Settings;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.HtmlUtils;

/**
 * The administration pages over HTTP as each role sees them: the overview, users, policy versions, the
 * audit log with its verification and export, the settings (lockout included) and the working-day calendar.
 */
class AdminPagesTests extends ServerTest {
    private static final String GOOD_PASSWORD = "Lantern-Quiver-Basalt-42";

    @Autowired
    Fixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    Settings settings;

    @Autowired
    WorkCalendar workCalendar;

    @Autowired
    PolicyRegistry policies;

    private Browser as(Role... roles) {
        String u = fixtures.user(null, roles);
        return signIn(u, Fixtures.PASSWORD);
    }

    private Browser signIn(String username, String password) {
        Browser b = new Browser(port);
        Api.Response r = b.login(username, password);
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).as("sign-in of " + username).doesNotContain("error");
        return b;
    }

    /** Whether the user can sign in with the password (through the login form). */
    private boolean canSignIn(String username, String password) {
        Browser b = new Browser(port);
        Api.Response r = b.login(username, password);
        return r.status() == 302
                && !r.header("Location").contains("error")
                && b.get("/api/me").status() == 200;
    }

    private static String html(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        return r.body();
    }

    private long userId(String username) {
        return jdbc.sql("select id from app_user where username = ?")
                .param(username)
                .query(Long.class)
                .single();
    }

    // ---- overview and access

    @Test
    void theOverviewShowsEachRoleTheSectionsItMayUse() {
        String admin = html(as(Role.SYSTEM_ADMIN).page("/admin?lang=zh"));
        assertThat(admin)
                .contains("系统管理")
                .contains("id=\"admin-card-users\"")
                .contains("id=\"admin-card-policies\"")
                .contains("id=\"admin-card-audit\"")
                .contains("id=\"admin-card-settings\"")
                .contains("id=\"admin-card-calendar\"")
                .contains("href=\"/admin/users\"")
                .contains("href=\"/admin/calendar\"");

        String policy = html(as(Role.POLICY_ADMIN).page("/admin?lang=zh"));
        assertThat(policy)
                .contains("id=\"admin-card-policies\"")
                .doesNotContain("id=\"admin-card-users\"")
                .doesNotContain("id=\"admin-card-audit\"")
                .doesNotContain("id=\"admin-card-settings\"")
                .doesNotContain("href=\"/admin/users\"");

        Browser auditor = as(Role.AUDITOR);
        String a = html(auditor.page("/admin?lang=zh"));
        assertThat(a)
                .contains("id=\"admin-card-audit\"")
                .contains("id=\"admin-card-policies\"")
                .doesNotContain("id=\"admin-card-users\"")
                .doesNotContain("id=\"admin-card-calendar\"");
        assertThat(html(auditor.page("/admin?lang=en")))
                .contains("Administration")
                .contains("Search the audit log")
                .doesNotContain("查询审计日志");
    }

    @Test
    void eachPageIsRefusedToTheRolesItIsNotFor() {
        Browser applicant = as(Role.APPLICANT);
        Browser reviewer = as(Role.REVIEWER);
        Browser policy = as(Role.POLICY_ADMIN);
        Browser auditor = as(Role.AUDITOR);
        Browser admin = as(Role.SYSTEM_ADMIN);
        List<String> all = List.of(
                "/admin",
                "/admin/users",
                "/admin/users/new",
                "/admin/policies",
                "/admin/audit",
                "/admin/settings",
                "/admin/calendar");
        for (String page : all) {
            for (Browser b : List.of(applicant, reviewer)) {
                Api.Response r = b.page(page + "?lang=zh");
                assertThat(r.status()).as(page).isEqualTo(403);
                assertThat(r.body()).as(page).contains("您没有权限查看此页面");
            }
            assertThat(admin.page(page).status())
                    .as("system administrator: " + page)
                    .isEqualTo(200);
        }
        for (String page : List.of("/admin/users", "/admin/audit", "/admin/settings", "/admin/calendar")) {
            assertThat(policy.page(page).status())
                    .as("policy administrator: " + page)
                    .isEqualTo(403);
        }
        for (String page : List.of("/admin/users", "/admin/users/new", "/admin/settings", "/admin/calendar")) {
            assertThat(auditor.page(page).status()).as("auditor: " + page).isEqualTo(403);
        }
        assertThat(policy.page("/admin/policies").status()).isEqualTo(200);
        assertThat(auditor.page("/admin/policies").status()).isEqualTo(200);
        assertThat(auditor.page("/admin/audit").status()).isEqualTo(200);

        // a form post is refused too, and changes nothing
        Api.Response post =
                reviewer.postForm("/admin/settings", Map.of("key", Settings.PUBLICITY_DAYS, "value", "9"), true);
        assertThat(post.status()).isEqualTo(403);
        assertThat(settings.publicityDays()).isEqualTo(5);

        Api.Response anonymous = new Browser(port).page("/admin/users");
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.header("Location")).endsWith("/login");
    }

    // ---- users

    @Test
    void aWeakInitialPasswordIsRefusedAtItsFieldAndNothingIsCreated() {
        Browser admin = as(Role.SYSTEM_ADMIN);
        assertThat(html(admin.page("/admin/users/new?lang=zh")))
                .contains("id=\"user-create\"")
                .contains("<label class=\"form-label\" for=\"password\"")
                .contains("id=\"role-REVIEWER\"")
                .doesNotContain("id=\"role-APPLICANT\"");
        String name = Fixtures.unique("weak");
        Api.Response r = admin.postForm(
                "/admin/users?lang=zh",
                Map.of("username", name, "display_name", "弱密码 测试", "roles", "REVIEWER", "password", "password1234"),
                true);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.body())
                .contains("id=\"problem\"")
                .contains("id=\"password-error\"")
                .contains("密码强度不足")
                .contains("aria-describedby=\"password-help password-error\"")
                .contains("value=\"" + name + "\"")
                .as("the input is kept")
                .doesNotContain("password1234")
                .as("the refused password is never echoed");
        assertThat(jdbc.sql("select count(*) from app_user where username = ?")
                        .param(name)
                        .query(Long.class)
                        .single())
                .isZero();

        Api.Response noRole = admin.postForm(
                "/admin/users", Map.of("username", name, "display_name", "无角色", "password", GOOD_PASSWORD), true);
        assertThat(noRole.status()).isEqualTo(400);
        assertThat(noRole.body()).contains("id=\"roles-error\"");
        assertThat(jdbc.sql("select count(*) from app_user where username = ?")
                        .param(name)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aCreatedUserCanSignInAndDisablingStopsThem() {
        Browser admin = as(Role.SYSTEM_ADMIN);
        String name = Fixtures.unique("staff");
        Api.Response created = admin.postForm(
                "/admin/users",
                Map.of("username", name, "display_name", "新同事", "roles", "ACCEPTOR", "password", GOOD_PASSWORD),
                true);
        assertThat(created.status()).as(created.toString()).isEqualTo(302);
        long id = userId(name);
        assertThat(created.header("Location")).endsWith("/admin/users/" + id);
        assertThat(html(admin.page("/admin/users/" + id + "?lang=zh")))
                .contains("id=\"flash\"")
                .contains("已创建账户“" + name + "”")
                .contains("id=\"user-disable\"");
        assertThat(audit.search(
                                "user.create",
                                null,
                                "user",
                                String.valueOf(id),
                                null,
                                null,
                                org.ipaward.server.web.Paging.of(0, 5))
                        .total())
                .isEqualTo(1);

        Browser staff = signIn(name, GOOD_PASSWORD);
        assertThat(staff.get("/api/me").json().get("roles").get(0).asString()).isEqualTo("ACCEPTOR");

        // the list finds the user by part of the name, and by role
        String list = html(admin.page("/admin/users?q=" + name + "&role=ACCEPTOR&lang=zh"));
        assertThat(list).contains("id=\"user-" + id + "\"").contains("共 1 个账户");
        assertThat(html(admin.page("/admin/users?q=" + name + "&role=AUDITOR")))
                .doesNotContain("id=\"user-" + id + "\"");

        Api.Response disabled = admin.postForm("/admin/users/" + id + "/enabled", Map.of("enabled", "false"), true);
        assertThat(disabled.status()).isEqualTo(302);
        assertThat(staff.get("/api/me").status()).as("the session ends").isEqualTo(401);
        assertThat(canSignIn(name, GOOD_PASSWORD)).isFalse();
        assertThat(html(admin.page("/admin/users?q=" + name + "&status=disabled")))
                .contains("id=\"user-" + id + "\"");
        assertThat(html(admin.page("/admin/users?q=" + name + "&status=enabled")))
                .doesNotContain("id=\"user-" + id + "\"");

        assertThat(admin.postForm("/admin/users/" + id + "/enabled", Map.of("enabled", "true"), true)
                        .status())
                .isEqualTo(302);
        assertThat(canSignIn(name, GOOD_PASSWORD)).isTrue();
    }

    @Test
    void displayNameAndRolesAreEditedAndAnEmptyNameIsRefusedAtItsField() {
        Browser admin = as(Role.SYSTEM_ADMIN);
        String u = fixtures.user(null, Role.REVIEWER);
        long id = userId(u);
        Api.Response bad = admin.postForm(
                "/admin/users/" + id + "?lang=zh", Map.of("display_name", " ", "roles", "APPROVER"), true);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"display_name-error\"").contains("显示名称不能为空");
        Api.Response ok =
                admin.postForm("/admin/users/" + id, Map.of("display_name", "改过的名字", "roles", "APPROVER"), true);
        assertThat(ok.status()).isEqualTo(302);
        assertThat(jdbc.sql("select role from user_role where user_id = ?")
                        .param(id)
                        .query(String.class)
                        .list())
                .containsExactly("APPROVER");
        assertThat(html(admin.page("/admin/users/" + id))).contains("value=\"改过的名字\"");
    }

    @Test
    void aPasswordResetShowsTheTemporaryPasswordOnceOrSetsTheTypedOne() {
        Browser admin = as(Role.SYSTEM_ADMIN);
        String u = fixtures.user(null, Role.FINANCE);
        long id = userId(u);

        Api.Response reset = admin.postForm("/admin/users/" + id + "/reset-password", Map.of("mode", "generate"), true);
        assertThat(reset.status()).isEqualTo(302);
        String page = html(admin.page("/admin/users/" + id + "?lang=zh"));
        Matcher m = Pattern.compile("id=\"temporary-password-value\">([^<]+)<").matcher(page);
        assertThat(m.find()).as("the temporary password is shown").isTrue();
        String temporary = m.group(1);
        assertThat(temporary).matches("[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}");
        assertThat(html(admin.page("/admin/users/" + id)))
                .as("shown only once")
                .doesNotContain("temporary-password-value")
                .doesNotContain(temporary);
        assertThat(canSignIn(u, Fixtures.PASSWORD)).isFalse();
        assertThat(canSignIn(u, temporary)).isTrue();

        Api.Response weak = admin.postForm(
                "/admin/users/" + id + "/reset-password?lang=zh", Map.of("mode", "set", "password", "abc"), true);
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body()).contains("id=\"reset-password-error\"").contains("密码太短");
        assertThat(canSignIn(u, temporary)).as("nothing changed").isTrue();

        Api.Response set = admin.postForm(
                "/admin/users/" + id + "/reset-password", Map.of("mode", "set", "password", GOOD_PASSWORD), true);
        assertThat(set.status()).isEqualTo(302);
        assertThat(html(admin.page("/admin/users/" + id))).doesNotContain("temporary-password-value");
        assertThat(canSignIn(u, GOOD_PASSWORD)).isTrue();
        assertThat(canSignIn(u, temporary)).isFalse();
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'user.password_reset' and target_id = ?")
                        .param(String.valueOf(id))
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void aLockedAccountIsListedAndUnlocked() {
        Browser admin = as(Role.SYSTEM_ADMIN);
        String u = fixtures.user(null, Role.REVIEWER);
        long id = userId(u);
        for (int i = 0; i < settings.lockoutMaxFailures(); i++) {
            new Browser(port).login(u, "Wrong-Password-" + i);
        }
        assertThat(canSignIn(u, Fixtures.PASSWORD)).isFalse();
        assertThat(html(admin.page("/admin/users?status=locked&q=" + u))).contains("id=\"user-" + id + "\"");
        assertThat(html(admin.page("/admin/users/" + id))).contains("id=\"user-unlock\"");
        assertThat(admin.postForm("/admin/users/" + id + "/unlock", Map.of(), true)
                        .status())
                .isEqualTo(302);
        assertThat(html(admin.page("/admin/users?status=locked&q=" + u))).doesNotContain("id=\"user-" + id + "\"");
        assertThat(canSignIn(u, Fixtures.PASSWORD)).isTrue();
    }

    // ---- policies

    @Test
    void policyVersionsAreListedWithTheirHashRoundsAndText() {
        long round = fixtures.round("pinggu-2025", 2026, "1000000.00", "stop");
        PolicyRegistry.Version v = policies.currentVersion("pinggu-2025");
        long rounds = jdbc.sql("select count(*) from round where policy_version_id = ?")
                .param(v.id())
                .query(Long.class)
                .single();
        assertThat(rounds).isPositive();
        Browser policy = as(Role.POLICY_ADMIN);
        String page = html(policy.page("/admin/policies?lang=zh"));
        assertThat(page)
                .contains("id=\"policy-pinggu-2025\"")
                .contains("id=\"version-" + v.id() + "\"")
                .contains(v.sha256())
                .contains(v.label())
                .contains("现行有效")
                .contains("征求意见稿")
                .contains("href=\"/policies/pinggu-2025\"")
                .contains("href=\"/admin/policies/versions/" + v.id() + "\"");
        Matcher row = Pattern.compile("id=\"version-" + v.id() + "\".*?</tr>", Pattern.DOTALL)
                .matcher(page);
        assertThat(row.find()).isTrue();
        assertThat(row.group())
                .contains("<td class=\"text-end\">" + rounds + "</td>")
                .contains("2025-08-29");

        String yaml = jdbc.sql("select yaml from policy_version where id = ?")
                .param(v.id())
                .query(String.class)
                .single();
        String[] lines = yaml.split("\n", -1);
        String text = html(as(Role.AUDITOR).page("/admin/policies/versions/" + v.id() + "?lang=zh"));
        assertThat(text)
                .contains("id=\"yaml-text\"")
                .contains("id=\"L1\"")
                .contains("id=\"L" + lines.length + "\"")
                .doesNotContain("id=\"L" + (lines.length + 1) + "\"")
                .contains(HtmlUtils.htmlEscape(lines[0]))
                .contains("共 " + lines.length + " 行")
                .contains(v.sha256());
        assertThat(html(policy.page("/admin/policies/versions/" + v.id() + "?lang=en")))
                .contains("YAML text (" + lines.length + " lines, read-only)");
        Api.Response missing = policy.page("/admin/policies/versions/999999?lang=zh");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("999999").doesNotContain("Exception");
        assertThat(round).isPositive();
    }

    // ---- audit

    @Test
    void theAuditSearchFiltersByActionPrefixAndTextAndPaginates() {
        String prefix = Fixtures.unique("admtest").replace('-', '_') + ".";
        for (int i = 0; i < 30; i++) {
            audit.record(prefix + "ping", "thing", i, Map.of("n", i, "word", i == 7 ? "needle-" + prefix : "hay"));
        }
        audit.record("other." + prefix, "thing", 1, Map.of());
        Browser auditor = as(Role.AUDITOR);
        String first = html(auditor.page("/admin/audit?lang=zh&action=" + prefix));
        assertThat(first).contains("共 30 条记录").contains("id=\"audit-filter\"").contains("id=\"audit-export\"");
        assertThat(countRows(first)).isEqualTo(AdminAuditController.PAGE_SIZE);
        assertThat(first).doesNotContain("data-action=\"other.");
        assertThat(first).contains("共 30 条，第 1/2 页");
        String second = html(auditor.page("/admin/audit?lang=zh&action=" + prefix + "&page=1"));
        assertThat(countRows(second)).isEqualTo(30 - AdminAuditController.PAGE_SIZE);
        assertThat(first).contains("href=\"/admin/audit?action=" + prefix + "&amp;page=1\"");

        String text = html(auditor.page("/admin/audit?action=" + prefix + "&q=NEEDLE-" + prefix));
        assertThat(countRows(text)).isEqualTo(1);
        assertThat(text).contains("&quot;word&quot; : &quot;needle-" + prefix + "&quot;");

        String today = LocalDate.now(org.ipaward.server.config.ClockConfig.ZONE).toString();
        assertThat(countRows(html(auditor.page("/admin/audit?action=" + prefix + "&from=" + today + "&to=" + today))))
                .isEqualTo(AdminAuditController.PAGE_SIZE);
        assertThat(countRows(html(auditor.page("/admin/audit?action=" + prefix + "&to=2000-01-01"))))
                .isZero();

        Api.Response bad = auditor.page("/admin/audit?lang=zh&from=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"from-error\"").contains("时间格式不正确");
    }

    private static int countRows(String html) {
        Matcher m = Pattern.compile("<tr id=\"audit-\\d+\"").matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void theFilteredLogIsExportedAsXlsxAndTheExportIsAudited() throws Exception {
        String prefix = Fixtures.unique("admexp").replace('-', '_') + ".";
        for (int i = 0; i < 3; i++) {
            audit.record(prefix + "ping", "thing", i, Map.of("n", i));
        }
        String u = fixtures.user(null, Role.SYSTEM_ADMIN);
        Browser admin = signIn(u, Fixtures.PASSWORD);
        Api.Response x = admin.get("/admin/audit/export?lang=zh&action=" + prefix);
        assertThat(x.status()).isEqualTo(200);
        assertThat(x.header("Content-Type")).startsWith("application/vnd.openxmlformats");
        assertThat(x.header("Content-Disposition")).contains("attachment").contains(".xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(x.bytes()))) {
            Sheet s = wb.getSheetAt(0);
            assertThat(s.getLastRowNum()).isEqualTo(1 + 3);
            assertThat(s.getRow(1).getCell(0).getStringCellValue()).isEqualTo("序号");
            assertThat(s.getRow(2).getCell(4).getStringCellValue()).isEqualTo(prefix + "ping");
            assertThat(s.getRow(2).getCell(7).getStringCellValue()).isEqualTo("{\"n\":2}");
        }
        assertThat(audit.search("audit.export", u, null, null, null, null, org.ipaward.server.web.Paging.of(0, 5))
                        .items())
                .singleElement()
                .satisfies(e -> assertThat(e.details()).contains(prefix).contains("\"rows\":3"));
    }

    @Test
    void verifyingTheChainRunsInTheBackgroundAndShowsOkWithTheCount() throws Exception {
        String u = fixtures.user(null, Role.AUDITOR);
        Browser auditor = signIn(u, Fixtures.PASSWORD);
        long before = audit.count();
        Api.Response start = auditor.postForm("/admin/audit/verify", Map.of(), true);
        assertThat(start.status()).isEqualTo(302);
        String location = start.header("Location");
        assertThat(location).contains("/admin/audit?verify=").endsWith("#verify-status");
        String path = location.substring(location.indexOf("/admin/audit"), location.indexOf('#'));
        String page = "";
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(until)) {
            page = html(auditor.page(path + "&lang=zh"));
            if (!page.contains("id=\"verify-running\"")) {
                break;
            }
            assertThat(page).contains("hx-trigger=\"every 1s\"").contains("<progress");
            Thread.sleep(200);
        }
        assertThat(page).contains("id=\"verify-ok\"").doesNotContain("id=\"verify-broken\"");
        Matcher m = Pattern.compile("哈希链完整：共校验 ([0-9,]+) 条记录").matcher(page);
        assertThat(m.find()).as(page).isTrue();
        long checked = Long.parseLong(m.group(1).replace(",", ""));
        assertThat(checked).isBetween(before, audit.count());
        assertThat(audit.search("audit.verify", u, null, null, null, null, org.ipaward.server.web.Paging.of(0, 5))
                        .items())
                .singleElement()
                .satisfies(e -> assertThat(e.details()).contains("\"ok\":true").contains("\"records\":" + checked));

        // htmx asks for the progress fragment alone (what the page polls every second)
        String fragment = htmx(auditor, "GET", "/admin/audit/verify/" + path.substring(path.indexOf("verify=") + 7));
        assertThat(fragment)
                .startsWith("<div id=\"verify-status\"")
                .contains("id=\"verify-ok\"")
                .doesNotContain("<html")
                .doesNotContain("hx-trigger");
        String started = htmx(auditor, "POST", "/admin/audit/verify");
        assertThat(started).startsWith("<div id=\"verify-status\"").contains("verify-");

        // another person cannot look at this verification
        String id = path.substring(path.indexOf("verify=") + "verify=".length());
        Browser other = as(Role.AUDITOR);
        assertThat(html(other.page("/admin/audit?verify=" + id))).doesNotContain("id=\"verify-ok\"");
        assertThat(other.page("/admin/audit/verify/" + id).status()).isEqualTo(404);
    }

    /** A request as htmx sends it (HX-Request and the CSRF header), with the browser's session; the body. */
    private String htmx(Browser b, String method, String path) throws Exception {
        java.net.http.HttpRequest.Builder r = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + path))
                .header("HX-Request", "true")
                .header("Cookie", "JSESSIONID=" + b.cookie("JSESSIONID") + "; XSRF-TOKEN=" + b.cookie("XSRF-TOKEN"))
                .header("X-XSRF-TOKEN", b.cookie("XSRF-TOKEN"))
                .method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient()
                .send(r.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body().strip();
    }

    // ---- settings

    @Test
    void aChangedLockoutLocksAfterTheNewNumberOfFailuresForTheNewDuration() {
        Browser admin = as(Role.SYSTEM_ADMIN);
        assertThat(html(admin.page("/admin/settings?lang=zh")))
                .contains("id=\"setting-lockout-max_failures\"")
                .contains("id=\"setting-lockout-minutes\"")
                .contains("id=\"setting-publicity-days\"")
                .contains("连续登录失败锁定次数");
        try {
            Api.Response bad = admin.postForm(
                    "/admin/settings?lang=zh", Map.of("key", Settings.LOCKOUT_MAX_FAILURES, "value", "1"), true);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body())
                    .contains("id=\"setting-lockout-max_failures-error\"")
                    .contains("3 到 20");
            assertThat(settings.lockoutMaxFailures()).isEqualTo(5);

            assertThat(admin.postForm(
                                    "/admin/settings", Map.of("key", Settings.LOCKOUT_MAX_FAILURES, "value", "3"), true)
                            .status())
                    .isEqualTo(302);
            assertThat(admin.postForm("/admin/settings", Map.of("key", Settings.LOCKOUT_MINUTES, "value", "7"), true)
                            .status())
                    .isEqualTo(302);
            assertThat(html(admin.page("/admin/settings?lang=zh"))).contains("已保存，新值为 7");

            String u = fixtures.user(null, Role.REVIEWER);
            for (int i = 1; i <= 2; i++) {
                new Browser(port).login(u, "Wrong-Password-" + i);
            }
            assertThat(lockedUntil(u)).as("two failures do not lock").isNull();
            new Browser(port).login(u, "Wrong-Password-3");
            Instant locked = lockedUntil(u);
            assertThat(locked)
                    .as("the third failure locks, for 7 minutes")
                    .isBetween(
                            Instant.now().plus(Duration.ofMinutes(6)),
                            Instant.now().plus(Duration.ofMinutes(8)));
            assertThat(canSignIn(u, Fixtures.PASSWORD)).isFalse();
        } finally {
            jdbc.sql("delete from setting where key in (?, ?)")
                    .params(Settings.LOCKOUT_MAX_FAILURES, Settings.LOCKOUT_MINUTES)
                    .update();
        }
        assertThat(settings.lockoutMaxFailures()).isEqualTo(5);
        assertThat(settings.lockoutMinutes()).isEqualTo(30);
    }

    private Instant lockedUntil(String username) {
        return jdbc.sql("select locked_until from app_user where username = ?")
                .param(username)
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getTimestamp(1)))
                .single()
                .map(java.sql.Timestamp::toInstant)
                .orElse(null);
    }

    // ---- calendar

    @Test
    void aHolidayAddedInTheCalendarMovesTheWorkingDayComputation() {
        Browser admin = as(Role.SYSTEM_ADMIN);
        LocalDate start = LocalDate.of(2097, 3, 4); // a Monday
        LocalDate before = workCalendar.addWorkingDays(start, 3);
        assertThat(before).isEqualTo(LocalDate.of(2097, 3, 7));
        String check = html(admin.page("/admin/calendar?lang=zh&year=2097&start=" + start + "&days=3"));
        assertThat(check).contains("id=\"workday-result\"").contains("从 2097-03-04 起第 3 个工作日是 2097-03-07（星期四）");
        try {
            Api.Response noName = admin.postForm(
                    "/admin/calendar/days?lang=zh", Map.of("date", "2097-03-06", "kind", "holiday", "note", ""), true);
            assertThat(noName.status()).isEqualTo(400);
            assertThat(noName.body()).contains("id=\"day-note-error\"").contains("请填写名称");
            assertThat(workCalendar.isWorkday(LocalDate.of(2097, 3, 6))).isTrue();

            Api.Response added = admin.postForm(
                    "/admin/calendar/days", Map.of("date", "2097-03-06", "kind", "holiday", "note", "测试假日"), true);
            assertThat(added.status()).as(added.toString()).isEqualTo(302);
            assertThat(workCalendar.addWorkingDays(start, 3)).isEqualTo(LocalDate.of(2097, 3, 8));
            String after = html(admin.page("/admin/calendar?lang=zh&year=2097&start=" + start + "&days=3"));
            assertThat(after)
                    .contains("从 2097-03-04 起第 3 个工作日是 2097-03-08（星期五）")
                    .contains("id=\"day-2097-03-06\"")
                    .contains("测试假日")
                    .contains("data-date=\"2097-03-06\"");
            Matcher cell =
                    Pattern.compile("<td[^>]*data-date=\"2097-03-06\"[^>]*>").matcher(after);
            assertThat(cell.find()).as(after).isTrue();
            assertThat(cell.group()).contains("cal-holiday").contains("title=\"测试假日\"");
        } finally {
            Api.Response removed = admin.postForm("/admin/calendar/days/2097-03-06/delete", Map.of(), true);
            assertThat(removed.status()).isEqualTo(302);
        }
        assertThat(workCalendar.addWorkingDays(start, 3)).isEqualTo(before);
        assertThat(html(admin.page("/admin/calendar?year=2097"))).doesNotContain("id=\"day-2097-03-06\"");
    }

    @Test
    void theCalendarShowsTheYearsHolidaysAndMakeUpDaysInEnglishToo() {
        Browser admin = as(Role.SYSTEM_ADMIN);
        String zh = html(admin.page("/admin/calendar?lang=zh&year=2026"));
        assertThat(zh)
                .contains("2026 年工作日历")
                .contains("id=\"day-2026-02-16\"")
                .contains("id=\"day-2026-02-14\"")
                .contains("调休上班")
                .contains("id=\"month-12\"");
        assertThat(html(admin.page("/admin/calendar?lang=en&year=2026")))
                .contains("Working-day calendar 2026")
                .contains("Make-up working day");
        assertThat(admin.page("/admin/calendar?year=abc").status()).isEqualTo(400);
    }
}

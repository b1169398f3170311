package org.ipaward.server.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.subject.TestIds;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The applicant portal over HTTP with a cookie-keeping browser: registration and the subject, the home page
 * (rounds, own applications only, notifications), applying (pick, facts with inline validation, materials,
 * submit), a staff return with items shown on the page, the fix and the resubmission, and English pages.
 */
class PortalPagesTests extends ServerTest {
    private static final Pattern LOCATION_ID = Pattern.compile("/portal/applications/(\\d+)");

    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    long round;

    /** The page the last {@link #apply} landed on. */
    String lastPage;

    @BeforeEach
    void data() {
        fx.user(null, Role.SYSTEM_ADMIN);
        round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
    }

    private static Api.Response html(Api.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        return r;
    }

    private Browser signedIn(String username) {
        Browser b = new Browser(port);
        Api.Response login = b.login(username, Fixtures.PASSWORD);
        assertThat(login.header("Location")).doesNotContain("error");
        b.page("/?lang=zh");
        return b;
    }

    private Browser applicantOf(long subject) {
        return signedIn(fx.user(subject, Role.APPLICANT));
    }

    private String facts(long applicationId) {
        return jdbc.sql("select facts::text from claim where application_id = ? and seq = 1")
                .param(applicationId)
                .query(String.class)
                .single();
    }

    private String state(long applicationId) {
        return jdbc.sql("select state from application where id = ?")
                .param(applicationId)
                .query(String.class)
                .single();
    }

    /** Creates a draft through the apply page; returns its id. */
    private long apply(Browser b, String idem, String... measures) {
        html(b.page("/portal/rounds/" + round + "/apply"), 200);
        String body = "idem=" + idem;
        Map<String, String> form = new LinkedHashMap<>();
        form.put("idem", idem);
        Api.Response r = postMulti(b, "/portal/rounds/" + round + "/apply", "measures", List.of(measures), form);
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        Matcher m = LOCATION_ID.matcher(r.header("Location"));
        assertThat(m.find()).as(r.header("Location") + body).isTrue();
        lastPage = html(follow(b, r), 200).body();
        return Long.parseLong(m.group(1));
    }

    private static final Map<String, String> PLEDGE = Map.of(
            "f.right_kind",
            "patent",
            "f.first_rights_holder",
            "true",
            "f.bank_loan",
            "true",
            "f.loan_interest",
            "400000");

    // ---------------------------------------------------------------------------------------------- tests

    @Test
    void registerThenCreateTheSubjectThroughThePages() {
        Browser b = new Browser(port);
        String page = html(b.page("/register?lang=zh"), 200).body();
        assertThat(page)
                .contains("注册申报账户")
                .contains("id=\"register-form\"")
                .contains("<label for=\"username\"")
                .contains("<label for=\"password\"")
                .contains("aria-describedby=\"password-help\"");
        String name = Fixtures.unique("reg");

        Api.Response weak = b.postForm(
                "/register",
                Map.of("username", name, "display_name", "王经办", "password", "password1", "password2", "password1"),
                true);
        html(weak, 400);
        assertThat(weak.body())
                .contains("密码太短")
                .contains("id=\"password-error\"")
                .contains("aria-describedby=\"password-help password-error\"")
                .contains("value=\"" + name + "\"")
                .as("the user name is kept, the password never echoed")
                .doesNotContain("value=\"password1\"");
        Api.Response common = b.postForm(
                "/register",
                Map.of(
                        "username",
                        name,
                        "display_name",
                        "王经办",
                        "password",
                        "password123456",
                        "password2",
                        "password123456"),
                true);
        html(common, 400);
        assertThat(common.body()).contains("id=\"password-error\"").contains("password.");
        assertThat(jdbc.sql("select count(*) from app_user where username = ?")
                        .param(name)
                        .query(Long.class)
                        .single())
                .as("a refused registration creates no user")
                .isZero();

        String password = "Lantern-Orchard-Velvet-42";
        Api.Response ok = b.postForm(
                "/register",
                Map.of("username", name, "display_name", "王经办", "password", password, "password2", password),
                true);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(302);
        assertThat(ok.header("Location")).endsWith("/portal/subject");
        assertThat(b.get("/api/me").json().get("username").asString()).isEqualTo(name);
        assertThat(b.page("/portal").header("Location")).as("no subject yet").endsWith("/portal/subject");

        String form = html(follow(b, ok), 200).body();
        assertThat(form).contains("注册成功，您已登录").contains("统一社会信用代码").contains("居民身份证号码");

        String bad = TestIds.usccWithBadCheck("110117");
        Api.Response wrongCheck =
                b.postForm("/portal/subject", Map.of("kind", "enterprise", "name", "注册测试科技有限公司", "uscc", bad), true);
        html(wrongCheck, 400);
        assertThat(wrongCheck.body())
                .contains("id=\"uscc-error\"")
                .contains("校验")
                .contains("uscc.check_failed")
                .contains("id=\"uscc_confirm\"");
        String badId = TestIds.idNumber("110117");
        badId = badId.substring(0, 17) + (badId.charAt(17) == '1' ? '2' : '1');
        Api.Response wrongId =
                b.postForm("/portal/subject", Map.of("kind", "person", "name", "张三", "id_number", badId), true);
        html(wrongId, 400);
        assertThat(wrongId.body()).contains("id=\"id_number-error\"").contains("校验码");
        assertThat(jdbc.sql("select subject_id is null from app_user where username = ?")
                        .param(name)
                        .query(Boolean.class)
                        .single())
                .as("nothing was linked by the refused forms")
                .isTrue();

        String uscc = TestIds.uscc("110117");
        Api.Response created = b.postForm(
                "/portal/subject",
                Map.of(
                        "kind",
                        "enterprise",
                        "name",
                        "注册测试科技有限公司",
                        "uscc",
                        uscc,
                        "phone",
                        "13912345678",
                        "contact_name",
                        "王经办"),
                true);
        assertThat(created.status()).as(created.toString()).isEqualTo(302);
        assertThat(created.header("Location")).endsWith("/portal");
        String home = html(follow(b, created), 200).body();
        assertThat(home)
                .contains("申报主体已登记")
                .contains("注册测试科技有限公司")
                .contains(uscc)
                .contains("139****5678")
                .doesNotContain("13912345678");
        // the session now knows the subject: applying works without signing in again
        long id = apply(b, "reg-1", "PG-pledge");
        assertThat(state(id)).isEqualTo("draft");
    }

    @Test
    void theHomeListsOpenRoundsAndOnlyTheApplicantsOwnApplications() {
        long mine = fx.enterprise("门户自有公司", "110117");
        long theirs = fx.enterprise("门户他人公司", "110117");
        Browser a = applicantOf(mine);
        Browser other = applicantOf(theirs);
        long own = apply(a, "own-1", "PG-pledge");
        long foreign = apply(other, "foreign-1", "PG-pledge");
        String ownNo = jdbc.sql("select no from application where id = ?")
                .param(own)
                .query(String.class)
                .single();
        String foreignNo = jdbc.sql("select no from application where id = ?")
                .param(foreign)
                .query(String.class)
                .single();
        String title = jdbc.sql("select title from round where id = ?")
                .param(round)
                .query(String.class)
                .single();

        String home = html(a.page("/portal"), 200).body();
        assertThat(home)
                .contains("我的申报")
                .contains(title)
                .contains("id=\"apply-" + round + "\"")
                .contains("data-countdown=\"")
                .contains("id=\"app-" + ownNo + "\"")
                .contains("草稿")
                .doesNotContain(foreignNo);
        assertThat(html(a.page("/portal?state=submitted"), 200).body())
                .as("the state filter")
                .doesNotContain("id=\"app-" + ownNo + "\"");
        assertThat(html(a.page("/portal?q=" + ownNo), 200).body()).contains("id=\"app-" + ownNo + "\"");
        assertThat(html(a.page("/portal?q=nothing-like-this"), 200).body()).contains("id=\"apps-none\"");

        Api.Response refused = a.page("/portal/applications/" + foreign);
        html(refused, 403);
        assertThat(refused.body()).contains("您没有权限").doesNotContain(foreignNo);
        Api.Response save = a.postForm("/portal/applications/" + foreign + "/claims/1", PLEDGE, true);
        assertThat(save.status()).isEqualTo(403);
        assertThat(facts(foreign)).doesNotContain("loan_interest");
        html(a.page("/portal/applications/99999999"), 404);

        Browser reviewer = signedIn(fx.user(null, Role.REVIEWER));
        html(reviewer.page("/portal"), 403);
        assertThat(new Browser(port).page("/portal").header("Location")).endsWith("/login");
    }

    @Test
    void aNoticesPagePastTheLastSaysSo() {
        String home = html(applicantOf(fx.enterprise("门户翻页公司", "110117")).page("/portal?npage=99"), 200)
                .body();
        assertThat(home)
                .contains("第 100 页已超出末页")
                .contains("class=\"pager-last\" href=\"/portal?npage=0#notices\"")
                .doesNotContain("第 100/");
    }

    @Test
    void aRoundWhoseMeasuresAllRuleOutTheSubjectSaysWhyInsteadOfOfferingToApply() {
        long jindong = fx.enterprise("门户金东公司", "330703");
        String home = html(applicantOf(jindong).page("/portal"), 200).body();
        assertThat(home)
                .as("Pinggu's round, seen by a company registered in Jindong")
                .doesNotContain("id=\"apply-" + round + "\"")
                .contains("id=\"ruled-out-" + round + "\"")
                .contains("本批次的措施都不适用于您的主体")
                .contains("/portal/rounds/" + round + "/apply");
        String pinggu = html(applicantOf(fx.enterprise("门户平谷公司", "110117")).page("/portal"), 200)
                .body();
        assertThat(pinggu).contains("id=\"apply-" + round + "\"").doesNotContain("id=\"ruled-out-" + round);
    }

    @Test
    void applyFillInFactsUploadMaterialsAndSubmit() {
        long subject = fx.enterprise("门户申报公司", "110117");
        Browser b = applicantOf(subject);
        String apply = html(b.page("/portal/rounds/" + round + "/apply"), 200).body();
        assertThat(apply)
                .contains("id=\"suggest-PG-pledge\"")
                .contains("可能符合")
                .contains("id=\"measure-PG-pledge\"")
                .contains("name=\"idem\"")
                .contains("id=\"deadline-countdown\"");
        int pledgeAt = apply.indexOf("id=\"suggest-PG-pledge\"");
        int ruledOut = apply.indexOf("data-possible=\"false\"");
        assertThat(ruledOut < 0 || pledgeAt < ruledOut)
                .as("suggested measures come first")
                .isTrue();

        Api.Response none =
                postMulti(b, "/portal/rounds/" + round + "/apply", "measures", List.of(), Map.of("idem", "x"));
        html(none, 400);
        assertThat(none.body()).contains("请至少选择一项措施");

        long id = apply(b, "k-apply-1", "PG-pledge");
        assertThat(lastPage).contains("申报草稿已创建");
        assertThat(apply(b, "k-apply-1", "PG-pledge"))
                .as("the same form twice: one application")
                .isEqualTo(id);
        assertThat(lastPage).contains("该申报已创建，未重复创建");
        assertThat(jdbc.sql("select count(*) from application where subject_id = ?")
                        .param(subject)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        String page = html(b.page("/portal/applications/" + id), 200).body();
        assertThat(page)
                .contains("id=\"c1-f-loan_interest\"")
                .contains("name=\"f.loan_interest\"")
                .contains("当年实际支付的质押贷款利息")
                .contains("以银行付息凭证为准")
                .contains("id=\"c1-f-bank_loan\"")
                .contains("hx-post=\"/portal/applications/" + id + "/claims/1\"")
                .contains("id=\"c1-m-pledge_loan_documents\"")
                .contains("id=\"c1-m-pledge_loan_documents-file\"")
                .contains("id=\"step-submit\"")
                .contains("id=\"action-submit\"");

        Map<String, String> bad = new LinkedHashMap<>(PLEDGE);
        bad.put("f.loan_interest", "四十万");
        Api.Response refused = b.postForm("/portal/applications/" + id + "/claims/1", bad, true);
        html(refused, 400);
        assertThat(refused.body())
                .contains("id=\"c1-f-loan_interest-error\"")
                .contains("不是数值")
                .contains("aria-describedby=\"c1-f-loan_interest-help c1-f-loan_interest-feedback\"")
                .contains("value=\"四十万\"");
        assertThat(facts(id)).as("nothing changed").doesNotContain("loan_interest");

        Api.Response hx = htmxPost(b, "/portal/applications/" + id + "/claims/1", bad);
        assertThat(hx.status()).isEqualTo(400);
        assertThat(hx.body())
                .as("the answer updates the field's feedback and the status, never the fields themselves")
                .contains("id=\"c1-f-loan_interest-feedback\" hx-swap-oob=\"true\"")
                .contains("不是数值")
                .contains("未保存")
                .doesNotContain("name=\"f.loan_interest\"")
                .doesNotContain("<html");
        assertThat(facts(id)).doesNotContain("loan_interest");

        Api.Response saved = htmxPost(b, "/portal/applications/" + id + "/claims/1", PLEDGE);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.body())
                .contains("200,000.00 元")
                .contains("id=\"estimate-total\" hx-swap-oob=\"true\"")
                .contains("已自动保存")
                .doesNotContain("不是数值");
        assertThat(facts(id)).contains("loan_interest").contains("400000");

        Api.Response incomplete = b.postForm("/portal/applications/" + id + "/actions/submit", Map.of(), true);
        html(incomplete, 400);
        assertThat(incomplete.body())
                .contains("id=\"missing-list\"")
                .contains("请上传“知识产权质押登记证明、贷款合同及付息凭证”")
                .contains("href=\"#c1-m-pledge_loan_documents\"");
        assertThat(state(id)).isEqualTo("draft");

        Api.Response wrongType = upload(b, id, "fee_receipts", 1, "notes.txt", "text/plain", "just text".getBytes());
        html(wrongType, 400);
        assertThat(wrongType.body()).contains("id=\"c1-m-fee_receipts-error\"");
        Api.Response up = null;
        for (String kind : List.of("subject_certificate", "pledge_loan_documents", "fee_receipts")) {
            up = upload(b, id, kind, 1, kind + ".pdf", "application/pdf", FullCycleTests.PDF);
            assertThat(up.status()).as(up.toString()).isEqualTo(302);
            page = html(follow(b, up), 200).body();
        }
        assertThat(page).contains("pledge_loan_documents.pdf").contains("材料已上传").contains("✓");

        Api.Response submit = b.postForm("/portal/applications/" + id + "/actions/submit", Map.of(), true);
        assertThat(submit.status()).as(submit.toString()).isEqualTo(302);
        assertThat(state(id)).isEqualTo("submitted");
        page = html(follow(b, submit), 200).body();
        assertThat(page)
                .contains("申报已提交")
                .contains("data-state=\"submitted\"")
                .containsPattern("id=\"step-submit\"[^>]*data-status=\"done\"")
                .containsPattern("id=\"step-accept\"[^>]*data-status=\"current\"")
                .containsPattern("id=\"step-pay\"[^>]*data-status=\"todo\"")
                .doesNotContain("id=\"action-submit\"")
                .contains("id=\"action-withdraw\"")
                .doesNotContain("name=\"f.loan_interest\" value=\"400000\" >");
        assertThat(page).contains("disabled");
    }

    /**
     * An enterprise of Jindong not evaluated for 亩均效益: its profile offers 未评价 as the calculator does, the claim's
     * estimate and the refused submission name the grade as people read it and lead to the profile, and once the
     * profile says 未评价 the claim is submitted for what the calculator says (factor 1: 200,000.00 元).
     */
    @Test
    void anUnratedJindongEnterpriseSaysSoOnItsProfileAndSubmits() {
        round = fx.round("jindong-2023", 2026, "3000000.00", "stop", "JD-high-value");
        long subject = fx.enterprise("门户金东未参评公司", "330703");
        Browser b = applicantOf(subject);
        String profile = html(b.page("/portal/profile"), 200).body();
        assertThat(profile)
                .contains("<select id=\"mu_grade\" name=\"mu_grade\"")
                .contains("<option value=\"unrated\">未评价</option>")
                .contains("未参加评价的选“未评价”");

        long id = apply(b, "k-unrated-1", "JD-high-value");
        Api.Response saved =
                htmxPost(b, "/portal/applications/" + id + "/claims/1", Map.of("f.new_high_value_patents", "10"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.body())
                .as("the live estimate names the missing grade and where to give it")
                .contains("事实：亩均效益综合评价等级（请在“主体信息”中填写）")
                .doesNotContain("事实：subject.mu_grade");
        for (String kind : List.of("subject_certificate", "patent_list")) {
            Api.Response up = upload(b, id, kind, 1, kind + ".pdf", "application/pdf", FullCycleTests.PDF);
            assertThat(up.status()).as(up.toString()).isEqualTo(302);
        }
        Api.Response incomplete = b.postForm("/portal/applications/" + id + "/actions/submit", Map.of(), true);
        html(incomplete, 400);
        assertThat(incomplete.body())
                .contains("id=\"missing-list\"")
                .contains("data-field=\"subject.mu_grade\"")
                .contains("href=\"/portal/profile#mu_grade\"")
                .contains("请在“主体信息”中填写“亩均效益综合评价等级”")
                .doesNotContain("claims[1].facts.subject.mu_grade");
        assertThat(state(id)).isEqualTo("draft");

        String name = jdbc.sql("select name from subject where id = ?")
                .param(subject)
                .query(String.class)
                .single();
        String version = jdbc.sql("select version from subject where id = ?")
                .param(subject)
                .query(String.class)
                .single();
        Api.Response rated = b.postForm(
                "/portal/profile",
                Map.of("version", version, "name", name, "registered_region", "330703", "mu_grade", "未参评"),
                true);
        assertThat(rated.status()).as(problem(rated)).isEqualTo(302);
        assertThat(jdbc.sql("select mu_grade from subject where id = ?")
                        .param(subject)
                        .query(String.class)
                        .single())
                .as("the value the engine and the calculator use for not evaluated")
                .isEqualTo("unrated");
        assertThat(html(follow(b, rated), 200).body())
                .contains("<option value=\"unrated\" selected=\"selected\">未评价</option>");

        Api.Response submit = b.postForm("/portal/applications/" + id + "/actions/submit", Map.of(), true);
        assertThat(submit.status()).as(problem(submit)).isEqualTo(302);
        assertThat(state(id)).isEqualTo("submitted");
        assertThat(jdbc.sql("select estimate_total from application where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .as("as the calculator says for 未评价")
                .isEqualTo("200000.00");
    }

    @Test
    void aStaffReturnShowsWhatToFixThenTheApplicantFixesAndResubmits() {
        long subject = fx.enterprise("门户补正公司", "110117");
        String applicantName = fx.user(subject, Role.APPLICANT);
        Browser b = signedIn(applicantName);
        long id = apply(b, "k-return-1", "PG-pledge");
        follow(b, b.postForm("/portal/applications/" + id + "/claims/1", PLEDGE, true));
        for (String kind : List.of("subject_certificate", "pledge_loan_documents", "fee_receipts")) {
            follow(b, upload(b, id, kind, 1, kind + ".pdf", "application/pdf", FullCycleTests.PDF));
        }
        follow(b, b.postForm("/portal/applications/" + id + "/actions/submit", Map.of(), true));

        String acceptorName = fx.user(null, Role.ACCEPTOR);
        Api.As acceptor = api.login(acceptorName, Fixtures.PASSWORD);
        Api.Response returned = acceptor.post(
                "/api/applications/" + id + "/actions/return",
                Map.of(
                        "reason",
                        "利息金额与付息凭证不符",
                        "items",
                        List.of(
                                Map.of("field", "claims[1].facts.loan_interest", "note", "以银行回单为准"),
                                Map.of("field", "materials.fee_receipts", "note", "须加盖公章"))));
        assertThat(returned.status()).as(returned.body()).isEqualTo(200);

        String home = html(b.page("/portal"), 200).body();
        assertThat(home)
                .contains("id=\"unread-count\"")
                .containsPattern("未读 [1-9]\\d* 条")
                .contains("notice-unread")
                .contains("补正期限：")
                .contains("退回补正");
        String layout = html(b.page("/"), 200).body();
        assertThat(layout).contains("id=\"nav-unread\"");

        String page = html(b.page("/portal/applications/" + id), 200).body();
        assertThat(page)
                .contains("id=\"return-box\"")
                .contains("利息金额与付息凭证不符")
                .contains("id=\"return-deadline\"")
                .contains("href=\"#c1-f-loan_interest\"")
                .contains("修改“当年实际支付的质押贷款利息”")
                .contains("以银行回单为准")
                .contains("href=\"#c1-m-fee_receipts\"")
                .contains("须加盖公章")
                .containsPattern("class=\"mb-3 fact fix-flag\"")
                .contains("id=\"c1-f-loan_interest-fix\"")
                .containsPattern("id=\"c1-m-fee_receipts\"[^>]*fix-flag")
                .contains("id=\"action-resubmit\"")
                .contains("受理人员")
                .as("the timeline names the role, not the staff member")
                .doesNotContain("测试 " + acceptorName);

        Map<String, String> fixed = new LinkedHashMap<>(PLEDGE);
        fixed.put("f.loan_interest", "380000");
        follow(b, b.postForm("/portal/applications/" + id + "/claims/1", fixed, true));
        assertThat(facts(id)).contains("380000");
        Api.Response resubmit = b.postForm("/portal/applications/" + id + "/actions/resubmit", Map.of(), true);
        assertThat(resubmit.status()).as(problem(resubmit)).isEqualTo(302);
        assertThat(state(id)).isEqualTo("submitted");
        page = html(follow(b, resubmit), 200).body();
        assertThat(page).doesNotContain("id=\"return-box\"").contains("补正后的申报已重新提交");

        Api.Response read = b.postForm("/portal/notices/read", Map.of(), true);
        assertThat(read.status()).isEqualTo(302);
        home = html(follow(b, read), 200).body();
        assertThat(home).contains("未读 0 条").doesNotContain("notice-unread\"").contains("已将");
        assertThat(html(b.page("/"), 200).body()).doesNotContain("id=\"nav-unread\"");

        String en = html(b.page("/portal/applications/" + id + "?lang=en"), 200).body();
        assertThat(en)
                .contains("<html lang=\"en\"")
                .contains("Progress")
                .contains("Acceptor")
                .contains("Interest paid on the pledge loan in the year")
                .doesNotContain("办理进度");
        assertThat(html(b.page("/portal"), 200).body())
                .contains("My applications")
                .contains("Notifications");
    }

    /**
     * A returned application whose stored estimate (50,000.00) a per-year cap used since makes stale: its page
     * shows what submitting will make of it, as a draft's does, and the resubmission says the amount changed.
     */
    @Test
    void aReturnedApplicationShowsTheRecalculatedEstimateAndTheResubmissionSaysItChanged() {
        long subject = fx.enterprise("门户重算公司", "110117");
        String applicantName = fx.user(subject, Role.APPLICANT);
        Api.As applicant = api.login(applicantName, Fixtures.PASSWORD);
        long returned = submittedOverApi(applicant, "100000.00");
        Api.Response d = applicant.post(
                "/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge("20000.00"))));
        assertThat(d.status()).as(d.body()).isEqualTo(201);
        long draft = d.json().get("id").asLong();
        Browser b = signedIn(applicantName);
        assertThat(html(b.page("/portal/applications/" + draft), 200).body())
                .as("nothing to say while the stored estimate holds")
                .doesNotContain("重新测算：");

        // another application of the same subject takes the whole per-year cap (300,000) and is reserved
        long other = submittedOverApi(applicant, "600000.00");
        Api.As acceptor = api.login(fx.user(null, Role.ACCEPTOR), Fixtures.PASSWORD);
        Api.As reviewer = api.login(fx.user(null, Role.REVIEWER), Fixtures.PASSWORD);
        FullCycleTests.act(acceptor, other, "accept", Map.of());
        assertThat(FullCycleTests.state(FullCycleTests.act(reviewer, other, "review_approve", Map.of())))
                .isEqualTo("reviewed");
        Api.Response back = FullCycleTests.act(
                acceptor,
                returned,
                "return",
                Map.of("reason", "请补充付息凭证", "items", List.of(Map.of("field", "materials.fee_receipts"))));
        assertThat(FullCycleTests.state(back)).as(back.body()).isEqualTo("returned");

        String page = html(b.page("/portal/applications/" + returned), 200).body();
        assertThat(page)
                .contains("id=\"estimate-total\">50,000.00 元")
                .contains("id=\"reestimate-notice\"")
                .contains("按当前政策和已核定奖补重新测算：0.00 元（原测算 50,000.00 元），提交时以重新测算为准");
        assertThat(html(b.page("/portal/applications/" + draft), 200).body())
                .as("a draft the same")
                .contains("按当前政策和已核定奖补重新测算：0.00 元（原测算 10,000.00 元）");
        Map<String, String> same = new LinkedHashMap<>(PLEDGE);
        same.put("f.loan_interest", "20000");
        Api.Response saved = htmxPost(b, "/portal/applications/" + draft + "/claims/1", same);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.body())
                .as("a save stores the estimate of now, and clears the notice")
                .contains("id=\"reestimate-notice\" hx-swap-oob=\"true\"")
                .contains("id=\"estimate-total\" hx-swap-oob=\"true\">0.00 元")
                .doesNotContain("重新测算：");
        assertThat(html(b.page("/portal/applications/" + other), 200).body())
                .as("not once the award is reserved")
                .doesNotContain("重新测算：");
        assertThat(html(b.page("/portal/applications/" + returned + "?lang=en"), 200)
                        .body())
                .contains("Recalculated under the current policy and the awards already granted: CNY 0.00"
                        + " (estimated before: CNY 50,000.00)");
        b.page("/?lang=zh");

        Api.Response resubmit = b.postForm("/portal/applications/" + returned + "/actions/resubmit", Map.of(), true);
        assertThat(resubmit.status()).as(problem(resubmit)).isEqualTo(302);
        assertThat(state(returned)).isEqualTo("submitted");
        assertThat(html(follow(b, resubmit), 200).body())
                .contains("补正后的申报已重新提交")
                .contains("预计金额由 50,000.00 元变为 0.00 元")
                .contains("id=\"estimate-total\">0.00 元")
                .doesNotContain("按当前政策和已核定奖补重新测算：");
    }

    /**
     * A refused save names each field as the form does (the fact's label), lists every problem the engine found,
     * and keeps the field paths and keys only in the small line at the end.
     */
    @Test
    void aRefusedSaveNamesTheFieldsByTheirLabelsAndListsEveryProblem() {
        long subject = fx.enterprise("门户错误提示公司", "110117");
        Browser b = applicantOf(subject);
        long id = apply(b, "k-labels-1", "PG-pledge");
        Map<String, String> bad = new LinkedHashMap<>(PLEDGE);
        bad.put("f.loan_interest", "四十万");
        bad.put("f.bank_loan", "也许");
        Api.Response refused = b.postForm("/portal/applications/" + id + "/claims/1", bad, true);
        html(refused, 400);
        String box = refused.body().substring(refused.body().indexOf("id=\"problem\""));
        box = box.substring(0, box.indexOf("</div>"));
        assertThat(box)
                .contains("<strong class=\"problem-label\">当年实际支付的质押贷款利息：</strong>")
                .contains("<strong class=\"problem-label\">贷款由银行发放：</strong>")
                .doesNotContain("<code>claims[1].facts.loan_interest</code>")
                .containsPattern(
                        "class=\"mb-0 small text-body-secondary problem-detail\"><span>错误代码：input.invalid</span>"
                                + ".*claims\\[1]\\.facts\\.loan_interest（[a-z_.-]+）")
                .contains("claims[1].facts.bank_loan（");
        assertThat(refused.body())
                .as("each input shows its own problem")
                .contains("id=\"c1-f-loan_interest-error\"")
                .contains("id=\"c1-f-bank_loan-error\"");

        String en = b.postForm("/portal/applications/" + id + "/claims/1?lang=en", bad, true)
                .body();
        assertThat(en)
                .contains("<strong class=\"problem-label\">Interest paid on the pledge loan in the year:</strong>");
        b.page("/?lang=zh");
    }

    /** A pledge-interest application submitted over the API with its materials. */
    private long submittedOverApi(Api.As applicant, String interest) {
        Api.Response r = applicant.post(
                "/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge(interest))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        FullCycleTests.attachPledgeMaterials(applicant, id);
        Api.Response s = FullCycleTests.act(applicant, id, "submit", Map.of());
        assertThat(FullCycleTests.state(s)).as(s.body()).isEqualTo("submitted");
        return id;
    }

    @Test
    void theProfileShowsMaskedDataAndSavesWhatTheApplicantMayEdit() {
        long subject = fx.enterprise("门户资料公司", "110117");
        jdbc.sql(
                        "update subject set phone_masked = '139****0000', bank_account_masked = '6222********1234' where id = ?")
                .param(subject)
                .update();
        Browser b = applicantOf(subject);
        String page = html(b.page("/portal/profile"), 200).body();
        assertThat(page)
                .contains("id=\"profile-form\"")
                .contains("139****0000")
                .contains("6222********1234")
                .contains("name=\"version\"");
        String version = jdbc.sql("select version from subject where id = ?")
                .param(subject)
                .query(String.class)
                .single();
        Api.Response bad = b.postForm(
                "/portal/profile",
                Map.of("version", version, "name", "门户资料公司", "phone", "12345", "contact_name", "李四"),
                true);
        html(bad, 400);
        assertThat(bad.body()).contains("id=\"phone-error\"").contains("电话号码应为");
        assertThat(jdbc.sql("select coalesce(contact_name, '') from subject where id = ?")
                        .param(subject)
                        .query(String.class)
                        .single())
                .isEmpty();
        Api.Response ok = b.postForm(
                "/portal/profile",
                Map.of("version", version, "name", "门户资料公司", "phone", "13800001111", "contact_name", "李四"),
                true);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(302);
        page = html(follow(b, ok), 200).body();
        assertThat(page).contains("主体信息已保存").contains("李四").contains("138****1111");
    }

    // ------------------------------------------------------------------------------------- HTTP helpers

    /** GET the page a redirect points to, as a browser would. */
    private static Api.Response follow(Browser b, Api.Response redirect) {
        assertThat(redirect.status()).as(problem(redirect)).isEqualTo(302);
        String location = redirect.header("Location");
        int hash = location.indexOf('#');
        return b.page(
                URI.create(hash < 0 ? location : location.substring(0, hash)).getPath());
    }

    /** The error box of a refused page, for assertion messages. */
    private static String problem(Api.Response r) {
        int i = r.body().indexOf("id=\"problem\"");
        return r.status() + " "
                + (i < 0 ? "" : r.body().substring(i, Math.min(r.body().length(), i + 600)));
    }

    private Api.Response htmxPost(Browser b, String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", b.cookie("XSRF-TOKEN"));
        StringBuilder body = new StringBuilder();
        all.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
                .append(enc(k))
                .append('=')
                .append(enc(v)));
        return send(
                b,
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("HX-Request", "true")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private Api.Response upload(
            Browser b, long id, String kind, int seq, String filename, String type, byte[] content) {
        String boundary = "----portal" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> fields = Map.of("kind", kind, "at", String.valueOf(seq), "_csrf", b.cookie("XSRF-TOKEN"));
        try {
            for (Map.Entry<String, String> f : fields.entrySet()) {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                                + f.getValue() + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                            + "\"\r\nContent-Type: " + type + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(
                b,
                HttpRequest.newBuilder(
                                URI.create("http://localhost:" + port + "/portal/applications/" + id + "/materials"))
                        .header("Accept", "text/html")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
    }

    /** A form with a repeated field (checkboxes), with the CSRF token. */
    private Api.Response postMulti(
            Browser b, String path, String repeated, List<String> values, Map<String, String> fields) {
        StringBuilder body = new StringBuilder("_csrf=" + enc(b.cookie("XSRF-TOKEN")));
        for (String v : values) {
            body.append('&').append(enc(repeated)).append('=').append(enc(v));
        }
        fields.forEach((k, v) -> body.append('&').append(enc(k)).append('=').append(enc(v)));
        return send(
                b,
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Accept", "text/html")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private static Api.Response send(Browser b, HttpRequest.Builder r) {
        StringBuilder cookies = new StringBuilder();
        for (String name : List.of("JSESSIONID", "XSRF-TOKEN", "ipaward-lang")) {
            if (b.cookie(name) != null) {
                cookies.append(cookies.length() == 0 ? "" : "; ")
                        .append(name)
                        .append('=')
                        .append(b.cookie(name));
            }
        }
        r.header("Cookie", cookies.toString());
        try {
            HttpResponse<byte[]> res = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build()
                    .send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Api.Response(
                    res.statusCode(), res.headers().map(), new String(res.body(), StandardCharsets.UTF_8), res.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

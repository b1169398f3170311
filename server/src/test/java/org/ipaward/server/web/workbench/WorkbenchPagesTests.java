package org.ipaward.server.web.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.ipaward.engine.model.Measure;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.config.Json;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;

/** The queues, the review screen and its actions, and batch actions, over HTTP as each staff role. */
class WorkbenchPagesTests extends WorkbenchTestBase {
    @Autowired
    PolicyRegistry policies;

    long subject;
    String subjectName;
    long round;
    Api.As applicant;

    @BeforeEach
    void data() {
        fx.user(null, Role.SYSTEM_ADMIN);
        subjectName = Fixtures.unique("工作台测试公司");
        subject = fx.enterprise(subjectName, "110117");
        subjectName = jdbc.sql("select name from subject where id = ?")
                .param(subject)
                .query(String.class)
                .single();
        round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        applicant = as(fx.user(subject, Role.APPLICANT));
    }

    @Test
    void anAcceptorSeesTheSubmittedQueueAndCanSearchFilterSortAndPage() {
        Browser acceptor = signedIn(null, Role.ACCEPTOR);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            ids.add(submitted(applicant, round, "10000.00"));
        }
        long other = submitted(
                as(fx.user(fx.enterprise("别的公司", "110117"), Role.APPLICANT)),
                fx.round("pinggu-2025", 2026, "1000000.00", "stop"),
                "20000.00");

        String zh = html(acceptor.page("/workbench?round=" + round)).body();
        assertThat(zh)
                .contains("id=\"tab-submitted\"")
                .contains("aria-current=\"page\"")
                .containsPattern("id=\"tab-submitted\"[^>]*>\\s*<span>待受理</span>\\s*<span[^>]*data-count=\"21\"")
                .contains("共 21 件申报")
                .contains("共 21 条，第 1/2 页")
                .contains("批量受理")
                .contains("id=\"select-all\"")
                .contains("个工作日")
                .doesNotContain("id=\"app-" + no(other) + "\"");
        assertThat(count(zh, "<tr id=\"app-")).isEqualTo(20);
        // the oldest waiting first: the first submitted is on page 1, the last on page 2
        assertThat(zh).contains("id=\"app-" + no(ids.get(0)) + "\"");
        String page2 =
                html(acceptor.page("/workbench?round=" + round + "&page=1")).body();
        assertThat(count(page2, "<tr id=\"app-")).isEqualTo(1);
        assertThat(page2).contains("id=\"app-" + no(ids.get(20)) + "\"");
        String newest = html(acceptor.page("/workbench?round=" + round + "&sort=submitted_desc"))
                .body();
        assertThat(newest.indexOf("app-" + no(ids.get(20)))).isPositive();
        assertThat(newest).doesNotContain("id=\"app-" + no(ids.get(0)) + "\"");

        // search by number, by name; other filters
        String byNo = html(acceptor.page("/workbench?q=" + no(ids.get(3)))).body();
        assertThat(count(byNo, "<tr id=\"app-")).isEqualTo(1);
        assertThat(byNo).contains("id=\"app-" + no(ids.get(3)) + "\"");
        String byName = html(acceptor.page("/workbench?q=" + enc(subjectName))).body();
        assertThat(count(byName, "<tr id=\"app-")).isEqualTo(20);
        assertThat(byName).contains(subjectName).contains("共 21 件申报");
        assertThat(html(acceptor.page("/workbench?round=" + round + "&measure=PG-pledge"))
                        .body())
                .contains("共 21 件申报");
        String otherMeasure = policies.currentVersion("pinggu-2025").policy().measures().stream()
                .map(Measure::id)
                .filter(m -> !m.equals("PG-pledge"))
                .findFirst()
                .orElseThrow();
        assertThat(html(acceptor.page("/workbench?round=" + round + "&measure=" + otherMeasure))
                        .body())
                .contains("id=\"queue-empty\"");
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(html(acceptor.page("/workbench?round=" + round + "&from=" + today.plusDays(1)))
                        .body())
                .contains("id=\"queue-empty\"");
        assertThat(html(acceptor.page("/workbench?round=" + round + "&from=" + today + "&to=" + today))
                        .body())
                .contains("共 21 件申报");
        Api.Response reversed = acceptor.page("/workbench?from=" + today + "&to=" + today.minusDays(3));
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.body()).contains("截止日期不能早于起始日期").contains("id=\"to-error\"");

        // the other tabs
        String under = html(acceptor.page("/workbench?state=under_review&round=" + round))
                .body();
        assertThat(under).contains("id=\"queue-empty\"");
        assertThat(html(acceptor.page("/workbench?state=all&round=" + round)).body())
                .contains("共 21 件申报");

        String en =
                html(acceptor.page("/workbench?round=" + round + "&lang=en")).body();
        assertThat(en).contains("To accept").contains("21 applications").contains("Accept selected");
    }

    @Test
    void aPagePastTheLastSaysSoAndLeadsToTheLast() {
        submitted(applicant, round, "10000.00");
        Browser acceptor = signedIn(null, Role.ACCEPTOR);
        String past = html(acceptor.page("/workbench?state=all&round=" + round + "&page=99"))
                .body();
        assertThat(past)
                .contains("第 100 页已超出末页（共 1 页）。")
                .contains("class=\"pager-last\" href=\"/workbench?state=all&amp;round=" + round + "&amp;page=0\"")
                .doesNotContain("第 100/");
        assertThat(html(acceptor.page("/workbench?state=all&round=" + round)).body())
                .as("one page: no pager")
                .doesNotContain("pager-last")
                .doesNotContain("已超出末页");
    }

    @Test
    void eachRoleStartsOnItsOwnQueueAndAnApplicantIsRefused() {
        assertThat(html(signedIn(null, Role.REVIEWER).page("/workbench")).body())
                .contains("class=\"nav-link active\" id=\"tab-under_review\"")
                .contains("批量审核通过")
                .doesNotContain("批量受理");
        assertThat(html(signedIn(null, Role.APPROVER).page("/workbench")).body())
                .contains("class=\"nav-link active\" id=\"tab-reviewed\"");
        Browser b = signedIn(subject, Role.APPLICANT);
        Api.Response refused = b.page("/workbench");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("您没有权限查看此页面");
        long id = submitted(applicant, round, "10000.00");
        assertThat(b.page("/workbench/applications/" + id).status()).isEqualTo(403);
        assertThat(b.page("/workbench/applications/" + id + "/materials/1/image")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void theReviewPageShowsFactsTheTraceAndPreviewsImagesAndPdfPages() throws IOException {
        long id = submitted(applicant, round, "100000.00");
        Browser acceptor = signedIn(null, Role.ACCEPTOR);
        String page = html(acceptor.page("/workbench/applications/" + id)).body();
        Measure pledge = policies.currentVersion("pinggu-2025").policy().measure("PG-pledge");
        assertThat(page)
                .contains("申报 " + no(id))
                .contains(subjectName)
                .contains(HtmlUtils.htmlEscape(
                        pledge.facts().get("loan_interest").label().zh()))
                .contains("100,000.00 元")
                .contains("计算过程（逐步说明及政策原文）")
                .contains("50,000.00 元")
                .contains("id=\"form-accept\"")
                .contains("id=\"form-return\"")
                .contains("id=\"form-not_accept\"")
                .doesNotContain("id=\"form-approve\"")
                .contains("id=\"item-1-f-0\"")
                .contains("value=\"claims[1].facts.loan_interest\"")
                .contains("value=\"claims[1].materials.fee_receipts\"")
                .contains("id=\"deadline-return\"")
                .contains("批次预算");
        List<String> images = srcs(page, "preview-image");
        List<String> pages = srcs(page, "preview-page");
        assertThat(images).hasSize(1);
        assertThat(pages).hasSize(3).as("2 pages + 1 page");
        Api.Response img = acceptor.get(images.get(0));
        assertThat(img.status()).isEqualTo(200);
        assertThat(img.header("Content-Type")).isEqualTo("image/png");
        for (String src : pages) {
            Api.Response png = acceptor.get(src);
            assertThat(png.status()).as(src).isEqualTo(200);
            assertThat(png.header("Content-Type")).isEqualTo("image/png");
            var decoded = ImageIO.read(new ByteArrayInputStream(png.bytes()));
            assertThat(decoded.getWidth()).as("A4 at 96 dpi").isBetween(780, 800);
            assertThat(decoded.getHeight()).isGreaterThan(decoded.getWidth());
        }
        String first = pages.get(0);
        assertThat(acceptor.get(first.replace("/pages/1", "/pages/3")).status())
                .as("a page the PDF does not have")
                .isEqualTo(404);
        long previews = jdbc.sql(
                        "select count(*) from audit_log where action = 'application.material_preview' and target_id = ?")
                .param(String.valueOf(id))
                .query(Long.class)
                .single();
        assertThat(previews).isGreaterThanOrEqualTo(2);

        String en = html(acceptor.page("/workbench/applications/" + id + "?lang=en"))
                .body();
        assertThat(en)
                .contains("Application " + no(id))
                .contains(HtmlUtils.htmlEscape(
                        pledge.facts().get("loan_interest").label().en()))
                .contains("Download the original");
    }

    /**
     * The date filter takes days in Beijing time, as the list shows 提交时间: an application submitted at 00:04 on
     * 25 November in Beijing (16:04 on the 24th in UTC) is found by that day, not by the day before.
     */
    @Test
    void theDateFilterTakesBeijingDaysAsTheListShowsThem() {
        long id = submitted(applicant, round, "10000.00");
        jdbc.sql("update application set submitted_at = timestamptz '2026-11-24 16:04:00+00' where id = ?")
                .param(id)
                .update();
        Browser acceptor = signedIn(null, Role.ACCEPTOR);
        String day = html(acceptor.page("/workbench?state=all&round=" + round + "&from=2026-11-25&to=2026-11-25"))
                .body();
        assertThat(day)
                .contains("id=\"app-" + no(id) + "\"")
                .as("shown in Beijing time")
                .contains("2026-11-25 00:04");
        assertThat(html(acceptor.page("/workbench?state=all&round=" + round + "&from=2026-11-24&to=2026-11-24"))
                        .body())
                .as("the UTC day is not the day the staff see")
                .contains("id=\"queue-empty\"");
        assertThat(html(acceptor.page("/workbench?state=all&round=" + round + "&to=2026-11-24"))
                        .body())
                .contains("id=\"queue-empty\"");
        assertThat(html(acceptor.page("/workbench?state=all&round=" + round + "&from=2026-11-26"))
                        .body())
                .contains("id=\"queue-empty\"");
    }

    /**
     * The breadcrumb of an application leads to a queue that exists: its state's tab, or 全部 for the states that
     * have none (paid, not accepted, rejected, withdrawn, payment listed or failed).
     */
    @Test
    void theBreadcrumbLeadsToAQueueThatExistsInEveryState() {
        long id = submitted(applicant, round, "10000.00");
        Browser acceptor = signedIn(null, Role.ACCEPTOR);
        Pattern crumb = Pattern.compile("id=\"crumb-queue\" href=\"([^\"]+)\">([^<]+)<");
        for (String state : List.of(
                "submitted",
                "returned",
                "paid",
                "not_accepted",
                "rejected",
                "withdrawn",
                "payment_listed",
                "payment_failed")) {
            jdbc.sql("update application set state = ? where id = ?")
                    .params(state, id)
                    .update();
            String page = html(acceptor.page("/workbench/applications/" + id)).body();
            Matcher m = crumb.matcher(page);
            assertThat(m.find()).as(state).isTrue();
            String href = HtmlUtils.htmlUnescape(m.group(1));
            boolean tab = Queues.TABS.contains(state);
            assertThat(href).as(state).isEqualTo("/workbench?state=" + (tab ? state : "all"));
            if (!tab) {
                assertThat(m.group(2)).as(state).isEqualTo("全部");
            }
            assertThat(html(acceptor.page(href)).body())
                    .as(state)
                    .contains("class=\"nav-link active\" id=\"tab-" + (tab ? state : "all") + "\"");
            assertThat(html(acceptor.page(href + "&q=" + no(id))).body())
                    .as(state)
                    .contains("id=\"app-" + no(id) + "\"");
        }
    }

    @Test
    void returnStoresThePickedItemsAndAMissingReasonChangesNothing() {
        long id = submitted(applicant, round, "100000.00");
        Browser acceptor = signedIn(null, Role.ACCEPTOR);
        html(acceptor.page("/workbench/applications/" + id));
        int v = version(id);
        String path = "/workbench/applications/" + id + "/actions/return";

        Api.Response noReason = post(
                acceptor,
                path,
                List.of(f("version", "" + v), f("item", "claims[1].facts.loan_interest"), f("reason", "")));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body())
                .contains("“退回补正”须填写理由")
                .contains("id=\"reason-error-return\"")
                .contains("aria-describedby=\"reason-error-return\"")
                .containsPattern("value=\"claims\\[1\\]\\.facts\\.loan_interest\"[^>]*checked");
        Api.Response noItems = post(acceptor, path, List.of(f("version", "" + v), f("reason", "利息与回单不符")));
        assertThat(noItems.status()).isEqualTo(400);
        assertThat(noItems.body()).contains("退回补正须列明需要补正的字段或材料").contains("利息与回单不符");
        assertThat(state(id)).isEqualTo("submitted");
        assertThat(version(id)).isEqualTo(v);

        LocalDate deadline = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(20);
        Api.Response ok = post(
                acceptor,
                path,
                List.of(
                        f("version", "" + v),
                        f("reason", "利息与银行回单不一致"),
                        f("item", "claims[1].facts.loan_interest"),
                        f("note:claims[1].facts.loan_interest", "以银行回单为准"),
                        f("item", "claims[1].materials.fee_receipts"),
                        f("note:claims[1].materials.fee_receipts", ""),
                        f("deadline", deadline.toString())));
        assertThat(ok.status()).as(ok.body()).isEqualTo(302);
        assertThat(ok.header("Location")).endsWith("/workbench/applications/" + id);
        assertThat(state(id)).isEqualTo("returned");
        Map<String, Object> details = Json.map(
                jdbc.sql("select details from application_event where application_id = ? and action = 'return'")
                        .param(id)
                        .query(String.class)
                        .single());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) details.get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0))
                .containsEntry("field", "claims[1].facts.loan_interest")
                .containsEntry("note", "以银行回单为准");
        assertThat(items.get(1).get("field")).isEqualTo("claims[1].materials.fee_receipts");
        assertThat(items.get(1).get("note")).isNull();
        String stored = jdbc.sql("select return_items::text from application where id = ?")
                .param(id)
                .query(String.class)
                .single();
        assertThat(stored).contains("claims[1].facts.loan_interest").contains("claims[1].materials.fee_receipts");
        assertThat(details.get("deadline")).isEqualTo(deadline.toString());
        String after = html(acceptor.page("/workbench/applications/" + id)).body();
        assertThat(after).contains("已办理：退回补正").contains("补正期限：" + deadline).contains("以银行回单为准");
    }

    @Test
    void acceptReviewAndApproveByAnotherPersonWhileTheReviewerIsRefusedByFourEyes() {
        long id = submitted(applicant, round, "100000.00");
        Browser acceptor = signedIn(null, Role.ACCEPTOR);
        Api.Response accepted = post(
                acceptor, "/workbench/applications/" + id + "/actions/accept", List.of(f("version", "" + version(id))));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(302);
        assertThat(state(id)).isEqualTo("under_review");

        Browser reviewer = signedIn(null, Role.REVIEWER, Role.APPROVER);
        String review = html(reviewer.page("/workbench/applications/" + id)).body();
        assertThat(review).contains("id=\"form-review_approve\"").contains("id=\"amount-1\"");
        int v = version(id);
        Api.Response noReason = post(
                reviewer,
                "/workbench/applications/" + id + "/actions/review_approve",
                List.of(f("version", "" + v), f("amount_1", "30000.00"), f("reason_1", "")));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("调整金额或事实须填写理由").contains("id=\"claim-reason-error-1\"");
        assertThat(state(id)).isEqualTo("under_review");
        Api.Response lowered = post(
                reviewer,
                "/workbench/applications/" + id + "/actions/review_approve",
                List.of(f("version", "" + v), f("amount_1", "30,000.00"), f("reason_1", "部分利息发生在上一年度")));
        assertThat(lowered.status()).as(lowered.body()).isEqualTo(302);
        assertThat(state(id)).isEqualTo("reviewed");
        assertThat(jdbc.sql("select reviewed_amount from claim where application_id = ?")
                        .param(id)
                        .query(java.math.BigDecimal.class)
                        .single())
                .isEqualByComparingTo("30000.00");

        String mine = html(reviewer.page("/workbench/applications/" + id)).body();
        assertThat(mine).contains("id=\"four-eyes-note\"").contains("id=\"form-approve\"");
        Api.Response refused = post(
                reviewer,
                "/workbench/applications/" + id + "/actions/approve",
                List.of(f("version", "" + version(id))));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("审核人与批准人不能为同一人（四眼原则）");
        assertThat(state(id)).isEqualTo("reviewed");

        Browser approver = signedIn(null, Role.APPROVER);
        assertThat(html(approver.page("/workbench/applications/" + id)).body()).doesNotContain("id=\"four-eyes-note\"");
        Api.Response approved = post(
                approver,
                "/workbench/applications/" + id + "/actions/approve",
                List.of(f("version", "" + version(id))));
        assertThat(approved.status()).as(approved.body()).isEqualTo(302);
        assertThat(state(id)).isEqualTo("approved");
        assertThat(html(approver.page("/workbench/applications/" + id)).body())
                .contains("已办理：批准")
                .contains("30,000.00 元");
    }

    @Test
    void aStalePageGets409AndChangesNothing() {
        long id = submitted(applicant, round, "100000.00");
        Browser a = signedIn(null, Role.ACCEPTOR);
        html(a.page("/workbench/applications/" + id));
        int seen = version(id);
        // meanwhile another acceptor returns it and the applicant resubmits: same state, newer version
        Api.As b = as(fx.user(null, Role.ACCEPTOR));
        FullCycleTests.act(
                b,
                id,
                "return",
                Map.of("reason", "缺少盖章", "items", List.of(Map.of("field", "claims[1].materials.fee_receipts"))));
        assertThat(FullCycleTests.state(FullCycleTests.act(applicant, id, "resubmit", Map.of())))
                .isEqualTo("submitted");
        int now = version(id);
        assertThat(now).isGreaterThan(seen);

        Api.Response stale =
                post(a, "/workbench/applications/" + id + "/actions/accept", List.of(f("version", "" + seen)));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body()).contains("已被他人处理").contains("concurrent.modification");
        assertThat(state(id)).isEqualTo("submitted");
        assertThat(version(id)).isEqualTo(now);
    }

    @Test
    void aBatchAcceptRunsAsAJobAndReportsTheIneligibleOnes() throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(submitted(applicant, round, "10000.00"));
        }
        Browser acceptor = signedIn(null, Role.ACCEPTOR);
        long already = ids.get(3);
        FullCycleTests.act(as(fx.user(null, Role.ACCEPTOR)), already, "accept", Map.of());
        long notAccepted = submitted(applicant, round, "10000.00");
        FullCycleTests.act(as(fx.user(null, Role.ACCEPTOR)), notAccepted, "not_accept", Map.of("reason", "不属于受理范围"));
        ids.add(notAccepted);

        html(acceptor.page("/workbench?round=" + round));
        List<Map.Entry<String, String>> form = new ArrayList<>();
        form.add(f("action", "accept"));
        form.add(f("back", "/workbench?round=" + round));
        ids.forEach(id -> form.add(f("ids", "" + id)));
        Api.Response started = post(acceptor, "/workbench/batch", form);
        assertThat(started.status()).as(started.body()).isEqualTo(302);
        String location = started.header("Location");
        assertThat(location).contains("/workbench/jobs/").contains("back=");
        String job = location.replaceAll(".*/workbench/jobs/([^?]+).*", "$1");
        String query = location.contains("?") ? location.substring(location.indexOf('?')) : "";

        String progress = null;
        for (int i = 0; i < 200; i++) {
            progress = html(acceptor.page("/workbench/jobs/" + job + "/progress" + query))
                    .body();
            if (progress.contains("data-status=\"DONE\"")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(progress)
                .as(location)
                .contains("data-status=\"DONE\"")
                .contains("role=\"progressbar\"")
                .contains("aria-valuenow=\"5\"")
                .contains("aria-valuemax=\"5\"")
                .contains("data-failed=\"2\"")
                .doesNotContain("hx-trigger")
                .contains("办理完毕：共 5 件，已处理 5 件，成功 3 件，失败 2 件")
                .contains("data-item=\"" + no(already) + "\"")
                .contains("data-item=\"" + no(notAccepted) + "\"")
                .contains("不能执行“受理”")
                .contains("href=\"/workbench?round=" + round + "\"");
        for (long id : ids.subList(0, 3)) {
            assertThat(state(id)).isEqualTo("under_review");
        }
        assertThat(state(notAccepted)).isEqualTo("not_accepted");
        String page = html(acceptor.page("/workbench/jobs/" + job)).body();
        assertThat(page).contains("批量办理：受理").contains("id=\"job-progress\"");

        Api.Response nothing = post(acceptor, "/workbench/batch", List.of(f("action", "accept")));
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.body()).contains("请先勾选要办理的申报");
        assertThat(signedIn(null, Role.ACCEPTOR).page("/workbench/jobs/" + job).status())
                .as("another user's job is not found")
                .isEqualTo(404);
    }

    private static List<String> srcs(String html, String cls) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<img[^>]*class=\"[^\"]*" + cls + "[^\"]*\"[^>]*>")
                .matcher(html);
        while (m.find()) {
            Matcher src = Pattern.compile("src=\"([^\"]+)\"").matcher(m.group());
            assertThat(src.find()).isTrue();
            out.add(HtmlUtils.htmlUnescape(src.group(1)));
        }
        return out;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}

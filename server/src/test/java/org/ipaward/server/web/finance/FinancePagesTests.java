package org.ipaward.server.web.finance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.MutableClock;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The finance pages over HTTP: who may see them, the budget, and the payment list from creation to reissue. */
class FinancePagesTests extends ServerTest {
    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private Browser as(Role role) {
        Browser b = new Browser(port);
        Api.Response r = b.login(fx.user(null, role), Fixtures.PASSWORD);
        assertThat(r.status()).isEqualTo(302);
        return b;
    }

    /** The HTML of the table row with this id. */
    static String row(String html, String id) {
        Matcher m = Pattern.compile("<tr[^>]*id=\"" + Pattern.quote(id) + "\".*?</tr>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("row " + id).isTrue();
        return m.group();
    }

    private String title(long round) {
        return jdbc.sql("select title from round where id = ?")
                .param(round)
                .query(String.class)
                .single();
    }

    private String status(long payment) {
        return jdbc.sql("select status from payment where id = ?")
                .param(payment)
                .query(String.class)
                .single();
    }

    private long listed(long application) {
        return jdbc.sql("select id from payment where application_id = ? and status = 'listed'")
                .param(application)
                .query(Long.class)
                .single();
    }

    @Test
    void theFinancePagesAreForFinanceAndReadOnlyForAuditorsAndRefusedToOthers() {
        fx.user(null, Role.SYSTEM_ADMIN);
        long round = fx.round("pinggu-2025", 2026, "1234567.89", "stop");
        Browser finance = as(Role.FINANCE);
        Api.Response zh = finance.page("/finance?q=" + title(round));
        assertThat(zh.status()).as(zh.body()).isEqualTo(200);
        assertThat(zh.body())
                .contains("财务：预算与拨付")
                .contains("id=\"round-" + round + "\"")
                .contains(title(round))
                .contains("1,234,567.89")
                .contains("用完即停");
        assertThat(finance.page("/finance?lang=en&q=" + title(round)).body())
                .contains("Finance: budget and payments")
                .contains("Stop")
                .doesNotContain("财务：预算与拨付");
        Api.Response budget = finance.page("/finance/rounds/" + round + "?lang=zh");
        assertThat(budget.status()).isEqualTo(200);
        assertThat(budget.body())
                .contains("预算执行情况")
                .contains("按措施汇总")
                .contains("id=\"measure-PG-pledge\"")
                .contains("政策管理员或系统管理员");
        Api.Response payments = finance.page("/finance/rounds/" + round + "/payments");
        assertThat(payments.status()).isEqualTo(200);
        assertThat(payments.body()).contains("id=\"create-batch\"").contains("本批次还没有拨付清单");

        Browser auditor = as(Role.AUDITOR);
        Api.Response ro = auditor.page("/finance/rounds/" + round + "/payments");
        assertThat(ro.status()).isEqualTo(200);
        assertThat(ro.body()).contains("只读").doesNotContain("id=\"create-batch\"");
        assertThat(auditor.postForm("/finance/rounds/" + round + "/payment-batches", Map.of(), true)
                        .status())
                .isEqualTo(403);

        for (Role role : List.of(Role.REVIEWER, Role.APPLICANT, Role.POLICY_ADMIN)) {
            Browser other = as(role);
            for (String page :
                    List.of("/finance", "/finance/rounds/" + round, "/finance/rounds/" + round + "/payments")) {
                Api.Response r = other.page(page);
                assertThat(r.status()).as(role + " " + page).isEqualTo(403);
                assertThat(r.header("Content-Type")).startsWith("text/html");
                assertThat(r.body()).contains("您没有权限查看此页面");
            }
        }
        Api.Response anonymous = new Browser(port).page("/finance");
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.header("Location")).endsWith("/login");
    }

    @Test
    void aPaymentListIsMadeFromConfirmedAwardsProRataThenPaidFailedAndReissued() {
        fx.user(null, Role.SYSTEM_ADMIN);
        long round = fx.round("pinggu-2025", 2026, "300000.00", "pro_rata");
        Awards awards = new Awards(api, fx);
        List<Awards.App> apps = awards.approved(round, "400000.00", "200002.02");
        awards.confirm(round, clock);
        Browser finance = as(Role.FINANCE);

        // Before: the budget shows the excess and the pro-rata factor; two confirmed applications wait.
        String budget = finance.page("/finance/rounds/" + round + "?lang=zh").body();
        assertThat(budget).contains("300,001.01").contains("已超出预算 1.01 元").contains("0.9999966333");
        String before = finance.page("/finance/rounds/" + round + "/payments").body();
        assertThat(before).contains("待列入拨付清单的申报：2 份");

        // Create the payment list.
        Api.Response created = finance.postForm("/finance/rounds/" + round + "/payment-batches", Map.of(), true);
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        assertThat(created.header("Location")).endsWith("/finance/rounds/" + round + "/payments");
        String list = finance.page("/finance/rounds/" + round + "/payments").body();
        long payA = listed(apps.get(0).id());
        long payB = listed(apps.get(1).id());
        assertThat(list)
                .contains("已生成拨付清单")
                .contains("合计 299,999.99 元")
                .contains("id=\"bulk-paid-form\"")
                .contains("id=\"mark-paid-" + payA + "\"")
                .contains("id=\"mark-failed-" + payB + "\"")
                .containsPattern("href=\"/api/payment-batches/\\d+\\.xlsx\"");
        assertThat(row(list, "pay-" + payA))
                .contains(apps.get(0).no())
                .contains("200,000.00")
                .contains("0.9999966333")
                .contains("199,999.32")
                .contains("知识产权质押融资贴息")
                .contains("待拨付");
        assertThat(row(list, "pay-" + payB)).contains("100,001.01").contains("100,000.67");
        assertThat(list).contains("id=\"total-all\"").contains("2 笔，299,999.99 元");
        assertThat(jdbc.sql("select state from application where id = ?")
                        .param(apps.get(0).id())
                        .query(String.class)
                        .single())
                .isEqualTo("payment_listed");

        // Mark A paid with a bank reference.
        Api.Response paid = finance.postForm(
                "/finance/payments/" + payA + "/paid", Map.of("bank_reference", "BANK-20261124-01"), true);
        assertThat(paid.status()).as(paid.body()).isEqualTo(302);
        assertThat(status(payA)).isEqualTo("paid");
        String afterPaid =
                finance.page("/finance/rounds/" + round + "/payments").body();
        assertThat(afterPaid).contains("已确认 " + apps.get(0).no() + " 拨付 199,999.32 元");
        assertThat(row(afterPaid, "pay-" + payA)).contains("已拨付").contains("BANK-20261124-01");
        assertThat(afterPaid).contains("1 笔，199,999.32 元").as("paid total").contains("1 笔，100,000.67 元");

        // Mark B failed without a reason: 400 with the message, nothing changed.
        Api.Response noReason = finance.postForm("/finance/payments/" + payB + "/failed", Map.of("reason", " "), true);
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.header("Content-Type")).startsWith("text/html");
        assertThat(noReason.body())
                .contains("请填写拨付失败原因")
                .contains("payment.reason_required")
                .contains("aria-describedby=\"reason-error-" + payB + "\"");
        assertThat(status(payB)).isEqualTo("listed");
        assertThat(jdbc.sql("select state from application where id = ?")
                        .param(apps.get(1).id())
                        .query(String.class)
                        .single())
                .isEqualTo("payment_listed");

        // With a reason: failed; then reissued as a new attempt of the same amount.
        Api.Response failed =
                finance.postForm("/finance/payments/" + payB + "/failed", Map.of("reason", "收款账号户名不符，银行退回"), true);
        assertThat(failed.status()).as(failed.body()).isEqualTo(302);
        assertThat(status(payB)).isEqualTo("failed");
        String afterFailed = finance.page("/finance/rounds/" + round + "/payments?status=failed")
                .body();
        assertThat(row(afterFailed, "pay-" + payB))
                .contains("拨付失败")
                .contains("收款账号户名不符")
                .contains("id=\"reissue-" + payB + "\"");
        assertThat(afterFailed).doesNotContain("id=\"pay-" + payA + "\"").as("filtered by status");

        Api.Response reissued = finance.postForm("/finance/payments/" + payB + "/reissue", Map.of(), true);
        assertThat(reissued.status()).as(reissued.body()).isEqualTo(302);
        assertThat(status(payB)).isEqualTo("reissued");
        long payB2 = listed(apps.get(1).id());
        assertThat(payB2).isNotEqualTo(payB);
        String afterReissue = finance.page("/finance/rounds/" + round + "/payments?q="
                        + apps.get(1).no())
                .body();
        assertThat(row(afterReissue, "pay-" + payB2)).contains("100,000.67").contains("第 2 次");
        assertThat(afterReissue).doesNotContain("id=\"pay-" + payA + "\"").as("searched by application no.");

        // Paying a payment twice is refused and shown on the page.
        Api.Response twice = finance.postForm("/finance/payments/" + payA + "/paid", Map.of(), true);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body())
                .contains("payment.not_listed")
                .contains("该拨付记录当前为“已拨付”，只有“待拨付”的记录可以确认已拨付")
                .doesNotContain("“paid”");

        // The selected rows, all or none: one already paid → nothing changes.
        Api.Response mixed = finance.postForm(
                "/finance/rounds/" + round + "/payments/paid?ids=" + payB2 + "&ids=" + payA, Map.of(), true);
        assertThat(mixed.status()).isEqualTo(409);
        assertThat(status(payB2)).isEqualTo("listed");
        Api.Response bulk =
                finance.postForm("/finance/rounds/" + round + "/payments/paid?ids=" + payB2, Map.of(), true);
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(302);
        assertThat(status(payB2)).isEqualTo("paid");
        String done = finance.page("/finance/rounds/" + round + "/payments").body();
        assertThat(done).contains("已确认 1 笔拨付，合计 100,000.67 元");
        assertThat(done).contains("2 笔，299,999.99 元");
        assertThat(jdbc.sql("select count(*) from application where round_id = ? and state = 'paid'")
                        .param(round)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'payment.failed' and target_id = ?")
                        .param(String.valueOf(payB))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        // A bank account in full only with a reason.
        Api.Response noWhy = finance.postForm("/finance/payments/" + payA + "/unmask", Map.of("reason", ""), true);
        assertThat(noWhy.status()).isEqualTo(400);
        assertThat(noWhy.body()).contains("unmask.reason_required");
    }
}

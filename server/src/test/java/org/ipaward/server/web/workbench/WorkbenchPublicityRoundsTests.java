package org.ipaward.server.web.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.job.Jobs;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.security.UserStore;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** The publicity step and objections, round management, and the job runner behind batch actions. */
class WorkbenchPublicityRoundsTests extends WorkbenchTestBase {
    @Autowired
    MutableClock clock;

    @Autowired
    Jobs jobs;

    @Autowired
    UserStore users;

    @AfterEach
    void reset() {
        clock.reset();
        SecurityContextHolder.clearContext();
    }

    long approved(Api.As applicant, long round) {
        long id = submitted(applicant, round, "100000.00");
        FullCycleTests.act(as(fx.user(null, Role.ACCEPTOR)), id, "accept", Map.of());
        FullCycleTests.act(as(fx.user(null, Role.REVIEWER)), id, "review_approve", Map.of());
        assertThat(FullCycleTests.state(FullCycleTests.act(as(fx.user(null, Role.APPROVER)), id, "approve", Map.of())))
                .isEqualTo("approved");
        return id;
    }

    @Test
    void publicityObjectionsByPhoneUnmaskingAndTheApproversDecision() throws InterruptedException {
        fx.user(null, Role.SYSTEM_ADMIN);
        long subject = fx.enterprise("公示测试公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = as(fx.user(subject, Role.APPLICANT));
        long a = approved(applicant, round);
        long b = approved(applicant, round);

        Browser approver = signedIn(null, Role.APPROVER);
        String page = html(approver.page("/workbench/publicity?round=" + round)).body();
        assertThat(page)
                .contains("已批准、待公示（2 件）")
                .contains("id=\"app-" + no(a) + "\"")
                .contains("id=\"btn-publicise\"");

        Api.Response started = post(
                approver,
                "/workbench/publicity/publicise",
                List.of(f("round", "" + round), f("ids", "" + a), f("ids", "" + b)));
        assertThat(started.status()).as(started.body()).isEqualTo(302);
        String location = started.header("Location");
        String job = location.replaceAll(".*/workbench/jobs/([^?]+).*", "$1");
        String progress = null;
        for (int i = 0; i < 200 && (progress == null || !progress.contains("data-status=\"DONE\"")); i++) {
            Thread.sleep(50);
            progress =
                    html(approver.page("/workbench/jobs/" + job + "/progress")).body();
        }
        assertThat(progress)
                .contains("data-status=\"DONE\"")
                .contains("aria-valuenow=\"2\"")
                .contains("data-failed=\"0\"");
        assertThat(state(a)).isEqualTo("publicised");
        assertThat(state(b)).isEqualTo("publicised");

        // an objection received by phone: bad input first, then recorded
        Api.Response bad = post(
                approver,
                "/workbench/publicity/objections",
                List.of(
                        f("round", "" + round),
                        f("application_no", no(a)),
                        f("channel", "phone"),
                        f("filer_name", "王先生"),
                        f("contact", "13812345678"),
                        f("text", "短")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body())
                .contains("请写明异议事实和理由")
                .contains("id=\"record-text-error\"")
                .contains("王先生");
        assertThat(jdbc.sql("select count(*) from objection where application_id = ?")
                        .param(a)
                        .query(Long.class)
                        .single())
                .isZero();
        Api.Response recorded = post(
                approver,
                "/workbench/publicity/objections",
                List.of(
                        f("round", "" + round),
                        f("application_no", no(a)),
                        f("channel", "phone"),
                        f("filer_name", "王先生"),
                        f("contact", "13812345678"),
                        f("text", "该企业的质押贷款已于上年提前还清，利息金额不实。")));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(302);
        long objection = jdbc.sql("select id from objection where application_id = ?")
                .param(a)
                .query(Long.class)
                .single();
        assertThat(jdbc.sql("select channel from objection where id = ?")
                        .param(objection)
                        .query(String.class)
                        .single())
                .isEqualTo("phone");
        page = html(approver.page("/workbench/publicity?round=" + round)).body();
        assertThat(page)
                .contains("已登记对申报 " + no(a) + " 的异议")
                .contains("id=\"objection-" + objection + "\"")
                .contains("（电话）")
                .contains("待处理")
                .doesNotContain("13812345678")
                .contains("id=\"unmask-" + objection + "\"")
                .contains("id=\"decide-" + objection + "\"");

        // the contact in clear only with a reason, audited
        String unmask = "/workbench/publicity/objections/" + objection + "/contact";
        Api.Response noReason = post(approver, unmask, List.of(f("round", "" + round), f("reason", "看")));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("查看联系方式须说明理由").doesNotContain("13812345678");
        Api.Response shown = post(approver, unmask, List.of(f("round", "" + round), f("reason", "回电告知处理结果")));
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("13812345678");
        assertThat(jdbc.sql(
                                "select count(*) from audit_log where action = 'objection.unmask_contact' and target_id = ?")
                        .param(String.valueOf(objection))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        // confirming now leaves both in publicity: the period has not ended, one objection is open
        Api.Response early = post(approver, "/workbench/publicity/confirm", List.of(f("round", "" + round)));
        assertThat(early.status()).isEqualTo(302);
        assertThat(state(a)).isEqualTo("publicised");
        assertThat(html(approver.page("/workbench/publicity?round=" + round)).body())
                .contains("已确认 0 件公示期满的申报；仍在公示中 2 件");

        // the approver upholds it and lowers the amount; a decision without a resolution is refused first
        String decide = "/workbench/publicity/objections/" + objection + "/decide";
        Api.Response noResolution = post(
                approver,
                decide,
                List.of(
                        f("round", "" + round),
                        f("outcome", "upheld"),
                        f("effect", "amend"),
                        f("amount_1", "20000.00")));
        assertThat(noResolution.status()).isEqualTo(400);
        assertThat(noResolution.body()).contains("请填写处理意见").contains("id=\"resolution-error-" + objection + "\"");
        Api.Response upheld = post(
                approver,
                decide,
                List.of(
                        f("round", "" + round),
                        f("outcome", "upheld"),
                        f("effect", "amend"),
                        f("amount_1", "20000.00"),
                        f("resolution", "核实后利息以银行回单为准，调减金额")));
        assertThat(upheld.status()).as(upheld.body()).isEqualTo(302);
        assertThat(jdbc.sql("select approved_total from application where id = ?")
                        .param(a)
                        .query(java.math.BigDecimal.class)
                        .single())
                .isEqualByComparingTo("20000.00");
        assertThat(html(approver.page("/workbench/publicity?round=" + round)).body())
                .contains("异议成立")
                .contains("调整后金额 20,000.00 元")
                .doesNotContain("id=\"decide-" + objection + "\"");

        clock.advance(Duration.ofDays(30));
        Api.Response confirmed = post(approver, "/workbench/publicity/confirm", List.of(f("round", "" + round)));
        assertThat(confirmed.status()).isEqualTo(302);
        assertThat(state(a)).isEqualTo("confirmed");
        assertThat(state(b)).isEqualTo("confirmed");
        assertThat(html(approver.page("/workbench/publicity?round=" + round)).body())
                .contains("已确认 2 件公示期满的申报");

        assertThat(signedIn(null, Role.REVIEWER)
                        .page("/workbench/publicity?round=" + round)
                        .status())
                .as("staff may read")
                .isEqualTo(200);
        Api.Response reviewerRecords = post(
                signedIn(null, Role.REVIEWER),
                "/workbench/publicity/objections",
                List.of(f("round", "" + round), f("application_no", no(b))));
        assertThat(reviewerRecords.status()).isEqualTo(403);
    }

    @Test
    void aPolicyAdminOpensARoundAndABadWindowIsAFieldError() {
        fx.user(null, Role.SYSTEM_ADMIN);
        Browser admin = signedIn(null, Role.POLICY_ADMIN);
        String form =
                html(admin.page("/workbench/rounds/new?policy=pinggu-2025")).body();
        assertThat(form)
                .contains("开启新批次")
                .contains("<label class=\"form-label\" for=\"opens_at\"")
                .contains("id=\"measure-PG-pledge\"")
                .contains("hx-get=\"/workbench/rounds/measures\"");
        assertThat(html(admin.page("/workbench/rounds/measures?policy_id=jindong-2023"))
                        .body())
                .contains("id=\"measures-box\"")
                .doesNotContain("measure-PG-pledge");

        long before = jdbc.sql("select count(*) from round").query(Long.class).single();
        String title = "测试开启批次 " + Instant.now().toEpochMilli();
        List<Map.Entry<String, String>> bad = List.of(
                f("policy_id", "pinggu-2025"),
                f("year", "2026"),
                f("title", title),
                f("opens_at", "2026-03-31T09:00"),
                f("closes_at", "2026-03-01T17:00"),
                f("budget", "5,000,000.00"),
                f("budget_rule", "stop"),
                f("publicity_days", "5"),
                f("measures", "PG-pledge"),
                f("notice", "请于申报时间内提交。"));
        Api.Response refused = post(admin, "/workbench/rounds", bad);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("id=\"closes_at-error\"")
                .contains("aria-describedby=\"closes_at-error window-help\"")
                .contains("须晚于开始时间")
                .contains("round.window_invalid")
                .contains(title)
                .containsPattern("id=\"measure-PG-pledge\"\\s+checked");
        assertThat(jdbc.sql("select count(*) from round").query(Long.class).single())
                .isEqualTo(before);

        List<Map.Entry<String, String>> good = new java.util.ArrayList<>(bad);
        good.set(4, f("closes_at", "2026-04-30T17:00"));
        Api.Response opened = post(admin, "/workbench/rounds", good);
        assertThat(opened.status()).as(opened.body()).isEqualTo(302);
        long id = Long.parseLong(opened.header("Location").replaceAll(".*/workbench/rounds/(\\d+).*", "$1"));
        Map<String, Object> row = jdbc.sql(
                        "select budget, budget_rule, publicity_days, measures::text as measures, opens_at from round where id = ?")
                .param(id)
                .query()
                .singleRow();
        assertThat((java.math.BigDecimal) row.get("budget")).isEqualByComparingTo("5000000.00");
        assertThat(row.get("budget_rule")).isEqualTo("stop");
        assertThat(row.get("measures")).isEqualTo("[\"PG-pledge\"]");
        assertThat(((java.sql.Timestamp) row.get("opens_at")).toInstant())
                .isEqualTo(Instant.parse("2026-03-31T01:00:00Z"))
                .as("09:00 Beijing time");
        String detail = html(admin.page("/workbench/rounds/" + id)).body();
        assertThat(detail).contains("已开启批次").contains(title).contains("2026-03-31 09:00 至 2026-04-30 17:00");

        Api.Response edited = post(
                admin,
                "/workbench/rounds/" + id,
                List.of(
                        f("title", title),
                        f("opens_at", "2026-03-31T09:00"),
                        f("closes_at", "2026-05-15T17:00"),
                        f("budget", "6000000"),
                        f("budget_rule", "stop"),
                        f("publicity_days", "7"),
                        f("notice", "延长申报时间。")));
        assertThat(edited.status()).as(edited.body()).isEqualTo(302);
        assertThat(html(admin.page("/workbench/rounds/" + id)).body())
                .contains("批次已保存")
                .contains("2026-05-15 17:00")
                .contains("6,000,000.00 元")
                .contains("延长申报时间。");
        Api.Response closed = post(admin, "/workbench/rounds/" + id + "/close", List.of());
        assertThat(closed.status()).isEqualTo(302);
        assertThat(html(admin.page("/workbench/rounds/" + id)).body())
                .contains("批次已关闭")
                .contains("已关闭");

        Browser reviewer = signedIn(null, Role.REVIEWER);
        String list = html(reviewer.page("/workbench/rounds?q="
                        + java.net.URLEncoder.encode(title, java.nio.charset.StandardCharsets.UTF_8)))
                .body();
        assertThat(list).contains("id=\"round-" + id + "\"").doesNotContain("id=\"round-new\"");
        assertThat(reviewer.page("/workbench/rounds/new").status()).isEqualTo(403);
        assertThat(post(reviewer, "/workbench/rounds/" + id + "/close", List.of())
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aJobRunsAsItsOwnerReportsProgressWhileRunningAndStopsPollingWhenDone() throws InterruptedException {
        String u = fx.user(null, Role.ACCEPTOR);
        Browser owner = new Browser(port);
        owner.login(u, org.ipaward.server.support.Fixtures.PASSWORD);
        UserAccount account = users.loadUserByUsername(u);
        assertThat(account).isNotNull();
        SecurityContextHolder.getContext()
                .setAuthentication(new UsernamePasswordAuthenticationToken(account, null, account.getAuthorities()));

        CountDownLatch gate = new CountDownLatch(1);
        List<Long> seenAs = new java.util.concurrent.CopyOnWriteArrayList<>();
        Jobs.Job job = jobs.submit("batch.accept", List.of(1, 2, 3), i -> "item-" + i, i -> {
            seenAs.add(Actor.require().id());
            if (i == 2) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw org.ipaward.server.error.ApiException.conflict("test.failed", "第二项失败", "the second fails");
            }
        });
        String running = null;
        for (int i = 0; i < 100; i++) {
            running = html(owner.page("/workbench/jobs/" + job.id() + "/progress"))
                    .body();
            if (running.contains("data-done=\"1\"")) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(running)
                .contains("data-status=\"RUNNING\"")
                .contains("hx-trigger=\"every 1s\"")
                .contains("hx-get=\"/workbench/jobs/" + job.id() + "/progress")
                .contains("aria-valuenow=\"1\"")
                .contains("aria-valuemax=\"3\"")
                .contains("正在办理：已完成 1/3 件");
        assertThat(html(owner.page("/workbench/jobs/" + job.id())).body())
                .contains("hx-trigger=\"every 1s\"")
                .contains("role=\"progressbar\"");
        gate.countDown();
        Jobs.Job done = jobs.await(job.id(), Duration.ofSeconds(10)).orElseThrow();
        assertThat(done.finished()).isTrue();
        assertThat(done.done()).isEqualTo(3);
        assertThat(done.failures()).extracting(Jobs.Failure::item).containsExactly("item-2");
        assertThat(seenAs).as("each item ran as the submitting user").containsOnly(account.id());
        String finished =
                html(owner.page("/workbench/jobs/" + job.id() + "/progress")).body();
        assertThat(finished)
                .contains("data-status=\"DONE\"")
                .doesNotContain("hx-trigger")
                .contains("第二项失败")
                .contains("test.failed");
        Browser other = signedIn(null, Role.ACCEPTOR);
        assertThat(other.page("/workbench/jobs/" + job.id() + "/progress").status())
                .isEqualTo(404);
    }
}

package org.ipaward.server.web.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.application.Intake;
import org.ipaward.server.application.IntakeQueue;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The intake queue page ({@code /workbench/intake}): receipts of every state with their sender, time, attempts and
 * the application made or the problem in Chinese; the counts, which poll only while receipts are queued; the state
 * filter, the search and paging; putting a failed receipt back in the queue (audited, once however many press), and
 * the clear refusal for a refused, done or queued one; who may see it; the same read as JSON.
 */
public class IntakePagesTests extends WorkbenchTestBase {
    static final List<String> KINDS = List.of("subject_certificate", "pledge_loan_documents", "fee_receipts");
    static final DateTimeFormatter MINUTES =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ClockConfig.ZONE);

    @Autowired
    Intake intake;

    @Autowired
    IntakeQueue queue;

    @Autowired
    AuditLog audit;

    String tag;
    long subject;
    long round;
    String sender;
    Api.As applicant;

    @BeforeEach
    void anApplicantWithAnOpenRound() {
        fx.user(null, Role.SYSTEM_ADMIN); // a round's creator: the first user
        intake.drain(); // what another test left queued is not this test's
        tag = UUID.randomUUID().toString().substring(0, 8);
        subject = fx.enterprise("接收队列公司" + tag, "110117");
        round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        sender = fx.user(subject, Role.APPLICANT);
        applicant = as(sender);
    }

    // ---- receipts of each state

    /** A complete application sent with Prefer: respond-async (and the key, if any); returns the receipt. */
    long send(List<String> kinds, String key) {
        Api.As a = applicant.withHeader("Prefer", "respond-async");
        if (key != null) {
            a = a.withHeader("Idempotency-Key", key);
        }
        Api.Response r = multipart(a, application(kinds), kinds);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("id").asLong();
    }

    String application(List<String> kinds) {
        List<Map<String, Object>> materials = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            materials.add(Map.of("kind", kinds.get(i), "file", "f" + (i + 1)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round_id", round);
        m.put("claims", List.of(FullCycleTests.pledge("100000.00")));
        m.put("materials", materials);
        return Api.JSON.writeValueAsString(m);
    }

    public static Api.Response multipart(Api.As a, String application, List<String> kinds) {
        String boundary = "----intake" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"application\"\r\n"
                        + "Content-Type: application/json\r\n\r\n" + application + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < kinds.size(); i++) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"f" + (i + 1)
                            + "\"; filename=\"" + kinds.get(i) + ".pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(("%PDF-1.4\n% " + UUID.randomUUID() + "\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return a.postRaw("/api/applications", "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    /** A receipt the worker cannot file (what it reads no longer parses), tried until marked failed. */
    long failed() {
        long id = send(KINDS, null);
        jdbc.sql("update intake set input = '{' where id = ?").param(id).update();
        for (int i = 0; i < 10 && !"failed".equals(status(id)); i++) {
            intake.drain();
            jdbc.sql("update intake set processed_at = processed_at - interval '1 hour' where id = ?")
                    .param(id)
                    .update();
        }
        assertThat(status(id)).isEqualTo("failed");
        return id;
    }

    String status(long id) {
        return jdbc.sql("select status from intake where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    int attempts(long id) {
        return jdbc.sql("select attempts from intake where id = ?")
                .param(id)
                .query(Integer.class)
                .single();
    }

    long count(String status) {
        return jdbc.sql("select count(*) from intake where status = ?")
                .param(status)
                .query(Long.class)
                .single();
    }

    /** A row of the list: from its tag to the end of the row. */
    static String row(String page, long id) {
        int from = page.indexOf("id=\"receipt-" + id + "\"");
        assertThat(from).as("receipt %s is listed", id).isPositive();
        return page.substring(from, page.indexOf("</tr>", from));
    }

    /** How the list marks a receipt's row. */
    static String listed(long id) {
        return "id=\"receipt-" + id + "\"";
    }

    static String summary(String page) {
        int from = page.indexOf("id=\"intake-summary\"");
        assertThat(from).as("the summary").isPositive();
        return page.substring(page.lastIndexOf("<section", from), page.indexOf("</section>", from));
    }

    @Test
    void theListShowsReceiptsOfEveryStateWithTheirFieldsAndTheCountsPollOnlyWhileSomethingIsQueued() {
        long done = send(KINDS, "key-" + tag);
        long refused = send(KINDS.subList(0, 2), null); // the fee receipts are missing
        intake.drain();
        long failed = failed();
        long queued = send(KINDS, null);
        long app = jdbc.sql("select application_id from intake where id = ?")
                .param(done)
                .query(Long.class)
                .single();
        assertThat(status(done)).isEqualTo("done");
        assertThat(status(refused)).isEqualTo("refused");

        Browser reviewer = signedIn(null, Role.REVIEWER);
        assertThat(html(reviewer.page("/workbench")).body())
                .as("linked from the workbench")
                .contains("id=\"link-intake\"")
                .contains("href=\"/workbench/intake\"");
        String page = html(reviewer.page("/workbench/intake?q=" + tag)).body();
        assertThat(page).contains("申报接收队列").contains("共 4 份回执");
        // newest first
        assertThat(page.indexOf(listed(queued))).isPositive().isLessThan(page.indexOf(listed(failed)));
        assertThat(page.indexOf(listed(failed))).isLessThan(page.indexOf(listed(refused)));
        assertThat(page.indexOf(listed(refused))).isLessThan(page.indexOf(listed(done)));

        String doneRow = row(page, done);
        Timestamp received = jdbc.sql("select received_at from intake where id = ?")
                .param(done)
                .query(Timestamp.class)
                .single();
        assertThat(doneRow)
                .contains("data-status=\"done\"")
                .contains("已提交")
                .contains(MINUTES.format(received.toInstant()))
                .contains("测试 " + sender)
                .contains("接收队列公司" + tag)
                .contains("幂等键：key-" + tag)
                .contains("href=\"/workbench/applications/" + app + "\"")
                .contains(">" + no(app) + "<")
                .contains("data-attempts=\"1\"")
                .doesNotContain("重新排队");

        JsonNode problem = Api.JSON.readTree(jdbc.sql("select cast(problem as text) from intake where id = ?")
                .param(refused)
                .query(String.class)
                .single());
        assertThat(problem.get("errors")).as("the refusal names its fields").isNotEmpty();
        String refusedRow = row(page, refused);
        assertThat(refusedRow)
                .contains("data-status=\"refused\"")
                .contains("未通过检查")
                .contains(problem.get("detail").asString())
                .contains(problem.get("errors").get(0).get("message").asString())
                .contains("data-field=\""
                        + problem.get("errors").get(0).get("field").asString() + "\"")
                .contains(problem.get("key").asString())
                .doesNotContain(problem.get("message_en").asString())
                .doesNotContain("/workbench/applications/")
                .doesNotContain("requeue");

        assertThat(row(page, failed))
                .contains("data-status=\"failed\"")
                .contains("失败")
                .contains("系统未能处理这份申报")
                .contains("保留附件 3 份")
                .contains("data-attempts=\"3\"")
                .as("a reviewer sees no requeue button")
                .doesNotContain("id=\"requeue-" + failed + "\"");
        assertThat(row(page, queued)).contains("data-status=\"queued\"").contains("排队中");

        // the counts are the table's; while something is queued they poll every few seconds
        String counts = summary(page);
        for (String s : IntakeQueue.STATUSES) {
            assertThat(counts).contains("id=\"count-" + s + "\" data-count=\"" + count(s) + "\"");
        }
        assertThat(counts)
                .contains("hx-get=\"/workbench/intake/summary\"")
                .contains("hx-trigger=\"every 5s\"")
                .contains("data-polling=\"true\"")
                .containsPattern("id=\"intake-oldest\"\\s+data-seconds=\"\\d+\"")
                .containsPattern("id=\"intake-rate\"\\s+data-received=\"[1-9]\\d*\"");
        Api.Response fragment = reviewer.page("/workbench/intake/summary");
        assertThat(html(fragment).body())
                .contains("id=\"intake-summary\"")
                .contains("hx-trigger=\"every 5s\"")
                .doesNotContain("<html");

        intake.drain();
        // a receipt another test left waiting for its retry is not this test's: marked failed
        jdbc.sql("update intake set status = 'failed' where status = 'queued'").update();
        assertThat(count("queued")).isZero();
        String after = summary(html(reviewer.page("/workbench/intake")).body());
        assertThat(after)
                .as("the queue is empty: no more polling")
                .doesNotContain("hx-trigger")
                .doesNotContain("hx-get")
                .contains("data-polling=\"false\"")
                .contains("没有排队中的回执");
        assertThat(html(reviewer.page("/workbench/intake/summary")).body()).doesNotContain("hx-trigger");
        // in English too
        assertThat(html(reviewer.page("/workbench/intake?lang=en&q=" + tag)).body())
                .contains("Intake queue")
                .contains("Done (filed)")
                .contains(problem.get("message_en").asString());
    }

    @Test
    void theStateFilterTheSearchAndThePagesNarrowTheList() {
        long keyed = send(KINDS, "deadline-" + tag);
        long refused = send(KINDS.subList(0, 1), null);
        intake.drain();
        Api.As second = as(fx.user(fx.enterprise("另一家接收公司" + tag, "110117"), Role.APPLICANT));
        Api.Response r = multipart(second.withHeader("Prefer", "respond-async"), application(KINDS), KINDS);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        long other = r.json().get("id").asLong();
        intake.drain();

        Browser acceptor = signedIn(null, Role.ACCEPTOR);
        String refusedTab =
                html(acceptor.page("/workbench/intake?status=refused&q=" + tag)).body();
        assertThat(refusedTab)
                .contains("class=\"nav-link active\" id=\"tab-refused\"")
                .contains(listed(refused))
                .doesNotContain(listed(keyed))
                .doesNotContain(listed(other))
                .contains("共 1 份回执");
        assertThat(html(acceptor.page("/workbench/intake?status=done&q=" + tag)).body())
                .contains(listed(keyed))
                .contains(listed(other))
                .doesNotContain(listed(refused));
        assertThat(html(acceptor.page("/workbench/intake?q=deadline-" + tag)).body())
                .as("by idempotency key")
                .contains(listed(keyed))
                .doesNotContain(listed(refused))
                .doesNotContain(listed(other));
        assertThat(html(acceptor.page(
                                "/workbench/intake?q=" + URLEncoder.encode("另一家接收公司" + tag, StandardCharsets.UTF_8)))
                        .body())
                .as("by the subject's name")
                .contains(listed(other))
                .doesNotContain(listed(keyed));
        assertThat(html(acceptor.page("/workbench/intake?q=" + sender)).body())
                .as("by the sender's user name")
                .contains(listed(keyed))
                .contains(listed(refused))
                .doesNotContain(listed(other));
        assertThat(html(acceptor.page("/workbench/intake?q=" + other)).body())
                .as("by the receipt number")
                .contains(listed(other));

        Api.Response unknown = acceptor.page("/workbench/intake?status=lost");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("未知的回执状态").contains("intake.status_unknown");

        // 21 more refused receipts of this sender: two pages, newest first
        long user = jdbc.sql("select id from app_user where username = ?")
                .param(sender)
                .query(Long.class)
                .single();
        List<Long> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add(jdbc.sql(
                            """
                            insert into intake (user_id, input, status, attempts, processed_at, problem)
                            values (?, '{}', 'refused', 1, now(), cast(? as jsonb)) returning id""")
                    .params(user, "{\"status\":409,\"detail\":\"批次已截止" + tag + "\",\"key\":\"round.closed\"}")
                    .query(Long.class)
                    .single());
        }
        String first = html(acceptor.page("/workbench/intake?status=refused&q=" + sender))
                .body();
        assertThat(first)
                .contains("共 22 份回执")
                .contains(listed(many.get(20)))
                .contains(listed(many.get(1)))
                .doesNotContain(listed(many.get(0)))
                .doesNotContain(listed(refused))
                .contains("批次已截止" + tag)
                .contains("page=1");
        String second2 = html(acceptor.page("/workbench/intake?status=refused&q=" + sender + "&page=1"))
                .body();
        assertThat(second2)
                .contains(listed(many.get(0)))
                .contains(listed(refused))
                .doesNotContain(listed(many.get(20)));

        // the same read as JSON, for staff
        Api.As auditor = as(fx.user(null, Role.AUDITOR));
        Api.Response json = auditor.get("/api/intake?status=done&q=" + tag + "&size=5");
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        assertThat(json.json().get("total").asLong()).isEqualTo(2);
        JsonNode item = json.json().get("items").get(1);
        assertThat(item.get("id").asLong()).isEqualTo(keyed);
        assertThat(item.get("status").asString()).isEqualTo("done");
        assertThat(item.get("idempotency_key").asString()).isEqualTo("deadline-" + tag);
        assertThat(item.get("application_no").asString()).isNotBlank();
        assertThat(item.get("subject_name").asString()).contains("接收队列公司" + tag);
        JsonNode refusedJson = auditor.get("/api/intake?status=refused&q=" + sender + "&size=1&page=21")
                .json();
        assertThat(refusedJson.get("items").get(0).get("id").asLong()).isEqualTo(refused);
        assertThat(refusedJson.get("items").get(0).get("problem").get("key").asString())
                .isNotBlank();
        JsonNode sum = auditor.get("/api/intake/summary").json();
        assertThat(sum.get("counts").get("refused").asLong()).isEqualTo(count("refused"));
        assertThat(auditor.get("/api/intake?status=lost").status()).isEqualTo(400);
        JsonNode paths = api.anonymous().get("/v3/api-docs").json().get("paths");
        assertThat(paths.get("/api/intake").get("get").get("summary").asString())
                .startsWith("申报接收队列");
        assertThat(paths.has("/api/intake/summary")).isTrue();

        // an agency filing for a client: the receipt names the client, whose name finds it
        String clientName = "代理客户公司" + UUID.randomUUID().toString().substring(0, 8);
        long client = fx.enterprise(clientName, "110117");
        long agency = jdbc.sql("insert into intake (user_id, input) values (?, ?) returning id")
                .params(user, "{\"round_id\":" + round + ", \"subject_id\": " + client + "}")
                .query(Long.class)
                .single();
        String byClient = html(acceptor.page(
                        "/workbench/intake?q=" + URLEncoder.encode(clientName, StandardCharsets.UTF_8)))
                .body();
        assertThat(byClient).contains(listed(agency)).doesNotContain(listed(keyed));
        assertThat(row(byClient, agency)).contains(clientName).doesNotContain("接收队列公司" + tag);
        jdbc.sql("delete from intake where id = ?").param(agency).update(); // not left queued
    }

    @Test
    void aFailedReceiptCanBeQueuedAgainOnceAndIsAuditedAndFiledWithTheParts() {
        long failed = failed();
        String input = application(KINDS);
        Browser acceptor = signedIn(null, Role.ACCEPTOR);
        String page =
                html(acceptor.page("/workbench/intake?status=failed&q=" + tag)).body();
        assertThat(row(page, failed))
                .contains("id=\"requeue-" + failed + "\"")
                .contains("action=\"/workbench/intake/" + failed + "/requeue\"")
                .contains("name=\"_csrf\"");

        // a reviewer may look but not put it back
        Browser reviewer = signedIn(null, Role.REVIEWER);
        assertThat(post(reviewer, "/workbench/intake/" + failed + "/requeue", List.of())
                        .status())
                .isEqualTo(403);
        assertThat(status(failed)).isEqualTo("failed");
        long records = audit.count();

        Api.Response r = post(
                acceptor,
                "/workbench/intake/" + failed + "/requeue",
                List.of(f("status", "failed"), f("q", tag), f("page", "0")));
        assertThat(r.status()).as(r.body()).isEqualTo(302);
        assertThat(r.header("Location")).contains("/workbench/intake?status=failed&q=" + tag);
        assertThat(status(failed)).isEqualTo("queued");
        assertThat(attempts(failed)).isZero();
        assertThat(jdbc.sql("select problem is null and processed_at is null from intake where id = ?")
                        .param(failed)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(jdbc.sql(
                                """
                        select count(*) from audit_log where action = 'intake.requeue' and target_type = 'intake'
                        and target_id = ? and cast(details as jsonb) ->> 'attempts' = '3'
                        and cast(details as jsonb) ->> 'parts_kept' = '3'""")
                        .param(String.valueOf(failed))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(audit.count()).isEqualTo(records + 1);
        assertThat(audit.verify().ok()).isTrue();
        String back = r.header("Location");
        assertThat(html(acceptor.page(back.substring(back.indexOf("/workbench"))))
                        .body())
                .contains("回执 " + failed + " 已重新排队");

        // pressed again (a second person, or the same page): told it is queued already, nothing changes
        Api.Response again = post(acceptor, "/workbench/intake/" + failed + "/requeue", List.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body())
                .contains("已在排队中")
                .contains("intake.requeue_queued")
                .contains("id=\"intake-list\"");
        assertThat(audit.count()).isEqualTo(records + 1);

        // what broke is mended; the worker files it with the parts it kept
        jdbc.sql("update intake set input = ? where id = ?")
                .params(input, failed)
                .update();
        intake.drain();
        assertThat(status(failed)).isEqualTo("done");
        long app = jdbc.sql("select application_id from intake where id = ?")
                .param(failed)
                .query(Long.class)
                .single();
        assertThat(state(app)).isEqualTo("submitted");
        assertThat(jdbc.sql("select count(*) from material where application_id = ?")
                        .param(app)
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
    }

    @Test
    void aRefusedOrDoneReceiptIsNotQueuedAgainAndSaysWhy() {
        long done = send(KINDS, null);
        long refused = send(KINDS.subList(0, 2), null);
        intake.drain();
        Browser admin = signedIn(null, Role.SYSTEM_ADMIN);
        long records = audit.count();

        Api.Response r = post(admin, "/workbench/intake/" + refused + "/requeue", List.of(f("q", tag)));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body())
                .contains("回执 " + refused + " 已被拒")
                .contains("不能重新排队")
                .contains("intake.requeue_refused")
                .contains(listed(refused));
        assertThat(status(refused)).isEqualTo("refused");

        Api.Response d = post(admin, "/workbench/intake/" + done + "/requeue", List.of());
        assertThat(d.status()).isEqualTo(409);
        assertThat(d.body()).contains("已提交（已生成申报）").contains("intake.requeue_done");
        assertThat(status(done)).isEqualTo("done");

        Api.Response none = post(admin, "/workbench/intake/999999999/requeue", List.of());
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body()).contains("intake.not_found");
        assertThat(audit.count()).isEqualTo(records);
    }

    @Test
    void twoPeoplePuttingTheSameReceiptBackQueueItOnce() throws Exception {
        long failed = failed();
        CountDownLatch start = new CountDownLatch(1);
        Callable<String> press = () -> {
            start.await();
            try {
                queue.requeue(failed);
                return "queued";
            } catch (ApiException e) {
                return e.key();
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> a = pool.submit(press);
            Future<String> b = pool.submit(press);
            start.countDown();
            assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder("queued", "intake.requeue_queued");
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'intake.requeue' and target_id = ?")
                        .param(String.valueOf(failed))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        // mended, it is filed: nothing left queued for the next test
        jdbc.sql("update intake set input = ? where id = ?")
                .params(application(KINDS), failed)
                .update();
        intake.drain();
        assertThat(status(failed)).isEqualTo("done");
    }

    @Test
    void applicantsAndPolicyAdministratorsAloneHaveNoAccess() {
        long failed = failed();
        Browser b = signedIn(subject, Role.APPLICANT);
        Api.Response refused = b.page("/workbench/intake");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("您没有权限查看此页面").doesNotContain("receipt-");
        assertThat(b.page("/workbench/intake/summary").status()).isEqualTo(403);
        assertThat(post(b, "/workbench/intake/" + failed + "/requeue", List.of())
                        .status())
                .isEqualTo(403);
        assertThat(status(failed)).isEqualTo("failed");
        assertThat(applicant.get("/api/intake").status()).isEqualTo(403);
        assertThat(signedIn(null, Role.POLICY_ADMIN).page("/workbench/intake").status())
                .isEqualTo(403);
        assertThat(signedIn(null, Role.FINANCE).page("/workbench/intake").status())
                .isEqualTo(403);
        Browser anonymous = new Browser(port);
        Api.Response anon = anonymous.page("/workbench/intake");
        assertThat(anon.status()).isEqualTo(302);
        assertThat(anon.header("Location")).endsWith("/login");
        intake.drain();
    }
}

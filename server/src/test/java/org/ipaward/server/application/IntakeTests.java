package org.ipaward.server.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ipaward.server.application.DirectSubmissionTests.PLEDGE_KINDS;
import static org.ipaward.server.application.DirectSubmissionTests.application;
import static org.ipaward.server.application.DirectSubmissionTests.parts;
import static org.ipaward.server.application.DirectSubmissionTests.submit;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The deadline-day intake ({@code Prefer: respond-async} on the one-request submission): received at once with
 * a receipt, filed afterwards exactly as the synchronous request files it, as of the receipt time; refusals
 * kept on the receipt with the problem the synchronous request answers; checks that need no writing refuse at
 * once; a repeat answers the first receipt; only its sender (or staff) reads a receipt.
 */
class IntakeTests extends ServerTest {
    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Intake intake;

    @Autowired
    AuditLog audit;

    @BeforeEach
    void someoneCreatesRounds() {
        fx.user(null, Role.SYSTEM_ADMIN);
        intake.drain(); // what another test left queued is not this test's
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    /** How many file parts a receipt still keeps. */
    private long partsKept(long id) {
        return jdbc.sql("select count(*) from intake_part where intake_id = ?")
                .param(id)
                .query(Long.class)
                .single();
    }

    private int attempts(long id) {
        return jdbc.sql("select attempts from intake where id = ?")
                .param(id)
                .query(Integer.class)
                .single();
    }

    private static Api.As async(Api.As a) {
        return a.withHeader("Prefer", "respond-async");
    }

    @Test
    void receivedAtOnceThenFiledAsTheOneRequestSubmissionFilesIt() {
        long subject = fx.enterprise("受理队列科技有限公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        long applications = count("application");

        Api.Response r = submit(async(applicant), application(round, "100000.00", PLEDGE_KINDS), parts(PLEDGE_KINDS));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.header("Preference-Applied")).isEqualTo("respond-async");
        long id = r.json().get("id").asLong();
        assertThat(r.header(HttpHeaders.LOCATION)).isEqualTo("/api/intake/" + id);
        assertThat(r.json().get("status").get("id").asString()).isEqualTo("queued");
        assertThat(r.json().get("status").get("zh").asString()).isEqualTo("已接收，等待提交");
        assertThat(r.json().get("application_id").isNull()).isTrue();
        assertThat(count("application"))
                .as("nothing filed before the worker runs")
                .isEqualTo(applications);
        assertThat(applicant
                        .get("/api/intake/" + id)
                        .json()
                        .get("status")
                        .get("id")
                        .asString())
                .isEqualTo("queued");

        assertThat(intake.drain()).isEqualTo(1);

        Api.Response receipt = applicant.get("/api/intake/" + id);
        assertThat(receipt.status()).as(receipt.body()).isEqualTo(200);
        assertThat(receipt.json().get("status").get("id").asString()).isEqualTo("done");
        long app = receipt.json().get("application_id").asLong();
        assertThat(receipt.header(HttpHeaders.LOCATION)).isEqualTo("/api/applications/" + app);
        JsonNode view = applicant.get("/api/applications/" + app).json();
        assertThat(view.get("state").get("id").asString()).isEqualTo("submitted");
        assertThat(view.get("subject_id").asLong()).isEqualTo(subject);
        assertThat(view.get("estimate_total").asString()).isEqualTo("50000.00");
        assertThat(view.get("materials")).hasSize(3);
        // the same audit records as the synchronous request, in the applicant's name, and the chain whole
        List<String> actions = jdbc.sql(
                        """
                        select action from audit_log where target_type = 'application' and target_id = ?
                        order by seq""")
                .param(String.valueOf(app))
                .query(String.class)
                .list();
        assertThat(actions).contains("application.create", "application.submit");
        assertThat(audit.verify().ok()).isTrue();
        // the parts are gone once filed: the stored files hold them
        assertThat(partsKept(id)).isZero();
    }

    @Test
    void aRoundThatClosedAfterTheReceiptDoesNotRefuseItAndItCountsAsSubmittedWhenReceived() {
        long subject = fx.enterprise("截止日受理公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);

        Api.Response r = submit(async(applicant), application(round, "100000.00", PLEDGE_KINDS), parts(PLEDGE_KINDS));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        long id = r.json().get("id").asLong();
        Instant received = jdbc.sql("select received_at from intake where id = ?")
                .param(id)
                .query(Timestamp.class)
                .single()
                .toInstant();
        // the deadline passes just after the receipt, before the worker gets to it
        jdbc.sql("update round set closes_at = ? where id = ?")
                .params(Timestamp.from(received.plus(Duration.ofMillis(1))), round)
                .update();
        Api.Response late = submit(applicant, application(round, "90000.00", PLEDGE_KINDS), parts(PLEDGE_KINDS));
        assertThat(late.status()).as("a synchronous submission now is refused").isEqualTo(409);

        intake.drain();

        JsonNode receipt = applicant.get("/api/intake/" + id).json();
        assertThat(receipt.get("status").get("id").asString())
                .as(receipt.toString())
                .isEqualTo("done");
        long app = receipt.get("application_id").asLong();
        Instant submitted = jdbc.sql("select submitted_at from application where id = ?")
                .param(app)
                .query(Timestamp.class)
                .single()
                .toInstant();
        assertThat(submitted).isEqualTo(received);
    }

    @Test
    void aRefusalIsKeptOnTheReceiptWithTheProblemTheSynchronousRequestAnswers() {
        long subject = fx.enterprise("受理退回公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        List<String> fewer = PLEDGE_KINDS.subList(0, 2); // the fee receipts are missing
        long applications = count("application");
        long files = count("stored_file");

        Api.Response sync = submit(applicant, application(round, "100000.00", fewer), parts(fewer));
        assertThat(sync.status()).as(sync.body()).isBetween(400, 499);
        Api.Response r = submit(async(applicant), application(round, "100000.00", fewer), parts(fewer));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        long id = r.json().get("id").asLong();

        intake.drain();

        JsonNode receipt = applicant.get("/api/intake/" + id).json();
        assertThat(receipt.get("status").get("id").asString()).isEqualTo("refused");
        assertThat(receipt.get("application_id").isNull()).isTrue();
        JsonNode problem = receipt.get("problem");
        assertThat(problem.get("key").asString())
                .isEqualTo(sync.json().get("key").asString());
        assertThat(problem.get("detail").asString())
                .isEqualTo(sync.json().get("detail").asString());
        assertThat(problem.get("status").asInt()).isEqualTo(sync.status());
        assertThat(problem.get("errors")).isEqualTo(sync.json().get("errors"));
        // nothing filed, nothing stored, no part left
        assertThat(count("application")).isEqualTo(applications);
        assertThat(count("stored_file")).isEqualTo(files);
        assertThat(partsKept(id)).isZero();
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void checksThatNeedNoWritingRefuseAtOnceAndARepeatAnswersTheFirstReceipt() {
        long subject = fx.enterprise("受理重复公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        long receipts = count("intake");

        // a material naming a file part the request does not have: refused now, nothing received
        Api.Response bad = submit(
                async(applicant), application(round, "100000.00", PLEDGE_KINDS), parts(List.of("subject_certificate")));
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("key").asString()).isEqualTo("material.part_missing");
        assertThat(count("intake")).isEqualTo(receipts);

        Api.As keyed = async(applicant).withHeader("Idempotency-Key", "intake-1");
        String body = application(round, "100000.00", PLEDGE_KINDS);
        Api.Response first = submit(keyed, body, parts(PLEDGE_KINDS));
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        Api.Response again = submit(keyed, body, parts(PLEDGE_KINDS));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("id").asLong())
                .isEqualTo(first.json().get("id").asLong());
        assertThat(count("intake")).isEqualTo(receipts + 1);

        intake.drain();
        long app = applicant
                .get("/api/intake/" + first.json().get("id").asLong())
                .json()
                .get("application_id")
                .asLong();
        // the synchronous request with the same key answers the application the intake filed
        Api.Response sync = submit(applicant.withHeader("Idempotency-Key", "intake-1"), body, parts(PLEDGE_KINDS));
        assertThat(sync.status()).as(sync.body()).isEqualTo(200);
        assertThat(sync.json().get("id").asLong()).isEqualTo(app);
    }

    @Test
    void aFilingThatFailsForAnotherReasonIsTriedAgainLaterThenMarkedFailedKeepingWhatWasSent() {
        long subject = fx.enterprise("受理失败重试公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        long id = submit(async(applicant), application(round, "100000.00", PLEDGE_KINDS), parts(PLEDGE_KINDS))
                .json()
                .get("id")
                .asLong();
        // what the worker reads no longer parses: not a refusal of the application, a failure of the system
        jdbc.sql("update intake set input = '{' where id = ?").param(id).update();

        for (int attempt = 1; attempt <= Intake.MAX_ATTEMPTS; attempt++) {
            intake.drain();
            assertThat(attempts(id)).isEqualTo(attempt);
            intake.drain(); // too soon: not tried again
            assertThat(attempts(id)).isEqualTo(attempt);
            jdbc.sql("update intake set processed_at = processed_at - interval '1 hour' where id = ?")
                    .param(id)
                    .update();
        }
        JsonNode receipt = applicant.get("/api/intake/" + id).json();
        assertThat(receipt.get("status").get("id").asString()).isEqualTo("failed");
        assertThat(receipt.get("problem").get("key").asString()).isEqualTo("intake.failed");
        assertThat(partsKept(id)).isEqualTo(PLEDGE_KINDS.size());
    }

    @Test
    void onlyItsSenderOrStaffReadAReceipt() {
        long subject = fx.enterprise("受理回执公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        Api.Response r = submit(async(applicant), application(round, "100000.00", PLEDGE_KINDS), parts(PLEDGE_KINDS));
        long id = r.json().get("id").asLong();

        Api.As other = api.login(fx.user(fx.enterprise("别家公司", "110117"), Role.APPLICANT), Fixtures.PASSWORD);
        Api.Response refused = other.get("/api/intake/" + id);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().get("key").asString()).isEqualTo("intake.not_found");
        assertThat(api.anonymous().get("/api/intake/" + id).status()).isEqualTo(401);
        Api.As reviewer = api.login(fx.user(null, Role.REVIEWER), Fixtures.PASSWORD);
        assertThat(reviewer.get("/api/intake/" + id).status()).isEqualTo(200);
        intake.drain();
    }

    @Test
    void theServersWorkerFilesWhatIsReceived() throws InterruptedException {
        long subject = fx.enterprise("受理工作线程公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        long id = submit(async(applicant), application(round, "100000.00", PLEDGE_KINDS), parts(PLEDGE_KINDS))
                .json()
                .get("id")
                .asLong();
        assertThat(intake.busy())
                .as("a receipt just taken in: the workers hold back")
                .isTrue();
        intake.start(20); // while busy a worker still files one receipt per poll
        try {
            String status = "queued";
            for (int i = 0; i < 500 && status.equals("queued"); i++) {
                Thread.sleep(20);
                status = applicant
                        .get("/api/intake/" + id)
                        .json()
                        .get("status")
                        .get("id")
                        .asString();
            }
            assertThat(status).isEqualTo("done");
            assertThat(intake.queued()).isZero();
        } finally {
            intake.stop();
        }
    }
}

package org.ipaward.server.application;

import jakarta.annotation.PreDestroy;
import jakarta.validation.ConstraintViolationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ipaward.server.application.ApplicationDtos.SubmissionInput;
import org.ipaward.server.config.InsertRows;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.error.ProblemHandler;
import org.ipaward.server.file.BytesFile;
import org.ipaward.server.file.FileStore;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.security.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deadline-day intake: a complete application (the one-request submission, {@code POST /api/applications}
 * as multipart) sent with {@code Prefer: respond-async} is received in one short transaction — its JSON as
 * sent and its file parts, after the checks that need no writing ({@link DirectSubmissionService#precheck}) —
 * and answered {@code 202 Accepted} with a receipt. Workers then file each received application exactly as the
 * one-request submission files it (the same checks, events, audit records, estimate against the live ledger), as
 * of its receipt time: a round that closed in between does not refuse it ({@link ReceivedAt}). Each sender's
 * receipts are filed in the order received, by one worker; between senders the order may differ, which changes
 * no award: a submission's estimate reserves nothing (awards are reserved in the ledger when approved). The outcome — the application made, or the problem that refused it (the same
 * problem the synchronous request would have answered) — is kept on the receipt, which its sender reads at
 * {@code GET /api/intake/{id}}.
 *
 * <p>Several server instances may share the database: each receipt is taken by one worker ({@code for update
 * skip locked}). A receipt whose filing fails for another reason (the database unreachable, say) is tried again
 * after {@link #RETRY_AFTER_SECONDS} × its attempts; after {@link #MAX_ATTEMPTS} it is marked failed, for the sender
 * to send again, and keeps what it was sent with.
 */
@Service
public class Intake {
    private static final Logger log = LoggerFactory.getLogger(Intake.class);
    static final int MAX_ATTEMPTS = 3;
    /** A receipt whose filing failed is tried again after this many seconds times its attempts so far. */
    static final int RETRY_AFTER_SECONDS = 30;

    private final JdbcClient jdbc;
    private final DirectSubmissionService direct;
    private final UserStore users;
    private final FileStore files;
    private final JsonMapper mapper;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final long pollMillis;
    private final int workers;
    private final long busyMillis;
    /** When the last receipt was taken in (System.nanoTime), for the workers to hold back while a rush lasts. */
    private final AtomicLong lastReceived = new AtomicLong(System.nanoTime() - TimeUnit.DAYS.toNanos(1));

    private ScheduledExecutorService worker;

    public Intake(
            JdbcClient jdbc,
            DirectSubmissionService direct,
            UserStore users,
            FileStore files,
            JsonMapper mapper,
            Clock clock,
            PlatformTransactionManager transactions,
            @Value("${ipaward.intake.poll-ms:200}") long pollMillis,
            @Value("${ipaward.intake.workers:2}") int workers,
            @Value("${ipaward.intake.busy-ms:1000}") long busyMillis) {
        this.jdbc = jdbc;
        this.direct = direct;
        this.users = users;
        this.files = files;
        this.mapper = mapper;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.pollMillis = pollMillis;
        if (workers < 1) {
            throw new IllegalArgumentException("ipaward.intake.workers must be at least 1, not " + workers);
        }
        this.workers = workers;
        this.busyMillis = busyMillis;
    }

    /** A receipt: its number, state, times, and the application made or the problem that refused it. */
    public record Receipt(
            long id,
            long userId,
            String idempotencyKey,
            String status,
            Instant receivedAt,
            Instant processedAt,
            Long applicationId,
            String problem) {}

    /** A receipt, and whether this request made it (false: a repeat with the same idempotency key). */
    public record Received(Receipt receipt, boolean created) {}

    /**
     * Receives a complete application: checks what needs no writing, refuses a file part that is empty or over
     * the upload limit, and stores the JSON as sent and the parts. With an idempotency key a repeat answers the
     * first receipt and stores nothing.
     */
    public Received receive(SubmissionInput in, String json, Map<String, MultipartFile> parts, String idempotencyKey) {
        UserAccount user = direct.precheck(in, parts);
        ApplicationService.requireIdempotencyKey(idempotencyKey);
        long limit = files.maxBytes();
        List<Object> params = new ArrayList<>();
        int seq = 0;
        for (Map.Entry<String, MultipartFile> e : parts.entrySet()) {
            MultipartFile f = e.getValue();
            String name = FileStore.sanitize(f.getOriginalFilename());
            if (f.isEmpty()) {
                throw ApiException.invalid(
                        e.getKey(), name, "upload.empty", "文件为空：" + name, "the file is empty: " + name);
            }
            if (f.getSize() > limit) {
                throw ApiException.invalid(
                        e.getKey(),
                        name,
                        "upload.too_large",
                        "文件超过大小上限（" + limit / (1024 * 1024) + " MB）：" + name,
                        "the file is over the size limit (" + limit / (1024 * 1024) + " MB): " + name);
            }
            try {
                params.addAll(List.of(
                        ++seq, e.getKey(), f.getOriginalFilename(), String.valueOf(f.getContentType()), f.getBytes()));
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }
        int count = seq;
        lastReceived.set(System.nanoTime());
        return tx.execute(status -> {
            Optional<Receipt> made = jdbc.sql(
                            """
                            insert into intake (user_id, idempotency_key, input, received_at) values (?, ?, ?, ?)
                            on conflict (user_id, idempotency_key) where idempotency_key is not null do nothing
                            returning *""")
                    .params(user.id(), idempotencyKey, json, Timestamp.from(clock.instant()))
                    .query((rs, n) -> receipt(rs))
                    .optional();
            if (made.isEmpty()) {
                return new Received(byKey(user.id(), idempotencyKey), false);
            }
            if (count > 0) {
                List<Object> all = new ArrayList<>(params.size() + count);
                for (int i = 0; i < count; i++) {
                    all.add(made.get().id());
                    all.addAll(params.subList(i * 5, i * 5 + 5));
                }
                jdbc.sql(InsertRows.sql(
                                "insert into intake_part (intake_id, seq, name, filename, content_type, content)",
                                6,
                                count))
                        .params(all)
                        .update();
            }
            return new Received(made.get(), true);
        });
    }

    private Receipt byKey(long userId, String key) {
        return jdbc.sql("select * from intake where user_id = ? and idempotency_key = ?")
                .params(userId, key)
                .query((rs, n) -> receipt(rs))
                .single();
    }

    /** A receipt, for its sender or staff; 404 {@code intake.not_found} for anyone else, as for none. */
    public Receipt get(long id) {
        UserAccount user = Actor.require();
        return jdbc.sql("select * from intake where id = ?")
                .param(id)
                .query((rs, n) -> receipt(rs))
                .optional()
                .filter(r -> r.userId() == user.id() || user.isStaff())
                .orElseThrow(() -> ApiException.notFound("intake", id));
    }

    /** How many receipts wait to be filed. */
    public long queued() {
        return jdbc.sql("select count(*) from intake where status = 'queued'")
                .query(Long.class)
                .single();
    }

    /**
     * Starts the workers ({@code ipaward.intake.workers}, 2 by default), which look for queued receipts every
     * {@code ipaward.intake.poll-ms} (0: no worker on this instance). Each worker takes the receipts of its share
     * of the senders ({@code user_id} modulo the number of workers), so one sender's receipts are filed one after
     * another in the order received.
     */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (pollMillis > 0) {
            start(pollMillis);
        }
    }

    /** Starts the workers, looking for queued receipts every {@code millis}, unless they run. */
    synchronized void start(long millis) {
        if (worker == null) {
            worker = Executors.newScheduledThreadPool(workers, r -> {
                Thread t = new Thread(r, "intake-worker");
                t.setDaemon(true);
                return t;
            });
            for (int k = 0; k < workers; k++) {
                int share = k;
                worker.scheduleWithFixedDelay(() -> drainQuietly(share), millis, millis, TimeUnit.MILLISECONDS);
            }
        }
    }

    @PreDestroy
    synchronized void stop() throws InterruptedException {
        if (worker != null) {
            worker.shutdown();
            worker.awaitTermination(30, TimeUnit.SECONDS);
            worker = null;
        }
    }

    /**
     * Files this worker's share of the queue. While receipts are arriving (one within the last {@code
     * ipaward.intake.busy-ms}, 1 s by default), the server's cores go to taking them in: the worker files one
     * receipt per poll and waits for the next, instead of emptying the queue; once the rush is over it files
     * all. {@code busy-ms} 0 never holds back.
     */
    private void drainQuietly(int share) {
        try {
            while (fileNext(workers, share) && !busy()) {
                // the next one
            }
        } catch (RuntimeException e) {
            log.warn("intake: the worker could not take the next receipt; it tries again", e);
        }
    }

    /** Whether receipts are arriving: one was taken in within the last {@code busy-ms}. */
    boolean busy() {
        return busyMillis > 0 && System.nanoTime() - lastReceived.get() < TimeUnit.MILLISECONDS.toNanos(busyMillis);
    }

    /** Files every queued receipt, oldest first; returns how many it took. */
    public int drain() {
        int n = 0;
        while (fileNext(1, 0)) {
            n++;
        }
        return n;
    }

    /** A queued receipt as the worker takes it. */
    private record Queued(long id, long userId, String key, String input, int attempts, Instant receivedAt) {}

    /**
     * Takes the oldest queued receipt no other worker holds and files it in one transaction with its outcome;
     * false when none is left. A refusal rolls the filing back and is recorded in a transaction of its own.
     */
    boolean fileNext(int shares, int share) {
        Outcome outcome = tx.execute(status -> {
            Optional<Queued> next = jdbc.sql(
                            """
                            select id, user_id, idempotency_key, input, attempts, received_at from intake
                            where status = 'queued' and user_id % ? = ?
                              and (attempts = 0 or processed_at + make_interval(secs => ? * attempts) < ?)
                            order by id limit 1 for update skip locked""")
                    .params(shares, share, RETRY_AFTER_SECONDS, Timestamp.from(clock.instant()))
                    .query((rs, n) -> new Queued(
                            rs.getLong("id"),
                            rs.getLong("user_id"),
                            rs.getString("idempotency_key"),
                            rs.getString("input"),
                            rs.getInt("attempts"),
                            rs.getTimestamp("received_at").toInstant()))
                    .optional();
            if (next.isEmpty()) {
                return null;
            }
            Queued q = next.get();
            try {
                long applicationId = file(q);
                jdbc.sql(
                                """
                                update intake set status = 'done', processed_at = ?, application_id = ?, attempts = attempts + 1
                                where id = ?""")
                        .params(Timestamp.from(clock.instant()), applicationId, q.id())
                        .update();
                jdbc.sql("delete from intake_part where intake_id = ?")
                        .param(q.id())
                        .update();
                return Outcome.DONE;
            } catch (ApiException e) {
                status.setRollbackOnly();
                return new Outcome(q, problem(e.status(), e.key(), e.messageZh(), e.messageEn(), e.errors()), false);
            } catch (ConstraintViolationException e) {
                status.setRollbackOnly();
                return new Outcome(
                        q, problem(HttpStatus.BAD_REQUEST, "input.invalid", "输入有误", "invalid input", List.of()), false);
            } catch (RuntimeException e) {
                status.setRollbackOnly();
                log.warn("intake: receipt {} could not be filed (attempt {})", q.id(), q.attempts() + 1, e);
                return new Outcome(
                        q,
                        problem(
                                HttpStatus.INTERNAL_SERVER_ERROR,
                                "intake.failed",
                                "系统未能处理这份申报，请重新提交（不会重复创建申报）",
                                "the system could not file this application; send it again (it will not be filed twice)",
                                List.of()),
                        true);
            }
        });
        if (outcome == null) {
            return false;
        }
        if (outcome != Outcome.DONE) {
            record(outcome);
        }
        return !outcome.retry(); // after a failure, the rest waits for the next poll
    }

    /** What filing a receipt came to: done, refused, or failed for another reason (retried). */
    private record Outcome(Queued queued, String problem, boolean retry) {
        static final Outcome DONE = new Outcome(null, null, false);
    }

    private void record(Outcome o) {
        tx.executeWithoutResult(status -> {
            if (o.retry() && o.queued().attempts() + 1 < MAX_ATTEMPTS) {
                // while queued, processed_at is the last attempt's time, for the back-off
                jdbc.sql(
                                """
                                update intake set attempts = attempts + 1, processed_at = ?
                                where id = ? and status = 'queued'""")
                        .params(Timestamp.from(clock.instant()), o.queued().id())
                        .update();
                return;
            }
            int n = jdbc.sql(
                            """
                            update intake set status = ?, processed_at = ?, problem = cast(? as jsonb),
                                   attempts = attempts + 1
                            where id = ? and status = 'queued'""")
                    .params(
                            o.retry() ? "failed" : "refused",
                            Timestamp.from(clock.instant()),
                            o.problem(),
                            o.queued().id())
                    .update();
            if (n == 1 && !o.retry()) { // a failed receipt keeps its parts: nothing it was sent with is lost
                jdbc.sql("delete from intake_part where intake_id = ?")
                        .param(o.queued().id())
                        .update();
            }
        });
    }

    /** Files a receipt as its sender, as of its receipt time; returns the application. */
    private long file(Queued q) {
        UserAccount user = users.byId(q.userId())
                .filter(u -> u.isEnabled() && u.isAccountNonLocked())
                .orElseThrow(() -> ApiException.forbidden(
                        "auth.account_disabled", "申报人账户已停用或锁定", "the applicant's account is disabled or locked"));
        SubmissionInput in = mapper.readValue(q.input(), SubmissionInput.class);
        Map<String, MultipartFile> parts = new LinkedHashMap<>();
        jdbc.sql("select name, filename, content_type, content from intake_part where intake_id = ? order by seq")
                .param(q.id())
                .query((rs, n) -> new BytesFile(
                        rs.getString("name"),
                        rs.getString("filename"),
                        rs.getString("content_type"),
                        rs.getBytes("content")))
                .list()
                .forEach(p -> parts.put(p.getName(), p));
        SecurityContext before = SecurityContextHolder.getContext();
        SecurityContext ctx = SecurityContextHolder.createEmptyContext();
        ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(ctx);
        try {
            return ReceivedAt.during(
                    q.receivedAt(), () -> direct.submit(in, parts, q.key()).id());
        } finally {
            SecurityContextHolder.setContext(before);
        }
    }

    private String problem(
            HttpStatus status, String key, String zh, String en, List<ApiException.FieldProblem> errors) {
        ProblemDetail p = ProblemHandler.problem(status, key, zh, en, errors);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", p.getStatus());
        m.put("title", p.getTitle());
        m.put("detail", p.getDetail());
        if (p.getType() != null) {
            m.put("type", p.getType().toString());
        }
        if (p.getProperties() != null) {
            m.putAll(p.getProperties());
        }
        return mapper.writeValueAsString(m);
    }

    private static Receipt receipt(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp processed = rs.getTimestamp("processed_at");
        return new Receipt(
                rs.getLong("id"),
                rs.getLong("user_id"),
                rs.getString("idempotency_key"),
                rs.getString("status"),
                rs.getTimestamp("received_at").toInstant(),
                processed == null ? null : processed.toInstant(),
                rs.getObject("application_id", Long.class),
                rs.getString("problem"));
    }
}

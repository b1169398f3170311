package org.ipaward.server.application;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.config.Like;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deadline-day intake as staff watch it ({@code /workbench/intake}, {@code GET /api/intake}): how many receipts
 * are in each state, how old the oldest queued one is, how many came in and were filed in the last minute, the
 * receipts newest first (by state, by sender or idempotency key), and putting a failed receipt back in the queue.
 * Reads and one guarded update; the filing itself is {@link Intake}'s and is not changed here.
 */
@Repository
public class IntakeQueue {
    /** The states of a receipt, in the order the page shows them. */
    public static final List<String> STATUSES = List.of("queued", "done", "refused", "failed");

    /** The window of the rates: receipts received, and filed, within the last minute. */
    public static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    /** The counts by state, the oldest queued receipt's time and age, and the last minute's rates. */
    public record Summary(
            Map<String, Long> counts,
            Instant oldestQueued,
            Duration oldestQueuedAge,
            long receivedLastMinute,
            long filedLastMinute) {
        public long queued() {
            return counts.getOrDefault("queued", 0L);
        }

        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The oldest queued receipt's age in whole seconds, or {@code null} when none is queued. */
        public Long oldestQueuedSeconds() {
            return oldestQueuedAge == null ? null : oldestQueuedAge.toSeconds();
        }
    }

    /**
     * The problem that refused (or failed) a receipt, as stored: the answer's status, its stable key, the message
     * in Chinese and English, and the field problems.
     */
    public record Problem(int status, String key, String zh, String en, List<ApiException.FieldProblem> errors) {}

    /** One receipt as the list shows it. */
    public record Row(
            long id,
            String idempotencyKey,
            String status,
            int attempts,
            Instant receivedAt,
            Instant processedAt,
            Long applicationId,
            String applicationNo,
            long userId,
            String username,
            String displayName,
            String subjectName,
            int partsKept,
            Problem problem,
            String problemJson) {
        /** Whether staff may put it back in the queue: only a failed receipt (a refusal was the answer). */
        public boolean requeueable() {
            return "failed".equals(status);
        }
    }

    /** What the list asks for; either may be {@code null} (every state, no search). */
    public record Filter(String status, String q) {}

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final JsonMapper mapper;
    private final Clock clock;

    public IntakeQueue(JdbcClient jdbc, AuditLog audit, JsonMapper mapper, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Refuses a state that is not one of {@link #STATUSES} (400 {@code intake.status_unknown}). */
    public static void check(Filter f) {
        if (f.status() != null && !STATUSES.contains(f.status())) {
            throw ApiException.invalid(
                    "status",
                    f.status(),
                    "intake.status_unknown",
                    "未知的回执状态；可选：" + String.join("、", STATUSES),
                    "unknown receipt status; one of " + String.join(", ", STATUSES));
        }
    }

    /** The queue at a glance, in one pass over the receipts. */
    @Transactional(readOnly = true)
    public Summary summary() {
        Instant now = clock.instant();
        Timestamp since = Timestamp.from(now.minus(RATE_WINDOW));
        Map<String, Long> counts = new LinkedHashMap<>();
        STATUSES.forEach(s -> counts.put(s, 0L));
        Instant[] oldest = {null};
        long[] rates = {0, 0};
        jdbc.sql(
                        """
                        select status, count(*),
                               min(received_at) filter (where status = 'queued'),
                               count(*) filter (where received_at > ?),
                               count(*) filter (where status <> 'queued' and processed_at > ?)
                        from intake group by status""")
                .params(since, since)
                .query((rs, n) -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                    Timestamp t = rs.getTimestamp(3);
                    if (t != null) {
                        oldest[0] = t.toInstant();
                    }
                    rates[0] += rs.getLong(4);
                    rates[1] += rs.getLong(5);
                    return null;
                })
                .list();
        Duration age = null;
        if (oldest[0] != null) {
            Duration d = Duration.between(oldest[0], now);
            age = d.isNegative() ? Duration.ZERO : d;
        }
        return new Summary(counts, oldest[0], age, rates[0], rates[1]);
    }

    private static final String FROM = " from intake i join app_user u on u.id = i.user_id"
            + " left join application a on a.id = i.application_id"
            + " left join subject s on s.id = coalesce(a.subject_id,"
            + " case when strpos(i.input, '\"subject_id\"') > 0" // the cheap test first: most name none
            + " then cast(substring(i.input from '\"subject_id\"\\s*:\\s*(\\d{1,18})') as bigint) end,"
            + " u.subject_id)";

    /**
     * Receipts, newest first: of one state (or all), whose sender's user name or display name, subject name or
     * idempotency key contains {@code q} (or whose number is {@code q}). The subject is the application's once
     * filed, else the one the receipt names ({@code subject_id}, an agency filing for a client), else the sender's.
     */
    @Transactional(readOnly = true)
    public PageResult<Row> search(Filter f, Paging paging) {
        check(f);
        StringBuilder where = new StringBuilder(" where true");
        List<Object> params = new ArrayList<>();
        if (f.status() != null) {
            where.append(" and i.status = ?");
            params.add(f.status());
        }
        if (f.q() != null && !f.q().isBlank()) {
            String q = f.q().strip();
            String like = Like.containing(q);
            where.append(" and (u.username ilike ? or u.display_name ilike ? or s.name ilike ?"
                    + " or i.idempotency_key ilike ?");
            params.addAll(List.of(like, like, like, like));
            if (q.matches("\\d{1,18}")) {
                where.append(" or i.id = ?");
                params.add(Long.valueOf(q));
            }
            where.append(")");
        }
        // without a search the count needs no sender or subject (every receipt has its sender)
        boolean search = f.q() != null && !f.q().isBlank();
        long total = jdbc.sql("select count(*)" + (search ? FROM : " from intake i") + where)
                .params(params)
                .query(Long.class)
                .single();
        List<Object> page = new ArrayList<>(params);
        page.add(paging.size());
        page.add(paging.offset());
        List<Row> rows = jdbc.sql(
                        """
                        select i.id, i.idempotency_key, i.status, i.attempts, i.received_at, i.processed_at,
                               i.application_id, a.no, i.user_id, u.username, u.display_name, s.name,
                               (select count(*) from intake_part p where p.intake_id = i.id) as parts,
                               cast(i.problem as text) as problem"""
                                + FROM + where + " order by i.id desc limit ? offset ?")
                .params(page)
                .query((rs, n) -> row(rs))
                .list();
        return new PageResult<>(rows, total, paging.page(), paging.size());
    }

    /**
     * Puts a failed receipt back in the queue (state queued, attempts 0, its problem cleared) for the workers to
     * file again with the parts it kept, and records {@code intake.requeue}. Only a failed receipt: a refused one
     * was answered its refusal, a done one made its application, a queued one is waiting already — each 409 with
     * a reason; none 404. Two people pressing at once: the row is locked and checked, so one of them puts it back
     * and the other is told it is queued already.
     */
    @Transactional
    public void requeue(long id) {
        record Current(String status, int attempts, String problemKey, int parts) {}
        Current c = jdbc.sql(
                        """
                        select status, attempts, problem ->> 'key',
                               (select count(*) from intake_part p where p.intake_id = i.id)
                        from intake i where id = ? for update""")
                .param(id)
                .query((rs, n) -> new Current(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getInt(4)))
                .optional()
                .orElseThrow(() -> ApiException.notFound("intake", id));
        switch (c.status()) {
            case "refused" ->
                throw ApiException.conflict(
                        "intake.requeue_refused",
                        "回执 " + id + " 已被拒（未通过检查，申报人已收到拒绝原因），不能重新排队；请申报人改正后重新提交",
                        "receipt " + id + " was refused (its sender has the reason); it cannot be queued again — the"
                                + " sender corrects it and sends it again");
            case "done" ->
                throw ApiException.conflict(
                        "intake.requeue_done",
                        "回执 " + id + " 已提交（已生成申报），不能重新排队",
                        "receipt " + id + " is done (its application was made); it cannot be queued again");
            case "queued" ->
                throw ApiException.conflict(
                        "intake.requeue_queued",
                        "回执 " + id + " 已在排队中（可能已有其他工作人员将其重新排队）",
                        "receipt " + id + " is queued already (someone else may have put it back)");
            default -> {
                // failed: put back below
            }
        }
        int n = jdbc.sql(
                        """
                        update intake set status = 'queued', attempts = 0, processed_at = null, problem = null
                        where id = ? and status = 'failed'""")
                .param(id)
                .update();
        if (n != 1) { // cannot happen while the row is locked; kept as the guard the update is
            throw ApiException.conflict(
                    "intake.requeue_queued",
                    "回执 " + id + " 已不是“失败”状态，未重新排队",
                    "receipt " + id + " is no longer failed; not queued again");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("attempts", c.attempts());
        details.put("problem_key", c.problemKey());
        details.put("parts_kept", c.parts());
        audit.record("intake.requeue", "intake", id, details);
    }

    private Row row(ResultSet rs) throws SQLException {
        Timestamp processed = rs.getTimestamp("processed_at");
        String problem = rs.getString("problem");
        return new Row(
                rs.getLong("id"),
                rs.getString("idempotency_key"),
                rs.getString("status"),
                rs.getInt("attempts"),
                rs.getTimestamp("received_at").toInstant(),
                processed == null ? null : processed.toInstant(),
                rs.getObject("application_id", Long.class),
                rs.getString("no"),
                rs.getLong("user_id"),
                rs.getString("username"),
                rs.getString("display_name"),
                rs.getString("name"),
                rs.getInt("parts"),
                problem(problem),
                problem);
    }

    /** The stored problem JSON ({@code Intake} writes it as the API's problem+json) read back; null for none. */
    Problem problem(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode p = mapper.readTree(json);
            String zh = text(p, "detail");
            if (zh == null) {
                zh = text(p, "title");
            }
            List<ApiException.FieldProblem> errors = new ArrayList<>();
            JsonNode list = p.get("errors");
            if (list != null && list.isArray()) {
                for (JsonNode e : list) {
                    errors.add(new ApiException.FieldProblem(
                            text(e, "field"),
                            text(e, "value"),
                            text(e, "key"),
                            text(e, "message"),
                            text(e, "message_en")));
                }
            }
            return new Problem(
                    p.path("status").asInt(0), text(p, "key"), zh, text(p, "message_en"), List.copyOf(errors));
        } catch (JacksonException e) {
            return new Problem(0, null, json, json, List.of());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}

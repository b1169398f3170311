package org.ipaward.server.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.ipaward.server.config.InsertRows;
import org.ipaward.server.config.Like;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log: append-only (the database refuses updates, deletes and truncation) and hash-chained —
 * each record's hash covers the previous record's hash and the record's own canonical form, so changing
 * or removing any record breaks every hash after it. Records are written in the caller's transaction:
 * what is rolled back leaves no record, and what is committed always has one.
 */
@Service
public class AuditLog {
    public static final String GENESIS = "0".repeat(64);
    private static final long CHAIN_LOCK = 0x1a0d17L;

    /** One record as stored. */
    public record Entry(
            long seq,
            Instant at,
            @JsonProperty("actor_id") Long actorId,
            String actor,
            String role,
            String action,
            @JsonProperty("target_type") String targetType,
            @JsonProperty("target_id") String targetId,
            String details,
            String ip,
            @JsonProperty("prev_hash") String prevHash,
            String hash) {}

    /**
     * The result of checking the chain: how many records were checked, the first broken one if any (with
     * the problem, in Chinese and English), and the hash of the last intact record — note it down to
     * detect later removal of records from the end.
     */
    public record Verification(
            boolean ok,
            long records,
            @JsonProperty("broken_at") Long brokenAt,
            String problem,
            @JsonProperty("last_hash") String lastHash) {}

    /**
     * What to look for: an action prefix ({@code application.}), the actor's user name, the target's type
     * and id, a time range (from inclusive, to exclusive) and words in the details (case-insensitive).
     * Null or blank parts do not filter.
     */
    public record Filter(
            String action, String actor, String targetType, String targetId, Instant from, Instant to, String text) {}

    /** How often {@link #verify(LongConsumer)} reports the records checked so far. */
    static final int PROGRESS_EVERY = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final JsonMapper json = JsonMapper.builder().build();

    public AuditLog(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(1000);
    }

    /**
     * Records an action by the current user (or the system when nobody is signed in). Inside a transaction
     * the record is written just before the transaction commits (see {@link #record(Long, String, String,
     * String, String, Object, Map)}).
     */
    @Transactional
    public void record(String action, String targetType, Object targetId, Map<String, ?> details) {
        UserAccount u = Actor.current().orElse(null);
        if (u == null) {
            record(null, "system", "SYSTEM", action, targetType, targetId, details);
        } else {
            record(u.id(), u.username(), u.primaryRole().name(), action, targetType, targetId, details);
        }
    }

    /**
     * Records an action in the caller's transaction. The record is appended to the chain just before that
     * transaction commits, with every other record of the transaction, in the order they were recorded: the
     * chain's lock is then held only for those inserts and the commit, not for the rest of the transaction,
     * so concurrent writers wait on each other only that long. What is rolled back leaves no record; what is
     * committed always has its records, and the chain stays gapless and verifiable. Reads of the log in the
     * same transaction ({@link #verify()}, {@link #search}, {@link #count()}) see the records made so far.
     */
    @Transactional
    public void record(
            Long actorId,
            String actor,
            String role,
            String action,
            String targetType,
            Object targetId,
            Map<String, ?> details) {
        Pending p = new Pending(
                actorId,
                actor,
                role,
                action,
                targetType,
                targetId == null ? null : String.valueOf(targetId),
                canonical(details == null ? Map.of() : details),
                clientIp());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            pendingOfTransaction().add(p);
        } else {
            append(List.of(p));
        }
    }

    /**
     * Records an action at once (writing first whatever the transaction has recorded before) and returns the
     * record as stored, with its sequence number and hash.
     */
    @Transactional
    public Entry recordNow(
            Long actorId,
            String actor,
            String role,
            String action,
            String targetType,
            Object targetId,
            Map<String, ?> details) {
        flush();
        List<Entry> written = append(List.of(new Pending(
                actorId,
                actor,
                role,
                action,
                targetType,
                targetId == null ? null : String.valueOf(targetId),
                canonical(details == null ? Map.of() : details),
                clientIp())));
        return written.get(0);
    }

    /** Writes the records the current transaction has made so far (they are otherwise written at commit). */
    public void flush() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
            if (s instanceof TransactionRecords r && r.owner == this) {
                r.write();
            }
        }
    }

    /** A record not yet in the chain: everything but its sequence number, time and hashes. */
    private record Pending(
            Long actorId,
            String actor,
            String role,
            String action,
            String targetType,
            String targetId,
            String details,
            String ip) {}

    /** The records of one transaction, written to the chain before it commits. */
    private static final class TransactionRecords implements TransactionSynchronization {
        private final AuditLog owner;
        private final List<Pending> pending = new ArrayList<>();

        TransactionRecords(AuditLog owner) {
            this.owner = owner;
        }

        void write() {
            if (!pending.isEmpty()) {
                List<Pending> batch = List.copyOf(pending);
                pending.clear();
                owner.append(batch);
            }
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            write();
        }

        @Override
        public void afterCompletion(int status) {
            pending.clear();
        }
    }

    private List<Pending> pendingOfTransaction() {
        for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
            if (s instanceof TransactionRecords r && r.owner == this) {
                return r.pending;
            }
        }
        TransactionRecords r = new TransactionRecords(this);
        TransactionSynchronizationManager.registerSynchronization(r);
        return r.pending;
    }

    /** Records per insert statement when a transaction's records are appended. */
    static final int INSERT_ROWS = 500;

    /**
     * Appends records to the chain: takes the chain's lock (held until the transaction ends), reads the last
     * record, and inserts each with the next sequence number, the time now and its hash.
     */
    private List<Entry> append(List<Pending> records) {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query().singleRow();
        record Last(long seq, String hash) {}
        Last last = jdbc.sql("select seq, hash from audit_log order by seq desc limit 1")
                .query((rs, n) -> new Last(rs.getLong(1), rs.getString(2)))
                .optional()
                .orElse(new Last(0, GENESIS));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long seq = last.seq();
        String prev = last.hash();
        List<Entry> out = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (Pending p : records) {
            seq++;
            Entry e = new Entry(
                    seq,
                    at,
                    p.actorId(),
                    p.actor(),
                    p.role(),
                    p.action(),
                    p.targetType(),
                    p.targetId(),
                    p.details(),
                    p.ip(),
                    prev,
                    null);
            String hash = hash(e);
            rows.add(new Object[] {
                e.seq(),
                Timestamp.from(e.at()),
                e.actorId(),
                e.actor(),
                e.role(),
                e.action(),
                e.targetType(),
                e.targetId(),
                e.details(),
                e.ip(),
                e.prevHash(),
                hash
            });
            out.add(new Entry(
                    e.seq(),
                    e.at(),
                    e.actorId(),
                    e.actor(),
                    e.role(),
                    e.action(),
                    e.targetType(),
                    e.targetId(),
                    e.details(),
                    e.ip(),
                    e.prevHash(),
                    hash));
            prev = hash;
        }
        // one statement per INSERT_ROWS records (a bulk import's transaction may record thousands; a statement
        // takes at most 65,535 parameters)
        for (int from = 0; from < rows.size(); from += INSERT_ROWS) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + INSERT_ROWS));
            List<Object> params = new ArrayList<>(chunk.size() * 12);
            for (Object[] row : chunk) {
                params.addAll(Arrays.asList(row));
            }
            jdbc.sql(InsertRows.sql(
                            "insert into audit_log (seq, at, actor_id, actor, role, action, target_type, target_id,"
                                    + " details, ip, prev_hash, hash)",
                            12,
                            chunk.size()))
                    .params(params)
                    .update();
        }
        return out;
    }

    /**
     * Walks the whole chain in order (streamed, not loaded at once) and recomputes every hash; stops at the
     * first broken record.
     */
    @Transactional(readOnly = true)
    public Verification verify() {
        return verify(n -> {});
    }

    /**
     * As {@link #verify()}, telling {@code progress} how many records have been checked so far (every few
     * hundred records, and once at the end).
     */
    @Transactional(readOnly = true)
    public Verification verify(LongConsumer progress) {
        flush();
        String[] prev = {GENESIS};
        long[] expected = {1};
        long[] count = {0};
        Verification[] broken = {null};
        streaming.query("select * from audit_log order by seq", (RowCallbackHandler) rs -> {
            if (broken[0] != null) {
                return;
            }
            Entry e = read(rs);
            count[0]++;
            if (count[0] % PROGRESS_EVERY == 0) {
                progress.accept(count[0]);
            }
            String problem = null;
            if (e.seq() != expected[0]) {
                problem = "缺少第 " + expected[0] + (e.seq() - 1 > expected[0] ? "–" + (e.seq() - 1) : "")
                        + " 条记录 (missing record before seq " + e.seq() + ")";
            } else if (!e.prevHash().equals(prev[0])) {
                problem = "prev_hash 与前一条记录的哈希不符 (prev_hash does not match the record before)";
            } else if (!hash(e).equals(e.hash())) {
                problem = "哈希与记录内容不符，记录已被改动 (hash does not match the record's contents)";
            }
            if (problem != null) {
                broken[0] = new Verification(false, count[0], e.seq(), problem, prev[0]);
                return;
            }
            prev[0] = e.hash();
            expected[0] = e.seq() + 1;
        });
        progress.accept(count[0]);
        return broken[0] != null ? broken[0] : new Verification(true, count[0], null, null, prev[0]);
    }

    /** How many records the log holds. */
    @Transactional(readOnly = true)
    public long count() {
        flush();
        return jdbc.sql("select count(*) from audit_log").query(Long.class).single();
    }

    /** Records, newest first, filtered by action prefix, actor, target and time. */
    @Transactional(readOnly = true)
    public PageResult<Entry> search(
            String action, String actor, String targetType, String targetId, Instant from, Instant to, Paging paging) {
        return search(new Filter(action, actor, targetType, targetId, from, to, null), paging);
    }

    /** Records, newest first, matching the filter. */
    @Transactional(readOnly = true)
    public PageResult<Entry> search(Filter filter, Paging paging) {
        flush();
        String action = filter.action();
        String actor = filter.actor();
        String targetType = filter.targetType();
        String targetId = filter.targetId();
        Instant from = filter.from();
        Instant to = filter.to();
        StringBuilder where = new StringBuilder(" where true");
        List<Object> params = new ArrayList<>();
        if (action != null && !action.isBlank()) {
            where.append(" and action like ?");
            where.append(" escape '\\'");
            params.add(Like.escape(action) + "%");
        }
        if (actor != null && !actor.isBlank()) {
            where.append(" and actor = ?");
            params.add(actor);
        }
        if (targetType != null && !targetType.isBlank()) {
            where.append(" and target_type = ?");
            params.add(targetType);
        }
        if (targetId != null && !targetId.isBlank()) {
            where.append(" and target_id = ?");
            params.add(targetId);
        }
        if (from != null) {
            where.append(" and at >= ?");
            params.add(Timestamp.from(from));
        }
        if (to != null) {
            where.append(" and at < ?");
            params.add(Timestamp.from(to));
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            where.append(" and details ilike ? escape '\\'");
            params.add(Like.containing(filter.text().strip()));
        }
        long total = jdbc.sql("select count(*) from audit_log" + where)
                .params(params)
                .query(Long.class)
                .single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(paging.size());
        pageParams.add(paging.offset());
        List<Entry> items = jdbc.sql("select * from audit_log" + where + " order by seq desc limit ? offset ?")
                .params(pageParams)
                .query((rs, n) -> read(rs))
                .list();
        return new PageResult<>(items, total, paging.page(), paging.size());
    }

    private static Entry read(java.sql.ResultSet rs) throws java.sql.SQLException {
        Long actorId = rs.getObject("actor_id", Long.class);
        return new Entry(
                rs.getLong("seq"),
                rs.getTimestamp("at").toInstant(),
                actorId,
                rs.getString("actor"),
                rs.getString("role"),
                rs.getString("action"),
                rs.getString("target_type"),
                rs.getString("target_id"),
                rs.getString("details"),
                rs.getString("ip"),
                rs.getString("prev_hash"),
                rs.getString("hash"));
    }

    String hash(Entry e) {
        List<Object> fields = Arrays.asList(
                e.seq(),
                e.at().toString(),
                e.actorId(),
                e.actor(),
                e.role(),
                e.action(),
                e.targetType(),
                e.targetId(),
                e.ip(),
                e.details());
        String canonical = json.writeValueAsString(fields);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(e.prevHash().getBytes(StandardCharsets.US_ASCII));
            md.update((byte) '\n');
            md.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Details as JSON with map keys sorted at every level, so the same content always hashes alike. */
    public String canonical(Object details) {
        return org.ipaward.server.config.Json.canonical(details);
    }

    private static String clientIp() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            HttpServletRequest r = a.getRequest();
            return r.getRemoteAddr();
        }
        return null;
    }
}

package org.ipaward.server.application;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipaward.server.config.InsertRows;
import org.ipaward.server.config.Json;
import org.ipaward.server.config.TransactionMemo;
import org.ipaward.server.error.ApiException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The application, claim, material and event rows. */
@Repository
public class Applications {
    public record App(
            long id,
            String no,
            long roundId,
            long subjectId,
            long createdBy,
            Long agencyId,
            String state,
            Instant submittedAt,
            List<Object> returnItems,
            LocalDate returnDeadline,
            Long reviewerId,
            Long approverId,
            BigDecimal estimateTotal,
            BigDecimal approvedTotal,
            LocalDate publicityEnds,
            Instant createdAt,
            Instant updatedAt,
            int version) {}

    public record ClaimRow(
            long id,
            int seq,
            String measure,
            int matterYear,
            Map<String, Object> facts,
            Map<String, Object> cityAward,
            String engineStatus,
            BigDecimal engineAmount,
            Map<String, Object> engineResult,
            BigDecimal reviewedAmount,
            String reviewReason,
            BigDecimal finalAmount,
            List<Object> ledgerSnapshot) {
        ClaimRow withEngineResult(Map<String, Object> result) {
            return new ClaimRow(
                    id,
                    seq,
                    measure,
                    matterYear,
                    facts,
                    cityAward,
                    engineStatus,
                    engineAmount,
                    result,
                    reviewedAmount,
                    reviewReason,
                    finalAmount,
                    ledgerSnapshot);
        }
    }

    public record Material(
            long id,
            Long claimId,
            String kind,
            long fileId,
            String filename,
            String contentType,
            long size,
            String sha256,
            Instant attachedAt) {}

    public record Event(
            long id,
            String action,
            String fromState,
            String toState,
            Long actorId,
            String actorName,
            String role,
            String reason,
            Map<String, Object> details,
            String snapshotHash,
            Instant at) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    /**
     * The engine results this transaction has written, by claim: its full view, read in the same transaction
     * right after (the answer to each step of a draft), takes them from here instead of reading back and parsing
     * ~4.5 KB of JSON per claim. Forgotten when claims are replaced.
     */
    private final TransactionMemo<Long, Map<String, Object>> written = new TransactionMemo<>();

    private final TransactionMemo<Long, List<Material>> materials = new TransactionMemo<>();

    public Applications(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public Optional<App> find(long id) {
        return jdbc.sql("select * from application where id = ?")
                .param(id)
                .query(Applications::app)
                .optional();
    }

    public App get(long id) {
        return find(id).orElseThrow(() -> ApiException.notFound("application", id));
    }

    /** Locks the row for a state change; concurrent actions on one application queue here. */
    public App lock(long id) {
        return jdbc.sql("select * from application where id = ? for update")
                .param(id)
                .query(Applications::app)
                .optional()
                .orElseThrow(() -> ApiException.notFound("application", id));
    }

    public Optional<App> byIdempotencyKey(long userId, String key) {
        return jdbc.sql("select * from application where created_by = ? and idempotency_key = ?")
                .params(userId, key)
                .query(Applications::app)
                .optional();
    }

    public List<ClaimRow> claims(long applicationId) {
        Map<Long, Map<String, Object>> fresh = written.kept();
        if (fresh.isEmpty()) {
            return jdbc.sql("select * from claim where application_id = ? order by seq")
                    .param(applicationId)
                    .query((rs, n) -> claimRow(rs, true))
                    .list();
        }
        // the results this transaction has just written are not read back (nor parsed again)
        return jdbc.sql(
                        """
                        select id, seq, measure_id, matter_year, facts, city_award, engine_status, engine_amount,
                               case when id = any(?) then null else engine_result end as engine_result,
                               reviewed_amount, review_reason, final_amount, ledger_snapshot
                        from claim where application_id = ? order by seq""")
                .params(fresh.keySet().toArray(Long[]::new), applicationId)
                .query((rs, n) -> {
                    ClaimRow c = claimRow(rs, true);
                    Map<String, Object> result = fresh.get(c.id());
                    return result == null ? c : c.withEngineResult(result);
                })
                .list();
    }

    /**
     * The claims as stated — facts, city award, and the amounts, without the stored engine result and ledger
     * snapshot (those two fields are null): what the engine and the snapshot hash need, without parsing the
     * stored traces.
     */
    public List<ClaimRow> claimInputs(long applicationId) {
        return jdbc.sql(
                        """
                        select id, seq, measure_id, matter_year, facts, city_award, engine_status, engine_amount,
                               reviewed_amount, review_reason, final_amount
                        from claim where application_id = ? order by seq""")
                .param(applicationId)
                .query((rs, n) -> claimRow(rs, false))
                .list();
    }

    /** A claim row; without its stored engine result and ledger snapshot (null) unless {@code stored}. */
    private static ClaimRow claimRow(ResultSet rs, boolean stored) throws SQLException {
        return new ClaimRow(
                rs.getLong("id"),
                rs.getInt("seq"),
                rs.getString("measure_id"),
                rs.getInt("matter_year"),
                Json.map(rs.getString("facts")),
                Json.map(rs.getString("city_award")),
                rs.getString("engine_status"),
                rs.getBigDecimal("engine_amount"),
                stored ? Json.map(rs.getString("engine_result")) : null,
                rs.getBigDecimal("reviewed_amount"),
                rs.getString("review_reason"),
                rs.getBigDecimal("final_amount"),
                stored ? Json.list(rs.getString("ledger_snapshot")) : null);
    }

    /** An application's materials, read once per transaction until it attaches or removes one. */
    public List<Material> materials(long applicationId) {
        return materials.get(applicationId, this::readMaterials);
    }

    private List<Material> readMaterials(long applicationId) {
        return List.copyOf(jdbc.sql(
                        """
                        select m.id, m.claim_id, m.kind, m.file_id, m.attached_at, f.filename, f.content_type, f.size_bytes, f.sha256
                        from material m join stored_file f on f.id = m.file_id
                        where m.application_id = ? and not m.removed order by m.id""")
                .param(applicationId)
                .query((rs, n) -> new Material(
                        rs.getLong("id"),
                        rs.getObject("claim_id", Long.class),
                        rs.getString("kind"),
                        rs.getLong("file_id"),
                        rs.getString("filename"),
                        rs.getString("content_type"),
                        rs.getLong("size_bytes"),
                        rs.getString("sha256"),
                        rs.getTimestamp("attached_at").toInstant()))
                .list());
    }

    public List<Event> events(long applicationId) {
        return jdbc.sql("select * from application_event where application_id = ? order by id")
                .param(applicationId)
                .query((rs, n) -> new Event(
                        rs.getLong("id"),
                        rs.getString("action"),
                        rs.getString("from_state"),
                        rs.getString("to_state"),
                        rs.getObject("actor_id", Long.class),
                        rs.getString("actor_name"),
                        rs.getString("role"),
                        rs.getString("reason"),
                        Json.map(rs.getString("details")),
                        rs.getString("snapshot_hash"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    /** A new application's id and number. */
    public record Inserted(long id, String no) {}

    /**
     * Inserts a draft and gives it its number ({@code SB<year>-<id, 6 digits at least>}) in the same statement.
     */
    public Inserted insert(
            long roundId, long subjectId, long createdBy, Long agencyId, String idempotencyKey, int year) {
        return jdbc.sql(
                        """
                        with n as (select nextval(pg_get_serial_sequence('application', 'id')) as id)
                        insert into application (id, no, round_id, subject_id, created_by, agency_id, state, idempotency_key)
                        overriding system value
                        select n.id, 'SB' || ? || '-' || case when n.id < 1000000 then lpad(n.id::text, 6, '0') else n.id::text end,
                               ?, ?, ?, ?, 'draft', ?
                        from n returning id, no""")
                .params(year, roundId, subjectId, createdBy, agencyId, idempotencyKey)
                .query((rs, n) -> new Inserted(rs.getLong(1), rs.getString(2)))
                .single();
    }

    /** The claims of a new application (none yet); returns their ids in the given order. */
    public List<Long> insertClaims(long applicationId, List<NewClaim> claims) {
        if (claims.isEmpty()) {
            return List.of();
        }
        List<Object> params = new java.util.ArrayList<>(claims.size() * 6);
        for (NewClaim c : claims) {
            params.addAll(java.util.Arrays.asList(claimColumns(applicationId, c)));
        }
        String sql = InsertRows.sql(
                "insert into claim (application_id, seq, measure_id, matter_year, facts, city_award)",
                "(?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb))",
                claims.size());
        return jdbc.sql(sql + " returning id").params(params).query(Long.class).list();
    }

    /**
     * Makes the application's claims these, keyed by their sequence number: a claim kept (same seq) is
     * updated in place, so the materials attached to it stay attached; a claim dropped leaves its
     * materials on the application as a whole (listed, never lost).
     */
    public void replaceClaims(long applicationId, List<NewClaim> claims) {
        written.forget();
        materials.forget(); // a dropped claim's materials move to the application as a whole
        Integer[] kept = claims.stream().map(NewClaim::seq).toArray(Integer[]::new);
        jdbc.sql(
                        """
                        update material set claim_id = null
                        where claim_id in (select id from claim where application_id = ? and seq <> all(?))""")
                .params(applicationId, kept)
                .update();
        jdbc.sql("delete from claim where application_id = ? and seq <> all(?)")
                .params(applicationId, kept)
                .update();
        for (NewClaim c : claims) {
            jdbc.sql(
                            """
                            insert into claim (application_id, seq, measure_id, matter_year, facts, city_award)
                            values (?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb))
                            on conflict (application_id, seq) do update
                               set measure_id = excluded.measure_id, matter_year = excluded.matter_year,
                                   facts = excluded.facts, city_award = excluded.city_award,
                                   engine_status = null, engine_amount = null, engine_result = null""")
                    .params(claimColumns(applicationId, c))
                    .update();
        }
    }

    /** A claim's stated columns, in the order the inserts name them. */
    private static Object[] claimColumns(long applicationId, NewClaim c) {
        return new Object[] {
            applicationId,
            c.seq(),
            c.measure(),
            c.matterYear(),
            Json.write(c.facts()),
            c.cityAward() == null ? null : Json.write(c.cityAward())
        };
    }

    public record NewClaim(
            int seq, String measure, int matterYear, Map<String, Object> facts, Map<String, Object> cityAward) {}

    public void saveEstimate(long claimId, String status, BigDecimal amount, Map<String, Object> result) {
        saveEstimates(List.of(new Estimate(claimId, status, amount, result)));
    }

    /** One claim's live estimate: the engine's status, amount and result. */
    public record Estimate(long claimId, String status, BigDecimal amount, Map<String, Object> result) {}

    /**
     * Stores live estimates, in one JDBC batch. A claim whose estimate is exactly what is stored (status, amount
     * and the result's text) is left as it is: most draft steps (an upload, a removal, the submission) recompute
     * every claim and get the same results, and rewriting a ~4.5 KB result means a new row version, its TOAST
     * chunks compressed and logged again, for nothing.
     */
    public void saveEstimates(List<Estimate> estimates) {
        for (Estimate e : estimates) {
            written.put(e.claimId(), java.util.Collections.unmodifiableMap(e.result()));
        }
        String sql =
                """
                update claim set engine_status = v.status, engine_amount = v.amount, engine_result = cast(v.result as json)
                from (select cast(? as varchar) as status, cast(? as numeric) as amount, cast(? as text) as result,
                             cast(? as bigint) as id) v
                where claim.id = v.id
                  and (claim.engine_status is distinct from v.status or claim.engine_amount is distinct from v.amount
                       or claim.engine_result is null or cast(claim.engine_result as text) <> v.result)""";
        if (estimates.size() == 1) {
            Estimate e = estimates.get(0);
            jdbc.sql(sql)
                    .params(e.status(), e.amount(), Json.write(e.result()), e.claimId())
                    .update();
            return;
        }
        batch.batchUpdate(
                sql,
                estimates.stream()
                        .map(e -> new Object[] {e.status(), e.amount(), Json.write(e.result()), e.claimId()})
                        .toList());
    }

    /** A claim's id and measure, without its facts and results: enough to say what materials it still needs. */
    public record ClaimMeasure(long id, int seq, String measure) {}

    public List<ClaimMeasure> claimMeasures(long applicationId) {
        return jdbc.sql("select id, seq, measure_id from claim where application_id = ? order by seq")
                .param(applicationId)
                .query((rs, n) -> new ClaimMeasure(rs.getLong(1), rs.getInt(2), rs.getString(3)))
                .list();
    }

    /** The id of the claim with this sequence number, if the application has one. */
    public Optional<Long> claimId(long applicationId, int seq) {
        return jdbc.sql("select id from claim where application_id = ? and seq = ?")
                .params(applicationId, seq)
                .query(Long.class)
                .optional();
    }

    public void saveDecision(
            long claimId,
            String status,
            BigDecimal engineAmount,
            Map<String, Object> result,
            BigDecimal reviewed,
            String reason,
            BigDecimal finalAmount,
            List<Map<String, Object>> snapshot) {
        if (result != null) {
            written.put(claimId, java.util.Collections.unmodifiableMap(result));
        }
        jdbc.sql(
                        """
                        update claim set engine_status = ?, engine_amount = ?, engine_result = cast(? as json), reviewed_amount = ?,
                            review_reason = ?, final_amount = ?, ledger_snapshot = cast(? as jsonb) where id = ?""")
                .params(
                        status,
                        engineAmount,
                        Json.write(result),
                        reviewed,
                        reason,
                        finalAmount,
                        Json.write(snapshot),
                        claimId)
                .update();
    }

    public void amend(long claimId, BigDecimal finalAmount, String reason) {
        jdbc.sql(
                        "update claim set final_amount = ?, review_reason = coalesce(review_reason || '；', '') || ? where id = ?")
                .params(finalAmount, reason, claimId)
                .update();
    }

    public void clearDecision(long applicationId) {
        jdbc.sql(
                        "update claim set reviewed_amount = null, review_reason = null, final_amount = null, ledger_snapshot = null where application_id = ?")
                .param(applicationId)
                .update();
    }

    public void setFacts(long claimId, Map<String, Object> facts) {
        jdbc.sql("update claim set facts = cast(? as jsonb) where id = ?")
                .params(Json.write(facts), claimId)
                .update();
    }

    /** Moves the state and sets any of the named columns; bumps the version; returns the row as changed. */
    public App update(long id, String state, Map<String, Object> columns) {
        StringBuilder sql =
                new StringBuilder("update application set state = ?, version = version + 1, updated_at = now()");
        List<Object> params = new java.util.ArrayList<>();
        params.add(state);
        for (Map.Entry<String, Object> e : columns.entrySet()) {
            if (!e.getKey().matches("[a-z_]+")) {
                throw new IllegalArgumentException(e.getKey());
            }
            if (e.getKey().equals("return_items")) {
                sql.append(", return_items = cast(? as jsonb)");
                params.add(e.getValue() == null ? null : Json.write(e.getValue()));
            } else {
                sql.append(", ").append(e.getKey()).append(" = ?");
                Object v = e.getValue();
                params.add(
                        v instanceof Instant i
                                ? Timestamp.from(i)
                                : v instanceof LocalDate d ? java.sql.Date.valueOf(d) : v);
            }
        }
        sql.append(" where id = ? returning *");
        params.add(id);
        return jdbc.sql(sql.toString())
                .params(params)
                .query(Applications::app)
                .optional()
                .orElseThrow(() -> ApiException.notFound("application", id));
    }

    public void touch(long id) {
        jdbc.sql("update application set version = version + 1, updated_at = now() where id = ?")
                .param(id)
                .update();
    }

    /** As {@link #touch(long)}, writing the application's estimate total with it (one statement). */
    public void touch(long id, BigDecimal estimateTotal) {
        jdbc.sql("update application set estimate_total = ?, version = version + 1, updated_at = now() where id = ?")
                .params(estimateTotal, id)
                .update();
    }

    public void event(
            long applicationId,
            String action,
            String from,
            String to,
            Long actorId,
            String actorName,
            String role,
            String reason,
            Map<String, Object> details,
            String hash) {
        jdbc.sql(
                        """
                        insert into application_event (application_id, action, from_state, to_state, actor_id, actor_name, role, reason, details, snapshot_hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)""")
                .params(applicationId, action, from, to, actorId, actorName, role, reason, Json.write(details), hash)
                .update();
    }

    public long attach(long applicationId, Long claimId, String kind, long fileId) {
        materials.forget();
        return jdbc.sql(
                        "insert into material (application_id, claim_id, kind, file_id) values (?, ?, ?, ?) returning id")
                .params(applicationId, claimId, kind, fileId)
                .query(Long.class)
                .single();
    }

    /** A material to attach: its claim (null for the whole application), kind and stored file. */
    public record NewMaterial(Long claimId, String kind, long fileId) {}

    /** Attaches materials in one statement; their ids in the order given. */
    public List<Long> attachAll(long applicationId, List<NewMaterial> materials) {
        if (materials.isEmpty()) {
            return List.of();
        }
        this.materials.forget();
        List<Object> params = new ArrayList<>(materials.size() * 4);
        for (NewMaterial m : materials) {
            params.add(applicationId);
            params.add(m.claimId());
            params.add(m.kind());
            params.add(m.fileId());
        }
        String sql =
                InsertRows.sql("insert into material (application_id, claim_id, kind, file_id)", 4, materials.size());
        return jdbc.sql(sql + " returning id").params(params).query(Long.class).list();
    }

    public int detach(long applicationId, long materialId) {
        materials.forget();
        return jdbc.sql("update material set removed = true where id = ? and application_id = ? and not removed")
                .params(materialId, applicationId)
                .update();
    }

    static App app(ResultSet rs, int n) throws SQLException {
        Timestamp submitted = rs.getTimestamp("submitted_at");
        java.sql.Date deadline = rs.getDate("return_deadline");
        java.sql.Date ends = rs.getDate("publicity_ends");
        return new App(
                rs.getLong("id"),
                rs.getString("no"),
                rs.getLong("round_id"),
                rs.getLong("subject_id"),
                rs.getLong("created_by"),
                rs.getObject("agency_id", Long.class),
                rs.getString("state"),
                submitted == null ? null : submitted.toInstant(),
                Json.list(rs.getString("return_items")),
                deadline == null ? null : deadline.toLocalDate(),
                rs.getObject("reviewer_id", Long.class),
                rs.getObject("approver_id", Long.class),
                rs.getBigDecimal("estimate_total"),
                rs.getBigDecimal("approved_total"),
                ends == null ? null : ends.toLocalDate(),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"));
    }
}

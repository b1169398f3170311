package org.ipaward.server.ledger;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ipaward.engine.calc.Ledger;
import org.ipaward.engine.calc.LedgerEntry;
import org.ipaward.server.config.Json;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The awards ledger on PostgreSQL, behind the engine's {@link Ledger} port. Approvals take a transaction-
 * scoped advisory lock per policy before reading the ledger, so two approvals of the same policy are
 * serialised: the second sees the first's reservation and no cap (per subject, per year, per object, in
 * total, years of support, one-off titles) or round budget can be exceeded by racing approvals.
 */
@Service
public class LedgerService {
    /** An entry as stored, with its row id. */
    public record Row(long id, LedgerEntry entry, long applicationId, long claimId, long roundId, String status) {}

    /**
     * The ledger as one calculation sees it. Each cap's scope (a pool of measures, and the subject, year and
     * object keys the cap is counted per) is read once, when the calculator first asks for it, with a query
     * limited to that scope — not every live entry of the policy. It remembers which entries the calculator
     * saw, so the approval can store exactly the ledger state its amounts were computed against.
     */
    public static final class Snapshot implements Ledger {
        private final Function<Scope, List<Row>> source;
        private final Map<Scope, List<Row>> read = new HashMap<>();
        private final Map<Long, Row> seen = new LinkedHashMap<>();

        /** A snapshot over rows already in memory (in id order). */
        Snapshot(List<Row> rows) {
            List<Row> all = List.copyOf(rows);
            this.source = scope -> all;
        }

        /** A snapshot reading each scope's rows (in id order, at least those in the scope) when first asked. */
        Snapshot(Function<Scope, List<Row>> source) {
            this.source = source;
        }

        @Override
        public synchronized List<LedgerEntry> entries(Scope scope) {
            List<LedgerEntry> out = new ArrayList<>();
            for (Row r : read.computeIfAbsent(scope, source)) {
                if (scope.contains(r.entry())) {
                    out.add(r.entry());
                    seen.put(r.id(), r);
                }
            }
            return out;
        }

        /** The entries the calculator looked at, as plain data for the claim's ledger_snapshot column. */
        public synchronized List<Map<String, Object>> seen() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Row r : seen.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", r.id());
                m.put("policy", r.entry().policy());
                m.put("measure", r.entry().measure());
                m.put("subject", r.entry().subject());
                m.put("year", r.entry().year());
                m.put("amount", r.entry().amount().toPlainString());
                m.put("keys", r.entry().keys());
                out.add(m);
            }
            return out;
        }
    }

    private final JdbcClient jdbc;

    public LedgerService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises ledger writers of one policy until the current transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(String policyId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(?))")
                .param("ledger:" + policyId)
                .query()
                .singleRow();
    }

    /**
     * The live (not released) entries of a policy, leaving out one application's own, as the calculator asks
     * for them: each cap's scope is read with one query limited to its measures, and to its subject and year
     * when the cap is counted per subject or per year (index {@code ledger_policy_subject}). Read within the
     * caller's transaction, so under the policy's lock during an approval.
     */
    public Snapshot snapshot(String policyId, long excludeApplicationId) {
        return new Snapshot(scope -> scoped(policyId, excludeApplicationId, scope));
    }

    /** Every live entry of a policy but one application's, read at once (what {@link #snapshot} narrows). */
    @Transactional(readOnly = true)
    public Snapshot fullSnapshot(String policyId, long excludeApplicationId) {
        return new Snapshot(rows(
                "select * from ledger_entry where policy_id = ? and status <> 'released' and application_id <> ? order by id",
                List.of(policyId, excludeApplicationId)));
    }

    private List<Row> scoped(String policyId, long excludeApplicationId, Ledger.Scope scope) {
        if (!policyId.equals(scope.policy()) || scope.measures().isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder(
                "select * from ledger_entry where policy_id = ? and status <> 'released' and application_id <> ?");
        List<Object> params = new ArrayList<>(List.of(policyId, excludeApplicationId));
        if (scope.subject() != null) {
            sql.append(" and subject_ref = ?");
            params.add(scope.subject());
        }
        if (scope.year() != null) {
            sql.append(" and year = ?");
            params.add(scope.year());
        }
        sql.append(" and measure_id in (")
                .append(String.join(",", Collections.nCopies(scope.measures().size(), "?")))
                .append(") order by id");
        params.addAll(scope.measures());
        return rows(sql.toString(), params);
    }

    private List<Row> rows(String sql, List<Object> params) {
        return jdbc.sql(sql)
                .params(params)
                .query((rs, n) -> new Row(
                        rs.getLong("id"),
                        new LedgerEntry(
                                rs.getString("policy_id"),
                                rs.getString("measure_id"),
                                rs.getString("subject_ref"),
                                rs.getInt("year"),
                                rs.getBigDecimal("amount"),
                                keys(rs.getString("keys"))),
                        rs.getLong("application_id"),
                        rs.getLong("claim_id"),
                        rs.getLong("round_id"),
                        rs.getString("status")))
                .list();
    }

    /** Rebuilds a ledger from a stored snapshot, for re-deriving an award exactly. */
    public static Ledger fromSnapshot(List<Object> snapshot) {
        List<LedgerEntry> entries = new ArrayList<>();
        if (snapshot != null) {
            for (Object o : snapshot) {
                Map<?, ?> m = (Map<?, ?>) o;
                Map<String, String> keys = new LinkedHashMap<>();
                ((Map<?, ?>) m.get("keys")).forEach((k, v) -> keys.put(String.valueOf(k), String.valueOf(v)));
                entries.add(new LedgerEntry(
                        (String) m.get("policy"),
                        (String) m.get("measure"),
                        (String) m.get("subject"),
                        ((Number) m.get("year")).intValue(),
                        new BigDecimal(String.valueOf(m.get("amount"))),
                        keys));
            }
        }
        return Ledger.of(entries);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public long reserve(LedgerEntry e, BigDecimal amount, long applicationId, long claimId, long roundId) {
        return jdbc.sql(
                        """
                        insert into ledger_entry (policy_id, measure_id, subject_ref, year, amount, keys, application_id, claim_id, round_id, status)
                        values (?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, 'reserved') returning id""")
                .params(
                        e.policy(),
                        e.measure(),
                        e.subject(),
                        e.year(),
                        amount,
                        Json.write(e.keys()),
                        applicationId,
                        claimId,
                        roundId)
                .query(Long.class)
                .single();
    }

    /** Moves an application's live entries from one status to another; returns how many moved. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int move(long applicationId, String from, String to) {
        return jdbc.sql("update ledger_entry set status = ? where application_id = ? and status = ?")
                .params(to, applicationId, from)
                .update();
    }

    /** Releases every live entry of an application (rejection, send-back, objection upheld). */
    @Transactional(propagation = Propagation.MANDATORY)
    public int release(long applicationId) {
        return jdbc.sql(
                        "update ledger_entry set status = 'released', released_at = now() where application_id = ? and status <> 'released'")
                .param(applicationId)
                .update();
    }

    /** What a round has committed: reserved, approved and paid awards. */
    @Transactional(readOnly = true)
    public BigDecimal committed(long roundId) {
        return jdbc.sql("select coalesce(sum(amount), 0) from ledger_entry where round_id = ? and status <> 'released'")
                .param(roundId)
                .query(BigDecimal.class)
                .single();
    }

    /** The live entries of one application. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> ofApplication(long applicationId) {
        return jdbc.sql(
                        "select id, measure_id, year, amount, keys, status, claim_id from ledger_entry where application_id = ? order by id")
                .param(applicationId)
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong("id"));
                    m.put("measure", rs.getString("measure_id"));
                    m.put("year", rs.getInt("year"));
                    m.put("amount", rs.getBigDecimal("amount").toPlainString());
                    m.put("keys", keys(rs.getString("keys")));
                    m.put("status", rs.getString("status"));
                    m.put("claim_id", rs.getLong("claim_id"));
                    return m;
                })
                .list();
    }

    private static Map<String, String> keys(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Object> m = Json.map(json);
        if (m != null) {
            m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        }
        return out;
    }
}

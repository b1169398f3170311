package org.ipaward.server.round;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipaward.batch.claims.ClaimRow;
import org.ipaward.batch.claims.ClaimsFile;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.server.audit.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A round's submitted claims in the columns {@code ipaward simulate} replays ({@link ClaimsFile}): one row per
 * claim, applications in submission order, the facts as stated, the materials attached, and the amount
 * decided. The subject column is the USCC; a subject without one (a person) appears as {@code S<id>}, a
 * stable pseudonym, so that the ID number never leaves the server in an export.
 */
@Service
public class RoundClaimsExport {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final JdbcClient jdbc;
    private final RoundService rounds;
    private final AuditLog audit;

    public RoundClaimsExport(JdbcClient jdbc, RoundService rounds, AuditLog audit) {
        this.jdbc = jdbc;
        this.rounds = rounds;
        this.audit = audit;
    }

    /** The file, audited as {@code round.export_claims}; 404 when there is no such round. */
    @Transactional
    public byte[] export(long roundId, ClaimsFile.Format format) {
        Round round = rounds.get(roundId);
        List<ClaimRow> rows = rows(round);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ClaimsFile.Writer w = ClaimsFile.writer(out, format, ClaimsFile.Header.ZH)) {
            rows.forEach(w::write);
        }
        audit.record(
                "round.export_claims",
                "round",
                roundId,
                Map.of("format", format.name().toLowerCase(java.util.Locale.ROOT), "claims", rows.size()));
        return out.toByteArray();
    }

    private record Attached(Long claimId, String kind) {}

    List<ClaimRow> rows(Round round) {
        Map<Long, List<Attached>> materials = new HashMap<>();
        jdbc.sql(
                        """
                        select m.application_id, m.claim_id, m.kind from material m
                        join application a on a.id = m.application_id
                        where a.round_id = ? and not m.removed order by m.id""")
                .param(round.id())
                .query((rs, i) -> {
                    Long claim = rs.getObject("claim_id", Long.class);
                    materials
                            .computeIfAbsent(rs.getLong("application_id"), k -> new ArrayList<>())
                            .add(new Attached(claim, rs.getString("kind")));
                    return null;
                })
                .list();
        return jdbc.sql(
                        """
                        select a.id as app_id, a.no, a.submitted_at, c.id as claim_id, c.seq, s.id as subject_id, s.uscc,
                               s.name, s.kind, s.registered_region, s.household_region, s.served_regions::text as served,
                               s.mu_grade, c.measure_id, c.matter_year, c.facts::text as facts, c.final_amount
                        from claim c join application a on a.id = c.application_id join subject s on s.id = a.subject_id
                        where a.round_id = ? and a.submitted_at is not null
                        order by a.submitted_at, a.no, c.seq""")
                .param(round.id())
                .query((rs, i) -> {
                    long claimId = rs.getLong("claim_id");
                    Set<String> kinds = new LinkedHashSet<>();
                    for (Attached m : materials.getOrDefault(rs.getLong("app_id"), List.of())) {
                        if (m.claimId() == null || m.claimId() == claimId) {
                            kinds.add(m.kind());
                        }
                    }
                    String uscc = rs.getString("uscc");
                    Timestamp at = rs.getTimestamp("submitted_at");
                    BigDecimal awarded = rs.getBigDecimal("final_amount");
                    return new ClaimRow(
                            rs.getString("no"),
                            at.toInstant(),
                            rs.getInt("seq"),
                            uscc != null ? uscc : "S" + rs.getLong("subject_id"),
                            rs.getString("name"),
                            SubjectKind.fromId(rs.getString("kind")),
                            rs.getString("registered_region"),
                            rs.getString("household_region"),
                            strings(rs.getString("served")),
                            rs.getString("mu_grade"),
                            round.policyId(),
                            rs.getString("measure_id"),
                            rs.getInt("matter_year"),
                            facts(rs.getString("facts")),
                            List.copyOf(kinds),
                            awarded);
                })
                .list();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> facts(String json) {
        return json == null ? Map.of() : JSON.readValue(json, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(String json) {
        return json == null ? List.of() : JSON.readValue(json, List.class);
    }
}

package org.ipaward.server.web.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.Text;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.policy.PolicyRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every stored policy version (the {@code policy_version} table), grouped by policy, with what the
 * registry knows of each text (status, effective dates) and how many rounds pin it. Read-only.
 */
@Component
public class PolicyVersions {
    /** One stored version. {@code policy} is null when the stored text no longer loads. */
    public record Row(
            long id,
            String policyId,
            String label,
            String sha256,
            String engineVersion,
            Instant storedAt,
            long rounds,
            boolean current,
            Policy policy) {
        public Text title() {
            return policy == null ? null : policy.title();
        }

        public boolean draft() {
            return policy != null && policy.status() == Policy.Status.DRAFT;
        }

        public Text statusLabel() {
            return policy == null || policy.status() == null
                    ? null
                    : policy.status().label();
        }

        public LocalDate effectiveFrom() {
            return policy == null ? null : policy.effectiveFrom();
        }

        public LocalDate effectiveTo() {
            return policy == null ? null : policy.effectiveTo();
        }
    }

    /** A policy with its stored versions, newest first; {@code current} is the one new rounds use. */
    public record Group(String policyId, Row current, List<Row> versions) {
        public Row latest() {
            return current != null ? current : versions.get(0);
        }

        public long rounds() {
            return versions.stream().mapToLong(Row::rounds).sum();
        }
    }

    /** One version with its text. */
    public record Source(Row version, List<String> lines) {}

    private final JdbcClient jdbc;
    private final PolicyRegistry registry;

    public PolicyVersions(JdbcClient jdbc, PolicyRegistry registry) {
        this.jdbc = jdbc;
        this.registry = registry;
    }

    @Transactional(readOnly = true)
    public long count() {
        return jdbc.sql("select count(*) from policy_version").query(Long.class).single();
    }

    /** Every policy that has a stored version: those in use first (in the registry's order), then the others. */
    @Transactional(readOnly = true)
    public List<Group> groups() {
        Set<Long> current = registry.currentVersions().stream()
                .map(PolicyRegistry.Version::id)
                .collect(Collectors.toSet());
        Map<String, List<Row>> byPolicy = new LinkedHashMap<>();
        registry.currentVersions().forEach(v -> byPolicy.put(v.policyId(), new ArrayList<>()));
        jdbc
                .sql(SELECT + " order by v.policy_id, v.loaded_at desc, v.id desc")
                .query((rs, n) -> row(rs, current))
                .list()
                .stream()
                .map(this::withPolicy)
                .forEach(r -> byPolicy.computeIfAbsent(r.policyId(), k -> new ArrayList<>())
                        .add(r));
        List<Group> out = new ArrayList<>();
        byPolicy.forEach((id, rows) -> {
            if (!rows.isEmpty()) {
                Row cur = rows.stream().filter(Row::current).findFirst().orElse(null);
                out.add(new Group(id, cur, rows));
            }
        });
        return out;
    }

    /** One version with its stored text split into lines. */
    @Transactional(readOnly = true)
    public Source source(long id) {
        Set<Long> current = registry.currentVersions().stream()
                .map(PolicyRegistry.Version::id)
                .collect(Collectors.toSet());
        Row row = jdbc.sql(SELECT + " where v.id = ?")
                .param(id)
                .query((rs, n) -> row(rs, current))
                .optional()
                .map(this::withPolicy)
                .orElseThrow(() -> ApiException.notFound("policy", id));
        String yaml = jdbc.sql("select yaml from policy_version where id = ?")
                .param(id)
                .query(String.class)
                .single();
        return new Source(row, List.of(yaml.split("\r?\n", -1)));
    }

    private static final String SELECT =
            """
            select v.id, v.policy_id, v.version_label, v.sha256, v.engine_version, v.loaded_at,
                (select count(*) from round r where r.policy_version_id = v.id) as rounds
            from policy_version v""";

    private Row withPolicy(Row r) {
        Policy policy;
        try {
            policy = registry.version(r.id()).policy();
        } catch (RuntimeException e) {
            policy = null; // a text the engine of today no longer reads: shown without status or dates
        }
        return new Row(
                r.id(),
                r.policyId(),
                r.label(),
                r.sha256(),
                r.engineVersion(),
                r.storedAt(),
                r.rounds(),
                r.current(),
                policy);
    }

    private static Row row(java.sql.ResultSet rs, Set<Long> current) throws java.sql.SQLException {
        long id = rs.getLong("id");
        return new Row(
                id,
                rs.getString("policy_id"),
                rs.getString("version_label"),
                rs.getString("sha256"),
                rs.getString("engine_version"),
                rs.getTimestamp("loaded_at").toInstant(),
                rs.getLong("rounds"),
                current.contains(id),
                null);
    }
}

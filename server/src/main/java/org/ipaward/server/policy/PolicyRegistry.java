package org.ipaward.server.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.model.Policy;
import org.ipaward.server.crypto.Sha256;
import org.ipaward.server.error.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The policy versions the server knows. Every policy text the server has ever used is kept in the
 * database with its SHA-256, so an award can be re-derived under exactly the text it was computed with;
 * rounds point at a version, not at whatever file is bundled today. Calculators are built once per
 * version and shared (they are immutable and thread-safe).
 */
@Service
public class PolicyRegistry {
    private static final Logger log = LoggerFactory.getLogger(PolicyRegistry.class);

    /** A stored policy version: the loaded policy, its calculator, and where it came from. */
    public record Version(
            long id,
            String policyId,
            String label,
            String sha256,
            String engineVersion,
            Policy policy,
            Calculator calculator) {}

    private final JdbcClient jdbc;
    private final String engineVersion;
    private final Map<Long, Version> byId = new ConcurrentHashMap<>();
    private final Map<String, Long> current = new ConcurrentHashMap<>();

    public PolicyRegistry(JdbcClient jdbc, EngineVersion engineVersion) {
        this.jdbc = jdbc;
        this.engineVersion = engineVersion.value();
    }

    /** Registers the bundled policies (a new version row when a text changed) and makes them current. */
    @Transactional
    public synchronized void registerBundled() {
        try {
            Resource[] files =
                    new PathMatchingResourcePatternResolver().getResources("classpath*:policies/*/policy.yaml");
            for (Resource r : files) {
                String yaml;
                try (InputStream in = r.getInputStream()) {
                    yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                String folder = folderOf(r);
                Version v = register(yaml, "policies/" + folder + "/policy.yaml");
                current.put(v.policyId(), v.id());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled policies", e);
        }
        log.info("Policies in use: {}", current);
    }

    /** Stores a policy text (if new) and returns its version; the text must load without problems. */
    @Transactional
    public Version register(String yaml, String file) {
        Policy policy = PolicyLoader.parse(yaml, file);
        String sha = Sha256.hex(yaml);
        Long id = jdbc.sql("select id from policy_version where sha256 = ?")
                .param(sha)
                .query(Long.class)
                .optional()
                .orElse(null);
        if (id == null) {
            // a draft for comments has no publication date yet: its label says so
            String label =
                    (policy.published() == null ? "draft" : policy.published().toString()) + "-" + sha.substring(0, 8);
            id = jdbc.sql(
                            "insert into policy_version (policy_id, version_label, sha256, yaml, engine_version) values (?, ?, ?, ?, ?) returning id")
                    .params(policy.id(), label, sha, yaml, engineVersion)
                    .query(Long.class)
                    .single();
        }
        long vid = id;
        return byId.computeIfAbsent(vid, k -> load(k));
    }

    /** A version by id, loaded from its stored text on first use. */
    public Version version(long id) {
        Version v = byId.get(id);
        if (v != null) {
            return v;
        }
        return byId.computeIfAbsent(id, this::load);
    }

    /** The version of a policy the server uses for new rounds. */
    public Version currentVersion(String policyId) {
        Long id = current.get(policyId);
        if (id == null) {
            throw ApiException.notFound("policy", policyId);
        }
        return version(id);
    }

    /** The version of a policy the server uses for new rounds, if the policy is in use. */
    public Optional<Version> findCurrent(String policyId) {
        Long id = policyId == null ? null : current.get(policyId);
        return id == null ? Optional.empty() : Optional.of(version(id));
    }

    /** Every policy in use, in a stable order. */
    public List<Version> currentVersions() {
        List<Version> out = new ArrayList<>();
        new java.util.TreeMap<>(current).values().forEach(id -> out.add(version(id)));
        return out;
    }

    public String engineVersion() {
        return engineVersion;
    }

    private Version load(long id) {
        record Row(String policyId, String label, String sha, String yaml, String engine) {}
        Row row = jdbc.sql(
                        "select policy_id, version_label, sha256, yaml, engine_version from policy_version where id = ?")
                .param(id)
                .query((rs, n) ->
                        new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .optional()
                .orElseThrow(() -> ApiException.notFound("policy", id));
        Policy p = PolicyLoader.parse(row.yaml(), "policy_version/" + id + "/" + row.policyId() + ".yaml");
        return new Version(id, row.policyId(), row.label(), row.sha(), row.engine(), p, new Calculator(List.of(p)));
    }

    private static String folderOf(Resource r) throws IOException {
        String url = r.getURL().toString();
        String[] parts = url.split("/");
        return parts[parts.length - 2];
    }
}

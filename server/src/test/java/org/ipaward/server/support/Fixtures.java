package org.ipaward.server.support;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipaward.server.config.Json;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** Test data made directly in the database: users, subjects, rounds. Names are unique per call. */
@Component
public class Fixtures {
    public static final String PASSWORD = "Test-Passw0rd-for-ipaward";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final JdbcClient jdbc;
    private final UserStore users;
    private final PasswordEncoder encoder;
    private final PolicyRegistry policies;
    private volatile String hash;

    public Fixtures(JdbcClient jdbc, UserStore users, PasswordEncoder encoder, PolicyRegistry policies) {
        this.jdbc = jdbc;
        this.users = users;
        this.encoder = encoder;
        this.policies = policies;
    }

    public static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100000, 36);
    }

    /** A user with the roles (and subject, for applicants); returns the username. Password: {@link #PASSWORD}. */
    public String user(Long subjectId, Role... roles) {
        if (hash == null) {
            hash = encoder.encode(PASSWORD);
        }
        String name = unique(roles.length == 0 ? "user" : roles[0].name().toLowerCase());
        Set<Role> set = EnumSet.noneOf(Role.class);
        set.addAll(List.of(roles));
        users.create(name, "测试 " + name, hash, set, subjectId);
        return name;
    }

    public long enterprise(String name, String region) {
        return jdbc.sql("insert into subject (kind, name, registered_region) values ('enterprise', ?, ?) returning id")
                .params(name + " " + unique("co"), region)
                .query(Long.class)
                .single();
    }

    /** An open round for a policy's current version: open since an hour ago for 30 days. */
    public long round(String policyId, int year, String budget, String rule, String... measures) {
        PolicyRegistry.Version v = policies.currentVersion(policyId);
        List<String> ms = measures.length > 0
                ? List.of(measures)
                : v.policy().measures().stream().map(m -> m.id()).toList();
        Instant now = Instant.now();
        long creator = jdbc.sql("select id from app_user order by id limit 1")
                .query(Long.class)
                .single();
        return jdbc.sql(
                        """
                        insert into round (policy_version_id, policy_id, year, title, notice, opens_at, closes_at, measures, budget, budget_rule, created_by)
                        values (?, ?, ?, ?, '', ?, ?, cast(? as jsonb), ?, ?, ?) returning id""")
                .params(
                        v.id(),
                        policyId,
                        year,
                        unique("测试批次"),
                        Timestamp.from(now.minus(Duration.ofHours(1))),
                        Timestamp.from(now.plus(Duration.ofDays(30))),
                        Json.write(ms),
                        new BigDecimal(budget),
                        rule,
                        creator)
                .query(Long.class)
                .single();
    }
}

package org.ipaward.server.round;

import java.math.BigDecimal;
import java.util.UUID;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Minimal rows straight into the database: a subject, an application and its claims, ledger entries. */
final class Fixtures {
    private final JdbcClient jdbc;
    private final long userId;
    private final long subjectId;
    private int seq;

    Fixtures(JdbcClient jdbc, UserStore users, PasswordEncoder encoder) {
        this.jdbc = jdbc;
        this.userId = TestUsers.id(users, encoder, "rnd-fix", Role.APPLICANT);
        this.subjectId = jdbc.sql("insert into subject (kind, name) values ('enterprise', ?) returning id")
                .param("测试企业" + UUID.randomUUID().toString().substring(0, 8))
                .query(Long.class)
                .single();
    }

    long application(long roundId) {
        return jdbc.sql(
                        "insert into application (no, round_id, subject_id, created_by, state) values (?, ?, ?, ?, 'draft') returning id")
                .params(
                        "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 20),
                        roundId,
                        subjectId,
                        userId)
                .query(Long.class)
                .single();
    }

    void ledger(long roundId, long applicationId, String measureId, String amount, String status) {
        long claim = jdbc.sql(
                        "insert into claim (application_id, seq, measure_id, matter_year) values (?, ?, ?, 2025) returning id")
                .params(applicationId, ++seq, measureId)
                .query(Long.class)
                .single();
        jdbc.sql(
                        """
                        insert into ledger_entry (policy_id, measure_id, subject_ref, year, amount, application_id, claim_id,
                            round_id, status, released_at)
                        values ('pinggu-2025', ?, ?, 2025, ?, ?, ?, ?, ?, case when ? = 'released' then now() end)""")
                .params(
                        measureId,
                        "subject:" + subjectId,
                        new BigDecimal(amount),
                        applicationId,
                        claim,
                        roundId,
                        status,
                        status)
                .update();
    }
}

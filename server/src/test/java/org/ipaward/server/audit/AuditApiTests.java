package org.ipaward.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.TestUsers;
import org.ipaward.server.security.UserStore;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.ipaward.server.web.Paging;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class AuditApiTests extends ServerTest {
    @Autowired
    UserStore users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    String auditorName;
    Api.As auditor;

    @BeforeEach
    void signInAsAuditor() {
        auditorName = TestUsers.create(users, encoder, "aa-auditor", Role.AUDITOR);
        auditor = api.login(auditorName, TestUsers.PASSWORD);
    }

    private long count() {
        return jdbc.sql("select count(*) from audit_log").query(Long.class).single();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void auditorsAndAdministratorsSearchTheLogWithFilters() {
        String subject = "aa-target-" + System.nanoTime();
        Instant start = Instant.now().minusSeconds(1);
        audit.record(null, "aa-actor", "SYSTEM", "aa.first", "thing", subject, Map.of("n", 1, "zh", "第一"));
        audit.record(null, "aa-actor", "SYSTEM", "aa.second", "thing", subject, Map.of("n", 2));
        audit.record(null, "aa-other", "SYSTEM", "aa.second", "other", "x", Map.of());

        Api.Response all = auditor.get("/api/audit?action=aa.&size=200");
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.json().get("total").asLong()).isGreaterThanOrEqualTo(3);
        Api.Response byTarget = auditor.get("/api/audit?target_type=thing&target_id=" + subject);
        JsonNode items = byTarget.json().get("items");
        assertThat(byTarget.json().get("total").asLong()).isEqualTo(2);
        assertThat(items.get(0).get("action").asString()).as("newest first").isEqualTo("aa.second");
        assertThat(items.get(1).get("details").get("zh").asString()).isEqualTo("第一");
        assertThat(items.get(1).get("target_type").asString()).isEqualTo("thing");
        assertThat(items.get(1).get("hash").asString()).hasSize(64);
        assertThat(items.get(0).get("prev_hash").asString())
                .isEqualTo(items.get(1).get("hash").asString());

        assertThat(auditor.get("/api/audit?actor=aa-actor&action=aa.sec")
                        .json()
                        .get("total")
                        .asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(auditor.get("/api/audit?actor=aa-other&action=aa.")
                        .json()
                        .get("items")
                        .get(0)
                        .get("actor")
                        .asString())
                .isEqualTo("aa-other");
        assertThat(auditor.get("/api/audit?action=aa_&target_id=" + subject)
                        .json()
                        .get("total")
                        .asLong())
                .as("_ in a prefix is not a wildcard")
                .isZero();

        String from = q(start.toString());
        String to = q(Instant.now().plusSeconds(5).toString());
        assertThat(auditor.get("/api/audit?target_id=" + subject + "&from=" + from + "&to=" + to)
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(2);
        String later = q(Instant.now().plus(1, ChronoUnit.HOURS).toString());
        assertThat(auditor.get("/api/audit?target_id=" + subject + "&from=" + later)
                        .json()
                        .get("total")
                        .asLong())
                .isZero();
        String today = LocalDate.now(AuditController.ZONE).toString();
        assertThat(auditor.get("/api/audit?target_id=" + subject + "&from=" + today + "&to=" + today)
                        .json()
                        .get("total")
                        .asLong())
                .as("to=<date> includes that whole day")
                .isEqualTo(2);

        Api.Response badTime = auditor.get("/api/audit?from=yesterday");
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.json().get("key").asString()).isEqualTo("audit.time_invalid");
        assertThat(badTime.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
        assertThat(auditor.get("/api/audit?from=" + to + "&to=" + from)
                        .json()
                        .get("key")
                        .asString())
                .isEqualTo("audit.range_invalid");
        assertThat(auditor.get("/api/audit?page=-1").status()).isEqualTo(400);

        String adminName = TestUsers.create(users, encoder, "aa-admin", Role.SYSTEM_ADMIN);
        assertThat(api.login(adminName, TestUsers.PASSWORD).get("/api/audit").status())
                .isEqualTo(200);
        for (Role r : new Role[] {Role.APPLICANT, Role.REVIEWER, Role.APPROVER, Role.FINANCE, Role.POLICY_ADMIN}) {
            String n = TestUsers.create(users, encoder, "aa-" + r.name().toLowerCase(java.util.Locale.ROOT), r);
            Api.As as = api.login(n, TestUsers.PASSWORD);
            assertThat(as.get("/api/audit").status()).as(r.name()).isEqualTo(403);
            assertThat(as.get("/api/audit/verify").status()).as(r.name()).isEqualTo(403);
        }
    }

    @Test
    void verifyingTheChainReportsAndIsItselfAudited() {
        long before = count();
        Api.Response r = auditor.get("/api/audit/verify");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode v = r.json();
        assertThat(v.get("ok").asBoolean()).isTrue();
        assertThat(v.get("records").asLong()).isEqualTo(before);
        assertThat(v.get("broken_at").isNull()).isTrue();
        assertThat(v.get("problem").isNull()).isTrue();
        assertThat(v.get("last_hash").asString()).hasSize(64);
        assertThat(count()).isEqualTo(before + 1);
        var entry = audit.search("audit.verify", auditorName, null, null, null, null, Paging.of(0, 1))
                .items()
                .get(0);
        assertThat(entry.role()).isEqualTo("AUDITOR");
        assertThat(entry.details()).contains("\"ok\":true").contains("\"records\":" + before);
        assertThat(entry.prevHash()).isEqualTo(v.get("last_hash").asString());
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveAuditRecords() {
        audit.record(null, "aa-db", "SYSTEM", "aa.db", null, null, Map.of());
        long before = count();
        String lastHash = jdbc.sql("select hash from audit_log order by seq desc limit 1")
                .query(String.class)
                .single();
        assertThatThrownBy(() -> jdbc.sql("update audit_log set actor = 'mallory' where actor = 'aa-db'")
                        .update())
                .isInstanceOfSatisfying(DataAccessException.class, AuditApiTests::refusedAsAppendOnly);
        assertThatThrownBy(() ->
                        jdbc.sql("delete from audit_log where actor = 'aa-db'").update())
                .isInstanceOfSatisfying(DataAccessException.class, AuditApiTests::refusedAsAppendOnly);
        assertThatThrownBy(() -> jdbc.sql("delete from audit_log").update())
                .isInstanceOfSatisfying(DataAccessException.class, AuditApiTests::refusedAsAppendOnly);
        assertThatThrownBy(() -> jdbc.sql("truncate audit_log").update())
                .isInstanceOfSatisfying(DataAccessException.class, AuditApiTests::refusedAsAppendOnly);
        assertThat(count()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from audit_log where actor = 'mallory'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select hash from audit_log order by seq desc limit 1")
                        .query(String.class)
                        .single())
                .isEqualTo(lastHash);
        assertThat(audit.verify().ok()).isTrue();
    }

    private static void refusedAsAppendOnly(DataAccessException e) {
        assertThat(e.getMostSpecificCause().getMessage()).contains("table audit_log is append-only");
    }

    /** Runs the work in a transaction that is always rolled back, returning what it returned. */
    private <T> T rolledBack(java.util.function.Supplier<T> work) {
        return tx.execute(status -> {
            status.setRollbackOnly();
            return work.get();
        });
    }

    @Test
    void changingARecordBehindTheTriggersBackIsFoundAtThatRecord() {
        long[] seqs = new long[3];
        AuditLog.Verification v = rolledBack(() -> {
            for (int i = 0; i < 3; i++) {
                seqs[i] = audit.recordNow(
                                null, "aa-tamper", "SYSTEM", "aa.tamper", "thing", i, Map.of("amount", "100.00"))
                        .seq();
            }
            assertThat(audit.verify().ok()).isTrue();
            // the table owner can switch the trigger off inside this transaction; the chain still tells
            jdbc.sql("alter table audit_log disable trigger audit_log_append_only")
                    .update();
            jdbc.sql("update audit_log set details = ? where seq = ?")
                    .params("{\"amount\":\"900.00\"}", seqs[1])
                    .update();
            return audit.verify();
        });
        assertThat(v.ok()).isFalse();
        assertThat(v.brokenAt()).isEqualTo(seqs[1]);
        assertThat(v.records()).isEqualTo(seqs[1]);
        assertThat(v.problem()).contains("哈希与记录内容不符").contains("hash does not match");
        AuditLog.Verification after = audit.verify();
        assertThat(after.ok()).as("the change was rolled back").isTrue();
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'aa.tamper'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aRecordRemovedBehindTheTriggersBackIsFound() {
        long[] seqs = new long[3];
        AuditLog.Verification v = rolledBack(() -> {
            for (int i = 0; i < 3; i++) {
                seqs[i] = audit.recordNow(null, "aa-remove", "SYSTEM", "aa.remove", null, null, Map.of())
                        .seq();
            }
            jdbc.sql("alter table audit_log disable trigger audit_log_append_only")
                    .update();
            jdbc.sql("delete from audit_log where seq = ?").param(seqs[1]).update();
            return audit.verify();
        });
        assertThat(v.ok()).isFalse();
        assertThat(v.brokenAt()).isEqualTo(seqs[2]);
        assertThat(v.problem()).contains("缺少第 " + seqs[1] + " 条记录").contains("missing record");
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void aForgedRecordIsFound() {
        AuditLog.Verification wrongHash = rolledBack(() -> {
            AuditLog.Entry last = audit.recordNow(null, "aa-forge", "SYSTEM", "aa.forge", null, null, Map.of());
            jdbc.sql(
                            """
                            insert into audit_log (seq, at, actor, role, action, details, prev_hash, hash)
                            values (?, now(), 'mallory', 'SYSTEM_ADMIN', 'user.create', '{}', ?, ?)""")
                    .params(last.seq() + 1, last.hash(), "f".repeat(64))
                    .update();
            return audit.verify();
        });
        assertThat(wrongHash.ok()).isFalse();
        assertThat(wrongHash.problem()).contains("hash does not match");
        long forgedSeq = wrongHash.brokenAt();
        assertThat(forgedSeq).isEqualTo(wrongHash.records());

        AuditLog.Verification wrongLink = rolledBack(() -> {
            AuditLog.Entry last = audit.recordNow(null, "aa-forge", "SYSTEM", "aa.forge", null, null, Map.of());
            jdbc.sql(
                            """
                            insert into audit_log (seq, at, actor, role, action, details, prev_hash, hash)
                            values (?, now(), 'mallory', 'SYSTEM_ADMIN', 'user.create', '{}', ?, ?)""")
                    .params(last.seq() + 1, AuditLog.GENESIS, "e".repeat(64))
                    .update();
            return audit.verify();
        });
        assertThat(wrongLink.ok()).isFalse();
        assertThat(wrongLink.problem()).contains("prev_hash");

        AuditLog.Verification gap = rolledBack(() -> {
            AuditLog.Entry last = audit.recordNow(null, "aa-forge", "SYSTEM", "aa.forge", null, null, Map.of());
            jdbc.sql(
                            """
                            insert into audit_log (seq, at, actor, role, action, details, prev_hash, hash)
                            values (?, now(), 'mallory', 'SYSTEM_ADMIN', 'user.create', '{}', ?, ?)""")
                    .params(last.seq() + 2, last.hash(), "d".repeat(64))
                    .update();
            return audit.verify();
        });
        assertThat(gap.ok()).isFalse();
        assertThat(gap.problem()).contains("missing record");
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void thereIsNoWayToWriteAuditRecordsThroughTheApi() {
        String adminName = TestUsers.create(users, encoder, "aa-admin2", Role.SYSTEM_ADMIN);
        Api.As admin = api.login(adminName, TestUsers.PASSWORD);
        long seq = jdbc.sql("select max(seq) from audit_log").query(Long.class).single();
        for (Api.As as : new Api.As[] {admin, auditor}) {
            for (String path : new String[] {"/api/audit", "/api/audit/" + seq, "/api/audit/verify"}) {
                assertThat(as.post(path, Map.of("action", "x")).status())
                        .as("POST " + path)
                        .isIn(404, 405);
                assertThat(as.put(path, Map.of("action", "x")).status())
                        .as("PUT " + path)
                        .isIn(404, 405);
                assertThat(as.patch(path, Map.of("action", "x")).status())
                        .as("PATCH " + path)
                        .isIn(404, 405);
                assertThat(as.delete(path).status()).as("DELETE " + path).isIn(404, 405);
            }
        }
        assertThat(jdbc.sql("select count(*) from audit_log where seq <= ?")
                        .param(seq)
                        .query(Long.class)
                        .single())
                .isEqualTo(seq);
        assertThat(audit.verify().ok()).isTrue();
    }
}

package org.ipaward.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;
import org.springframework.transaction.support.TransactionTemplate;

/** The verify-audit command, run in this JVM against the test database. */
class AuditVerifyCommandTests extends ServerTest {
    /** The command's own arguments: the test profile points it at the test database. */
    static final String[] ARGS = {"--spring.profiles.active=test"};

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    record Run(int exit, String out, String err) {
        String firstLine() {
            return out.lines().findFirst().orElse("");
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = AuditVerifyCommand.run(args, o, e);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private long count() {
        return jdbc.sql("select count(*) from audit_log").query(Long.class).single();
    }

    @Test
    void anIntactChainPassesWithTheCountAndExitsZeroWritingNothing() {
        audit.record(null, "cmd", "SYSTEM", "cmd.test", null, null, Map.of());
        long records = count();
        String lastHash = jdbc.sql("select hash from audit_log order by seq desc limit 1")
                .query(String.class)
                .single();
        Run r = run(ARGS);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.firstLine()).isEqualTo("审计链校验通过：" + records + " 条记录 (audit chain OK: " + records + " records)");
        assertThat(r.out()).contains("最后一条记录的哈希 (last hash): " + lastHash);
        assertThat(count())
                .as("the command writes nothing, not even an audit record")
                .isEqualTo(records);
    }

    @Test
    void aBrokenChainNamesTheFirstBrokenRecordAndExitsOne() {
        long[] seq = new long[1];
        AuditLog.Verification broken = tx.execute(status -> {
            status.setRollbackOnly();
            seq[0] = audit.recordNow(null, "cmd", "SYSTEM", "cmd.tamper", null, null, Map.of("a", 1))
                    .seq();
            audit.record(null, "cmd", "SYSTEM", "cmd.tamper", null, null, Map.of("a", 2));
            jdbc.sql("alter table audit_log disable trigger audit_log_append_only")
                    .update();
            jdbc.sql("update audit_log set actor = 'mallory' where seq = ?")
                    .param(seq[0])
                    .update();
            return audit.verify();
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = AuditVerifyCommand.report(broken, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(1);
        assertThat(text.lines().findFirst().orElseThrow())
                .startsWith("审计链校验失败：第 " + seq[0] + " 条记录处断裂 (audit chain BROKEN at seq " + seq[0] + ")")
                .contains("hash does not match");
        assertThat(text).contains("此前 " + (seq[0] - 1) + " 条记录完好");
        assertThat(run(ARGS).exit()).as("the tampering was rolled back").isZero();
    }

    @Test
    void theCommandStartsNeitherAWebServerNorRunnersNorSchedulesNorMigrations() {
        try (ConfigurableApplicationContext ctx = AuditVerifyCommand.start(ARGS)) {
            assertThat(ctx).isNotInstanceOf(WebServerApplicationContext.class);
            assertThat(ctx.getBeansOfType(ApplicationRunner.class)).isEmpty();
            assertThat(ctx.getBeansOfType(CommandLineRunner.class)).isEmpty();
            assertThat(ctx.getBeansOfType(PolicyRegistry.class)).isEmpty();
            assertThat(ctx.getBeansOfType(ScheduledAnnotationBeanPostProcessor.class))
                    .isEmpty();
            assertThat(ctx.getBeanNamesForType(org.flywaydb.core.Flyway.class)).isEmpty();
            assertThat(ctx.getEnvironment().getProperty(AuditVerifyCommand.MODE_PROPERTY))
                    .isEqualTo("verify-audit");
            assertThat(ctx.getBean(AuditLog.class).verify().ok()).isTrue();
        }
    }

    @Test
    void anUnreachableDatabaseExitsTwoSayingWhy() {
        Run r = run(
                "--spring.profiles.active=test",
                "--spring.datasource.url=jdbc:postgresql://localhost:1/nothing",
                "--spring.datasource.hikari.connection-timeout=2000");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("审计链无法校验：").contains("the audit chain could not be checked");
        assertThat(r.out()).isEmpty();
    }
}

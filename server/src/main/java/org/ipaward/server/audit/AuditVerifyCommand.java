package org.ipaward.server.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ipaward.server.db.EmbeddedPostgresConfig;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code java -jar ipaward-server.jar verify-audit [--spring.…=…]}: checks the audit log's hash chain and
 * exits 0 when it is intact, 1 when it is broken (naming the first broken record), 2 when it could not be
 * checked. It starts only what it needs — the configured database (the same {@code IPAWARD_DB_URL} …
 * variables as the server, or the embedded default under {@code ipaward.data-dir}) and the audit log —
 * with no web server, no Flyway migration, no startup runners, no scheduled jobs, and it writes nothing.
 * When the server is running on the embedded database, the command connects to that running database.
 */
public final class AuditVerifyCommand {
    public static final String NAME = "verify-audit";
    /** Set while the command runs; anything that must not run then can check it. */
    public static final String MODE_PROPERTY = "ipaward.mode";

    private AuditVerifyCommand() {}

    /** The whole of what the command starts. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
        DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class,
        JdbcClientAutoConfiguration.class
    })
    @Import({EmbeddedPostgresConfig.class, AuditLog.class})
    static class VerifyContext {}

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try (ConfigurableApplicationContext ctx = start(args)) {
            Boolean hasTable = ctx.getBean(JdbcClient.class)
                    .sql("select to_regclass('audit_log') is not null")
                    .query(Boolean.class)
                    .single();
            if (!hasTable) {
                err.println("审计链无法校验：数据库中没有 audit_log 表（服务器尚未在此数据库上启动过？）"
                        + " (the audit chain could not be checked: the database has no audit_log table;"
                        + " has the server ever run on it?)");
                return 2;
            }
            return report(ctx.getBean(AuditLog.class).verify(), out);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            err.println("审计链无法校验：" + root.getMessage() + " (the audit chain could not be checked: "
                    + root.getClass().getSimpleName() + ")");
            return 2;
        }
    }

    /** Starts the command's small context (no web server, no runners). */
    public static ConfigurableApplicationContext start(String... args) {
        SpringApplication app = new SpringApplication(VerifyContext.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setRegisterShutdownHook(false);
        app.setDefaultProperties(Map.of(
                MODE_PROPERTY,
                NAME,
                "spring.flyway.enabled",
                "false",
                "spring.sql.init.mode",
                "never",
                "logging.level.root",
                "WARN"));
        app.addListeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>)
                e -> useRunningEmbeddedDatabase(e.getEnvironment()));
        return app.run(args);
    }

    /** Prints the result line (Chinese, then English) and returns the exit code: 0 intact, 1 broken. */
    public static int report(AuditLog.Verification v, PrintStream out) {
        if (v.ok()) {
            out.println("审计链校验通过：" + v.records() + " 条记录 (audit chain OK: " + v.records() + " records)");
            out.println("最后一条记录的哈希 (last hash): " + v.lastHash());
            return 0;
        }
        out.println("审计链校验失败：第 " + v.brokenAt() + " 条记录处断裂 (audit chain BROKEN at seq " + v.brokenAt() + ") — "
                + v.problem());
        out.println("此前 " + (v.records() - 1) + " 条记录完好 (" + (v.records() - 1) + " records before it are intact)");
        return 1;
    }

    /**
     * Without a configured URL the server runs an embedded PostgreSQL in {@code <data-dir>/pg}. If that one
     * is running now (its postmaster.pid names a live process), connect to it rather than start a second.
     */
    private static void useRunningEmbeddedDatabase(ConfigurableEnvironment env) {
        String url = env.getProperty("spring.datasource.url", "");
        if (!url.isBlank()) {
            return;
        }
        Path pid = Path.of(env.getProperty("ipaward.data-dir", "./data"), "pg", "postmaster.pid");
        try {
            if (!Files.isRegularFile(pid)) {
                return;
            }
            List<String> lines = Files.readAllLines(pid);
            if (lines.size() < 4
                    || ProcessHandle.of(Long.parseLong(lines.get(0).trim())).isEmpty()) {
                return;
            }
            int port = Integer.parseInt(lines.get(3).trim());
            env.getPropertySources()
                    .addFirst(new MapPropertySource(
                            "ipaward-running-embedded-db",
                            Map.of(
                                    "spring.datasource.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                                    "spring.datasource.username", "postgres",
                                    "spring.datasource.password", "")));
        } catch (IOException | NumberFormatException e) {
            // not a running embedded database: start one as the server would
        }
    }
}

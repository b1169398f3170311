package org.ipaward.server.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The zero-setup default: when no database URL is configured, an embedded PostgreSQL keeps its data under
 * {@code ipaward.data-dir}/pg and is started with the server. Production sets {@code IPAWARD_DB_URL}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedPostgresConfig {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfig.class);

    @Bean(destroyMethod = "close")
    public EmbeddedPostgres embeddedPostgres(
            @Value("${ipaward.data-dir}") Path dataDir, @Value("${ipaward.embedded-db.port:54329}") int port) {
        Path pg = dataDir.resolve("pg").toAbsolutePath();
        requireFreePort(port, pg);
        try {
            Files.createDirectories(pg);
            log.info("Starting embedded PostgreSQL (data in {}, port {})", pg, port);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(pg)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "100")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + pg, e);
        }
    }

    /**
     * The port must be free. An embedded database left running by a server that was killed (its
     * postmaster.pid in our data directory names a live process whose parent is gone) is shut down first;
     * another running server, or anything else on the port, stops the start with a clear message instead
     * of being connected to silently.
     */
    static void requireFreePort(int port, Path dir) {
        if (portFree(port)) {
            return;
        }
        ProcessHandle orphan = orphanedPostmaster(dir, port);
        if (orphan != null) {
            log.warn(
                    "Stopping the embedded PostgreSQL (pid {}) a previous server left running in {}",
                    orphan.pid(),
                    dir);
            orphan.destroy();
            try {
                orphan.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(
                        "cannot stop the embedded PostgreSQL left running (pid " + orphan.pid() + ")", e);
            }
            if (portFree(port)) {
                return;
            }
        }
        throw new IllegalStateException("内嵌数据库端口 " + port + " 已被占用（可能已有一个 ipaward 服务在运行）；"
                + "请先停止它，或用 --ipaward.embedded-db.port=<端口> 另选端口。 (embedded database port " + port
                + " is in use — probably another ipaward server; stop it or choose another port with"
                + " --ipaward.embedded-db.port=<port>; data directory " + dir + ")");
    }

    private static boolean portFree(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The postmaster of our data directory on this port, if it runs without the server that started it. */
    static ProcessHandle orphanedPostmaster(Path dir, int port) {
        Path pid = dir.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pid)) {
                return null;
            }
            java.util.List<String> lines = Files.readAllLines(pid);
            if (lines.size() < 4 || !lines.get(3).trim().equals(String.valueOf(port))) {
                return null;
            }
            ProcessHandle p =
                    ProcessHandle.of(Long.parseLong(lines.get(0).trim())).orElse(null);
            if (p == null || !p.isAlive()) {
                return null;
            }
            boolean serverAlive = p.parent()
                    .filter(ProcessHandle::isAlive)
                    .flatMap(parent -> parent.info().command())
                    .map(c -> c.endsWith("java"))
                    .orElse(false);
            return serverAlive ? null : p;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    @Bean
    public DataSource dataSource(EmbeddedPostgres postgres) {
        return postgres.getPostgresDatabase();
    }
}

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
     * Another embedded database (another ipaward server with another data directory) on the same port would
     * otherwise be connected to silently; refuse to start instead, and say what to do.
     */
    static void requireFreePort(int port, Path dir) {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException("内嵌数据库端口 " + port + " 已被占用（可能已有一个 ipaward 服务在运行）；"
                    + "请先停止它，或用 --ipaward.embedded-db.port=<端口> 另选端口。 (embedded database port " + port
                    + " is in use — probably another ipaward server; stop it or choose another port with"
                    + " --ipaward.embedded-db.port=<port>; data directory " + dir + ")");
        }
    }

    @Bean
    public DataSource dataSource(EmbeddedPostgres postgres) {
        return postgres.getPostgresDatabase();
    }
}

package org.ipaward.server.support;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Each test run starts from an empty schema: Flyway cleans, then migrates. */
@TestConfiguration(proxyBeanMethods = false)
public class CleanDatabase {
    @Bean
    FlywayMigrationStrategy cleanThenMigrate() {
        return flyway -> {
            flyway.clean();
            flyway.migrate();
        };
    }
}

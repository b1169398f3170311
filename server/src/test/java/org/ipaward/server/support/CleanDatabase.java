package org.ipaward.server.support;

import org.ipaward.server.config.ClockConfig;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Each test run starts from an empty schema (Flyway cleans, then migrates), with a clock tests can move. */
@TestConfiguration(proxyBeanMethods = false)
public class CleanDatabase {
    @Bean
    FlywayMigrationStrategy cleanThenMigrate() {
        return flyway -> {
            flyway.clean();
            flyway.migrate();
        };
    }

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock(ClockConfig.ZONE);
    }
}

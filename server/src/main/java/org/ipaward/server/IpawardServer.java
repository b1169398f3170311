package org.ipaward.server;

import java.util.Arrays;
import org.ipaward.server.audit.AuditVerifyCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The ipaward application server: rounds, applications, review workflow, awards ledger, audit, REST API.
 *
 * <p>{@code java -jar ipaward-server.jar} serves the application; {@code java -jar ipaward-server.jar
 * verify-audit} checks the audit log's hash chain and exits 0 (intact), 1 (broken) or 2 (could not check),
 * see {@link AuditVerifyCommand}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IpawardServer {
    public static void main(String[] args) {
        if (args.length > 0 && AuditVerifyCommand.NAME.equals(args[0])) {
            System.exit(AuditVerifyCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(IpawardServer.class, args);
    }

    /** Scheduled jobs run only in the server, never under a command such as verify-audit. */
    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    @ConditionalOnProperty(name = AuditVerifyCommand.MODE_PROPERTY, havingValue = "server", matchIfMissing = true)
    static class Scheduling {}
}

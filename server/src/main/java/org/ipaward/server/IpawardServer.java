package org.ipaward.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The ipaward application server: rounds, applications, review workflow, awards ledger, audit, REST API. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class IpawardServer {
    public static void main(String[] args) {
        SpringApplication.run(IpawardServer.class, args);
    }
}

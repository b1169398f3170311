package org.ipaward.server.startup;

import org.ipaward.server.policy.PolicyRegistry;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Registers the bundled policy versions before anything else runs. */
@Component
@Order(0)
public class Startup implements ApplicationRunner {
    private final PolicyRegistry policies;

    public Startup(PolicyRegistry policies) {
        this.policies = policies;
    }

    @Override
    public void run(ApplicationArguments args) {
        policies.registerBundled();
    }
}

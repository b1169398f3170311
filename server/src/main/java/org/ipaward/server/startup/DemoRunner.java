package org.ipaward.server.startup;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Loads the demo data on first start when {@code ipaward.demo-data} is true and nobody has an account yet. */
@Component
@Order(10)
public class DemoRunner implements ApplicationRunner {
    private final DemoData demo;
    private final boolean enabled;

    public DemoRunner(DemoData demo, @Value("${ipaward.demo-data:false}") boolean enabled) {
        this.demo = demo;
        this.enabled = enabled;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (enabled && demo.needed()) {
            demo.load();
        }
    }
}

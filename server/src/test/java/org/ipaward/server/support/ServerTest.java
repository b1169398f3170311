package org.ipaward.server.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A running server on a random port over the test PostgreSQL (see application-test.yaml). All subclasses
 * share one application context, so the schema is cleaned once per run; tests make their own data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(CleanDatabase.class)
public abstract class ServerTest {
    @LocalServerPort
    protected int port;

    protected Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }
}

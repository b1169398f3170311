package org.ipaward.server.round;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserStore;
import org.ipaward.server.support.Api;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Creates signed-in test users with unique names (all test classes share one database). */
public final class TestUsers {
    public static final String PASSWORD = "Rounds-Calendar-Test-42!";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);

    private TestUsers() {}

    /** A new user with the given role; returns a client signed in as them. */
    public static Api.As as(Api api, UserStore users, PasswordEncoder encoder, String prefix, Role role) {
        String name = prefix + "-" + role.name().toLowerCase() + "-" + RUN + "-" + SEQ.incrementAndGet();
        users.create(name, "测试" + role.zh(), encoder.encode(PASSWORD), Set.of(role), null);
        return api.login(name, PASSWORD);
    }

    /** A new user's id, without signing in. */
    public static long id(UserStore users, PasswordEncoder encoder, String prefix, Role role) {
        String name = prefix + "-" + role.name().toLowerCase() + "-" + RUN + "-" + SEQ.incrementAndGet();
        return users.create(name, "测试" + role.zh(), encoder.encode(PASSWORD), Set.of(role), null);
    }
}

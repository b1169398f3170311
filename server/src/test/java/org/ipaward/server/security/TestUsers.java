package org.ipaward.server.security;

import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Users for tests: unique names (all test classes share one database), one known strong password. */
public final class TestUsers {
    public static final String PASSWORD = "Violet-Lantern-Seven-42";
    private static volatile String hash;

    private TestUsers() {}

    /** Creates a user with the given roles; returns the username. */
    public static String create(UserStore users, PasswordEncoder encoder, String prefix, Role... roles) {
        return create(users, encoder, prefix, null, roles);
    }

    public static String create(
            UserStore users, PasswordEncoder encoder, String prefix, Long subjectId, Role... roles) {
        if (hash == null) {
            hash = encoder.encode(PASSWORD);
        }
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(
                username,
                "测试 " + prefix,
                hash,
                roles.length == 0 ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(List.of(roles)),
                subjectId);
        return username;
    }

    public static long id(UserStore users, String username) {
        return users.find(username).orElseThrow().id();
    }
}

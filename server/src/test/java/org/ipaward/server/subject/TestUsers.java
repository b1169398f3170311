package org.ipaward.server.subject;

import java.util.Set;
import java.util.UUID;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserStore;
import org.ipaward.server.support.Api;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Creates users with unique names for the subject and file tests, and signs them in. */
public final class TestUsers {
    public static final String PASSWORD = "Subject-Tests-Pw-42";

    private final UserStore users;
    private final PasswordEncoder encoder;
    private final String encoded;

    public TestUsers(UserStore users, PasswordEncoder encoder) {
        this.users = users;
        this.encoder = encoder;
        this.encoded = encoder.encode(PASSWORD);
    }

    /** A user and their client. */
    public record User(long id, String username, Api.As api) {}

    public User create(Api api, String prefix, Role... roles) {
        return create(api, prefix, null, roles);
    }

    public User create(Api api, String prefix, Long subjectId, Role... roles) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        long id = users.create(name, "测试 " + name, encoded, Set.of(roles), subjectId);
        return new User(id, name, api.login(name, PASSWORD));
    }

    PasswordEncoder encoder() {
        return encoder;
    }
}

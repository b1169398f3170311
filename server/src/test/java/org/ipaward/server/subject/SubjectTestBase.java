package org.ipaward.server.subject;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserStore;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.ipaward.server.web.Paging;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/** Signed-in staff of every role, and helpers to create subjects and check answers. */
abstract class SubjectTestBase extends ServerTest {
    static final String PINGGU = "110117";
    static final String JINDONG = "330703";

    @Autowired
    UserStore userStore;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    SubjectService subjects;

    TestUsers users;

    /** One user per staff role, created once per test class. */
    static Map<Role, TestUsers.User> staff;

    static Integer staffPort;

    @BeforeEach
    void staffUsers() {
        users = new TestUsers(userStore, encoder);
        if (staff == null || staffPort == null || staffPort != port) {
            staff = new EnumMap<>(Role.class);
            for (Role r : Role.values()) {
                if (r.staff()) {
                    staff.put(r, users.create(api, "subj-" + r.name().toLowerCase(), r));
                }
            }
            staffPort = port;
        }
    }

    Api.As as(Role r) {
        return staff.get(r).api();
    }

    Api.As acceptor() {
        return as(Role.ACCEPTOR);
    }

    static Map<String, Object> enterprise(String name, String uscc) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "enterprise");
        m.put("name", name);
        m.put("uscc", uscc);
        return m;
    }

    static Map<String, Object> person(String name, String idNumber) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "person");
        m.put("name", name);
        m.put("id_number", idNumber);
        return m;
    }

    /** Creates a subject as the acceptor and returns its JSON. */
    JsonNode created(Map<String, Object> body) {
        return created(acceptor(), body);
    }

    JsonNode created(Api.As who, Map<String, Object> body) {
        Api.Response r = who.post("/api/subjects", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** A 400 naming the field, the rule's key and (where given) the value; the answer's key is the rule's. */
    static JsonNode assertBad(Api.Response r, String field, String key) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode j = r.json();
        assertThat(j.get("detail").asString()).isNotBlank();
        assertThat(j.get("message_en").asString()).isNotBlank();
        JsonNode match = null;
        for (JsonNode e : j.get("errors")) {
            if (e.get("field").asString().equals(field)) {
                match = e;
            }
        }
        assertThat(match).as("an error for %s in %s", field, r.body()).isNotNull();
        assertThat(match.get("key").asString()).isEqualTo(key);
        assertThat(match.get("message").asString()).isNotBlank();
        assertThat(match.get("message_en").asString()).isNotBlank();
        return match;
    }

    static void assertStatus(Api.Response r, int status, String key) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("key").asString()).isEqualTo(key);
    }

    /** The plain text, and its middle (which no mask shows), appear nowhere in the answer. */
    static void assertNoPlaintext(Api.Response r, String... secrets) {
        for (String s : secrets) {
            if (s == null) {
                continue;
            }
            assertThat(r.body()).as("plain text in %s", r.body()).doesNotContain(s);
            if (s.length() >= 12) {
                assertThat(r.body()).doesNotContain(s.substring(4, s.length() - 4));
            }
        }
    }

    long subjectCount() {
        return jdbc.sql("select count(*) from subject").query(Long.class).single();
    }

    long auditCount(String action, String targetId) {
        return audit.search(action, null, "subject", targetId, null, null, Paging.of(0, 200))
                .total();
    }
}

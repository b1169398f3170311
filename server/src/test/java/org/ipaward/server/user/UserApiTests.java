package org.ipaward.server.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.TestUsers;
import org.ipaward.server.security.UserStore;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.ipaward.server.web.Paging;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

class UserApiTests extends ServerTest {
    static final String STRONG = "Copper-Meadow-Falcon-88";

    @Autowired
    UserStore users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    String adminName;
    Api.As admin;

    @BeforeEach
    void signInAsAdmin() {
        adminName = TestUsers.create(users, encoder, "ua-admin", Role.SYSTEM_ADMIN);
        admin = api.login(adminName, TestUsers.PASSWORD);
    }

    private static String unique(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    private Map<String, Object> newUser(String username, String password, String... roles) {
        Map<String, Object> m = new HashMap<>();
        m.put("username", username);
        m.put("display_name", "张三 " + username);
        m.put("roles", List.of(roles));
        m.put("password", password);
        return m;
    }

    private long userCount() {
        return jdbc.sql("select count(*) from app_user").query(Long.class).single();
    }

    private long auditCount(String action, String actor) {
        return audit.search(action, actor, null, null, null, null, Paging.of(0, 1))
                .total();
    }

    private static List<String> fields(Api.Response r) {
        List<String> out = new ArrayList<>();
        JsonNode errors = r.json().get("errors");
        if (errors != null) {
            errors.forEach(
                    e -> out.add(e.get("field").asString() + ":" + e.get("key").asString()));
        }
        return out;
    }

    @Test
    void anAdministratorCreatesListsAndReadsUsers() {
        String name = unique("ua-rev");
        Api.Response created = admin.post("/api/users", newUser(name, STRONG, "REVIEWER", "ACCEPTOR"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode u = created.json();
        long id = u.get("id").asLong();
        assertThat(u.get("username").asString()).isEqualTo(name);
        assertThat(u.get("display_name").asString()).isEqualTo("张三 " + name);
        assertThat(u.get("roles").toString()).isEqualTo("[\"ACCEPTOR\",\"REVIEWER\"]");
        assertThat(u.get("enabled").asBoolean()).isTrue();
        assertThat(u.get("locked").asBoolean()).isFalse();
        assertThat(u.has("password_hash")).isFalse();
        assertThat(created.body()).doesNotContain(STRONG).doesNotContain("bcrypt");

        String hash = jdbc.sql("select password_hash from app_user where id = ?")
                .param(id)
                .query(String.class)
                .single();
        assertThat(hash).startsWith("{bcrypt}$2");
        assertThat(api.login(name, STRONG).get("/api/me").status()).isEqualTo(200);
        assertThat(auditCount("user.create", adminName)).isEqualTo(1);
        assertThat(audit.search("user.create", adminName, "user", String.valueOf(id), null, null, Paging.of(0, 1))
                        .items()
                        .get(0)
                        .details())
                .contains(name)
                .doesNotContain(STRONG);

        Api.Response one = admin.get("/api/users/" + id);
        assertThat(one.json().get("username").asString()).isEqualTo(name);
        assertThat(admin.get("/api/users/99999999").status()).isEqualTo(404);

        Api.Response byQ = admin.get("/api/users?q=" + name.substring(3));
        assertThat(byQ.json().get("total").asLong()).isEqualTo(1);
        assertThat(byQ.json().get("items").get(0).get("id").asLong()).isEqualTo(id);
        Api.Response byChineseName = admin.get(
                "/api/users?q=" + java.net.URLEncoder.encode("张三 " + name, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(byChineseName.json().get("total").asLong()).isEqualTo(1);
        Api.Response byRole = admin.get("/api/users?role=reviewer&size=200");
        assertThat(byRole.json().get("items").findValuesAsString("username"))
                .contains(name)
                .doesNotContain(adminName);
        Api.Response locked = admin.get("/api/users?locked=true&size=200");
        assertThat(locked.json().get("items").findValuesAsString("username")).doesNotContain(name);
        Api.Response unlocked = admin.get("/api/users?locked=false&enabled=true&size=200");
        assertThat(unlocked.json().get("items").findValuesAsString("username")).contains(name);
        Api.Response paged = admin.get("/api/users?size=1&page=0");
        assertThat(paged.json().get("items").size()).isEqualTo(1);
        assertThat(paged.json().get("total").asLong()).isGreaterThanOrEqualTo(2);

        Api.Response badRole = admin.get("/api/users?role=KING");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(fields(badRole)).containsExactly("role:user.role_unknown");
        assertThat(admin.get("/api/users?locked=perhaps").status()).isEqualTo(400);
        assertThat(admin.get("/api/users?size=1000").status()).isEqualTo(400);
        assertThat(admin.get("/api/users?q=%25").status())
                .as("a lone %% is a literal")
                .isEqualTo(200);
    }

    @Test
    void badInputIsRefusedNamingEveryFieldAndChangesNothing() {
        long before = userCount();
        Map<String, Object> bad = new HashMap<>();
        bad.put("username", "a b");
        bad.put("display_name", " ");
        bad.put("roles", List.of("REVIEWER", "KING"));
        bad.put("password", "short");
        Api.Response r = admin.post("/api/users", bad);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("key").asString()).isEqualTo("input.invalid");
        assertThat(fields(r))
                .containsExactlyInAnyOrder(
                        "username:user.username_invalid",
                        "display_name:user.display_name_invalid",
                        "roles[1]:user.role_unknown",
                        "password:password.too_short");
        assertThat(r.json().get("detail").asString()).contains("用户名");
        assertThat(r.body()).doesNotContain("\"short\"");

        String name = unique("ua-bad");
        assertThat(admin.post("/api/users", newUser(name, STRONG))
                        .json()
                        .get("key")
                        .asString())
                .isEqualTo("user.roles_required");
        Api.Response weak = admin.post("/api/users", newUser(name, "password1234", "REVIEWER"));
        assertThat(weak.json().get("key").asString()).isEqualTo("password.weak");
        assertThat(weak.json().get("detail").asString()).startsWith("密码强度不足");
        assertThat(weak.json().get("message_en").asString()).contains("too weak");
        Api.Response withName = admin.post("/api/users", newUser(name, "Xy" + name + "-Qz9", "REVIEWER"));
        assertThat(withName.json().get("key").asString()).isEqualTo("password.contains_username");
        Api.Response tooLong = admin.post("/api/users", newUser("x".repeat(65), STRONG, "REVIEWER"));
        assertThat(fields(tooLong)).containsExactly("username:user.username_invalid");
        Api.Response unknownField = admin.post("/api/users", Map.of("username", name, "admin", true));
        assertThat(unknownField.status()).isEqualTo(400);
        Map<String, Object> withSubject = newUser(name, STRONG, "APPLICANT");
        withSubject.put("subject_id", 987654321);
        assertThat(fields(admin.post("/api/users", withSubject))).containsExactly("subject_id:subject.not_found");
        assertThat(userCount()).isEqualTo(before);
        assertThat(auditCount("user.create", adminName)).isZero();
    }

    @Test
    void usernamesAreUniqueWhateverTheirCase() {
        String name = unique("ua-dup");
        assertThat(admin.post("/api/users", newUser(name, STRONG, "FINANCE")).status())
                .isEqualTo(201);
        long before = userCount();
        for (String again : new String[] {name, name.toUpperCase(java.util.Locale.ROOT)}) {
            Api.Response r = admin.post("/api/users", newUser(again, STRONG, "FINANCE"));
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().get("key").asString()).isEqualTo("user.duplicate");
            assertThat(r.json().get("detail").asString()).contains("已被使用");
        }
        assertThat(userCount()).isEqualTo(before);
    }

    @Test
    void applicantsCanBeLinkedToASubjectOthersCannot() {
        long subject = jdbc.sql("insert into subject (kind, name) values ('enterprise', '测试企业') returning id")
                .query(Long.class)
                .single();
        String name = unique("ua-app");
        Map<String, Object> staff = newUser(name, STRONG, "REVIEWER");
        staff.put("subject_id", subject);
        assertThat(fields(admin.post("/api/users", staff))).containsExactly("subject_id:user.subject_needs_applicant");
        Map<String, Object> applicant = newUser(name, STRONG, "APPLICANT");
        applicant.put("subject_id", subject);
        Api.Response r = admin.post("/api/users", applicant);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("subject_id").asLong()).isEqualTo(subject);
        long id = r.json().get("id").asLong();
        Api.Response drop = admin.put("/api/users/" + id, Map.of("roles", List.of("REVIEWER")));
        assertThat(fields(drop)).containsExactly("roles:user.subject_needs_applicant");
    }

    @Test
    void anAdministratorChangesNameRolesAndEnabledAndEachChangeIsAudited() {
        String name = TestUsers.create(users, encoder, "ua-upd", Role.ACCEPTOR);
        long id = TestUsers.id(users, name);
        Api.As them = api.login(name, TestUsers.PASSWORD);

        Api.Response r =
                admin.put("/api/users/" + id, Map.of("display_name", "李四", "roles", List.of("REVIEWER", "APPROVER")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("display_name").asString()).isEqualTo("李四");
        assertThat(r.json().get("roles").toString()).isEqualTo("[\"APPROVER\",\"REVIEWER\"]");
        assertThat(them.get("/api/me").json().get("roles").toString())
                .as("a token sees the new roles at once")
                .isEqualTo("[\"APPROVER\",\"REVIEWER\"]");
        var entry = audit.search("user.update", adminName, "user", String.valueOf(id), null, null, Paging.of(0, 5))
                .items()
                .get(0);
        assertThat(entry.details())
                .contains("\"display_name\":{\"from\":\"测试 ua-upd\",\"to\":\"李四\"}")
                .contains("\"roles\":{\"from\":[\"ACCEPTOR\"],\"to\":[\"APPROVER\",\"REVIEWER\"]}");

        Api.Response off = admin.put("/api/users/" + id, Map.of("enabled", false));
        assertThat(off.json().get("enabled").asBoolean()).isFalse();
        assertThat(them.get("/api/me").status()).isEqualTo(401);
        assertThat(api.anonymous()
                        .post("/api/auth/token", Map.of("username", name, "password", TestUsers.PASSWORD))
                        .json()
                        .get("key")
                        .asString())
                .isEqualTo("auth.disabled");
        assertThat(admin.put("/api/users/" + id, Map.of("enabled", true)).status())
                .isEqualTo(200);
        assertThat(them.get("/api/me").status()).isEqualTo(200);
        assertThat(auditCount("user.update", adminName)).isEqualTo(3);

        // nothing given, an unchanged value, bad values, an unknown user
        assertThat(admin.put("/api/users/" + id, Map.of()).json().get("key").asString())
                .isEqualTo("user.nothing_to_update");
        assertThat(admin.put("/api/users/" + id, Map.of("display_name", "李四")).status())
                .isEqualTo(200);
        assertThat(auditCount("user.update", adminName))
                .as("no change, no record")
                .isEqualTo(3);
        assertThat(fields(admin.put("/api/users/" + id, Map.of("roles", List.of()))))
                .containsExactly("roles:user.roles_required");
        assertThat(admin.put("/api/users/99999999", Map.of("enabled", false)).status())
                .isEqualTo(404);
    }

    @Test
    void anAdministratorCannotLockThemselvesOut() {
        long me = TestUsers.id(users, adminName);
        Api.Response disable = admin.put("/api/users/" + me, Map.of("enabled", false));
        assertThat(disable.status()).isEqualTo(409);
        assertThat(disable.json().get("key").asString()).isEqualTo("user.self_lockout");
        Api.Response demote = admin.put("/api/users/" + me, Map.of("roles", List.of("AUDITOR")));
        assertThat(demote.status()).isEqualTo(409);
        assertThat(admin.get("/api/me").json().get("roles").toString()).isEqualTo("[\"SYSTEM_ADMIN\"]");
        assertThat(admin.put("/api/users/" + me, Map.of("roles", List.of("SYSTEM_ADMIN", "AUDITOR")))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void usersAreNeverDeleted() {
        String name = TestUsers.create(users, encoder, "ua-del", Role.FINANCE);
        long id = TestUsers.id(users, name);
        Api.Response r = admin.delete("/api/users/" + id);
        assertThat(r.status()).isEqualTo(405);
        assertThat(users.byId(id)).isPresent();
    }

    @Test
    void aResetSetsTheGivenPasswordOrAGeneratedOneShownOnce() {
        String name = TestUsers.create(users, encoder, "ua-reset", Role.FINANCE);
        long id = TestUsers.id(users, name);
        Api.As oldToken = api.login(name, TestUsers.PASSWORD);

        Api.Response weak = admin.post("/api/users/" + id + "/reset-password", Map.of("password", "12345678901"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.json().get("key").asString()).isEqualTo("password.weak");
        assertThat(oldToken.get("/api/me").status())
                .as("a refused reset changes nothing")
                .isEqualTo(200);

        Api.Response given = admin.post("/api/users/" + id + "/reset-password", Map.of("password", STRONG));
        assertThat(given.status()).as(given.toString()).isEqualTo(200);
        assertThat(given.json().get("generated").asBoolean()).isFalse();
        assertThat(given.json().get("temporary_password").isNull()).isTrue();
        assertThat(oldToken.get("/api/me").status())
                .as("a reset revokes the user's tokens")
                .isEqualTo(401);
        assertThat(api.login(name, STRONG).get("/api/me").status()).isEqualTo(200);

        // five failures lock the account; a generated reset unlocks it
        for (int i = 0; i < 5; i++) {
            api.anonymous().post("/api/auth/token", Map.of("username", name, "password", "Nope-" + i));
        }
        assertThat(admin.get("/api/users/" + id).json().get("locked").asBoolean())
                .isTrue();
        Api.Response generated = admin.post("/api/users/" + id + "/reset-password", null);
        assertThat(generated.status()).as(generated.toString()).isEqualTo(200);
        assertThat(generated.json().get("generated").asBoolean()).isTrue();
        String temporary = generated.json().get("temporary_password").asString();
        assertThat(temporary).matches("[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}");
        assertThat(generated.header("Cache-Control")).contains("no-store");
        assertThat(api.login(name, temporary).get("/api/me").status()).isEqualTo(200);
        assertThat(admin.get("/api/users/" + id).json().get("locked").asBoolean())
                .isFalse();

        var records =
                audit.search("user.password_reset", adminName, "user", String.valueOf(id), null, null, Paging.of(0, 5));
        assertThat(records.total()).isEqualTo(2);
        assertThat(records.items().get(0).details())
                .contains("\"generated\":true")
                .doesNotContain(temporary);
        assertThat(records.items().get(1).details())
                .contains("\"generated\":false")
                .doesNotContain(STRONG);
        assertThat(admin.post("/api/users/99999999/reset-password", null).status())
                .isEqualTo(404);
    }

    @Test
    void anAdministratorUnlocksALockedAccount() {
        String name = TestUsers.create(users, encoder, "ua-unl", Role.APPROVER);
        long id = TestUsers.id(users, name);
        for (int i = 0; i < 5; i++) {
            api.anonymous().post("/api/auth/token", Map.of("username", name, "password", "Nope-" + i));
        }
        Api.Response locked = admin.get("/api/users?locked=true&q=" + name);
        assertThat(locked.json().get("total").asLong()).isEqualTo(1);
        assertThat(locked.json().get("items").get(0).get("failed_attempts").asInt())
                .isEqualTo(5);

        Api.Response r = admin.post("/api/users/" + id + "/unlock", Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("locked").asBoolean()).isFalse();
        assertThat(r.json().get("failed_attempts").asInt()).isZero();
        assertThat(api.login(name, TestUsers.PASSWORD).get("/api/me").status()).isEqualTo(200);
        var entry = audit.search("user.unlock", adminName, "user", String.valueOf(id), null, null, Paging.of(0, 1))
                .items()
                .get(0);
        assertThat(entry.details()).contains("\"was_locked\":true").contains("\"failed_attempts\":5");
    }

    @Test
    void everyoneChangesTheirOwnPasswordGivenTheCurrentOne() {
        String name = TestUsers.create(users, encoder, "ua-own", Role.AUDITOR);
        Api.As current = api.login(name, TestUsers.PASSWORD);
        Api.As other = api.login(name, TestUsers.PASSWORD);

        Api.Response wrong = current.post("/api/me/password", Map.of("old", "Not-My-Password-1", "new", STRONG));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(fields(wrong)).containsExactly("old:password.old_wrong");
        assertThat(jdbc.sql("select failed_attempts from app_user where username = ?")
                        .param(name)
                        .query(Integer.class)
                        .single())
                .as("a wrong current password counts toward the lockout")
                .isEqualTo(1);
        assertThat(auditCount("user.password_change_failed", name)).isEqualTo(1);

        assertThat(fields(current.post("/api/me/password", Map.of("old", TestUsers.PASSWORD, "new", "abc"))))
                .containsExactly("new:password.too_short");
        assertThat(fields(current.post("/api/me/password", Map.of("old", TestUsers.PASSWORD, "new", name + "-Xq9!zz"))))
                .containsExactly("new:password.contains_username");
        assertThat(fields(
                        current.post("/api/me/password", Map.of("old", TestUsers.PASSWORD, "new", TestUsers.PASSWORD))))
                .containsExactly("new:password.unchanged");
        assertThat(fields(current.post("/api/me/password", Map.of("new", STRONG))))
                .containsExactly("old:password.old_required");

        Api.Response ok = current.post("/api/me/password", Map.of("old", TestUsers.PASSWORD, "new", STRONG));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(204);
        assertThat(current.get("/api/me").status()).as("the token used goes on").isEqualTo(200);
        assertThat(other.get("/api/me").status()).as("other tokens end").isEqualTo(401);
        assertThat(api.anonymous()
                        .post("/api/auth/token", Map.of("username", name, "password", TestUsers.PASSWORD))
                        .status())
                .isEqualTo(401);
        assertThat(api.login(name, STRONG).get("/api/me").status()).isEqualTo(200);
        var entry = audit.search("user.password_change", name, null, null, null, null, Paging.of(0, 5));
        assertThat(entry.items()).extracting(AuditLog.Entry::action).contains("user.password_change");
        assertThat(entry.items().get(0).details()).doesNotContain(STRONG);
    }

    @Test
    void anyoneMayRegisterAsAnApplicant() {
        String name = unique("ua-reg");
        long before = userCount();
        Api.Response r = api.anonymous()
                .post("/api/public/register", Map.of("username", name, "password", STRONG, "display_name", "王五"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("roles").toString()).isEqualTo("[\"APPLICANT\"]");
        assertThat(r.json().get("subject_id").isNull()).isTrue();
        assertThat(userCount()).isEqualTo(before + 1);
        JsonNode me = api.login(name, STRONG).get("/api/me").json();
        assertThat(me.get("display_name").asString()).isEqualTo("王五");
        assertThat(me.get("roles").toString()).isEqualTo("[\"APPLICANT\"]");
        var entry = audit.search("user.register", name, "user", null, null, null, Paging.of(0, 1));
        assertThat(entry.total()).isEqualTo(1);
        assertThat(entry.items().get(0).role()).isEqualTo("APPLICANT");
        assertThat(entry.items().get(0).actorId()).isEqualTo(me.get("id").asLong());

        Api.Response dup = api.anonymous()
                .post(
                        "/api/public/register",
                        Map.of(
                                "username",
                                name.toUpperCase(java.util.Locale.ROOT),
                                "password",
                                STRONG,
                                "display_name",
                                "王五"));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.json().get("key").asString()).isEqualTo("user.duplicate");

        String other = unique("ua-reg");
        Api.Response weak = api.anonymous()
                .post(
                        "/api/public/register",
                        Map.of("username", other, "password", "iloveyou1234", "display_name", "赵六"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.json().get("key").asString()).isEqualTo("password.weak");
        assertThat(weak.json().get("detail").asString()).contains("密码强度不足");
        Api.Response escalate = api.anonymous()
                .post(
                        "/api/public/register",
                        Map.of(
                                "username",
                                other,
                                "password",
                                STRONG,
                                "display_name",
                                "赵六",
                                "roles",
                                List.of("SYSTEM_ADMIN")));
        assertThat(escalate.status()).as("no roles can be asked for").isEqualTo(400);
        Api.Response noName =
                api.anonymous().post("/api/public/register", Map.of("username", other, "password", STRONG));
        assertThat(fields(noName)).containsExactly("display_name:user.display_name_invalid");
        assertThat(userCount()).isEqualTo(before + 1);
    }
}

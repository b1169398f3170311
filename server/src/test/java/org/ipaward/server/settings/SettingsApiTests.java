package org.ipaward.server.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.ipaward.server.round.TestUsers;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserStore;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

class SettingsApiTests extends ServerTest {
    @Autowired
    UserStore users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    Settings settings;

    @Autowired
    JdbcClient jdbc;

    private static Map<String, Object> value(Object v) {
        Map<String, Object> m = new HashMap<>();
        m.put("value", v);
        return m;
    }

    private static Map<String, JsonNode> byKey(JsonNode list) {
        Map<String, JsonNode> m = new HashMap<>();
        list.valueStream().forEach(n -> m.put(n.get("key").asString(), n));
        return m;
    }

    @Test
    void administratorsReadEverySettingWithItsDefaultAndOthersCannot() {
        Api.As policyAdmin = TestUsers.as(api, users, encoder, "set", Role.POLICY_ADMIN);
        Api.Response r = policyAdmin.get("/api/settings");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        Map<String, JsonNode> s = byKey(r.json());
        assertThat(s.keySet())
                .containsExactlyInAnyOrder(
                        "publicity.days",
                        "return.deadline_days",
                        "upload.max_mb",
                        "lockout.max_failures",
                        "lockout.minutes",
                        "objection.lookup_max_failures",
                        "objection.lookup_minutes");
        assertThat(s.get("publicity.days").get("default_value").asInt()).isEqualTo(5);
        assertThat(s.get("return.deadline_days").get("default_value").asInt()).isEqualTo(10);
        assertThat(s.get("upload.max_mb").get("default_value").asInt()).isEqualTo(20);
        assertThat(s.get("lockout.max_failures").get("value").asInt()).isEqualTo(5);
        assertThat(s.get("lockout.max_failures").get("default_value").asInt()).isEqualTo(5);
        assertThat(s.get("lockout.max_failures").get("editable").asBoolean()).isTrue();
        assertThat(s.get("lockout.minutes").get("value").asInt()).isEqualTo(30);
        assertThat(s.get("publicity.days").get("label").asString()).contains("公示期");

        assertThat(TestUsers.as(api, users, encoder, "set", Role.SYSTEM_ADMIN)
                        .get("/api/settings")
                        .status())
                .isEqualTo(200);
        assertThat(TestUsers.as(api, users, encoder, "set", Role.APPLICANT)
                        .get("/api/settings")
                        .status())
                .isEqualTo(403);
        assertThat(TestUsers.as(api, users, encoder, "set", Role.REVIEWER)
                        .get("/api/settings")
                        .status())
                .isEqualTo(403);
        assertThat(api.anonymous().get("/api/settings").status()).isEqualTo(401);
    }

    @Test
    void aSystemAdministratorChangesASettingAndTheAccessorFollows() {
        Api.As admin = TestUsers.as(api, users, encoder, "set", Role.SYSTEM_ADMIN);
        Api.As policyAdmin = TestUsers.as(api, users, encoder, "set", Role.POLICY_ADMIN);
        assertThat(policyAdmin
                        .put("/api/settings/return.deadline_days", value(12))
                        .status())
                .isEqualTo(403);
        assertThat(settings.returnDeadlineDays()).isEqualTo(10);
        try {
            Api.Response r = admin.put("/api/settings/return.deadline_days", value("12"));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("value").asInt()).isEqualTo(12);
            assertThat(r.json().get("is_default").asBoolean()).isFalse();
            assertThat(r.json().get("updated_by").asString()).startsWith("set-system_admin");
            assertThat(settings.returnDeadlineDays()).isEqualTo(12);
            assertThat(jdbc.sql(
                                    "select details from audit_log where action = 'setting.update' and target_id = 'return.deadline_days' order by seq desc limit 1")
                            .query(String.class)
                            .single())
                    .contains("\"after\":12")
                    .contains("\"before\":10");

            assertThat(admin.put("/api/settings/upload.max_mb", value(15)).status())
                    .isEqualTo(200);
            assertThat(settings.uploadMaxMb()).isEqualTo(15);
            assertThat(settings.uploadMaxBytes()).isEqualTo(15L * 1024 * 1024);
        } finally {
            assertThat(admin.put("/api/settings/return.deadline_days", value(10))
                            .status())
                    .isEqualTo(200);
            assertThat(admin.put("/api/settings/upload.max_mb", value(20)).status())
                    .isEqualTo(200);
        }
        assertThat(settings.returnDeadlineDays()).isEqualTo(10);
    }

    @Test
    void unknownKeysAndBadValuesAreRefusedByName() {
        Api.As admin = TestUsers.as(api, users, encoder, "set", Role.SYSTEM_ADMIN);
        Api.Response unknown = admin.put("/api/settings/no.such.key", value(3));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("key").asString()).isEqualTo("setting.unknown");
        assertThat(unknown.json().get("errors").get(0).get("value").asString()).isEqualTo("no.such.key");
        assertThat(unknown.json().get("detail").asString()).contains("no.such.key");

        for (Object bad : new Object[] {"abc", 0, 31, "5.5", -1, null, true}) {
            Api.Response r = admin.put("/api/settings/publicity.days", value(bad));
            assertThat(r.status()).as("value " + bad + ": " + r).isEqualTo(400);
            assertThat(r.json().get("key").asString()).isEqualTo("setting.invalid");
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("value");
            assertThat(r.json().get("detail").asString())
                    .contains("publicity.days")
                    .contains("1 到 30");
        }
        Api.Response tooBig = admin.put("/api/settings/upload.max_mb", value(21));
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().get("key").asString()).isEqualTo("setting.invalid");

        for (Object bad : new Object[] {0, 1441}) {
            Api.Response r = admin.put("/api/settings/lockout.minutes", value(bad));
            assertThat(r.status()).as("value " + bad + ": " + r).isEqualTo(400);
            assertThat(r.json().get("key").asString()).isEqualTo("setting.invalid");
        }
        Api.Response tooFew = admin.put("/api/settings/lockout.max_failures", value(2));
        assertThat(tooFew.status()).isEqualTo(400);
        assertThat(tooFew.json().get("detail").asString()).contains("3 到 20");
        assertThat(settings.publicityDays()).isEqualTo(5);
        assertThat(settings.lockoutMaxFailures()).isEqualTo(5);
        assertThat(settings.lockoutMinutes()).isEqualTo(30);
        assertThat(jdbc.sql("select count(*) from setting where key in ('lockout.minutes', 'no.such.key')")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Test
    void aTransactionReadsTheSettingsOnceSeesItsOwnChangeAndTheNextSeesOthersCommits() {
        String name = "set-tx-" + System.nanoTime();
        users.create(name, "测试系统管理员", encoder.encode("x"), java.util.Set.of(Role.SYSTEM_ADMIN), null);
        org.ipaward.server.security.UserAccount account =
                (org.ipaward.server.security.UserAccount) users.loadUserByUsername(name);
        org.springframework.security.core.context.SecurityContextHolder.getContext()
                .setAuthentication(new org.springframework.security.authentication.UsernamePasswordAuthenticationToken(
                        account, null, account.getAuthorities()));
        try {
            tx.executeWithoutResult(status -> {
                assertThat(settings.publicityDays()).isEqualTo(5);
                settings.set(Settings.PUBLICITY_DAYS, 7);
                // its own change, although the rows were read before it
                assertThat(settings.publicityDays()).isEqualTo(7);
                assertThat(settings.returnDeadlineDays()).isEqualTo(10);
                status.setRollbackOnly();
            });
            assertThat(settings.publicityDays()).isEqualTo(5);
            tx.executeWithoutResult(status -> {
                assertThat(settings.publicityDays()).isEqualTo(5);
                // another transaction commits a change meanwhile: this one keeps what it read ...
                Thread other =
                        new Thread(() -> jdbc.sql("insert into setting (key, value) values ('publicity.days', '9')")
                                .update());
                other.start();
                try {
                    other.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                assertThat(settings.publicityDays()).isEqualTo(5);
            });
            // ... and the next one sees it
            assertThat(settings.publicityDays()).isEqualTo(9);
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
            jdbc.sql("delete from setting where key = 'publicity.days'").update();
        }
    }
}

package org.ipaward.server.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.TestUsers;
import org.ipaward.server.security.UserStore;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The sign-in page names the lockout as it is set now (系统设置), not a fixed 5 times / 30 minutes. */
class LoginLockoutTextTests extends ServerTest {
    @Autowired
    UserStore users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void backToTheDefaults() {
        jdbc.sql("delete from setting where key in ('lockout.max_failures', 'lockout.minutes')")
                .update();
    }

    @Test
    void theLockoutTextsFollowTheSettings() {
        Browser b = new Browser(port);
        assertThat(b.page("/login").body()).contains("连续 5 次密码错误后，账户将锁定 30 分钟；会话闲置 30 分钟后自动退出");

        Api.As admin = api.login(TestUsers.create(users, encoder, "lockadm", Role.SYSTEM_ADMIN), TestUsers.PASSWORD);
        assertThat(admin.put("/api/settings/lockout.max_failures", Map.of("value", 3))
                        .status())
                .isEqualTo(200);
        assertThat(admin.put("/api/settings/lockout.minutes", Map.of("value", 45))
                        .status())
                .isEqualTo(200);

        assertThat(b.page("/login").body())
                .contains("id=\"login-lockout-hint\"")
                .contains("连续 3 次密码错误后，账户将锁定 45 分钟")
                .doesNotContain("连续 5 次");
        assertThat(b.page("/login?lang=en").body())
                .contains("After 3 wrong passwords in a row the account is locked for 45 minutes");

        String user = TestUsers.create(users, encoder, "locked", Role.ACCEPTOR);
        Browser victim = new Browser(port);
        for (int i = 0; i < 3; i++) {
            assertThat(victim.login(user, "wrong-password-" + i).header("Location"))
                    .contains("error");
        }
        assertThat(victim.login(user, TestUsers.PASSWORD).header("Location")).contains("error");
        String locked = victim.page("/login?error&lang=zh").body();
        assertThat(locked)
                .contains("id=\"login-error\"")
                .contains("账户因连续 3 次登录失败已被暂时锁定，请 45 分钟后再试")
                .doesNotContain("30 分钟后再试");
    }
}

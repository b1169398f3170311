package org.ipaward.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.error.ApiException.FieldProblem;
import org.junit.jupiter.api.Test;

class PasswordPolicyTests {
    private final PasswordPolicy policy = new PasswordPolicy();

    @Test
    void shortPasswordsAreRefusedWithTheirLength() {
        FieldProblem p = policy.problem("password", "Xq7#vLp2", "alice");
        assertThat(p.key()).isEqualTo("password.too_short");
        assertThat(p.field()).isEqualTo("password");
        assertThat(p.message()).contains("8 个字符").contains("至少需要 10 个");
        assertThat(p.messageEn()).contains("at least 10");
        assertThat(p.value()).as("a password is never echoed").isNull();
        // ten characters are enough for the length rule (the strength rule is separate)
        assertThat(policy.problem("password", "Xq7#vLp2Zr", "alice")).isNull();
        // characters, not UTF-16 units or bytes, are counted
        FieldProblem ten = policy.problem("password", "知识产权奖补政策审计", "alice");
        assertThat(ten == null ? null : ten.key()).isNotEqualTo("password.too_short");
        assertThat(policy.problem("password", "知识产权奖补政策审", "alice").message()).contains("9 个字符");
    }

    @Test
    void passwordsContainingTheUsernameAreRefusedWhateverTheCase() {
        FieldProblem p = policy.problem("new", "Zebra-Quartz-ALICE-981", "alice");
        assertThat(p.key()).isEqualTo("password.contains_username");
        assertThat(p.field()).isEqualTo("new");
        assertThat(p.message()).contains("不能包含用户名").contains("alice");
        assertThat(policy.problem("new", "Zebra-Quartz-Bob-981", "alice")).isNull();
    }

    @Test
    void weakPasswordsAreRefusedWithZxcvbnsReasonInChineseAndEnglish() {
        FieldProblem p = policy.problem("password", "password123", "alice");
        assertThat(p.key()).isEqualTo("password.weak");
        assertThat(p.message()).startsWith("密码强度不足").contains("至少需要 3").contains("常见");
        assertThat(p.messageEn()).contains("too weak").containsIgnoringCase("common");
        assertThat(policy.problem("password", "qwertyuiop", "alice").key()).isEqualTo("password.weak");
        assertThat(policy.problem("password", "aaaaaaaaaaaa", "alice").key()).isEqualTo("password.weak");
        // the display name counts as a known word
        assertThat(policy.problem("password", "Margaretha1990", "m01", "Margaretha"))
                .isNotNull()
                .extracting(FieldProblem::key)
                .isEqualTo("password.weak");
    }

    @Test
    void strongPasswordsPass() {
        assertThat(policy.problem("password", "Violet-Lantern-Seven-42", "alice"))
                .isNull();
        assertThat(policy.problem("password", "correct horse battery staple", "alice"))
                .isNull();
    }

    @Test
    void emptyAndOverlongPasswordsAreRefused() {
        assertThat(policy.problem("password", null, "alice").key()).isEqualTo("password.required");
        assertThat(policy.problem("password", "", "alice").key()).isEqualTo("password.required");
        // bcrypt hashes at most 72 bytes: 25 Chinese characters are 75 bytes
        assertThat(policy.problem("password", "知识产权奖补政策精确计算逐条解释可审计区县市级财政拨", "alice")
                        .key())
                .isEqualTo("password.too_long");
    }

    @Test
    void checkThrowsA400NamingTheFieldAndTheRule() {
        assertThatThrownBy(() -> policy.check("password", "short", "alice"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.key()).isEqualTo("password.too_short");
                    assertThat(e.errors()).singleElement().satisfies(f -> {
                        assertThat(f.field()).isEqualTo("password");
                        assertThat(f.value()).isNull();
                    });
                });
    }

    @Test
    void generatedPasswordsAreStrongAndDifferent() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String p = policy.generate();
            assertThat(p).matches("[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}");
            assertThat(policy.problem("password", p, "alice")).isNull();
            seen.add(p);
        }
        assertThat(seen).hasSize(20);
    }
}

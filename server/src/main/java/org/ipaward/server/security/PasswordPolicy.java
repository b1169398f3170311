package org.ipaward.server.security;

import com.nulabinc.zxcvbn.Feedback;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ResourceBundle;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.error.ApiException.FieldProblem;
import org.springframework.stereotype.Component;

/**
 * The minimum strength of a password, applied wherever one is set (user creation, registration, reset,
 * change): at least {@value #MIN_LENGTH} characters, at most {@value #MAX_BYTES} bytes (what bcrypt
 * hashes), not containing the username, and a zxcvbn score of at least {@value #MIN_SCORE} of 4 (the
 * username and display name count as known words). A refused password is never echoed back.
 */
@Component
public class PasswordPolicy {
    public static final int MIN_LENGTH = 10;
    public static final int MAX_BYTES = 72;
    public static final int MIN_SCORE = 3;

    private static final ResourceBundle ZH = new ZxcvbnMessagesZh();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Zxcvbn zxcvbn = new Zxcvbn();

    /** Refuses a password that breaks the policy: 400 naming the field and the rule (never the value). */
    public void check(String field, String password, String username, String... otherWords) {
        FieldProblem p = problem(field, password, username, otherWords);
        if (p != null) {
            throw new ApiException(
                    org.springframework.http.HttpStatus.BAD_REQUEST, p.key(), p.message(), p.messageEn(), List.of(p));
        }
    }

    /** What is wrong with a password, or null when it is acceptable. */
    public FieldProblem problem(String field, String password, String username, String... otherWords) {
        if (password == null || password.isEmpty()) {
            return new FieldProblem(field, null, "password.required", "请填写密码", "a password is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return new FieldProblem(
                    field,
                    null,
                    "password.too_short",
                    "密码太短：只有 " + length + " 个字符，至少需要 " + MIN_LENGTH + " 个",
                    "password too short: " + length + " characters, at least " + MIN_LENGTH + " needed");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return new FieldProblem(
                    field,
                    null,
                    "password.too_long",
                    "密码太长：最多 " + MAX_BYTES + " 个字节（约 " + MAX_BYTES + " 个英文字符或 24 个汉字）",
                    "password too long: at most " + MAX_BYTES + " bytes");
        }
        if (username != null
                && !username.isBlank()
                && password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            return new FieldProblem(
                    field,
                    null,
                    "password.contains_username",
                    "密码不能包含用户名“" + username + "”",
                    "the password must not contain the username \"" + username + "\"");
        }
        List<String> words = new ArrayList<>();
        if (username != null) {
            words.add(username);
        }
        for (String w : otherWords) {
            if (w != null && !w.isBlank()) {
                words.add(w);
            }
        }
        Strength s = zxcvbn.measure(password, words);
        try {
            if (s.getScore() >= MIN_SCORE) {
                return null;
            }
            Feedback en = s.getFeedback();
            Feedback zh = en.withResourceBundle(ZH);
            return new FieldProblem(
                    field,
                    null,
                    "password.weak",
                    "密码强度不足（强度 " + s.getScore() + "/4，至少需要 " + MIN_SCORE + "）"
                            + reasons(zh, "：", "；", "。建议：", "容易被猜到，请使用更长、更不常见的组合"),
                    "password too weak (strength " + s.getScore() + " of 4, " + MIN_SCORE + " needed)"
                            + reasons(
                                    en, ": ", "; ", ". Suggestion: ", "easy to guess; use a longer, less common mix"));
        } finally {
            s.wipe();
        }
    }

    private static String reasons(Feedback f, String lead, String sep, String suggestionLead, String fallback) {
        StringBuilder b = new StringBuilder();
        String warning = f.getWarning();
        if (warning != null && !warning.isBlank()) {
            b.append(lead).append(strip(warning));
        }
        List<String> suggestions = f.getSuggestions().stream()
                .filter(Objects::nonNull)
                .map(PasswordPolicy::strip)
                .filter(x -> !x.isBlank())
                .toList();
        if (!suggestions.isEmpty()) {
            b.append(b.length() == 0 ? lead : suggestionLead).append(String.join(sep, suggestions));
        } else if (b.length() == 0) {
            b.append(lead).append(fallback);
        }
        return b.toString();
    }

    private static String strip(String s) {
        String t = s.trim();
        while (t.endsWith(".") || t.endsWith("。")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    /** A strong random temporary password (about 95 bits), grouped for reading aloud: xxxx-xxxx-xxxx-xxxx. */
    public String generate() {
        while (true) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                if (i > 0 && i % 4 == 0) {
                    b.append('-');
                }
                b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            String p = b.toString();
            if (p.chars().anyMatch(Character::isUpperCase)
                    && p.chars().anyMatch(Character::isLowerCase)
                    && p.chars().anyMatch(Character::isDigit)
                    && problem("password", p, null) == null) {
                return p;
            }
        }
    }
}

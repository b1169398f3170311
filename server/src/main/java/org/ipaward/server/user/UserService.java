package org.ipaward.server.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.config.Like;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.error.ApiException.FieldProblem;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.ApiTokens;
import org.ipaward.server.security.PasswordPolicy;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.Sessions;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.security.UserStore;
import org.ipaward.server.settings.Settings;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Managing user accounts: listing, creation, roles, disabling, password resets and unlocking (by system
 * administrators), registration of applicants, and everyone's own password change. Users are never
 * deleted — they are disabled, so every audit record keeps pointing at a real account. Every change is
 * audited in its own transaction; bad input is refused before anything is written.
 */
@Service
public class UserService {
    public static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9._-]{3,64}");
    public static final int DISPLAY_NAME_MAX = 100;

    /** The result of a password reset: the temporary password only when the server generated one. */
    public record ResetResult(long userId, boolean generated, String temporaryPassword) {}

    private final JdbcClient jdbc;
    private final UserStore users;
    private final PasswordEncoder encoder;
    private final PasswordPolicy policy;
    private final AuditLog audit;
    private final ApiTokens tokens;
    private final Sessions sessions;
    private final TransactionTemplate tx;
    private final Settings settings;

    public UserService(
            JdbcClient jdbc,
            UserStore users,
            PasswordEncoder encoder,
            PasswordPolicy policy,
            AuditLog audit,
            ApiTokens tokens,
            Sessions sessions,
            TransactionTemplate tx,
            Settings settings) {
        this.jdbc = jdbc;
        this.users = users;
        this.encoder = encoder;
        this.policy = policy;
        this.audit = audit;
        this.tokens = tokens;
        this.sessions = sessions;
        this.tx = tx;
        this.settings = settings;
    }

    // ---- reading

    @Transactional(readOnly = true)
    public PageResult<UserView> list(String q, String role, Boolean locked, Boolean enabled, Paging paging) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> params = new ArrayList<>();
        if (q != null && !q.isBlank()) {
            String like = Like.containing(q.trim());
            where.append(" and (u.username ilike ? escape '\\' or u.display_name ilike ? escape '\\')");
            params.add(like);
            params.add(like);
        }
        if (role != null && !role.isBlank()) {
            Role r = parseRole("role", role);
            where.append(" and exists (select 1 from user_role x where x.user_id = u.id and x.role = ?)");
            params.add(r.name());
        }
        if (locked != null) {
            where.append(
                    locked
                            ? " and u.locked_until > now()"
                            : " and (u.locked_until is null or u.locked_until <= now())");
        }
        if (enabled != null) {
            where.append(" and u.enabled = ?");
            params.add(enabled);
        }
        long total = jdbc.sql("select count(*) from app_user u" + where)
                .params(params)
                .query(Long.class)
                .single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(paging.size());
        pageParams.add(paging.offset());
        List<UserView> items = jdbc.sql(SELECT + where + " order by u.id limit ? offset ?")
                .params(pageParams)
                .query((rs, n) -> view(rs))
                .list();
        return new PageResult<>(items, total, paging.page(), paging.size());
    }

    @Transactional(readOnly = true)
    public UserView get(long id) {
        return jdbc.sql(SELECT + " where u.id = ?")
                .param(id)
                .query((rs, n) -> view(rs))
                .optional()
                .orElseThrow(() -> ApiException.notFound("user", id));
    }

    // ---- creating

    /** Creates a user (by a system administrator). */
    @Transactional
    public UserView create(
            String username, String displayName, List<String> roleNames, Long subjectId, String password) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = checkUsername(username, problems);
        String display = checkDisplayName(displayName, problems);
        Set<Role> roles = checkRoles(roleNames, problems);
        if (subjectId != null) {
            boolean exists = jdbc.sql("select exists (select 1 from subject where id = ?)")
                    .param(subjectId)
                    .query(Boolean.class)
                    .single();
            if (!exists) {
                problems.add(new FieldProblem(
                        "subject_id",
                        subjectId,
                        "subject.not_found",
                        "申报主体不存在：" + subjectId,
                        "no such subject: " + subjectId));
            } else if (!roles.isEmpty() && !roles.contains(Role.APPLICANT)) {
                problems.add(new FieldProblem(
                        "subject_id",
                        subjectId,
                        "user.subject_needs_applicant",
                        "只有申报人账户可以关联申报主体",
                        "only an applicant account can be linked to a subject"));
            }
        }
        addPasswordProblem(problems, "password", password, name, display);
        throwIfAny(problems);
        long id = insert(name, display, password, roles, subjectId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("username", name);
        details.put("display_name", display);
        details.put("roles", roleList(roles));
        details.put("subject_id", subjectId);
        audit.record("user.create", "user", id, details);
        return get(id);
    }

    /** Registers an applicant (anyone, without signing in). The subject is created later, by them. */
    @Transactional
    public UserView register(String username, String displayName, String password) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = checkUsername(username, problems);
        String display = checkDisplayName(displayName, problems);
        addPasswordProblem(problems, "password", password, name, display);
        throwIfAny(problems);
        long id = insert(name, display, password, EnumSet.of(Role.APPLICANT), null);
        audit.record(
                id,
                name,
                Role.APPLICANT.name(),
                "user.register",
                "user",
                id,
                Map.of("username", name, "display_name", display));
        return get(id);
    }

    private long insert(String username, String displayName, String password, Set<Role> roles, Long subjectId) {
        boolean taken = jdbc.sql("select exists (select 1 from app_user where lower(username) = lower(?))")
                .param(username)
                .query(Boolean.class)
                .single();
        if (taken) {
            throw duplicate(username);
        }
        try {
            return users.create(username, displayName, encoder.encode(password), roles, subjectId);
        } catch (DuplicateKeyException e) {
            throw duplicate(username);
        }
    }

    private static ApiException duplicate(String username) {
        return new ApiException(
                HttpStatus.CONFLICT,
                "user.duplicate",
                "用户名“" + username + "”已被使用",
                "the username \"" + username + "\" is taken",
                List.of(new FieldProblem("username", username, "user.duplicate", "用户名已被使用", "the username is taken")));
    }

    // ---- changing

    /** Changes display name, roles and/or enabled (null: unchanged). An administrator cannot lock themselves out. */
    @Transactional
    public UserView update(long id, String displayName, List<String> roleNames, Boolean enabled) {
        UserView before = get(id);
        List<FieldProblem> problems = new ArrayList<>();
        String display = displayName == null ? before.displayName() : checkDisplayName(displayName, problems);
        Set<Role> roles = roleNames == null ? parseRoles(before.roles()) : checkRoles(roleNames, problems);
        boolean enable = enabled == null ? before.enabled() : enabled;
        if (displayName == null && roleNames == null && enabled == null) {
            problems.add(new FieldProblem(
                    "body",
                    null,
                    "user.nothing_to_update",
                    "请至少给出 display_name、roles、enabled 之一",
                    "give at least one of display_name, roles, enabled"));
        }
        if (before.subjectId() != null && !roles.isEmpty() && !roles.contains(Role.APPLICANT)) {
            problems.add(new FieldProblem(
                    "roles",
                    String.join(",", roleList(roles)),
                    "user.subject_needs_applicant",
                    "该账户关联了申报主体，必须保留申报人角色",
                    "this account is linked to a subject and must keep the applicant role"));
        }
        throwIfAny(problems);
        UserAccount me = Actor.require();
        if (me.id() == id && (!enable || !roles.contains(Role.SYSTEM_ADMIN))) {
            throw ApiException.conflict(
                    "user.self_lockout",
                    "不能停用自己的账户或去掉自己的系统管理员角色（请由另一位系统管理员操作）",
                    "you cannot disable yourself or remove your own system administrator role"
                            + " (ask another system administrator)");
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        if (!display.equals(before.displayName())) {
            jdbc.sql("update app_user set display_name = ? where id = ?")
                    .params(display, id)
                    .update();
            changes.put("display_name", change(before.displayName(), display));
        }
        List<String> newRoles = roleList(roles);
        if (!newRoles.equals(before.roles())) {
            jdbc.sql("delete from user_role where user_id = ?").param(id).update();
            for (Role r : roles) {
                jdbc.sql("insert into user_role (user_id, role) values (?, ?)")
                        .params(id, r.name())
                        .update();
            }
            changes.put("roles", change(before.roles(), newRoles));
        }
        if (enable != before.enabled()) {
            jdbc.sql("update app_user set enabled = ? where id = ?")
                    .params(enable, id)
                    .update();
            changes.put("enabled", change(before.enabled(), enable));
        }
        if (!changes.isEmpty()) {
            audit.record("user.update", "user", id, changes);
            if (changes.containsKey("roles") || changes.containsKey("enabled")) {
                sessions.expire(id, null);
            }
        }
        return get(id);
    }

    /**
     * Sets a new password for a user (by a system administrator): the one given, or a generated one that is
     * returned once. Unlocks the account and ends the user's sessions and tokens.
     */
    @Transactional
    public ResetResult resetPassword(long id, String password) {
        UserView u = get(id);
        boolean generated = password == null;
        String pw = generated ? policy.generate() : password;
        if (!generated) {
            policy.check("password", pw, u.username(), u.displayName());
        }
        jdbc.sql(
                        """
                        update app_user set password_hash = ?, password_changed_at = now(),
                            failed_attempts = 0, locked_until = null where id = ?""")
                .params(encoder.encode(pw), id)
                .update();
        int revoked = tokens.revokeAllOf(id, null);
        audit.record(
                "user.password_reset",
                "user",
                id,
                Map.of("generated", generated, "tokens_revoked", revoked, "was_locked", u.locked()));
        sessions.expire(id, null);
        return new ResetResult(id, generated, generated ? pw : null);
    }

    /** Lifts a lockout and clears the failure count. */
    @Transactional
    public UserView unlock(long id) {
        UserView u = get(id);
        jdbc.sql("update app_user set failed_attempts = 0, locked_until = null where id = ?")
                .param(id)
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("was_locked", u.locked());
        details.put(
                "locked_until", u.lockedUntil() == null ? null : u.lockedUntil().toString());
        details.put("failed_attempts", u.failedAttempts());
        audit.record("user.unlock", "user", id, details);
        return get(id);
    }

    /**
     * The signed-in user changes their own password. A wrong current password counts as a failed sign-in
     * (as many as the lockout setting lock the account and end its sessions). Other sessions and tokens of the user end; the current
     * one goes on.
     */
    public void changeOwnPassword(String oldPassword, String newPassword) {
        UserAccount me = Actor.require();
        UserAccount stored = users.byId(me.id()).orElseThrow(() -> ApiException.notFound("user", me.id()));
        if (oldPassword == null || !encoder.matches(oldPassword, stored.getPassword())) {
            int failures = users.recordFailure(me.username());
            audit.record("user.password_change_failed", "user", me.id(), Map.of("failures", failures));
            if (failures >= settings.lockoutMaxFailures()) {
                sessions.expire(me.id(), null);
            }
            throw ApiException.invalid("old", null, "password.old_wrong", "当前密码不正确", "the current password is wrong");
        }
        policy.check("new", newPassword, me.username(), me.displayName());
        if (encoder.matches(newPassword, stored.getPassword())) {
            throw ApiException.invalid(
                    "new",
                    null,
                    "password.unchanged",
                    "新密码不能与当前密码相同",
                    "the new password must differ from the current one");
        }
        String currentToken = ApiTokens.currentTokenHash().orElse(null);
        String currentSession = Sessions.currentSessionId().orElse(null);
        tx.executeWithoutResult(s -> {
            jdbc.sql("update app_user set password_hash = ?, password_changed_at = now() where id = ?")
                    .params(encoder.encode(newPassword), me.id())
                    .update();
            int revoked = tokens.revokeAllOf(me.id(), currentToken);
            audit.record("user.password_change", "user", me.id(), Map.of("tokens_revoked", revoked));
        });
        sessions.expire(me.id(), currentSession);
    }

    // ---- checks

    private static String checkUsername(String username, List<FieldProblem> problems) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            problems.add(new FieldProblem(
                    "username",
                    username,
                    "user.username_invalid",
                    "用户名须为 3–64 位英文字母、数字或 . _ -",
                    "the username must be 3 to 64 letters, digits, '.', '_' or '-'"));
        }
        return username;
    }

    private static String checkDisplayName(String displayName, List<FieldProblem> problems) {
        String d = displayName == null ? "" : displayName.strip();
        if (d.isEmpty()
                || d.codePointCount(0, d.length()) > DISPLAY_NAME_MAX
                || d.codePoints().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem(
                    "display_name",
                    displayName,
                    "user.display_name_invalid",
                    "显示名称不能为空，最多 " + DISPLAY_NAME_MAX + " 个字符，且不能含控制字符",
                    "the display name must be 1 to " + DISPLAY_NAME_MAX + " characters without control characters"));
        }
        return d;
    }

    private static Set<Role> checkRoles(List<String> names, List<FieldProblem> problems) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (names == null || names.isEmpty()) {
            problems.add(new FieldProblem(
                    "roles",
                    null,
                    "user.roles_required",
                    "请至少选择一个角色：" + Arrays.toString(Role.values()),
                    "give at least one role: " + Arrays.toString(Role.values())));
            return roles;
        }
        for (int i = 0; i < names.size(); i++) {
            try {
                roles.add(parseRole("roles[" + i + "]", names.get(i)));
            } catch (ApiException e) {
                problems.addAll(e.errors());
            }
        }
        return roles;
    }

    private static Role parseRole(String field, String name) {
        try {
            return Role.valueOf(Objects.requireNonNull(name).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.invalid(
                    field,
                    name,
                    "user.role_unknown",
                    "未知角色“" + name + "”，可选：" + Arrays.toString(Role.values()),
                    "unknown role \"" + name + "\"; one of " + Arrays.toString(Role.values()));
        }
    }

    private static Set<Role> parseRoles(List<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        names.forEach(n -> roles.add(Role.valueOf(n)));
        return roles;
    }

    private void addPasswordProblem(
            List<FieldProblem> problems, String field, String password, String username, String displayName) {
        FieldProblem p = policy.problem(field, password, username, displayName);
        if (p != null) {
            problems.add(p);
        }
    }

    private static void throwIfAny(List<FieldProblem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        FieldProblem first = problems.get(0);
        if (problems.size() == 1) {
            throw new ApiException(HttpStatus.BAD_REQUEST, first.key(), first.message(), first.messageEn(), problems);
        }
        throw new ApiException(
                HttpStatus.BAD_REQUEST,
                "input.invalid",
                "输入有误（" + problems.size() + " 处）：" + first.message(),
                "invalid input (" + problems.size() + " problems): " + first.messageEn(),
                problems);
    }

    private static List<String> roleList(Set<Role> roles) {
        return roles.stream().map(Enum::name).sorted().toList();
    }

    private static Map<String, Object> change(Object from, Object to) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from);
        m.put("to", to);
        return m;
    }

    private static final String SELECT =
            """
            select u.*, coalesce((select string_agg(r.role, ',' order by r.role) from user_role r
                                  where r.user_id = u.id), '') as roles
            from app_user u""";

    private static UserView view(ResultSet rs) throws SQLException {
        String roles = rs.getString("roles");
        Timestamp locked = rs.getTimestamp("locked_until");
        Timestamp lastLogin = rs.getTimestamp("last_login_at");
        Instant lockedUntil = locked == null ? null : locked.toInstant();
        return new UserView(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("display_name"),
                roles.isEmpty() ? List.of() : List.of(roles.split(",")),
                rs.getObject("subject_id", Long.class),
                rs.getBoolean("enabled"),
                lockedUntil != null && lockedUntil.isAfter(Instant.now()),
                lockedUntil,
                rs.getInt("failed_attempts"),
                lastLogin == null ? null : lastLogin.toInstant(),
                rs.getTimestamp("password_changed_at").toInstant(),
                rs.getTimestamp("created_at").toInstant());
    }
}

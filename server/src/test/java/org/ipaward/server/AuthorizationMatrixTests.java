package org.ipaward.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.TestUsers;
import org.ipaward.server.security.UserStore;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The authorisation matrix: every API endpoint called anonymously (401 unless public), as each of the
 * eight roles (allowed: anything but 401/403 and never a 5xx; not allowed: 403), and — for endpoints on
 * an applicant's own data — as another applicant (403). A further test fails when an endpoint exists
 * that has no row here, so nothing can be added without deciding who may call it.
 *
 * <p><b>Adding a row</b> is one line in {@link #ENDPOINTS}:
 *
 * <pre>
 *   row(GET, "/api/things", ACCEPTOR, REVIEWER),                      // these roles, nobody else
 *   row(POST, "/api/things", "{\"name\":\"{unique}\"}", POLICY_ADMIN), // with a JSON body
 *   row(GET, "/api/things/{own.thing}", APPLICANT, ACCEPTOR).owned(),   // an applicant's own data
 *   signedIn(GET, "/api/me"),                                          // anyone signed in
 *   open(POST, "/api/public/thing", "{}"),                             // anyone, even anonymous
 * </pre>
 *
 * In paths and bodies, {@code {name}} is replaced by a fixture value ({@link #fixture()}: {@code {user}},
 * {@code {own.subject}}, {@code {other.subject}}, {@code {own.user}} …; add what new rows need there) and
 * {@code {unique}} by a fresh string on every call. For {@code owned()} rows the APPLICANT caller is the
 * owner of the {@code own.*} data and "another applicant" owns {@code other.*}; the row expects the
 * owner to be let in (if APPLICANT is listed) and the other applicant to get 403. Requests with a body
 * should be valid enough to pass authorisation but need not succeed (a 400 counts as "let in"); rows whose
 * call would spoil the caller's own sign-in (revoking its token) are marked {@code freshLogin()}.
 */
class AuthorizationMatrixTests extends ServerTest {
    static final String GET = "GET";
    static final String POST = "POST";
    static final String PUT = "PUT";
    static final String PATCH = "PATCH";
    static final String DELETE = "DELETE";

    static final Role APPLICANT = Role.APPLICANT;
    static final Role ACCEPTOR = Role.ACCEPTOR;
    static final Role REVIEWER = Role.REVIEWER;
    static final Role APPROVER = Role.APPROVER;
    static final Role FINANCE = Role.FINANCE;
    static final Role POLICY_ADMIN = Role.POLICY_ADMIN;
    static final Role SYSTEM_ADMIN = Role.SYSTEM_ADMIN;
    static final Role AUDITOR = Role.AUDITOR;

    static final String STRONG = "Amber-Harbour-Quiet-61";

    /** Every API endpoint and who may call it. */
    static final List<Endpoint> ENDPOINTS = List.of(
            // authentication and the signed-in user
            open(POST, "/api/auth/token", "{}"),
            signedIn(DELETE, "/api/auth/token").freshLogin(),
            signedIn(GET, "/api/me"),
            signedIn(POST, "/api/me/password", "{}"),
            open(
                    POST,
                    "/api/public/register",
                    "{\"username\":\"mx-{unique}\",\"password\":\"" + STRONG + "\",\"display_name\":\"矩阵注册\"}"),
            // users (system administrators only)
            row(GET, "/api/users", SYSTEM_ADMIN),
            row(GET, "/api/users/{user}", SYSTEM_ADMIN),
            row(
                    POST,
                    "/api/users",
                    "{\"username\":\"mx-{unique}\",\"display_name\":\"矩阵\",\"roles\":[\"REVIEWER\"],\"password\":\""
                            + STRONG + "\"}",
                    SYSTEM_ADMIN),
            row(PUT, "/api/users/{user}", "{\"display_name\":\"矩阵目标\"}", SYSTEM_ADMIN),
            row(POST, "/api/users/{user}/reset-password", "{\"password\":\"" + STRONG + "\"}", SYSTEM_ADMIN),
            row(POST, "/api/users/{user}/unlock", "{}", SYSTEM_ADMIN),
            // the audit log (read-only)
            row(GET, "/api/audit", AUDITOR, SYSTEM_ADMIN),
            row(GET, "/api/audit/verify", AUDITOR, SYSTEM_ADMIN));

    // ---- the row builders

    /**
     * One endpoint: method, path and JSON body (with placeholders), the roles allowed, whether anonymous
     * callers are allowed, whether it is an applicant's own data, whether it needs a fresh sign-in per call.
     */
    record Endpoint(
            String method,
            String path,
            String body,
            Set<Role> allowed,
            boolean anonymous,
            boolean ownData,
            boolean fresh) {
        /** Marks an applicant's own data: another applicant must get 403. */
        Endpoint owned() {
            return new Endpoint(method, path, body, allowed, anonymous, true, fresh);
        }

        /** Each call signs in anew (the call spoils the caller's sign-in, e.g. revokes its token). */
        Endpoint freshLogin() {
            return new Endpoint(method, path, body, allowed, anonymous, ownData, true);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Endpoint row(String method, String path, Role... allowed) {
        return row(method, path, null, allowed);
    }

    static Endpoint row(String method, String path, String body, Role... allowed) {
        return new Endpoint(method, path, body, roles(allowed), false, false, false);
    }

    /** Any signed-in user, whatever their role. */
    static Endpoint signedIn(String method, String path) {
        return signedIn(method, path, null);
    }

    static Endpoint signedIn(String method, String path, String body) {
        return new Endpoint(method, path, body, EnumSet.allOf(Role.class), false, false, false);
    }

    /** Anyone, signed in or not. */
    static Endpoint open(String method, String path, String body) {
        return new Endpoint(method, path, body, EnumSet.allOf(Role.class), true, false, false);
    }

    private static Set<Role> roles(Role... roles) {
        Set<Role> s = EnumSet.noneOf(Role.class);
        s.addAll(List.of(roles));
        return s;
    }

    // ---- the fixture: one user per role, two applicants with their own subjects, a target user

    @Autowired
    UserStore users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final Map<Role, String> usernames = new LinkedHashMap<>();
    private final Map<Role, Api.As> callers = new LinkedHashMap<>();
    private String otherApplicant;
    private Api.As otherApplicantCaller;
    private final Map<String, String> vars = new LinkedHashMap<>();

    /** Creates the callers and the data rows refer to; add what new rows need (put it in {@code vars}). */
    void fixture() {
        long ownSubject = subject("矩阵申报主体甲");
        long otherSubject = subject("矩阵申报主体乙");
        for (Role r : Role.values()) {
            String name = r == APPLICANT
                    ? TestUsers.create(users, encoder, "mx-owner", ownSubject, r)
                    : TestUsers.create(users, encoder, "mx-" + r.name().toLowerCase(Locale.ROOT), r);
            usernames.put(r, name);
            callers.put(r, api.login(name, TestUsers.PASSWORD));
        }
        otherApplicant = TestUsers.create(users, encoder, "mx-other", otherSubject, APPLICANT);
        otherApplicantCaller = api.login(otherApplicant, TestUsers.PASSWORD);
        String target = TestUsers.create(users, encoder, "mx-target", REVIEWER);

        vars.put("user", String.valueOf(TestUsers.id(users, target)));
        vars.put("own.subject", String.valueOf(ownSubject));
        vars.put("own.user", String.valueOf(TestUsers.id(users, usernames.get(APPLICANT))));
        vars.put("other.subject", String.valueOf(otherSubject));
        vars.put("other.user", String.valueOf(TestUsers.id(users, otherApplicant)));
    }

    private long subject(String name) {
        return jdbc.sql("insert into subject (kind, name) values ('enterprise', ?) returning id")
                .param(name)
                .query(Long.class)
                .single();
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_.]*)}");

    private String fill(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = key.equals("unique") ? UUID.randomUUID().toString().substring(0, 12) : vars.get(key);
            if (value == null) {
                throw new IllegalStateException("no fixture value for {" + key + "} in " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Api.Response call(Api.As as, Endpoint e) {
        String path = fill(e.path());
        String body = fill(e.body());
        return switch (e.method()) {
            case GET -> as.get(path);
            case DELETE -> as.delete(path);
            case POST -> as.post(path, body == null ? "{}" : body);
            case PUT -> as.put(path, body == null ? "{}" : body);
            case PATCH -> as.patch(path, body == null ? "{}" : body);
            default -> throw new IllegalArgumentException(e.method());
        };
    }

    private Api.As caller(Role r, Endpoint e) {
        return e.fresh() ? api.login(usernames.get(r), TestUsers.PASSWORD) : callers.get(r);
    }

    // ---- the tests

    @TestFactory
    Stream<DynamicTest> everyEndpointAsEveryRole() {
        fixture();
        return ENDPOINTS.stream().map(e -> DynamicTest.dynamicTest(e.toString(), () -> check(e)));
    }

    private void check(Endpoint e) {
        SoftAssertions soft = new SoftAssertions();
        Api.Response anonymous = call(api.anonymous(), e);
        if (e.anonymous()) {
            expectLetIn(soft, e, "anonymous", anonymous);
        } else {
            soft.assertThat(anonymous.status())
                    .as("%s as anonymous: %s", e, anonymous)
                    .isEqualTo(401);
            soft.assertThat(key(anonymous)).as("%s as anonymous: key", e).isEqualTo("auth.required");
        }
        for (Role r : Role.values()) {
            Api.Response res = call(caller(r, e), e);
            if (e.allowed().contains(r)) {
                expectLetIn(soft, e, r.name(), res);
            } else {
                expectDenied(soft, e, r.name(), res);
            }
        }
        if (e.ownData()) {
            Api.As other = e.fresh() ? api.login(otherApplicant, TestUsers.PASSWORD) : otherApplicantCaller;
            expectDenied(soft, e, "another applicant", call(other, e));
        }
        soft.assertAll();
    }

    private static void expectLetIn(SoftAssertions soft, Endpoint e, String who, Api.Response r) {
        soft.assertThat(r.status())
                .as("%s as %s is allowed: %s", e, who, r)
                .isNotIn(401, 403)
                .isLessThan(500);
    }

    private static void expectDenied(SoftAssertions soft, Endpoint e, String who, Api.Response r) {
        soft.assertThat(r.status()).as("%s as %s is not allowed: %s", e, who, r).isEqualTo(403);
        soft.assertThat(key(r)).as("%s as %s: key", e, who).isEqualTo("access.denied");
    }

    private static String key(Api.Response r) {
        try {
            return r.json().get("key").asString();
        } catch (RuntimeException ex) {
            return null;
        }
    }

    /** Every API endpoint the server maps has a row (method and path, whatever the placeholders are called). */
    @Test
    void everyApiEndpointHasARow() {
        Set<String> rows = new TreeSet<>();
        ENDPOINTS.forEach(e -> rows.add(e.method() + " " + normalise(e.path())));
        Set<String> missing = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                if (methods.isEmpty()) {
                    missing.add("(any method) " + pattern);
                }
                for (RequestMethod m : methods) {
                    if (!rows.contains(m.name() + " " + normalise(pattern))) {
                        missing.add(m.name() + " " + pattern);
                    }
                }
            }
        }
        assertThat(missing)
                .as("API endpoints without a row in the authorisation matrix (add one line each to ENDPOINTS)")
                .isEmpty();
    }

    /** The auditor changes nothing: no row that writes lets the auditor in, except a user's own account. */
    @Test
    void theAuditorIsAllowedNoWritesButTheirOwnAccount() {
        List<String> writes = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            boolean selfService = e.allowed().equals(EnumSet.allOf(Role.class));
            if (!e.method().equals(GET) && !selfService) {
                writes.add(e.toString());
                assertThat(e.allowed()).as(e + " lets the auditor write").doesNotContain(AUDITOR);
            }
        }
        assertThat(writes).as("the rows above cover writes").isNotEmpty();
    }

    private static String normalise(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }
}

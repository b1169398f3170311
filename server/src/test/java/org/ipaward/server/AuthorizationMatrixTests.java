package org.ipaward.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.MutableClock;
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
import tools.jackson.databind.JsonNode;

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
 *   row(POST, "/api/things/{own.thing}/files", "{\"kind\":\"x\"}", APPLICANT).owned().multipart(), // a PDF upload
 *   action("{own.app}", "accept", ACCEPTOR),                            // one workflow action
 * </pre>
 *
 * In paths and bodies, {@code {name}} is replaced by a fixture value ({@link #fixture()}: {@code {user}},
 * {@code {own.subject}}, {@code {other.subject}}, {@code {own.user}} …; add what new rows need there) and
 * {@code {unique}} by a fresh string on every call. For {@code owned()} rows the APPLICANT caller is the
 * owner of the {@code own.*} data and "another applicant" owns {@code other.*}; the row expects the
 * owner to be let in (if APPLICANT is listed) and the other applicant to get 403. Requests with a body
 * should be valid enough to pass authorisation but need not succeed (a 400, 404 or 409 counts as "let in");
 * rows whose call would spoil the caller's own sign-in (revoking its token) are marked {@code freshLogin()}.
 * Rows run in order against one fixture, so a row may find the data as an earlier row left it (the workflow
 * rows walk {@code {own.flow}} from submitted to publicised). A row whose path fixes a value the server
 * maps as a variable (an action name) names the mapping it covers with {@code exercising(...)}.
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

    /** A pledge-loan interest claim under pinggu-2025 (its materials: see {@link #pledgeDraft}). */
    static final String PLEDGE = "{\"measure\":\"PG-pledge\",\"facts\":{\"right_kind\":\"patent\","
            + "\"first_rights_holder\":true,\"bank_loan\":true,\"loan_interest\":\"40000.00\"}}";

    static final byte[] PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

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
            row(GET, "/api/audit/verify", AUDITOR, SYSTEM_ADMIN),
            // subjects (申报主体): staff see all, an applicant their own; acceptors and administrators edit
            row(POST, "/api/subjects", "{}", APPLICANT, ACCEPTOR, SYSTEM_ADMIN),
            row(GET, "/api/subjects", ACCEPTOR, REVIEWER, APPROVER, FINANCE, SYSTEM_ADMIN, AUDITOR),
            signedIn(GET, "/api/subjects/mine"),
            row(
                            GET,
                            "/api/subjects/{own.subject}",
                            APPLICANT,
                            ACCEPTOR,
                            REVIEWER,
                            APPROVER,
                            FINANCE,
                            SYSTEM_ADMIN,
                            AUDITOR)
                    .owned(),
            row(PUT, "/api/subjects/{own.subject}", "{}", APPLICANT, ACCEPTOR, SYSTEM_ADMIN)
                    .owned(),
            row(
                            POST,
                            "/api/subjects/{own.subject}/unmask",
                            "{\"field\":\"phone\",\"reason\":\"核对联系电话\"}",
                            ACCEPTOR,
                            REVIEWER,
                            APPROVER,
                            FINANCE)
                    .owned(),
            row(
                            POST,
                            "/api/subjects/{own.subject}/unmask",
                            "{\"field\":\"id_number\",\"reason\":\"核对身份证号\"}",
                            ACCEPTOR,
                            REVIEWER,
                            APPROVER)
                    .owned(),
            row(
                            POST,
                            "/api/subjects/{own.subject}/unmask",
                            "{\"field\":\"bank_account\",\"reason\":\"核对银行账号\"}",
                            APPROVER,
                            FINANCE)
                    .owned(),
            row(POST, "/api/subjects/{own.subject}/confirm-uscc", "{\"reason\":\"核对营业执照原件\"}", ACCEPTOR, SYSTEM_ADMIN)
                    .owned(),
            row(
                            POST,
                            "/api/subjects/{own.subject}/clients",
                            "{\"client_subject_id\":{other.subject},\"poa_file_id\":{own.file}}",
                            APPLICANT,
                            ACCEPTOR)
                    .owned(),
            row(
                            GET,
                            "/api/subjects/{own.subject}/clients",
                            APPLICANT,
                            ACCEPTOR,
                            REVIEWER,
                            APPROVER,
                            FINANCE,
                            SYSTEM_ADMIN,
                            AUDITOR)
                    .owned(),
            // files: anyone signed in uploads; the uploader and staff read
            signedIn(POST, "/api/files", "{}").multipart(),
            row(GET, "/api/files/{own.file}/info", staff(APPLICANT)).owned(),
            row(GET, "/api/files/{own.file}", staff(APPLICANT)).owned(),
            // policies, rounds, the work calendar, settings
            open(GET, "/api/public/policies"),
            open(GET, "/api/public/policies/{policy}"),
            open(
                    POST,
                    "/api/public/calculate",
                    "{\"policy_id\":\"pinggu-2025\",\"subject\":{\"kind\":\"enterprise\",\"registered_region\":\"110117\"},"
                            + "\"claims\":[{\"measure\":\"PG-pledge\",\"facts\":{\"right_kind\":\"patent\"}}]}"),
            open(GET, "/api/public/rounds"),
            row(POST, "/api/rounds", "{}", POLICY_ADMIN, SYSTEM_ADMIN),
            row(PUT, "/api/rounds/{round}", "{\"notice\":\"矩阵测试批次通知\"}", POLICY_ADMIN, SYSTEM_ADMIN),
            row(POST, "/api/rounds/{spare.round}/close", POLICY_ADMIN, SYSTEM_ADMIN),
            signedIn(GET, "/api/rounds"),
            signedIn(GET, "/api/rounds/{round}"),
            row(GET, "/api/rounds/{round}/budget", staff()),
            row(GET, "/api/rounds/{round}/claims.csv", ACCEPTOR, REVIEWER, APPROVER, FINANCE, POLICY_ADMIN),
            row(GET, "/api/rounds/{round}/claims.xlsx", ACCEPTOR, REVIEWER, APPROVER, FINANCE, POLICY_ADMIN),
            signedIn(GET, "/api/calendar"),
            row(PUT, "/api/calendar/{day}", "{\"workday\":false,\"note\":\"矩阵测试\"}", SYSTEM_ADMIN),
            row(DELETE, "/api/calendar/{day}", SYSTEM_ADMIN),
            row(GET, "/api/settings", SYSTEM_ADMIN, POLICY_ADMIN),
            row(PUT, "/api/settings/{setting}", "{\"value\":\"many\"}", SYSTEM_ADMIN),
            // applications: the applicant drafts and files; staff (every staff role) read
            signedIn(GET, "/api/workflow"),
            signedIn(GET, "/api/applications"),
            row(POST, "/api/applications", "{\"round_id\":{round},\"claims\":[" + PLEDGE + "]}", APPLICANT),
            row(
                            POST,
                            "/api/applications",
                            "{\"round_id\":{round},\"subject_id\":{own.subject},\"claims\":[" + PLEDGE + "]}",
                            APPLICANT)
                    .owned(),
            row(GET, "/api/applications/{own.app}", staff(APPLICANT)).owned(),
            // a deadline-day intake receipt: its sender or staff; anyone else gets 404, as for none (IntakeTests)
            signedIn(GET, "/api/intake/0").exercising("/api/intake/{id}"),
            // the intake queue for staff (the roles that see the review queue; IntakePagesTests)
            row(GET, "/api/intake", ACCEPTOR, REVIEWER, APPROVER, AUDITOR, SYSTEM_ADMIN),
            row(GET, "/api/intake/summary", ACCEPTOR, REVIEWER, APPROVER, AUDITOR, SYSTEM_ADMIN),
            row(PUT, "/api/applications/{own.app}", "{\"claims\":[" + PLEDGE + "]}", APPLICANT)
                    .owned(),
            row(GET, "/api/applications/{own.app}/estimate", staff(APPLICANT)).owned(),
            row(POST, "/api/applications/{own.app}/materials", "{\"kind\":\"other\"}", APPLICANT)
                    .owned()
                    .multipart(),
            row(GET, "/api/applications/{own.app}/materials/{own.material}/file", staff(APPLICANT))
                    .owned(),
            row(DELETE, "/api/applications/{own.app}/materials/{own.spare.material}", APPLICANT)
                    .owned(),
            row(
                            GET,
                            "/api/applications/{own.publicised}/rederive",
                            ACCEPTOR,
                            REVIEWER,
                            APPROVER,
                            FINANCE,
                            SYSTEM_ADMIN,
                            AUDITOR)
                    .owned(),
            row(
                            GET,
                            "/api/applications/{own.publicised}/ledger",
                            ACCEPTOR,
                            REVIEWER,
                            APPROVER,
                            FINANCE,
                            SYSTEM_ADMIN,
                            AUDITOR)
                    .owned(),
            // the workflow, one concrete action at a time: {own.ready} is a complete draft, {own.flow} submitted
            action("{own.ready}", "submit", APPLICANT),
            action("{own.ready}", "resubmit", APPLICANT),
            action("{own.ready}", "withdraw", APPLICANT),
            action("{own.flow}", "not_accept", ACCEPTOR),
            action("{own.flow}", "accept", ACCEPTOR),
            action("{own.flow}", "return", ACCEPTOR, REVIEWER),
            action("{own.flow}", "review_reject", REVIEWER),
            action("{own.flow}", "review_approve", REVIEWER),
            action("{own.flow}", "send_back", APPROVER),
            action("{own.flow}", "reject", APPROVER),
            action("{own.flow}", "approve", APPROVER),
            action("{own.flow}", "publicise", ACCEPTOR, APPROVER),
            action("{own.flow}", "confirm", ACCEPTOR, APPROVER),
            action("{own.flow}", "objection_amend", APPROVER),
            action("{own.flow}", "objection_reject", APPROVER),
            action("{own.flow}", "list_payment", FINANCE),
            action("{own.flow}", "mark_paid", FINANCE),
            action("{own.flow}", "mark_failed", FINANCE),
            action("{own.flow}", "reissue", FINANCE),
            // publicity (公示) and objections: the list is public, anyone may object; staff record and decide
            row(POST, "/api/rounds/{round}/publicise", ACCEPTOR, APPROVER),
            row(POST, "/api/rounds/{round}/confirm-publicity", ACCEPTOR, APPROVER),
            open(GET, "/api/public/rounds/{round}/publicity"),
            open(GET, "/api/public/rounds/{round}/publicity.xlsx"),
            open(
                    POST,
                    "/api/public/objections",
                    "{\"application_no\":\"{own.publicised.no}\",\"filer_name\":\"矩阵异议人\","
                            + "\"contact\":\"13900001111\",\"text\":\"质押物并非专利权，请核查。\"}"),
            row(
                            POST,
                            "/api/applications/{own.publicised}/objections",
                            "{\"filer_name\":\"来信人\",\"contact\":\"13900002222\",\"text\":\"来信反映质押物并非专利权。\"}",
                            ACCEPTOR,
                            APPROVER)
                    .owned(),
            row(
                            GET,
                            "/api/applications/{own.publicised}/objections",
                            ACCEPTOR,
                            REVIEWER,
                            APPROVER,
                            FINANCE,
                            SYSTEM_ADMIN,
                            AUDITOR)
                    .owned(),
            row(GET, "/api/rounds/{round}/objections", ACCEPTOR, REVIEWER, APPROVER, FINANCE, SYSTEM_ADMIN, AUDITOR),
            row(POST, "/api/objections/{objection}/decision", "{}", APPROVER),
            row(POST, "/api/objections/{objection}/contact", "{\"reason\":\"回复异议人\"}", ACCEPTOR, APPROVER),
            // payments (拨付): finance makes the list and confirms; approvers, auditors (and administrators) read
            row(POST, "/api/rounds/{round}/payment-batches", FINANCE),
            row(GET, "/api/payment-batches", FINANCE, APPROVER, SYSTEM_ADMIN, AUDITOR),
            row(GET, "/api/payment-batches/{batch}", FINANCE, APPROVER, SYSTEM_ADMIN, AUDITOR),
            row(GET, "/api/payment-batches/{batch}.xlsx", FINANCE, APPROVER, AUDITOR),
            row(POST, "/api/payments/{payment}/failed", "{\"reason\":\"收款账号有误\"}", FINANCE),
            row(POST, "/api/payments/{payment}/reissue", FINANCE),
            row(POST, "/api/payments/{payment}/paid", "{\"bank_reference\":\"MX-0001\"}", FINANCE));

    // ---- the row builders

    /**
     * One endpoint: method, path and JSON body (with placeholders), the roles allowed, whether anonymous
     * callers are allowed, whether it is an applicant's own data, whether it needs a fresh sign-in per call,
     * whether it is sent as a multipart upload, and the mapping it exercises when the path is more concrete.
     */
    record Endpoint(
            String method,
            String path,
            String body,
            Set<Role> allowed,
            boolean anonymous,
            boolean ownData,
            boolean fresh,
            boolean upload,
            String mapping) {
        /** Marks an applicant's own data: another applicant must get 403. */
        Endpoint owned() {
            return new Endpoint(method, path, body, allowed, anonymous, true, fresh, upload, mapping);
        }

        /** Each call signs in anew (the call spoils the caller's sign-in, e.g. revokes its token). */
        Endpoint freshLogin() {
            return new Endpoint(method, path, body, allowed, anonymous, ownData, true, upload, mapping);
        }

        /**
         * Sent as multipart/form-data: a small PDF in the part {@code file}, and the body's JSON object (string
         * values, placeholders filled) as the other parts.
         */
        Endpoint multipart() {
            return new Endpoint(method, path, body, allowed, anonymous, ownData, fresh, true, mapping);
        }

        /** The server's mapping this row exercises, when the path names a concrete value for a variable. */
        Endpoint exercising(String pattern) {
            return new Endpoint(method, path, body, allowed, anonymous, ownData, fresh, upload, pattern);
        }

        @Override
        public String toString() {
            return method + " " + path + (body == null || upload ? "" : " " + body);
        }
    }

    static Endpoint row(String method, String path, Role... allowed) {
        return row(method, path, null, allowed);
    }

    static Endpoint row(String method, String path, String body, Role... allowed) {
        return new Endpoint(method, path, body, roles(allowed), false, false, false, false, path);
    }

    /** Any signed-in user, whatever their role. */
    static Endpoint signedIn(String method, String path) {
        return signedIn(method, path, null);
    }

    static Endpoint signedIn(String method, String path, String body) {
        return new Endpoint(method, path, body, EnumSet.allOf(Role.class), false, false, false, false, path);
    }

    /** Anyone, signed in or not. */
    static Endpoint open(String method, String path) {
        return open(method, path, null);
    }

    static Endpoint open(String method, String path, String body) {
        return new Endpoint(method, path, body, EnumSet.allOf(Role.class), true, false, false, false, path);
    }

    /**
     * A workflow action on an applicant's application ({@code POST /api/applications/{id}/actions/{action}}),
     * with an empty body: callers let in may get 409 (wrong state) or 400 (a reason is required).
     */
    static Endpoint action(String application, String action, Role... allowed) {
        return row(POST, "/api/applications/" + application + "/actions/" + action, "{}", allowed)
                .owned()
                .exercising("/api/applications/{id}/actions/{action}");
    }

    /** Every staff role (everyone but applicants, policy administrators included), plus the roles given. */
    static Role[] staff(Role... plus) {
        Set<Role> s = roles(plus);
        for (Role r : Role.values()) {
            if (r.staff()) {
                s.add(r);
            }
        }
        return s.toArray(new Role[0]);
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
    Fixtures fx;

    @Autowired
    MutableClock clock;

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
        vars.put("day", "2100-08-17");
        vars.put("policy", "pinggu-2025");
        vars.put("setting", "publicity.days");

        // An open round (and one to close), and the owner's applications in several states.
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata", "PG-pledge");
        vars.put("round", String.valueOf(round));
        vars.put("spare.round", String.valueOf(fx.round("pinggu-2025", 2026, "100000.00", "stop", "PG-pledge")));
        Api.As owner = callers.get(APPLICANT);
        vars.put(
                "own.file",
                String.valueOf(ok(owner.upload("/api/files", "委托书.pdf", "application/pdf", PDF, Map.of()))
                        .get("id")
                        .asLong()));

        long draft = pledgeDraft(owner, round);
        JsonNode withSpare = ok(owner.upload(
                "/api/applications/" + draft + "/materials",
                "其他.pdf",
                "application/pdf",
                PDF,
                Map.of("kind", "other")));
        vars.put("own.app", String.valueOf(draft));
        for (JsonNode m : withSpare.get("materials")) {
            vars.put(
                    m.get("kind").asString().equals("other") ? "own.spare.material" : "own.material",
                    String.valueOf(m.get("id").asLong()));
        }
        vars.put("own.ready", String.valueOf(pledgeDraft(owner, round)));
        long flow = pledgeDraft(owner, round);
        act(owner, flow, "submit");
        vars.put("own.flow", String.valueOf(flow));

        // Two awards through review and approval into publicity: one draws an objection, the other is
        // confirmed once its period has ended and put on a payment list.
        long objected = pledgeDraft(owner, round);
        long paid = pledgeDraft(owner, round);
        for (long id : List.of(objected, paid)) {
            act(owner, id, "submit");
            act(callers.get(ACCEPTOR), id, "accept");
            act(callers.get(REVIEWER), id, "review_approve");
            act(callers.get(APPROVER), id, "approve");
        }
        ok(callers.get(ACCEPTOR).post("/api/rounds/" + round + "/publicise", Map.of()));
        JsonNode app = ok(owner.get("/api/applications/" + objected));
        vars.put("own.publicised", String.valueOf(objected));
        vars.put("own.publicised.no", app.get("no").asString());
        JsonNode objection = ok(api.anonymous()
                .post(
                        "/api/public/objections",
                        Map.of(
                                "application_no",
                                app.get("no").asString(),
                                "filer_name",
                                "矩阵异议人",
                                "text",
                                "质押物并非专利权，请核查。")));
        vars.put("objection", String.valueOf(objection.get("id").asLong()));
        clock.advance(Duration.ofDays(20));
        try {
            JsonNode confirmed =
                    ok(callers.get(ACCEPTOR).post("/api/rounds/" + round + "/confirm-publicity", Map.of()));
            assertThat(confirmed.get("confirmed").asInt())
                    .as("awards confirmed")
                    .isEqualTo(1);
        } finally {
            clock.reset();
        }
        JsonNode batch = ok(callers.get(FINANCE).post("/api/rounds/" + round + "/payment-batches", Map.of()));
        vars.put("batch", String.valueOf(batch.get("id").asLong()));
        vars.put(
                "payment", String.valueOf(batch.get("payments").get(0).get("id").asLong()));
        assertThat(batch.get("payments").get(0).get("application_id").asLong()).isEqualTo(paid);
    }

    private long subject(String name) {
        return jdbc.sql(
                        "insert into subject (kind, name, registered_region) values ('enterprise', ?, '110117') returning id")
                .param(name)
                .query(Long.class)
                .single();
    }

    /** A draft with one pledge-loan claim and every material it needs, so it can be submitted. */
    private long pledgeDraft(Api.As owner, long round) {
        long id = ok(owner.post("/api/applications", "{\"round_id\":" + round + ",\"claims\":[" + PLEDGE + "]}"))
                .get("id")
                .asLong();
        for (String kind : List.of("subject_certificate", "pledge_loan_documents", "fee_receipts")) {
            ok(owner.upload(
                    "/api/applications/" + id + "/materials",
                    kind + ".pdf",
                    "application/pdf",
                    PDF,
                    Map.of("kind", kind)));
        }
        return id;
    }

    private static JsonNode act(Api.As as, long id, String action) {
        return ok(as.post("/api/applications/" + id + "/actions/" + action, Map.of()));
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as("fixture: %s", r).isBetween(200, 201);
        return r.json();
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
        if (e.upload()) {
            Map<String, String> fields = new LinkedHashMap<>();
            Api.JSON
                    .readTree(body == null ? "{}" : body)
                    .properties()
                    .forEach(f -> fields.put(f.getKey(), f.getValue().asString()));
            return as.upload(path, "matrix.pdf", "application/pdf", PDF, fields);
        }
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
        ENDPOINTS.forEach(e -> rows.add(e.method() + " " + normalise(e.mapping())));
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

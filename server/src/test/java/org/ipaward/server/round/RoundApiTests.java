package org.ipaward.server.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserStore;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

class RoundApiTests extends ServerTest {
    @Autowired
    UserStore users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PolicyRegistry registry;

    @Autowired
    RoundService rounds;

    Api.As policyAdmin;
    Api.As systemAdmin;
    Api.As applicant;
    Api.As reviewer;

    @BeforeEach
    void people() {
        policyAdmin = TestUsers.as(api, users, encoder, "rnd", Role.POLICY_ADMIN);
        systemAdmin = TestUsers.as(api, users, encoder, "rnd", Role.SYSTEM_ADMIN);
        applicant = TestUsers.as(api, users, encoder, "rnd", Role.APPLICANT);
        reviewer = TestUsers.as(api, users, encoder, "rnd", Role.REVIEWER);
    }

    /** A valid Pinggu round for filing year 2026, open now for 30 days, titled uniquely. */
    private static Map<String, Object> pinggu(String title) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy_id", "pinggu-2025");
        m.put("year", 2026);
        m.put("title", title);
        m.put("notice", "请于申报期内在线提交材料。");
        m.put("opens_at", Instant.now().minus(Duration.ofDays(1)).toString());
        m.put("closes_at", Instant.now().plus(Duration.ofDays(30)).toString());
        m.put("budget", "5000000.00");
        m.put("budget_rule", "pro_rata");
        return m;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long roundsTitled(String title) {
        return jdbc.sql("select count(*) from round where title = ?")
                .param(title)
                .query(Long.class)
                .single();
    }

    private long audits(String action, long roundId) {
        return jdbc.sql("select count(*) from audit_log where action = ? and target_type = 'round' and target_id = ?")
                .params(action, String.valueOf(roundId))
                .query(Long.class)
                .single();
    }

    private long create(Map<String, Object> body) {
        Api.Response r = policyAdmin.post("/api/rounds", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    /** Asserts a 400 whose key is {@code key} and whose errors name {@code field} with {@code value}. */
    private void refused(Map<String, Object> body, String key, String field, String value) {
        Api.Response r = policyAdmin.post("/api/rounds", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        JsonNode j = r.json();
        assertThat(j.get("key").asString()).as(r.toString()).isEqualTo(key);
        JsonNode e = j.get("errors").get(0);
        assertThat(e.get("field").asString()).isEqualTo(field);
        if (value != null) {
            assertThat(e.get("value").asString()).isEqualTo(value);
        }
        assertThat(j.get("detail").asString()).isNotBlank();
        assertThat(roundsTitled((String) body.get("title"))).isZero();
    }

    // ---- opening ------------------------------------------------------------------------------------

    @Test
    void aPolicyAdministratorOpensARoundPinnedToTheCurrentVersionWithDefaults() {
        String title = unique("开启");
        Api.Response r = policyAdmin.post("/api/rounds", pinggu(title));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode j = r.json();
        long id = j.get("id").asLong();
        PolicyRegistry.Version v = registry.currentVersion("pinggu-2025");
        assertThat(j.get("policy_version_id").asLong()).isEqualTo(v.id());
        assertThat(j.get("policy_version_label").asString()).isEqualTo(v.label());
        assertThat(j.get("year").asInt()).isEqualTo(2026);
        assertThat(j.get("matter_year").asInt()).isEqualTo(2025);
        assertThat(j.get("budget").asString()).isEqualTo("5000000.00");
        assertThat(j.get("budget_rule").asString()).isEqualTo("pro_rata");
        assertThat(j.get("publicity_days").asInt()).isEqualTo(5);
        assertThat(j.get("status").asString()).isEqualTo("open");
        assertThat(j.get("phase").asString()).isEqualTo("accepting");
        assertThat(j.get("accepting").asBoolean()).isTrue();
        assertThat(j.get("opens_at").asString()).endsWith("+08:00");
        assertThat(j.get("window_text").asString()).endsWith("（北京时间）");
        List<String> all = v.policy().measures().stream().map(m -> m.id()).toList();
        assertThat(j.get("measures").valueStream().map(JsonNode::asString).toList())
                .containsExactlyElementsOf(all);
        assertThat(j.get("measure_titles").get("PG-pledge").asString()).isEqualTo("知识产权质押融资贴息");
        assertThat(j.get("budget_summary").get("committed").asString()).isEqualTo("0.00");
        assertThat(j.get("budget_summary").get("remaining").asString()).isEqualTo("5000000.00");
        assertThat(j.get("created_by").asString()).startsWith("rnd-policy_admin");
        assertThat(audits("round.open", id)).isEqualTo(1);
        String details = jdbc.sql("select details from audit_log where action = 'round.open' and target_id = ?")
                .param(String.valueOf(id))
                .query(String.class)
                .single();
        assertThat(details).contains("\"policy_version_id\":" + v.id()).contains("\"budget\":\"5000000.00\"");

        Round round = rounds.get(id);
        assertThat(round.policyVersionId()).isEqualTo(v.id());
        assertThat(round.budget()).isEqualByComparingTo("5000000");
        assertThat(rounds.matterYear(round)).isEqualTo(2025);
    }

    @Test
    void aSystemAdministratorMayOpenARoundButNotApplicantsOrReviewers() {
        String title = unique("角色");
        Api.Response byApplicant = applicant.post("/api/rounds", pinggu(title));
        assertThat(byApplicant.status()).isEqualTo(403);
        assertThat(byApplicant.json().get("key").asString()).isEqualTo("access.denied");
        assertThat(reviewer.post("/api/rounds", pinggu(title)).status()).isEqualTo(403);
        // anonymous: refused before the controller (no session, so no CSRF token either)
        assertThat(api.anonymous().post("/api/rounds", pinggu(title)).status()).isIn(401, 403);
        assertThat(roundsTitled(title)).isZero();
        Api.Response r = systemAdmin.post("/api/rounds", pinggu(title));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        assertThat(applicant.put("/api/rounds/" + id, Map.of("title", "改")).status())
                .isEqualTo(403);
        assertThat(applicant.post("/api/rounds/" + id + "/close", Map.of()).status())
                .isEqualTo(403);
        assertThat(reviewer.post("/api/rounds/" + id + "/close", Map.of()).status())
                .isEqualTo(403);
        assertThat(rounds.get(id).status()).isEqualTo("open");
    }

    @Test
    void badInputIsRefusedNamingFieldAndValueAndCreatesNothing() {
        String title = unique("校验");
        Map<String, Object> b = pinggu(title);
        b.put("policy_id", "no-such-policy");
        refused(b, "round.policy_unknown", "policy_id", "no-such-policy");

        b = pinggu(title);
        b.put("measures", List.of("PG-pledge", "PG-nonsense"));
        refused(b, "round.measure_unknown", "measures", "PG-nonsense");

        b = pinggu(title);
        b.put("measures", List.of("PG-pledge", "PG-pledge"));
        refused(b, "round.measure_duplicate", "measures", "PG-pledge");

        b = pinggu(title);
        b.put("measures", List.of());
        refused(b, "round.measures_empty", "measures", null);

        b = pinggu(title);
        b.put("closes_at", Instant.now().minus(Duration.ofDays(2)).toString());
        refused(b, "round.window_invalid", "closes_at", null);

        b = pinggu(title);
        b.put("opens_at", "next monday");
        refused(b, "round.time_invalid", "opens_at", "next monday");

        b = pinggu(title);
        b.put("budget", "12.345");
        refused(b, "round.budget_scale", "budget", "12.345");

        b = pinggu(title);
        b.put("budget", new BigDecimal("-1"));
        refused(b, "round.budget_negative", "budget", "-1");

        b = pinggu(title);
        b.put("budget", "五百万");
        refused(b, "round.budget_invalid", "budget", "五百万");

        b = pinggu(title);
        b.remove("budget");
        refused(b, "round.budget_required", "budget", null);

        b = pinggu(title);
        b.put("budget_rule", "half");
        refused(b, "round.budget_rule_invalid", "budget_rule", "half");

        b = pinggu(title);
        b.put("publicity_days", 31);
        refused(b, "round.publicity_days_invalid", "publicity_days", "31");

        b = pinggu(title);
        b.put("year", "二〇二六");
        refused(b, "round.year_invalid", "year", "二〇二六");

        // Pinggu is in force from 2025-08-29: filing year 2025 means matters of 2024, which it does not cover
        b = pinggu(title);
        b.put("year", 2025);
        Api.Response r = policyAdmin.post("/api/rounds", b);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("key").asString()).isEqualTo("round.year_not_covered");
        assertThat(r.json().get("detail").asString()).contains("2024").contains("2025-08-29");
        assertThat(roundsTitled(title)).isZero();

        // several problems at once are all named
        b = pinggu(title);
        b.put("budget", "abc");
        b.put("budget_rule", "half");
        Api.Response many = policyAdmin.post("/api/rounds", b);
        assertThat(many.status()).isEqualTo(400);
        assertThat(many.json().get("errors").valueStream().map(e -> e.get("field")
                        .asString()))
                .containsExactly("budget", "budget_rule");

        // unknown fields are refused, not ignored
        b = pinggu(title);
        b.put("budgett", "1.00");
        assertThat(policyAdmin.post("/api/rounds", b).status()).isEqualTo(400);
        assertThat(roundsTitled(title)).isZero();
    }

    @Test
    void budgetsAreAcceptedAsStringsOrNumbersAndTimesAsBeijingLocalTimes() {
        String title = unique("金额");
        Map<String, Object> b = pinggu(title);
        b.put("budget", 1234567.5);
        b.put("opens_at", "2026-03-01 09:00");
        b.put("closes_at", "2026-03-31T17:00");
        b.put("measures", List.of("PG-pledge", "PG-patent-award"));
        b.put("publicity_days", "7");
        long id = create(b);
        Round r = rounds.get(id);
        assertThat(r.budget()).isEqualTo(new BigDecimal("1234567.50"));
        assertThat(r.opensAt()).isEqualTo(Instant.parse("2026-03-01T01:00:00Z"));
        assertThat(r.closesAt()).isEqualTo(Instant.parse("2026-03-31T09:00:00Z"));
        assertThat(r.measures()).containsExactly("PG-pledge", "PG-patent-award");
        assertThat(r.publicityDays()).isEqualTo(7);
        JsonNode j = systemAdmin.get("/api/rounds/" + id).json();
        assertThat(j.get("budget").asString()).isEqualTo("1234567.50");
        assertThat(j.get("opens_at").asString()).isEqualTo("2026-03-01T09:00:00+08:00");
        assertThat(j.get("window_text").asString()).isEqualTo("2026-03-01 09:00 至 2026-03-31 17:00（北京时间）");
    }

    @Test
    void theDefaultPublicityPeriodComesFromTheSettings() {
        try {
            assertThat(systemAdmin
                            .put("/api/settings/publicity.days", Map.of("value", 8))
                            .status())
                    .isEqualTo(200);
            long id = create(pinggu(unique("公示")));
            assertThat(rounds.get(id).publicityDays()).isEqualTo(8);
        } finally {
            assertThat(systemAdmin
                            .put("/api/settings/publicity.days", Map.of("value", 5))
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aDraftPolicysTargetOnlyMeasureIsNeitherOfferedNorAccepted() {
        String title = unique("金东");
        Map<String, Object> b = new LinkedHashMap<>(pinggu(title));
        b.put("policy_id", "jindong-2023");
        b.put("measures", List.of("JD-protection-enforcement"));
        refused(b, "round.measure_indicator", "measures", "JD-protection-enforcement");
        b.remove("measures");
        long id = create(b);
        Round r = rounds.get(id);
        assertThat(r.measures()).doesNotContain("JD-protection-enforcement").hasSize(28);
        JsonNode j = policyAdmin.get("/api/rounds/" + id).json();
        assertThat(j.get("policy_status").asString()).isEqualTo("draft");
    }

    // ---- editing and closing ------------------------------------------------------------------------

    @Test
    void editingChangesOnlyWhatIsGivenAuditsEachChangeAndKeepsThePolicyAndYear() {
        long id = create(pinggu(unique("编辑")));
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("title", unique("改名"));
        change.put("budget", "6000000");
        change.put("budget_rule", "stop");
        change.put("closes_at", "2099-01-01T00:00:00+08:00");
        Api.Response r = policyAdmin.put("/api/rounds/" + id, change);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("budget").asString()).isEqualTo("6000000.00");
        assertThat(r.json().get("budget_rule").asString()).isEqualTo("stop");
        assertThat(r.json().get("closes_at").asString()).isEqualTo("2099-01-01T00:00:00+08:00");
        assertThat(r.json().get("notice").asString()).isEqualTo("请于申报期内在线提交材料。");
        assertThat(r.json().get("updated_by").asString()).startsWith("rnd-policy_admin");
        assertThat(audits("round.update", id)).isEqualTo(1);
        String details = jdbc.sql(
                        "select details from audit_log where action = 'round.update' and target_id = ? order by seq desc limit 1")
                .param(String.valueOf(id))
                .query(String.class)
                .single();
        assertThat(details)
                .contains("\"budget\":{\"after\":\"6000000.00\",\"before\":\"5000000.00\"}")
                .contains("budget_rule")
                .doesNotContain("notice");

        // the same values again change nothing and record nothing
        assertThat(policyAdmin.put("/api/rounds/" + id, change).status()).isEqualTo(200);
        assertThat(audits("round.update", id)).isEqualTo(1);

        Api.Response policy = policyAdmin.put("/api/rounds/" + id, Map.of("policy_id", "jindong-2023"));
        assertThat(policy.status()).isEqualTo(400);
        assertThat(policy.json().get("key").asString()).isEqualTo("round.policy_fixed");
        Api.Response year = policyAdmin.put("/api/rounds/" + id, Map.of("year", 2027));
        assertThat(year.status()).isEqualTo(400);
        assertThat(year.json().get("key").asString()).isEqualTo("round.year_fixed");
        Api.Response window = policyAdmin.put("/api/rounds/" + id, Map.of("opens_at", "2099-02-01T00:00:00+08:00"));
        assertThat(window.status()).isEqualTo(400);
        assertThat(window.json().get("key").asString()).isEqualTo("round.window_invalid");
        assertThat(rounds.get(id).opensAt()).isBefore(Instant.now());

        Api.Response missing = policyAdmin.put("/api/rounds/99999999", change);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("key").asString()).isEqualTo("round.not_found");
    }

    @Test
    void measuresCanChangeOnlyWhileTheRoundHasNoApplications() {
        long id = create(pinggu(unique("措施")));
        Api.Response r = policyAdmin.put("/api/rounds/" + id, Map.of("measures", List.of("PG-pledge", "PG-insurance")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(rounds.get(id).measures()).containsExactly("PG-pledge", "PG-insurance");

        Fixtures f = new Fixtures(jdbc, users, encoder);
        f.application(id);
        Api.Response locked = policyAdmin.put("/api/rounds/" + id, Map.of("measures", List.of("PG-pledge")));
        assertThat(locked.status()).isEqualTo(409);
        assertThat(locked.json().get("key").asString()).isEqualTo("round.measures_locked");
        assertThat(rounds.get(id).measures()).containsExactly("PG-pledge", "PG-insurance");
        // other fields still change
        assertThat(policyAdmin
                        .put("/api/rounds/" + id, Map.of("notice", "补充通知"))
                        .status())
                .isEqualTo(200);
        assertThat(rounds.get(id).notice()).isEqualTo("补充通知");
    }

    @Test
    void closingStopsApplicationsAndIsAuditedOnce() {
        long id = create(pinggu(unique("关闭")));
        Api.Response r = policyAdmin.post("/api/rounds/" + id + "/close", Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("closed");
        assertThat(r.json().get("phase").asString()).isEqualTo("closed");
        assertThat(r.json().get("accepting").asBoolean()).isFalse();
        assertThat(r.json().get("closed_by").asString()).startsWith("rnd-policy_admin");
        assertThat(audits("round.close", id)).isEqualTo(1);
        Api.Response again = systemAdmin.post("/api/rounds/" + id + "/close", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("key").asString()).isEqualTo("round.already_closed");
        assertThat(audits("round.close", id)).isEqualTo(1);

        Round round = rounds.get(id);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rounds.requireOpen(round, Instant.now()))
                .isInstanceOfSatisfying(org.ipaward.server.error.ApiException.class, e -> assertThat(e.key())
                        .isEqualTo("round.closed"));
    }

    // ---- reading ------------------------------------------------------------------------------------

    @Test
    void listsFilterByPolicyYearStatusOpenNowAndTextAndPage() {
        String tag = unique("筛选");
        long open = create(pinggu(tag + "-进行中"));
        Map<String, Object> up = pinggu(tag + "-未开始");
        up.put("opens_at", Instant.now().plus(Duration.ofDays(10)).toString());
        up.put("closes_at", Instant.now().plus(Duration.ofDays(40)).toString());
        long upcoming = create(up);
        long closed = create(pinggu(tag + "-已关闭"));
        assertThat(policyAdmin
                        .post("/api/rounds/" + closed + "/close", Map.of())
                        .status())
                .isEqualTo(200);
        Map<String, Object> jd = pinggu(tag + "-金东");
        jd.put("policy_id", "jindong-2023");
        long jindong = create(jd);

        assertThat(ids(applicant.get("/api/rounds?q=" + enc(tag) + "&size=50")))
                .containsExactlyInAnyOrder(open, upcoming, closed, jindong);
        assertThat(ids(applicant.get("/api/rounds?q=" + enc(tag) + "&policy_id=pinggu-2025")))
                .containsExactlyInAnyOrder(open, upcoming, closed);
        assertThat(ids(applicant.get("/api/rounds?q=" + enc(tag) + "&status=closed")))
                .containsExactly(closed);
        assertThat(ids(applicant.get("/api/rounds?q=" + enc(tag) + "&open_now=true")))
                .containsExactlyInAnyOrder(open, jindong);
        assertThat(ids(applicant.get("/api/rounds?q=" + enc(tag) + "&year=2026")))
                .hasSize(4);
        assertThat(ids(applicant.get("/api/rounds?q=" + enc(tag) + "&year=2027")))
                .isEmpty();

        Api.Response page = applicant.get("/api/rounds?q=" + enc(tag) + "&size=3&page=1");
        assertThat(page.json().get("total").asLong()).isEqualTo(4);
        assertThat(page.json().get("items").size()).isEqualTo(1);
        assertThat(page.json().get("page").asInt()).isEqualTo(1);

        Api.Response bad = applicant.get("/api/rounds?status=running");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("key").asString()).isEqualTo("round.status_invalid");
        assertThat(bad.json().get("errors").get(0).get("value").asString()).isEqualTo("running");
        assertThat(applicant.get("/api/rounds?size=0").status()).isEqualTo(400);
        assertThat(api.anonymous().get("/api/rounds").status()).isEqualTo(401);

        // applicants see no money; staff do
        JsonNode applicantItem = applicant
                .get("/api/rounds?q=" + enc(tag) + "&status=closed")
                .json()
                .get("items")
                .get(0);
        assertThat(applicantItem.get("budget").isNull()).isTrue();
        assertThat(applicantItem.get("title").asString()).isEqualTo(tag + "-已关闭");
        JsonNode staffItem = reviewer.get("/api/rounds?q=" + enc(tag) + "&status=closed")
                .json()
                .get("items")
                .get(0);
        assertThat(staffItem.get("budget").asString()).isEqualTo("5000000.00");
    }

    @Test
    void aRoundsDetailShowsTheBudgetToStaffOnly() {
        long id = create(pinggu(unique("详情")));
        JsonNode staff = reviewer.get("/api/rounds/" + id).json();
        assertThat(staff.get("budget_summary").get("budget").asString()).isEqualTo("5000000.00");
        Api.Response r = applicant.get("/api/rounds/" + id);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("budget").isNull()).isTrue();
        assertThat(r.json().get("budget_summary").isNull()).isTrue();
        assertThat(r.json().get("notice").asString()).isEqualTo("请于申报期内在线提交材料。");
        assertThat(applicant.get("/api/rounds/" + id + "/budget").status()).isEqualTo(403);
        assertThat(reviewer.get("/api/rounds/" + id + "/budget").status()).isEqualTo(200);
        Api.Response missing = reviewer.get("/api/rounds/99999999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("key").asString()).isEqualTo("round.not_found");
    }

    @Test
    void theBudgetSummaryCountsReservedApprovedAndPaidButNotReleasedEntries() {
        Map<String, Object> b = pinggu(unique("预算"));
        b.put("budget", "1000.00");
        b.put("measures", List.of("PG-pledge", "PG-patent-award", "PG-insurance"));
        long id = create(b);
        Fixtures f = new Fixtures(jdbc, users, encoder);
        long app = f.application(id);
        f.ledger(id, app, "PG-pledge", "300.00", "reserved");
        f.ledger(id, app, "PG-pledge", "100.00", "approved");
        f.ledger(id, app, "PG-patent-award", "300.00", "approved");
        f.ledger(id, app, "PG-patent-award", "500.00", "paid");
        f.ledger(id, app, "PG-patent-award", "999.00", "released");

        BudgetSummary s = rounds.budget(id);
        assertThat(s.budget()).isEqualByComparingTo("1000");
        assertThat(s.reserved()).isEqualByComparingTo("300");
        assertThat(s.approved()).isEqualByComparingTo("400");
        assertThat(s.paid()).isEqualByComparingTo("500");
        assertThat(s.committed()).isEqualByComparingTo("1200");
        assertThat(s.remaining()).isEqualByComparingTo("0");
        assertThat(s.excess()).isEqualByComparingTo("200");
        assertThat(s.overBudget()).isTrue();
        assertThat(s.proRataFactor()).isEqualTo(new BigDecimal("0.8333333333"));
        assertThat(s.entries()).isEqualTo(4);
        assertThat(s.measures())
                .extracting(BudgetSummary.MeasureTotal::measureId)
                .containsExactly("PG-pledge", "PG-patent-award", "PG-insurance");
        assertThat(s.measures().get(0).committed()).isEqualByComparingTo("400");
        assertThat(s.measures().get(1).committed()).isEqualByComparingTo("800");
        assertThat(s.measures().get(1).entries()).isEqualTo(2);
        assertThat(s.measures().get(2).committed()).isEqualByComparingTo("0");

        JsonNode j = reviewer.get("/api/rounds/" + id).json().get("budget_summary");
        assertThat(j.get("committed").asString()).isEqualTo("1200.00");
        assertThat(j.get("reserved").asString()).isEqualTo("300.00");
        assertThat(j.get("approved").asString()).isEqualTo("400.00");
        assertThat(j.get("paid").asString()).isEqualTo("500.00");
        assertThat(j.get("remaining").asString()).isEqualTo("0.00");
        assertThat(j.get("excess").asString()).isEqualTo("200.00");
        assertThat(j.get("over_budget").asBoolean()).isTrue();
        assertThat(j.get("pro_rata_factor").asString()).isEqualTo("0.8333333333");
        assertThat(j.get("effect").asString()).contains("0.8333333333");
        assertThat(j.get("measures").get(1).get("title").asString())
                .isEqualTo(registry.currentVersion("pinggu-2025")
                        .policy()
                        .measure("PG-patent-award")
                        .title()
                        .zh());

        // raising the budget clears the flag; the stop rule never has a factor
        assertThat(policyAdmin
                        .put("/api/rounds/" + id, Map.of("budget", "1500.00"))
                        .status())
                .isEqualTo(200);
        BudgetSummary raised = rounds.budget(id);
        assertThat(raised.overBudget()).isFalse();
        assertThat(raised.remaining()).isEqualByComparingTo("300");
        assertThat(raised.proRataFactor()).isNull();
        assertThat(policyAdmin
                        .put("/api/rounds/" + id, Map.of("budget", "1000.00", "budget_rule", "stop"))
                        .status())
                .isEqualTo(200);
        BudgetSummary stop = rounds.budget(id);
        assertThat(stop.overBudget()).isTrue();
        assertThat(stop.proRataFactor()).isNull();
        assertThat(stop.allows(new BigDecimal("0.01"))).isFalse();
        assertThat(reviewer.get("/api/rounds/" + id + "/budget")
                        .json()
                        .get("effect")
                        .asString())
                .contains("停止审批");
    }

    @Test
    void publicRoundsShowOpenAndUpcomingRoundsWithoutSigningInAndWithoutMoney() {
        String tag = unique("公开");
        long open = create(pinggu(tag + "-进行中"));
        Map<String, Object> up = pinggu(tag + "-未开始");
        up.put("opens_at", Instant.now().plus(Duration.ofDays(10)).toString());
        up.put("closes_at", Instant.now().plus(Duration.ofDays(40)).toString());
        long upcoming = create(up);
        Map<String, Object> past = pinggu(tag + "-已截止");
        past.put("opens_at", Instant.now().minus(Duration.ofDays(40)).toString());
        past.put("closes_at", Instant.now().minus(Duration.ofDays(10)).toString());
        long ended = create(past);
        long closed = create(pinggu(tag + "-已关闭"));
        assertThat(policyAdmin
                        .post("/api/rounds/" + closed + "/close", Map.of())
                        .status())
                .isEqualTo(200);

        Api.Response r = api.anonymous().get("/api/public/rounds");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> mine = r.json()
                .valueStream()
                .filter(n -> n.get("title").asString().startsWith(tag))
                .toList();
        assertThat(mine).extracting(n -> n.get("id").asLong()).containsExactlyInAnyOrder(open, upcoming);
        assertThat(mine)
                .noneMatch(n -> n.get("id").asLong() == ended || n.get("id").asLong() == closed);
        JsonNode first = mine.stream()
                .filter(n -> n.get("id").asLong() == upcoming)
                .findFirst()
                .orElseThrow();
        assertThat(first.get("phase").asString()).isEqualTo("upcoming");
        assertThat(first.get("phase_label").asString()).isEqualTo("未开始");
        assertThat(first.get("notice").asString()).isEqualTo("请于申报期内在线提交材料。");
        assertThat(first.get("window_text").asString()).contains("至");
        assertThat(first.get("measures").get(0).get("title").get("zh").asString())
                .isNotBlank();
        assertThat(first.has("budget")).isFalse();
        assertThat(first.has("budget_rule")).isFalse();
        assertThat(r.body()).doesNotContain("5000000");
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<Long> ids(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json()
                .get("items")
                .valueStream()
                .map(n -> n.get("id").asLong())
                .toList();
    }
}

package org.ipaward.server.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.ipaward.server.web.finance.Awards;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The dashboard: its JSON figures against the ledger, the page with charts and tables, and who may see it. */
class DashboardPagesTests extends ServerTest {
    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    private Browser as(Role role) {
        Browser b = new Browser(port);
        assertThat(b.login(fx.user(null, role), Fixtures.PASSWORD).status()).isEqualTo(302);
        return b;
    }

    private static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode n : list) {
            if (value.equals(n.get(field).asString())) {
                return n;
            }
        }
        throw new AssertionError(field + "=" + value + " not in " + list);
    }

    @Test
    void theDataEndpointSumsEqualTheLedgerExactly() {
        fx.user(null, Role.SYSTEM_ADMIN);
        long round = fx.round("pinggu-2025", 2026, "70000.00", "pro_rata");
        Awards awards = new Awards(api, fx);
        // awards: 61728.39 and 5000.01 approved, 1500.00 reserved (reviewed, not yet approved)
        awards.approved(round, "123456.78", "10000.02");
        awards.through(round, false, "3000.00");

        Browser reviewer = as(Role.REVIEWER);
        Api.Response r = reviewer.get("/dashboard/data?round=" + round);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode d = r.json();
        String ledger = jdbc.sql("select sum(amount) from ledger_entry where round_id = ? and status <> 'released'")
                .param(round)
                .query(BigDecimal.class)
                .single()
                .toPlainString();
        assertThat(ledger).isEqualTo("68228.40");
        JsonNode totals = d.get("totals");
        assertThat(totals.get("committed").isString()).isTrue();
        assertThat(totals.get("committed").asString()).isEqualTo(ledger);
        assertThat(totals.get("reserved").asString()).isEqualTo("1500.00");
        assertThat(totals.get("approved").asString()).isEqualTo("66728.40");
        assertThat(totals.get("paid").asString()).isEqualTo("0.00");
        assertThat(d.get("applications").asLong()).isEqualTo(3);

        JsonNode pledge = find(d.get("by_measure"), "measure_id", "PG-pledge");
        assertThat(d.get("by_measure").size()).isEqualTo(1);
        assertThat(pledge.get("awards").asLong()).isEqualTo(3);
        assertThat(pledge.get("committed").asString()).isEqualTo("68228.40");
        assertThat(pledge.get("title").asString()).isEqualTo("知识产权质押融资贴息");
        assertThat(d.get("by_category").size()).isEqualTo(1);
        assertThat(d.get("by_category").get(0).get("committed").asString()).isEqualTo("68228.40");
        assertThat(d.get("by_month").size()).isEqualTo(1);
        assertThat(d.get("by_month").get(0).get("committed").asString()).isEqualTo("68228.40");
        assertThat(d.get("by_month").get(0).get("paid_out").asString()).isEqualTo("0.00");
        assertThat(find(d.get("by_state"), "state", "approved")
                        .get("applications")
                        .asLong())
                .isEqualTo(2);
        assertThat(find(d.get("by_state"), "state", "reviewed")
                        .get("applications")
                        .asLong())
                .isEqualTo(1);
        assertThat(find(d.get("by_state"), "state", "paid").get("applications").asLong())
                .isZero();
        JsonNode budget = find(d.get("budgets"), "round_id", String.valueOf(round));
        assertThat(budget.get("budget").asString()).isEqualTo("70000.00");
        assertThat(budget.get("committed").asString()).isEqualTo("68228.40");
        assertThat(budget.get("remaining").asString()).isEqualTo("1771.60");
        JsonNode review = find(d.get("processing"), "state", "under_review");
        assertThat(review.get("stays").asLong()).isEqualTo(3);
        assertThat(review.get("median_calendar_days").asString()).isEqualTo("0.0");
        assertThat(review.get("median_working_days").asString()).isEqualTo("0.0");
        assertThat(find(d.get("processing"), "state", "reviewed").get("stays").asLong())
                .isEqualTo(2);

        // the same figures in the page's tables, with the charts' script and data URL
        Api.Response page = reviewer.page("/dashboard?round=" + round + "&lang=zh");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body())
                .contains("统计分析")
                .contains("id=\"chart-measure\"")
                .contains("id=\"chart-processing\"")
                .contains("data-url=\"/dashboard/data?round=" + round + "\"")
                .contains("id=\"table-measure\"")
                .contains("68,228.40")
                .contains("1,771.60")
                .containsPattern("src=\"/webjars/echarts/5\\.3\\.[0-9]+/dist/echarts.min.js\"")
                .contains("src=\"/js/dashboard.js\"")
                .doesNotContainPattern("<script(?![^>]*\\ssrc=\"/)[^>]*>");
        assertThat(reviewer.page("/dashboard?round=" + round + "&lang=en").body())
                .contains("Awards by measure")
                .contains("IP pledge financing");
        assertThat(api.anonymous().get("/webjars/echarts/dist/echarts.min.js").status())
                .isEqualTo(200);
        assertThat(api.anonymous().get("/js/dashboard.js").status()).isEqualTo(200);
    }

    @Test
    void theDashboardIsForOfficeStaffAndRefusesBadFilters() {
        for (Role role : List.of(Role.FINANCE, Role.AUDITOR, Role.ACCEPTOR, Role.SYSTEM_ADMIN)) {
            Browser b = as(role);
            assertThat(b.page("/dashboard").status()).as(role.name()).isEqualTo(200);
            assertThat(b.get("/dashboard/data").status()).as(role.name()).isEqualTo(200);
        }
        Browser applicant = as(Role.APPLICANT);
        Api.Response page = applicant.page("/dashboard");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("您没有权限查看此页面");
        Api.Response data = applicant.get("/dashboard/data");
        assertThat(data.status()).isEqualTo(403);
        assertThat(data.json().get("key").asString()).isEqualTo("access.denied");

        Browser staff = as(Role.REVIEWER);
        Api.Response bad = staff.get("/dashboard/data?round=abc");
        assertThat(bad.status()).isEqualTo(400);
        Api.Response unknown = staff.get("/dashboard/data?policy=nowhere");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("key").asString()).isEqualTo("dashboard.policy_unknown");
        Api.Response badPage = staff.page("/dashboard?round=abc");
        assertThat(badPage.status()).isEqualTo(400);
        assertThat(badPage.body()).contains("dashboard.filter_invalid").contains("abc");
    }

    private Api.Response enter(Browser b, String indicator, String value, String achieved, String source) {
        Map<String, String> f = new java.util.LinkedHashMap<>();
        f.put("policy", "jindong-2023");
        f.put("indicator", indicator);
        f.put("year", "2025");
        if (value != null) {
            f.put("value", value);
        }
        if (achieved != null) {
            f.put("achieved", achieved);
        }
        f.put("note", "测试");
        f.put("source", source);
        return b.postForm("/dashboard/indicators", f, true);
    }

    private String status(Browser b, String indicator) {
        String html =
                b.page("/dashboard?policy=jindong-2023&iyear=2025&lang=zh").body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "id=\"ind-status-" + java.util.regex.Pattern.quote(indicator) + "\"[^>]*>([^<]*)<")
                .matcher(html);
        assertThat(m.find()).as(indicator).isTrue();
        return m.group(1);
    }

    private BigDecimal stored(String indicator) {
        return jdbc.sql(
                        "select value from indicator_value where policy_id = 'jindong-2023' and indicator_id = ? and year = 2025")
                .param(indicator)
                .query(BigDecimal.class)
                .optional()
                .orElse(null);
    }

    @Test
    void jindongIndicatorsAreMetAtTheTargetExactlyAndBadInputIsRefused() {
        Browser admin = as(Role.POLICY_ADMIN);
        String page =
                admin.page("/dashboard?policy=jindong-2023&iyear=2025&lang=zh").body();
        assertThat(page)
                .contains("政策工作目标完成情况")
                .contains("id=\"indicator-form\"")
                .contains("id=\"ind-high-value-per-10k\"")
                .contains("万人高价值发明专利拥有量力争达到6件以上")
                .contains("≥ 6 件/万人")
                .contains("≥ 10%")
                .contains("2025 年：达标 0 项");

        // exactly at the target: met (≥); just below: not met
        Api.Response atTarget = enter(admin, "high-value-per-10k", "6", null, "2025年金东区统计公报");
        assertThat(atTarget.status()).as(atTarget.body()).isEqualTo(302);
        assertThat(atTarget.header("Location")).contains("iyear=2025").endsWith("#ind-high-value-per-10k");
        assertThat(status(admin, "high-value-per-10k")).isEqualTo("达标");
        assertThat(stored("high-value-per-10k")).isEqualByComparingTo("6");
        assertThat(enter(admin, "high-value-per-10k", "5.9999", null, "统计公报").status())
                .isEqualTo(302);
        assertThat(status(admin, "high-value-per-10k")).isEqualTo("未达标");

        // a growth target in percent: 10 is exactly 10% (stored as the ratio 0.1)
        assertThat(enter(admin, "invention-application-growth", "10%", null, "专利统计")
                        .status())
                .isEqualTo(302);
        assertThat(stored("invention-application-growth")).isEqualByComparingTo("0.10");
        assertThat(status(admin, "invention-application-growth")).isEqualTo("达标");
        assertThat(enter(admin, "invention-application-growth", "9.9999", null, "专利统计")
                        .status())
                .isEqualTo(302);
        assertThat(stored("invention-application-growth")).isEqualByComparingTo("0.099999");
        assertThat(status(admin, "invention-application-growth")).isEqualTo("未达标");
        // a growth rate may be negative
        assertThat(enter(admin, "invention-grant-growth", "-3.5", null, "专利统计").status())
                .isEqualTo(302);
        assertThat(status(admin, "invention-grant-growth")).isEqualTo("未达标");
        // a qualitative target is achieved or not
        assertThat(enter(admin, "evaluation-mechanism", null, "true", "区市场监管局工作总结")
                        .status())
                .isEqualTo(302);
        assertThat(status(admin, "evaluation-mechanism")).isEqualTo("达标");
        assertThat(status(admin, "copyright-per-million")).isEqualTo("未填写");

        // letters: a field error, nothing changed
        Api.Response letters = enter(admin, "invention-application-growth", "十个百分点", null, "专利统计");
        assertThat(letters.status()).isEqualTo(400);
        assertThat(letters.header("Content-Type")).startsWith("text/html");
        assertThat(letters.body())
                .contains("indicator.value_invalid")
                .contains("不是数字")
                .contains("aria-invalid=\"true\"")
                .contains("aria-describedby=\"ind-value-help ind-error\"")
                .contains("value=\"十个百分点\"");
        assertThat(stored("invention-application-growth")).isEqualByComparingTo("0.099999");
        // negative where it cannot be: refused, nothing changed
        Api.Response negative = enter(admin, "high-value-per-10k", "-1", null, "统计公报");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body()).contains("indicator.value_negative").contains("不能为负数");
        assertThat(stored("high-value-per-10k")).isEqualByComparingTo("5.9999");
        // too many decimals, no source, a year outside the policy
        assertThat(enter(admin, "high-value-per-10k", "6.00001", null, "统计公报").body())
                .contains("indicator.value_scale");
        assertThat(enter(admin, "high-value-per-10k", "7", null, " ").body()).contains("indicator.source_required");
        assertThat(stored("high-value-per-10k")).isEqualByComparingTo("5.9999");
        Map<String, String> late = Map.of(
                "policy",
                "jindong-2023",
                "indicator",
                "high-value-per-10k",
                "year",
                "2031",
                "value",
                "7",
                "source",
                "x");
        Api.Response lateYear = admin.postForm("/dashboard/indicators", late, true);
        assertThat(lateYear.status()).isEqualTo(400);
        assertThat(lateYear.body()).contains("indicator.year_invalid");

        // every change is audited; other staff see the statuses but cannot enter values
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'indicator.set' and target_id = ?")
                        .param("jindong-2023/high-value-per-10k/2025")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        Browser reviewer = as(Role.REVIEWER);
        String seen = reviewer.page("/dashboard?policy=jindong-2023&iyear=2025&lang=en")
                .body();
        assertThat(seen).contains("Met").contains("Not met").doesNotContain("id=\"indicator-form\"");
        assertThat(enter(reviewer, "high-value-per-10k", "8", null, "统计公报").status())
                .isEqualTo(403);
        assertThat(stored("high-value-per-10k")).isEqualByComparingTo("5.9999");
    }
}

package org.ipaward.server.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A service agency on the portal's apply page chooses whom it files for: itself or a client with an active
 * power of attorney, as {@code POST /api/applications} allows; the suggestions follow the chosen subject,
 * and a subject that is not its client is refused on the page and on the form.
 */
class AgencyApplyPageTests extends ServerTest {
    private static final Pattern LOCATION_ID = Pattern.compile("/portal/applications/(\\d+)");

    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anAgencyChoosesItsClientOnTheApplyPageAndFilesForIt() {
        fx.user(null, Role.SYSTEM_ADMIN);
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        long client = fx.enterprise("代理页面客户公司", "110117");
        long expired = fx.enterprise("委托已过期公司", "110117");
        long stranger = fx.enterprise("非委托公司", "110117");
        Agent agent = agent("页面代理机构");
        long agency = agent.id();
        String agentName = agent.user();
        Api.As agentApi = agent.api();
        long poaId = agent.poaId();
        assertThat(agentApi.post(
                                "/api/subjects/" + agency + "/clients",
                                Map.of("client_subject_id", client, "poa_file_id", poaId))
                        .status())
                .isIn(200, 201);
        jdbc.sql("insert into agency_client (agency_id, client_id, poa_file_id, valid_until, created_by)"
                        + " values (?, ?, ?, ?, (select id from app_user where username = ?))")
                .params(
                        agency,
                        expired,
                        poaId,
                        java.sql.Date.valueOf(LocalDate.now().minusDays(2)),
                        agentName)
                .update();
        String clientName = jdbc.sql("select name from subject where id = ?")
                .param(client)
                .query(String.class)
                .single();
        String expiredName = jdbc.sql("select name from subject where id = ?")
                .param(expired)
                .query(String.class)
                .single();

        Browser b = new Browser(port);
        assertThat(b.login(agentName, Fixtures.PASSWORD).header("Location")).doesNotContain("error");
        String path = "/portal/rounds/" + round + "/apply";
        Api.Response page = b.page(path + "?lang=zh");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"client-form\"")
                .contains("<select class=\"form-select\" id=\"subject_id\" name=\"subject_id\"")
                .contains("value=\"" + client + "\">" + clientName + "</option>")
                .contains("本机构：")
                .doesNotContain(expiredName)
                .doesNotContain("value=\"" + stranger + "\"");

        Api.Response chosen = b.page(path + "?subject_id=" + client);
        assertThat(chosen.status()).as(chosen.toString()).isEqualTo(200);
        assertThat(chosen.body())
                .contains("申报主体：" + clientName)
                .contains("value=\"" + client + "\" selected=\"selected\"")
                .contains("<input type=\"hidden\" name=\"subject_id\" value=\"" + client + "\">")
                .contains("id=\"suggest-PG-pledge\"");

        assertThat(b.page(path + "?subject_id=" + stranger).status()).isEqualTo(403);
        assertThat(b.page(path + "?subject_id=" + expired).status()).isEqualTo(403);
        Api.Response refused = b.postForm(
                path,
                Map.of("measures", "PG-pledge", "idem", "agency-page-0", "subject_id", String.valueOf(stranger)),
                true);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(count(stranger)).isZero();

        Api.Response filed = b.postForm(
                path,
                Map.of("measures", "PG-pledge", "idem", "agency-page-1", "subject_id", String.valueOf(client)),
                true);
        assertThat(filed.status()).as(filed.toString()).isEqualTo(302);
        Matcher m = LOCATION_ID.matcher(filed.header("Location"));
        assertThat(m.find()).as(filed.header("Location")).isTrue();
        long id = Long.parseLong(m.group(1));
        Map<String, Object> row = jdbc.sql("select subject_id, agency_id from application where id = ?")
                .param(id)
                .query()
                .singleRow();
        assertThat(((Number) row.get("subject_id")).longValue()).isEqualTo(client);
        assertThat(((Number) row.get("agency_id")).longValue()).isEqualTo(agency);
        assertThat(b.page(path + "?subject_id=" + client).body())
                .as("the client's application is listed as existing")
                .contains("id=\"existing\"");
    }

    @Test
    void anAgencyIsOfferedTheApplyPageOfARoundWhoseMeasuresAreNotForAgencies() {
        fx.user(null, Role.SYSTEM_ADMIN);
        // Jindong's pledge subsidy is for enterprises: it rules the agency itself out, not its clients.
        long round = fx.round("jindong-2023", 2026, "3000000.00", "stop", "JD-pledge");
        long agency = jdbc.sql(
                        "insert into subject (kind, name, registered_region) values ('service_agency', ?, '330703') returning id")
                .param(Fixtures.unique("金东代理机构"))
                .query(Long.class)
                .single();
        Browser b = new Browser(port);
        assertThat(b.login(fx.user(agency, Role.APPLICANT), Fixtures.PASSWORD).header("Location"))
                .doesNotContain("error");
        String home = b.page("/portal?lang=zh").body();
        assertThat(home).contains("id=\"apply-" + round + "\"").doesNotContain("id=\"ruled-out-" + round + "\"");
    }

    @Test
    void anOrdinaryApplicantHasNoClientChoiceAndCannotFileForAnother() {
        fx.user(null, Role.SYSTEM_ADMIN);
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        long own = fx.enterprise("普通申报公司", "110117");
        long other = fx.enterprise("他人公司", "110117");
        Browser b = new Browser(port);
        assertThat(b.login(fx.user(own, Role.APPLICANT), Fixtures.PASSWORD).header("Location"))
                .doesNotContain("error");
        String path = "/portal/rounds/" + round + "/apply";
        Api.Response page = b.page(path);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("id=\"client-form\"").doesNotContain("name=\"subject_id\"");
        assertThat(b.page(path + "?subject_id=" + other).status()).isEqualTo(403);
        Api.Response refused = b.postForm(
                path,
                Map.of("measures", "PG-pledge", "idem", "plain-page-1", "subject_id", String.valueOf(other)),
                true);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(count(other)).isZero();
    }

    /**
     * An agency with more clients than the old drop-down held (200) finds an early one by name and by
     * 统一社会信用代码, on the page without JavaScript ({@code ?client_q=}) and in the htmx fragment; only its own
     * clients with a valid power of attorney are listed (at most 20), and it files for the one it found while a
     * forged client is refused.
     */
    @Test
    void anAgencyWithManyClientsFindsOneByNameOrCreditCodeAndFilesForIt() {
        fx.user(null, Role.SYSTEM_ADMIN);
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Agent agent = agent("大代理机构");
        long agency = agent.id();
        String agentName = agent.user();
        Api.As agentApi = agent.api();
        long poaId = agent.poaId();
        // 260 clients; client #n was linked n minutes ago, so #250 is far beyond the newest 200
        String prefix = Fixtures.unique("批量客户") + "号";
        String codes = "9" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        jdbc.sql(
                        """
                        with s as (
                          insert into subject (kind, name, registered_region, uscc)
                          select 'enterprise', ? || lpad(cast(g as text), 3, '0'), '110117', ? || lpad(cast(g as text), 9, '0')
                          from generate_series(1, 260) g returning id, name)
                        insert into agency_client (agency_id, client_id, poa_file_id, created_by, created_at)
                        select ?, s.id, ?, (select id from app_user where username = ?),
                               now() - cast(right(s.name, 3) as int) * interval '1 minute'
                        from s""")
                .params(prefix, codes, agency, poaId, agentName)
                .update();
        long client250 = subjectNamed(prefix + "250");
        String code250 = codes + "000000250";
        // an expired link and another agency's client, both named like the agency's clients and linked just now
        long expired = jdbc.sql(
                        "insert into subject (kind, name, registered_region) values ('enterprise', ?, '110117') returning id")
                .param(prefix + "过期")
                .query(Long.class)
                .single();
        jdbc.sql("insert into agency_client (agency_id, client_id, poa_file_id, valid_until, created_by)"
                        + " values (?, ?, ?, ?, (select id from app_user where username = ?))")
                .params(
                        agency,
                        expired,
                        poaId,
                        java.sql.Date.valueOf(LocalDate.now().minusDays(2)),
                        agentName)
                .update();
        long otherAgency = jdbc.sql(
                        "insert into subject (kind, name, registered_region) values ('service_agency', ?, '110117') returning id")
                .param(Fixtures.unique("别家代理机构"))
                .query(Long.class)
                .single();
        long stranger = jdbc.sql(
                        "insert into subject (kind, name, registered_region) values ('enterprise', ?, '110117') returning id")
                .param(prefix + "别家")
                .query(Long.class)
                .single();
        jdbc.sql("insert into agency_client (agency_id, client_id, poa_file_id, created_by)"
                        + " values (?, ?, ?, (select id from app_user where username = ?))")
                .params(otherAgency, stranger, poaId, agentName)
                .update();

        Browser b = new Browser(port);
        assertThat(b.login(agentName, Fixtures.PASSWORD).header("Location")).doesNotContain("error");
        String path = "/portal/rounds/" + round + "/apply";
        String first = b.page(path + "?lang=zh").body();
        assertThat(first)
                .contains("id=\"client_q\"")
                .contains("hx-get=\"/portal/apply/clients\"")
                .doesNotContain("value=\"" + client250 + "\"")
                .contains("列出最近登记的 20 个有效委托人");
        assertThat(options(first)).hasSize(21); // the agency itself and the 20 newest clients

        // without JavaScript: the search field's GET renders the page with the matches
        String byName = b.page(path + "?client_q=" + enc(prefix + "250")).body();
        assertThat(byName)
                .contains("value=\"" + client250 + "\">" + prefix + "250</option>")
                .contains("value=\"" + prefix + "250\"")
                .contains("找到 1 个匹配的有效委托人");
        assertThat(options(byName)).hasSize(2);
        assertThat(b.page(path + "?client_q=" + code250.toLowerCase(Locale.ROOT))
                        .body())
                .contains("value=\"" + client250 + "\">" + prefix + "250</option>");

        // as the agency types (htmx): the fragment alone, by name, by code, at most 20, only active own clients
        Api.Response fragment = b.page("/portal/apply/clients?client_q=" + enc(code250));
        assertThat(fragment.status()).as(fragment.toString()).isEqualTo(200);
        assertThat(fragment.body())
                .contains("id=\"client-choices\"")
                .doesNotContain("<html")
                .contains("value=\"" + client250 + "\">" + prefix + "250</option>");
        assertThat(options(fragment.body())).hasSize(2);
        String all = b.page("/portal/apply/clients?client_q=" + enc(prefix)).body();
        assertThat(options(all)).hasSize(21);
        assertThat(all)
                .contains("还有更多匹配")
                .doesNotContain("value=\"" + expired + "\"")
                .doesNotContain("value=\"" + stranger + "\"")
                .doesNotContain(prefix + "过期")
                .doesNotContain(prefix + "别家");
        assertThat(b.page("/portal/apply/clients?client_q=" + enc(prefix + "过期"))
                        .body())
                .contains("没有名称或统一社会信用代码含“" + prefix + "过期”的有效委托人")
                .doesNotContain("value=\"" + expired + "\"");
        assertThat(b.page("/portal/apply/clients?client_q=" + enc(prefix + "别家"))
                        .body())
                .doesNotContain("value=\"" + stranger + "\"");
        // the client chosen stays listed while the agency searches for another
        assertThat(b.page("/portal/apply/clients?client_q=" + enc(prefix + "001") + "&subject_id=" + client250)
                        .body())
                .contains("value=\"" + client250 + "\" selected=\"selected\"")
                .contains(prefix + "001</option>");
        assertThat(b.page("/portal/apply/clients?client_q=x&subject_id=" + stranger)
                        .body())
                .doesNotContain("value=\"" + stranger + "\"");

        // choosing it files for it; a forged client is refused as before
        String chosen = b.page(path + "?client_q=" + enc(code250) + "&subject_id=" + client250)
                .body();
        assertThat(chosen)
                .contains("申报主体：" + prefix + "250")
                .contains("<input type=\"hidden\" name=\"subject_id\" value=\"" + client250 + "\">");
        Api.Response forged = b.postForm(
                path,
                Map.of("measures", "PG-pledge", "idem", "many-clients-0", "subject_id", String.valueOf(stranger)),
                true);
        assertThat(forged.status()).as(forged.toString()).isEqualTo(403);
        assertThat(forged.body()).contains("您没有权限查看此页面");
        assertThat(count(stranger)).isZero();
        Api.Response expiredPost = b.postForm(
                path,
                Map.of("measures", "PG-pledge", "idem", "many-clients-1", "subject_id", String.valueOf(expired)),
                true);
        assertThat(expiredPost.status()).isEqualTo(403);
        assertThat(count(expired)).isZero();
        Api.Response filed = b.postForm(
                path,
                Map.of("measures", "PG-pledge", "idem", "many-clients-2", "subject_id", String.valueOf(client250)),
                true);
        assertThat(filed.status()).as(filed.toString()).isEqualTo(302);
        Matcher m = LOCATION_ID.matcher(filed.header("Location"));
        assertThat(m.find()).as(filed.header("Location")).isTrue();
        Map<String, Object> row = jdbc.sql("select subject_id, agency_id from application where id = ?")
                .param(Long.parseLong(m.group(1)))
                .query()
                .singleRow();
        assertThat(((Number) row.get("subject_id")).longValue()).isEqualTo(client250);
        assertThat(((Number) row.get("agency_id")).longValue()).isEqualTo(agency);
    }

    @Test
    void theClientSearchFragmentIsOnlyForAgencies() {
        fx.user(null, Role.SYSTEM_ADMIN);
        long own = fx.enterprise("普通申报公司", "110117");
        Browser b = new Browser(port);
        assertThat(b.login(fx.user(own, Role.APPLICANT), Fixtures.PASSWORD).header("Location"))
                .doesNotContain("error");
        assertThat(b.page("/portal/apply/clients?client_q=a").status()).isEqualTo(403);
    }

    private static final Pattern OPTION = Pattern.compile("<option ");

    private static List<String> options(String html) {
        List<String> out = new java.util.ArrayList<>();
        Matcher m = OPTION.matcher(html);
        while (m.find()) {
            out.add(html.substring(m.start(), html.indexOf("</option>", m.start())));
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private long subjectNamed(String name) {
        return jdbc.sql("select id from subject where name = ?")
                .param(name)
                .query(Long.class)
                .single();
    }

    private long count(long subject) {
        return jdbc.sql("select count(*) from application where subject_id = ?")
                .param(subject)
                .query(Long.class)
                .single();
    }

    /** A service agency in Pinggu, its applicant user signed in to the API, and a power of attorney it uploaded. */
    private record Agent(long id, String user, Api.As api, long poaId) {}

    private Agent agent(String name) {
        long agency = jdbc.sql(
                        "insert into subject (kind, name, registered_region) values ('service_agency', ?, '110117') returning id")
                .param(Fixtures.unique(name))
                .query(Long.class)
                .single();
        String user = fx.user(agency, Role.APPLICANT);
        Api.As agentApi = api.login(user, Fixtures.PASSWORD);
        Api.Response poa = agentApi.upload("/api/files", "授权委托书.pdf", "application/pdf", FullCycleTests.PDF, Map.of());
        assertThat(poa.status()).as(poa.body()).isIn(200, 201);
        return new Agent(agency, user, agentApi, poa.json().get("id").asLong());
    }
}

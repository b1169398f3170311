package org.ipaward.server.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
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
        long agency = jdbc.sql(
                        "insert into subject (kind, name, registered_region) values ('service_agency', ?, '110117') returning id")
                .param(Fixtures.unique("页面代理机构"))
                .query(Long.class)
                .single();
        String agentName = fx.user(agency, Role.APPLICANT);
        Api.As agentApi = api.login(agentName, Fixtures.PASSWORD);
        Api.Response poa = agentApi.upload("/api/files", "授权委托书.pdf", "application/pdf", FullCycleTests.PDF, Map.of());
        assertThat(poa.status()).as(poa.body()).isIn(200, 201);
        long poaId = poa.json().get("id").asLong();
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

    private long count(long subject) {
        return jdbc.sql("select count(*) from application where subject_id = ?")
                .param(subject)
                .query(Long.class)
                .single();
    }
}

package org.ipaward.server.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A service agency files for a client only with a power of attorney on file, which goes with the application. */
class AgencyFilingTests extends ServerTest {
    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anAgencyFilesForItsClientWithThePowerOfAttorneyAttached() {
        fx.user(null, Role.SYSTEM_ADMIN);
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        long client = fx.enterprise("代理申报客户公司", "110117");
        long agency = jdbc.sql(
                        "insert into subject (kind, name, registered_region) values ('service_agency', ?, '110117') returning id")
                .param(Fixtures.unique("代理机构"))
                .query(Long.class)
                .single();
        Api.As agent = api.login(fx.user(agency, Role.APPLICANT), Fixtures.PASSWORD);
        Map<String, Object> body =
                Map.of("round_id", round, "subject_id", client, "claims", List.of(FullCycleTests.pledge("10000.00")));

        Api.Response without = agent.post("/api/applications", body);
        assertThat(without.status()).isEqualTo(403);
        assertThat(without.json().get("key").asString()).isEqualTo("access.denied");

        Api.Response poa = agent.upload("/api/files", "授权委托书.pdf", "application/pdf", FullCycleTests.PDF, Map.of());
        assertThat(poa.status()).as(poa.body()).isIn(200, 201);
        Api.Response link = agent.post(
                "/api/subjects/" + agency + "/clients",
                Map.of(
                        "client_subject_id",
                        client,
                        "poa_file_id",
                        poa.json().get("id").asLong()));
        assertThat(link.status()).as(link.body()).isIn(200, 201);

        Api.Response filed = agent.post("/api/applications", body);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        assertThat(filed.json().get("subject_id").asLong()).isEqualTo(client);
        assertThat(filed.json().get("agency_id").asLong()).isEqualTo(agency);
        assertThat(filed.json().get("materials").get(0).get("kind").asString()).isEqualTo("power_of_attorney");
        // The client's own users see it too; a stranger does not.
        Api.As owner = api.login(fx.user(client, Role.APPLICANT), Fixtures.PASSWORD);
        long id = filed.json().get("id").asLong();
        assertThat(owner.get("/api/applications/" + id).status()).isEqualTo(200);
        Api.As stranger = api.login(fx.user(fx.enterprise("无关公司", "110117"), Role.APPLICANT), Fixtures.PASSWORD);
        assertThat(stranger.get("/api/applications/" + id).status()).isEqualTo(403);
    }
}

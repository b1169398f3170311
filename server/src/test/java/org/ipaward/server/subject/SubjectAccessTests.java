package org.ipaward.server.subject;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.file.TestFiles;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.support.Api;
import org.ipaward.server.web.Paging;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SubjectAccessTests extends SubjectTestBase {
    @org.springframework.beans.factory.annotation.Autowired
    org.ipaward.server.support.MutableClock clock;

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    UserAccount account(TestUsers.User u) {
        return userStore.byId(u.id()).orElseThrow();
    }

    /** A person with every sensitive field, created by the acceptor. */
    record Sensitive(long id, String idNumber, String phone, String account) {}

    Sensitive sensitivePerson() {
        String idNumber = TestIds.idNumber(PINGGU);
        String phone = TestIds.mobile();
        String account = TestIds.bankAccount();
        Map<String, Object> body = person("赵六", idNumber);
        body.put("phone", phone);
        body.put("bank_account", account);
        return new Sensitive(created(body).get("id").asLong(), idNumber, phone, account);
    }

    @Test
    void unmaskFollowsThePermissionMatrixAndIsAudited() {
        Sensitive s = sensitivePerson();
        Map<String, String> plain = Map.of("id_number", s.idNumber(), "phone", s.phone(), "bank_account", s.account());
        Map<String, Set<Role>> allowed = Map.of(
                "id_number", Set.of(Role.ACCEPTOR, Role.REVIEWER, Role.APPROVER),
                "phone", Set.of(Role.ACCEPTOR, Role.REVIEWER, Role.APPROVER, Role.FINANCE),
                "bank_account", Set.of(Role.APPROVER, Role.FINANCE));
        String path = "/api/subjects/" + s.id() + "/unmask";
        int granted = 0;
        for (Role r : staff.keySet()) {
            for (String field : plain.keySet()) {
                Api.Response res = as(r).post(path, Map.of("field", field, "reason", "核对申报材料（" + r + "）"));
                if (allowed.get(field).contains(r)) {
                    assertThat(res.status())
                            .as(r + " " + field + " " + res.body())
                            .isEqualTo(200);
                    assertThat(res.json().get("value").asString()).isEqualTo(plain.get(field));
                    assertThat(res.json().get("field").asString()).isEqualTo(field);
                    assertThat(res.header("Cache-Control")).contains("no-store");
                    granted++;
                } else {
                    assertStatus(res, 403, "access.denied");
                    assertNoPlaintext(res, plain.get(field));
                }
            }
        }
        assertThat(granted).isEqualTo(9);

        // the applicant whose subject it is may not either
        TestUsers.User self = users.create(api, "subj-self", s.id(), Role.APPLICANT);
        assertStatus(self.api().post(path, Map.of("field", "id_number", "reason", "我想看看")), 403, "access.denied");

        // a reason is required
        for (Object reason : new Object[] {null, "", "   ", "看看"}) {
            Map<String, Object> body = new HashMap<>();
            body.put("field", "id_number");
            body.put("reason", reason);
            Api.Response res = acceptor().post(path, body);
            assertBad(res, "reason", "unmask.reason_required");
            assertStatus(res, 400, "unmask.reason_required");
            assertNoPlaintext(res, s.idNumber());
        }
        assertBad(acceptor().post(path, Map.of("field", "name", "reason", "核对申报材料")), "field", "unmask.field");
        assertStatus(
                acceptor().post("/api/subjects/999999999/unmask", Map.of("field", "phone", "reason", "核对申报材料")),
                404,
                "subject.not_found");

        // audited: who, which field, why — never the value
        List<AuditLog.Entry> entries = audit.search(
                        "subject.unmask", null, "subject", String.valueOf(s.id()), null, null, Paging.of(0, 50))
                .items();
        assertThat(entries).hasSize(9);
        for (AuditLog.Entry e : entries) {
            assertThat(e.details()).contains("\"field\"").contains("\"reason\"").contains("核对申报材料");
            assertThat(e.details())
                    .doesNotContain(s.idNumber())
                    .doesNotContain(s.phone())
                    .doesNotContain(s.account());
        }
        AuditLog.Entry byFinance = entries.stream()
                .filter(e -> e.actor().equals(staff.get(Role.FINANCE).username()))
                .filter(e -> e.details().contains("bank_account"))
                .findFirst()
                .orElseThrow();
        assertThat(byFinance.role()).isEqualTo("FINANCE");
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void anApplicantRegistersTheirOwnSubjectAndSeesOnlyIt() {
        TestUsers.User a = users.create(api, "subj-appA", Role.APPLICANT);
        TestUsers.User b = users.create(api, "subj-appB", Role.APPLICANT);
        assertStatus(a.api().get("/api/subjects/mine"), 404, "subject.none");

        String phone = TestIds.mobile();
        Map<String, Object> body = enterprise("申报人自建公司", TestIds.uscc(PINGGU));
        body.put("phone", phone);
        JsonNode created = created(a.api(), body);
        long id = created.get("id").asLong();
        assertThat(jdbc.sql("select subject_id from app_user where id = ?")
                        .param(a.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(id);
        // the token's user now acts for the subject
        assertThat(a.api().get("/api/me").json().get("subject_id").asLong()).isEqualTo(id);

        Api.Response own = a.api().get("/api/subjects/" + id);
        assertThat(own.status()).isEqualTo(200);
        assertNoPlaintext(own, phone);
        assertThat(a.api().get("/api/subjects/mine").json().get("id").asLong()).isEqualTo(id);

        // one subject per applicant account
        assertStatus(
                a.api().post("/api/subjects", enterprise("第二家公司", TestIds.uscc(PINGGU))),
                409,
                "subject.already_linked");

        // the owner may update non-identifying data, not the USCC
        Api.Response upd = a.api().put("/api/subjects/" + id, Map.of("address", "平谷区新地址", "version", 0));
        assertThat(upd.status()).as(upd.body()).isEqualTo(200);
        assertStatus(
                a.api().put("/api/subjects/" + id, Map.of("uscc", TestIds.uscc(PINGGU), "version", 1)),
                403,
                "subject.identifier_locked");

        // another applicant sees nothing of it
        assertStatus(b.api().get("/api/subjects/" + id), 403, "access.denied");
        assertStatus(b.api().put("/api/subjects/" + id, Map.of("name", "抢注", "version", 1)), 403, "access.denied");
        assertStatus(b.api().get("/api/subjects"), 403, "access.denied");
        assertStatus(
                b.api().post("/api/subjects/" + id + "/unmask", Map.of("field", "phone", "reason", "想看看号码")),
                403,
                "access.denied");
        assertStatus(b.api().get("/api/subjects/999999999"), 403, "access.denied");
        assertStatus(
                a.api().post("/api/subjects/" + id + "/confirm-uscc", Map.of("reason", "自己确认")), 403, "access.denied");

        UserAccount ua = account(a);
        UserAccount ub = account(b);
        assertThat(subjects.canFileFor(ua, id)).isTrue();
        assertThat(subjects.canView(ua, id)).isTrue();
        assertThat(subjects.canFileFor(ub, id)).isFalse();
        assertThat(subjects.canView(ub, id)).isFalse();
        for (Role r : staff.keySet()) {
            UserAccount u = account(staff.get(r));
            assertThat(subjects.canView(u, id)).as(r.name()).isEqualTo(r != Role.POLICY_ADMIN);
            assertThat(subjects.canFileFor(u, id)).as(r.name()).isFalse();
            Api.Response view = as(r).get("/api/subjects/" + id);
            assertThat(view.status()).as(r.name()).isEqualTo(r == Role.POLICY_ADMIN ? 403 : 200);
        }
        assertStatus(a.api().get("/api/subjects/999999999"), 403, "access.denied");
        assertStatus(acceptor().get("/api/subjects/999999999"), 404, "subject.not_found");
    }

    @Test
    void aPersonRegistersThemselves() {
        TestUsers.User p = users.create(api, "subj-person", Role.APPLICANT);
        String idNumber = TestIds.idNumber(JINDONG);
        Api.Response r = p.api().post("/api/subjects", person("张三", idNumber));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertNoPlaintext(r, idNumber);
        long id = r.json().get("id").asLong();
        assertThat(subjects.maskedName(id)).isEqualTo("张*");
        assertNoPlaintext(p.api().get("/api/subjects/mine"), idNumber);
    }

    @Test
    void otherStaffMayNotRegisterSubjects() {
        for (Role r : new Role[] {Role.REVIEWER, Role.APPROVER, Role.FINANCE, Role.POLICY_ADMIN, Role.AUDITOR}) {
            assertStatus(as(r).post("/api/subjects", enterprise("越权登记", TestIds.uscc(PINGGU))), 403, "access.denied");
        }
        Api.Response sys = as(Role.SYSTEM_ADMIN).post("/api/subjects", enterprise("管理员登记", TestIds.uscc(PINGGU)));
        assertThat(sys.status()).isEqualTo(201);
        // anonymous: refused (403 by the CSRF check before authentication, else 401)
        long before = subjectCount();
        assertThat(api.anonymous()
                        .post("/api/subjects", enterprise("匿名", TestIds.uscc(PINGGU)))
                        .status())
                .isIn(401, 403);
        assertThat(subjectCount()).isEqualTo(before);
    }

    @Test
    void aServiceAgencyFilesForClientsWithAPowerOfAttorney() {
        // the agency's own applicant registers it
        TestUsers.User agent = users.create(api, "subj-agent", Role.APPLICANT);
        Map<String, Object> agencyBody = enterprise("平谷知识产权代理事务所", TestIds.uscc(PINGGU));
        agencyBody.put("kind", "service_agency");
        long agency = created(agent.api(), agencyBody).get("id").asLong();
        // a client registered by the acceptor, with data the agency must not see in plain text
        String phone = TestIds.mobile();
        Map<String, Object> clientBody = enterprise("被代理科技公司", TestIds.uscc(PINGGU));
        clientBody.put("phone", phone);
        long client = created(clientBody).get("id").asLong();
        UserAccount agentAccount = account(agent);
        assertThat(subjects.canFileFor(agentAccount, client)).isFalse();
        assertStatus(agent.api().get("/api/subjects/" + client), 403, "access.denied");

        long poa = agent.api()
                .upload("/api/files", "授权委托书.pdf", "application/pdf", TestFiles.pdf(), Map.of())
                .json()
                .get("id")
                .asLong();
        String path = "/api/subjects/" + agency + "/clients";
        assertBad(agent.api().post(path, Map.of("client_subject_id", client)), "poa_file_id", "poa.required");
        long othersFile = acceptor()
                .upload("/api/files", "别人的.pdf", "application/pdf", TestFiles.pdf(), Map.of())
                .json()
                .get("id")
                .asLong();
        assertBad(
                agent.api().post(path, Map.of("client_subject_id", client, "poa_file_id", othersFile)),
                "poa_file_id",
                "poa.not_found");
        assertBad(
                agent.api().post(path, Map.of("client_subject_id", 999999999, "poa_file_id", poa)),
                "client_subject_id",
                "subject.not_found");
        assertBad(
                agent.api().post(path, Map.of("client_subject_id", agency, "poa_file_id", poa)),
                "client_subject_id",
                "client.self");
        assertBad(
                agent.api()
                        .post(
                                path,
                                Map.of(
                                        "client_subject_id",
                                        client,
                                        "poa_file_id",
                                        poa,
                                        "valid_until",
                                        TODAY.minusDays(1).toString())),
                "valid_until",
                "valid_until.past");
        assertThat(agent.api()
                        .post(path, Map.of("client_subject_id", client, "poa_file_id", poa, "valid_until", "someday"))
                        .status())
                .isEqualTo(400);
        assertThat(subjects.canFileFor(agentAccount, client))
                .as("nothing linked by bad requests")
                .isFalse();

        Api.Response ok = agent.api()
                .post(
                        path,
                        Map.of(
                                "client_subject_id",
                                client,
                                "poa_file_id",
                                poa,
                                "valid_until",
                                TODAY.plusYears(1).toString()));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("client_subject_id").asLong()).isEqualTo(client);
        assertThat(ok.json().get("client_name").asString()).isEqualTo("被代理科技公司");
        assertThat(ok.json().get("active").asBoolean()).isTrue();
        assertThat(ok.json().get("valid_until").asString())
                .isEqualTo(TODAY.plusYears(1).toString());
        assertThat(auditCount("subject.client_add", String.valueOf(agency))).isEqualTo(1);

        assertThat(subjects.canFileFor(agentAccount, client)).isTrue();
        assertThat(subjects.canView(agentAccount, client)).isTrue();
        assertThat(subjects.agencyPoaFile(agency, client)).contains(poa);
        assertThat(subjects.agencyPoaFile(agency, agency)).isEmpty();
        Api.Response view = agent.api().get("/api/subjects/" + client);
        assertThat(view.status()).isEqualTo(200);
        assertNoPlaintext(view, phone);
        // filing for a client is not owning it
        assertStatus(
                agent.api().put("/api/subjects/" + client, Map.of("name", "改名", "version", 0)), 403, "access.denied");

        JsonNode list = agent.api().get("/api/subjects/" + agency + "/clients").json();
        assertThat(list.get("total").asLong()).isEqualTo(1);
        assertThat(list.get("items").get(0).get("poa_file_id").asLong()).isEqualTo(poa);
        assertThat(acceptor().get("/api/subjects/" + agency + "/clients").status())
                .isEqualTo(200);

        // another applicant can neither list nor add clients of this agency
        TestUsers.User stranger = users.create(api, "subj-stranger", Role.APPLICANT);
        assertStatus(stranger.api().get("/api/subjects/" + agency + "/clients"), 403, "access.denied");
        assertStatus(
                stranger.api().post(path, Map.of("client_subject_id", client, "poa_file_id", poa)),
                403,
                "access.denied");
        assertThat(subjects.canFileFor(account(stranger), client)).isFalse();

        // the link ends with its valid_until day: a year and a day later, no filing rights
        clock.advance(java.time.Duration.ofDays(367));
        try {
            assertThat(subjects.canFileFor(agentAccount, client)).isFalse();
            assertThat(subjects.agencyPoaFile(agency, client)).isEmpty();
        } finally {
            clock.reset();
        }
        assertThat(subjects.canFileFor(agentAccount, client)).isTrue();

        // expired: no more filing rights
        jdbc.sql("update agency_client set valid_until = ? where agency_id = ? and client_id = ?")
                .params(TODAY.minusDays(1), agency, client)
                .update();
        assertThat(subjects.canFileFor(agentAccount, client)).isFalse();
        assertThat(subjects.agencyPoaFile(agency, client)).isEmpty();
        assertStatus(agent.api().get("/api/subjects/" + client), 403, "access.denied");
        assertThat(agent.api()
                        .get("/api/subjects/" + agency + "/clients")
                        .json()
                        .get("items")
                        .get(0)
                        .get("active")
                        .asBoolean())
                .isFalse();

        // renewed by the acceptor without an end date
        long poa2 = acceptor()
                .upload("/api/files", "续签委托书.pdf", "application/pdf", TestFiles.pdf(), Map.of())
                .json()
                .get("id")
                .asLong();
        Api.Response renewed = acceptor().post(path, Map.of("client_subject_id", client, "poa_file_id", poa2));
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        assertThat(renewed.json().get("valid_until").isNull()).isTrue();
        assertThat(subjects.canFileFor(agentAccount, client)).isTrue();
        assertThat(subjects.agencyPoaFile(agency, client)).contains(poa2);
        assertThat(auditCount("subject.client_add", String.valueOf(agency))).isEqualTo(2);
    }

    @Test
    void onlyServiceAgenciesTakeClients() {
        TestUsers.User owner = users.create(api, "subj-notagency", Role.APPLICANT);
        long company = created(owner.api(), enterprise("普通企业", TestIds.uscc(JINDONG)))
                .get("id")
                .asLong();
        long other =
                created(enterprise("另一企业", TestIds.uscc(JINDONG))).get("id").asLong();
        long poa = owner.api()
                .upload("/api/files", "委托书.pdf", "application/pdf", TestFiles.pdf(), Map.of())
                .json()
                .get("id")
                .asLong();
        assertStatus(
                owner.api()
                        .post(
                                "/api/subjects/" + company + "/clients",
                                Map.of("client_subject_id", other, "poa_file_id", poa)),
                400,
                "agency.not_service_agency");
        assertThat(subjects.canFileFor(account(owner), other)).isFalse();
    }
}

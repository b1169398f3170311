package org.ipaward.server.subject;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SubjectApiTests extends SubjectTestBase {
    @Test
    void acceptorRegistersAnEnterprise() {
        String uscc = TestIds.uscc(PINGGU);
        Map<String, Object> body = enterprise("北京平谷测试科技有限公司", uscc.toLowerCase());
        body.put("served_regions", List.of("110117", "110105", "110117"));
        body.put("mu_grade", "a");
        body.put("address", "北京市平谷区兴谷街道 1 号");
        body.put("contact_name", "李经理");
        Api.Response r = acceptor().post("/api/subjects", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode j = r.json();
        long id = j.get("id").asLong();
        assertThat(j.get("kind").asString()).isEqualTo("enterprise");
        assertThat(j.get("kind_label").asString()).isEqualTo("企业");
        assertThat(j.get("uscc").asString()).isEqualTo(uscc);
        assertThat(j.get("uscc_check_failed").asBoolean()).isFalse();
        assertThat(j.get("warnings")).isEmpty();
        assertThat(j.get("registered_region").asString()).as("from the USCC").isEqualTo(PINGGU);
        assertThat(j.get("served_regions").toString()).isEqualTo("[\"110117\",\"110105\"]");
        assertThat(j.get("mu_grade").asString()).isEqualTo("A");
        assertThat(j.get("version").asInt()).isZero();
        assertThat(auditCount("subject.create", String.valueOf(id))).isEqualTo(1);

        Subject s = subjects.engineSubject(id);
        assertThat(s.id()).isEqualTo(String.valueOf(id));
        assertThat(s.kind()).isEqualTo(SubjectKind.ENTERPRISE);
        assertThat(s.registeredRegion()).isEqualTo(PINGGU);
        assertThat(s.servedRegions()).containsExactly("110117", "110105");
        assertThat(s.muGrade()).isEqualTo("A");
        assertThat(subjects.name(id)).isEqualTo("北京平谷测试科技有限公司");
        assertThat(subjects.maskedName(id)).isEqualTo("北京平谷测试科技有限公司");
    }

    /**
     * 未参评 (not evaluated) is a grade of its own, stored as the engine and the calculator name it ({@code unrated},
     * which Jindong's factor table reads), whichever way it is typed; a letter past D is still refused.
     */
    @Test
    void notEvaluatedIsAGradeOfItsOwn() {
        for (String typed : List.of("unrated", "UNRATED", "未参评", " 未评价 ")) {
            Map<String, Object> body = enterprise("金东未参评公司", TestIds.uscc(JINDONG));
            body.put("mu_grade", typed);
            JsonNode j = created(body);
            assertThat(j.get("mu_grade").asString()).as(typed).isEqualTo("unrated");
            assertThat(subjects.engineSubject(j.get("id").asLong()).muGrade())
                    .as(typed)
                    .isEqualTo("unrated");
        }
        Map<String, Object> bad = enterprise("金东等级有误公司", TestIds.uscc(JINDONG));
        bad.put("mu_grade", "E");
        Api.Response r = acceptor().post("/api/subjects", bad);
        assertBad(r, "mu_grade", "subject.mu_grade");
        assertThat(r.json().get("title").asString()).contains("A、B、C、D 或“未参评”");
    }

    @Test
    void everyKindMapsToTheEngine() {
        record K(String kind, String prefix, SubjectKind engine) {}
        for (K k : new K[] {
            new K("institution", "12", SubjectKind.INSTITUTION),
            new K("other_org", "52", SubjectKind.OTHER_ORG),
            new K("service_agency", "91", SubjectKind.SERVICE_AGENCY)
        }) {
            Map<String, Object> body = enterprise("金东测试" + k.kind(), TestIds.uscc(k.prefix(), JINDONG));
            body.put("kind", k.kind());
            body.put("registered_region", "330700");
            long id = created(body).get("id").asLong();
            Subject s = subjects.engineSubject(id);
            assertThat(s.kind()).isEqualTo(k.engine());
            assertThat(s.registeredRegion()).as("given, not from the USCC").isEqualTo("330700");
        }
    }

    @Test
    void aPersonIsStoredEncryptedAndShownMasked() {
        String idNumber = TestIds.idNumber(JINDONG);
        String phone = TestIds.mobile();
        String account = TestIds.bankAccount();
        Map<String, Object> body = person("欧阳娜娜", idNumber.toLowerCase());
        body.put("phone", phone.substring(0, 3) + " " + phone.substring(3));
        body.put("bank_name", "金华银行金东支行");
        body.put("bank_account", account.substring(0, 4) + " " + account.substring(4));
        Api.Response r = acceptor().post("/api/subjects", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertNoPlaintext(r, idNumber, phone, account);
        JsonNode j = r.json();
        long id = j.get("id").asLong();
        assertThat(j.get("id_number_masked").asString())
                .isEqualTo(idNumber.substring(0, 4) + "**********" + idNumber.substring(14));
        assertThat(j.get("phone_masked").asString()).isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
        assertThat(j.get("bank_account_masked").asString()).isEqualTo("**** **** **** " + account.substring(15));
        assertThat(j.get("household_region").asString())
                .as("from the ID number")
                .isEqualTo(JINDONG);
        assertThat(j.has("id_number")).isFalse();
        assertThat(j.has("phone")).isFalse();
        assertThat(j.has("bank_account")).isFalse();

        // at rest: ciphertext, a blind index, the masked copy; the plain text nowhere in the row
        Map<String, Object> row =
                jdbc.sql("select * from subject where id = ?").param(id).query().singleRow();
        assertThat((String) row.get("id_number_enc")).startsWith("v1:");
        assertThat((String) row.get("phone_enc")).startsWith("v1:");
        assertThat((String) row.get("bank_account_enc")).startsWith("v1:");
        assertThat((String) row.get("id_number_hmac")).matches("[0-9a-f]{64}");
        assertThat(row.toString())
                .doesNotContain(idNumber)
                .doesNotContain(phone)
                .doesNotContain(account);

        // every view: detail, list, search by exact ID number
        assertNoPlaintext(acceptor().get("/api/subjects/" + id), idNumber, phone, account);
        Api.Response list = as(Role.REVIEWER).get("/api/subjects?q=" + idNumber);
        assertThat(list.json().get("total").asLong()).isEqualTo(1);
        assertThat(list.json().get("items").get(0).get("id").asLong()).isEqualTo(id);
        assertNoPlaintext(list, idNumber, phone, account);
        assertNoPlaintext(as(Role.FINANCE).get("/api/subjects?kind=person&size=200"), idNumber, phone, account);

        assertThat(subjects.maskedName(id)).isEqualTo("欧**娜");
        assertThat(subjects.name(id)).isEqualTo("欧阳娜娜");
        Subject s = subjects.engineSubject(id);
        assertThat(s.kind()).isEqualTo(SubjectKind.PERSON);
        assertThat(s.householdRegion()).isEqualTo(JINDONG);
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void badInputIsRefusedNamingFieldValueAndRuleAndChangesNothing() {
        long before = subjectCount();
        assertBad(acceptor().post("/api/subjects", Map.of("name", "无类型")), "kind", "subject.kind");
        assertBad(
                acceptor().post("/api/subjects", with(enterprise("某公司", TestIds.uscc(PINGGU)), "kind", "company")),
                "kind",
                "subject.kind");
        assertBad(
                acceptor().post("/api/subjects", Map.of("kind", "enterprise", "name", "无代码公司")), "uscc", "uscc.format");
        JsonNode e = assertBad(
                acceptor().post("/api/subjects", enterprise("短代码公司", "91110117MA01K3N28")), "uscc", "uscc.format");
        assertThat(e.get("value").asString()).isEqualTo("91110117MA01K3N28");
        Api.Response bad = acceptor().post("/api/subjects", enterprise("字母公司", "91110117MA01K3NI8E"));
        assertBad(bad, "uscc", "uscc.format");
        assertThat(bad.json().get("key").asString()).isEqualTo("uscc.format");
        assertBad(acceptor().post("/api/subjects", enterprise("", TestIds.uscc(PINGGU))), "name", "subject.name");

        String id = TestIds.idNumber(PINGGU);
        String wrongCheck = id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
        Api.Response check = acceptor().post("/api/subjects", person("张三", wrongCheck));
        JsonNode ce = assertBad(check, "id_number", "id_number.check");
        assertThat(ce.get("value").asString()).as("masked in the error too").contains("**********");
        assertNoPlaintext(check, wrongCheck);
        String future = "11011720991231001";
        assertBad(
                acceptor()
                        .post(
                                "/api/subjects",
                                person("张三", future + org.ipaward.server.subject.ids.ResidentId.checkChar(future))),
                "id_number",
                "id_number.birthdate");
        assertBad(acceptor().post("/api/subjects", person("张三", "1101171990")), "id_number", "id_number.format");
        assertBad(acceptor().post("/api/subjects", person("张三", null)), "id_number", "id_number.format");
        assertBad(
                acceptor()
                        .post(
                                "/api/subjects",
                                with(person("张三", TestIds.idNumber(PINGGU)), "uscc", TestIds.uscc(PINGGU))),
                "uscc",
                "subject.uscc_not_for_person");

        Map<String, Object> many = enterprise("多处错误公司", TestIds.uscc(PINGGU));
        many.put("registered_region", "11011");
        many.put("served_regions", List.of("110117", "abc"));
        many.put("phone", "12345");
        many.put("bank_account", "12-34");
        many.put("mu_grade", "E");
        many.put("address", "长".repeat(301));
        Api.Response m = acceptor().post("/api/subjects", many);
        assertBad(m, "registered_region", "region.format");
        assertBad(m, "served_regions[1]", "region.format");
        assertBad(m, "phone", "phone.format");
        assertBad(m, "bank_account", "bank_account.format");
        assertBad(m, "mu_grade", "subject.mu_grade");
        assertBad(m, "address", "input.too_long");
        assertThat(m.json().get("errors")).hasSize(6);
        assertThat(m.json().get("key").asString()).isEqualTo("region.format");

        // six digits, but no province starts with 99
        Map<String, Object> nowhere = enterprise("无此地区公司", TestIds.uscc(PINGGU));
        nowhere.put("registered_region", "999999");
        nowhere.put("served_regions", List.of("110117", "990000"));
        Api.Response n = acceptor().post("/api/subjects", nowhere);
        assertBad(n, "registered_region", "region.unknown");
        assertBad(n, "served_regions[1]", "region.unknown");
        assertThat(n.json().get("errors")).hasSize(2);

        Api.Response unknown =
                acceptor().post("/api/subjects", with(enterprise("未知字段公司", TestIds.uscc(PINGGU)), "secret_field", 1));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(acceptor()
                        .postRaw("/api/subjects", "application/json", "{not json".getBytes())
                        .status())
                .isEqualTo(400);
        assertThat(subjectCount()).isEqualTo(before);
    }

    @Test
    void phonesAndAccountsInTheirAcceptedShapes() {
        Map<String, Object> body = enterprise("固话公司", TestIds.uscc(JINDONG));
        body.put("phone", "0579-82345678-123");
        body.put("bank_account", "3307-0312-3456-7890");
        JsonNode j = created(body);
        assertThat(j.get("phone_masked").asString()).isEqualTo("0579-****5678-123");
        assertThat(j.get("bank_account_masked").asString()).isEqualTo("**** **** **** 7890");
        Map<String, Object> plus = enterprise("国际区号公司", TestIds.uscc(JINDONG));
        plus.put("phone", "+86 13912345678");
        assertThat(created(plus).get("phone_masked").asString()).isEqualTo("139****5678");
    }

    @Test
    void aFailedUsccCheckWarnsAndStaffConfirm() {
        String uscc = TestIds.usccWithBadCheck(PINGGU);
        Api.Response r = acceptor().post("/api/subjects", enterprise("试点代码公司", uscc));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode j = r.json();
        long id = j.get("id").asLong();
        assertThat(j.get("uscc_check_failed").asBoolean()).isTrue();
        assertThat(j.get("warnings")).hasSize(1);
        JsonNode w = j.get("warnings").get(0);
        assertThat(w.get("key").asString()).isEqualTo("uscc.check_failed");
        assertThat(w.get("message").asString()).contains("校验位");
        assertThat(w.get("message_en").asString()).contains("check character");
        assertThat(as(Role.REVIEWER).get("/api/subjects/" + id).json().get("warnings"))
                .hasSize(1);

        String path = "/api/subjects/" + id + "/confirm-uscc";
        assertStatus(as(Role.REVIEWER).post(path, Map.of("reason", "核对了营业执照原件")), 403, "access.denied");
        assertBad(acceptor().post(path, Map.of("reason", "  ok ")), "reason", "confirm.reason_required");
        assertBad(acceptor().post(path, Map.of()), "reason", "confirm.reason_required");
        Api.Response ok = acceptor().post(path, Map.of("reason", "已核对营业执照原件，为早期试点代码"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("uscc_confirmed_by").asLong())
                .isEqualTo(staff.get(Role.ACCEPTOR).id());
        assertThat(ok.json().get("uscc_confirmed_at").isNull()).isFalse();
        assertThat(ok.json().get("uscc_check_failed").asBoolean())
                .as("still a fact")
                .isTrue();
        assertThat(ok.json().get("warnings")).isEmpty();
        assertThat(auditCount("subject.confirm_uscc", String.valueOf(id))).isEqualTo(1);
        String details = audit.search(
                        "subject.confirm_uscc",
                        null,
                        "subject",
                        String.valueOf(id),
                        null,
                        null,
                        org.ipaward.server.web.Paging.of(0, 1))
                .items()
                .get(0)
                .details();
        assertThat(details).contains("早期试点代码").contains(uscc);
        // again: nothing changes, nothing more recorded
        assertThat(acceptor().post(path, Map.of("reason", "再次确认一下")).status()).isEqualTo(200);
        assertThat(auditCount("subject.confirm_uscc", String.valueOf(id))).isEqualTo(1);

        long good =
                created(enterprise("正常代码公司", TestIds.uscc(PINGGU))).get("id").asLong();
        assertStatus(
                acceptor().post("/api/subjects/" + good + "/confirm-uscc", Map.of("reason", "无需确认的测试")),
                409,
                "uscc.not_flagged");
    }

    @Test
    void duplicatesAreRefusedWith409() {
        String uscc = TestIds.uscc(JINDONG);
        created(enterprise("首家公司", uscc));
        long before = subjectCount();
        Api.Response dup = acceptor().post("/api/subjects", enterprise("重复公司", uscc.toLowerCase()));
        assertStatus(dup, 409, "subject.duplicate");

        String id = TestIds.idNumber(PINGGU);
        created(person("王小明", id));
        // the same number written differently (lower-case x, spaces) is found by the blind index
        String variant = " " + id.toLowerCase() + " ";
        assertStatus(acceptor().post("/api/subjects", person("王小明", variant)), 409, "subject.duplicate");
        assertThat(subjectCount()).isEqualTo(before + 1);
    }

    @Test
    void updatesNeedTheCurrentVersion() {
        String phone = TestIds.mobile();
        Map<String, Object> body = enterprise("版本测试公司", TestIds.uscc(PINGGU));
        body.put("phone", phone);
        JsonNode j = created(body);
        long id = j.get("id").asLong();
        String path = "/api/subjects/" + id;

        assertBad(acceptor().put(path, Map.of("name", "无版本")), "version", "version.required");
        Api.Response ok = acceptor().put(path, Map.of("name", "版本测试公司（更名）", "version", 0, "mu_grade", "B"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("name").asString()).isEqualTo("版本测试公司（更名）");
        assertThat(ok.json().get("version").asInt()).isEqualTo(1);
        assertThat(ok.json().get("mu_grade").asString()).isEqualTo("B");
        assertThat(ok.json().get("phone_masked").asString()).as("kept").isEqualTo(Masking(phone));

        assertStatus(acceptor().put(path, Map.of("name", "过期修改", "version", 0)), 409, "concurrent.modification");
        assertThat(acceptor().get(path).json().get("name").asString()).isEqualTo("版本测试公司（更名）");

        Api.Response cleared = acceptor().put(path, Map.of("phone", "", "mu_grade", "", "version", 1));
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.json().get("phone_masked").isNull()).isTrue();
        assertThat(cleared.json().get("mu_grade").isNull()).isTrue();
        assertThat(jdbc.sql("select phone_enc from subject where id = ?")
                        .param(id)
                        .query(String.class)
                        .optional())
                .isEmpty();

        assertBad(acceptor().put(path, Map.of("kind", "person", "version", 2)), "kind", "subject.kind_immutable");
        assertBad(
                acceptor().put(path, Map.of("registered_region", "x", "version", 2)),
                "registered_region",
                "region.format");
        assertThat(acceptor().get(path).json().get("version").asInt())
                .as("bad input changed nothing")
                .isEqualTo(2);

        // staff may correct the USCC; the new one is checked and must be unique
        String other = TestIds.uscc(PINGGU);
        created(enterprise("另一家公司", other));
        assertStatus(acceptor().put(path, Map.of("uscc", other, "version", 2)), 409, "subject.duplicate");
        String bad = TestIds.usccWithBadCheck(PINGGU);
        Api.Response corrected = acceptor().put(path, Map.of("uscc", bad, "version", 2));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
        assertThat(corrected.json().get("uscc").asString()).isEqualTo(bad);
        assertThat(corrected.json().get("warnings").get(0).get("key").asString())
                .isEqualTo("uscc.check_failed");

        assertThat(auditCount("subject.update", String.valueOf(id))).isEqualTo(3);
        assertThat(as(Role.REVIEWER)
                        .put(path, Map.of("name", "审核员改名", "version", 3))
                        .status())
                .isEqualTo(403);
        assertThat(as(Role.FINANCE)
                        .put(path, Map.of("name", "财政改名", "version", 3))
                        .status())
                .isEqualTo(403);
        Api.Response missing = acceptor().put("/api/subjects/999999999", Map.of("name", "x", "version", 0));
        assertStatus(missing, 404, "subject.not_found");
    }

    private static String Masking(String phone) {
        return org.ipaward.server.crypto.Masking.phone(phone);
    }

    @Test
    void staffListWithSearchFiltersAndPaging() {
        String tag = "检索" + Long.toString(System.nanoTime(), 36);
        String u1 = TestIds.uscc(PINGGU);
        long a = created(enterprise(tag + "甲公司", u1)).get("id").asLong();
        long b = created(enterprise(tag + "乙公司", TestIds.uscc(JINDONG)))
                .get("id")
                .asLong();
        long c = created(person(tag + "丙", TestIds.idNumber(JINDONG))).get("id").asLong();

        JsonNode all = as(Role.AUDITOR).get("/api/subjects?q=" + enc(tag)).json();
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(all.get("items").get(0).get("id").asLong())
                .as("newest first")
                .isEqualTo(c);

        JsonNode byUscc = as(Role.APPROVER)
                .get("/api/subjects?q=" + u1.substring(8, 16).toLowerCase())
                .json();
        assertThat(byUscc.get("items").get(0).get("id").asLong()).isEqualTo(a);

        JsonNode persons =
                acceptor().get("/api/subjects?kind=person&q=" + enc(tag)).json();
        assertThat(persons.get("total").asLong()).isEqualTo(1);
        JsonNode jindong =
                acceptor().get("/api/subjects?region=330703&q=" + enc(tag)).json();
        assertThat(jindong.get("total").asLong())
                .as("registered or household region")
                .isEqualTo(2);
        List<Long> ids = new java.util.ArrayList<>();
        jindong.get("items").forEach(i -> ids.add(i.get("id").asLong()));
        assertThat(ids).containsExactlyInAnyOrder(b, c);

        JsonNode page =
                acceptor().get("/api/subjects?size=1&page=1&q=" + enc(tag)).json();
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("items").get(0).get("id").asLong()).isEqualTo(b);

        assertThat(acceptor().get("/api/subjects?q=" + enc("%")).status()).isEqualTo(200);
        assertThat(acceptor()
                        .get("/api/subjects?q=" + enc(tag + "%"))
                        .json()
                        .get("total")
                        .asLong())
                .as("%% is literal")
                .isZero();
        assertBad(acceptor().get("/api/subjects?kind=company"), "kind", "subject.kind");
        assertBad(acceptor().get("/api/subjects?region=abc"), "region", "region.format");
        assertBad(acceptor().get("/api/subjects?size=1000"), "size", "size.invalid");
        assertStatus(as(Role.POLICY_ADMIN).get("/api/subjects"), 403, "access.denied");
        assertThat(api.anonymous().get("/api/subjects").status()).isEqualTo(401);
    }

    @Test
    void theEndpointsAreDocumented() {
        Api.Response r = api.anonymous().get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        JsonNode paths = r.json().get("paths");
        for (String p : new String[] {
            "/api/subjects",
            "/api/subjects/{id}",
            "/api/subjects/mine",
            "/api/subjects/{id}/unmask",
            "/api/subjects/{id}/confirm-uscc",
            "/api/subjects/{agencyId}/clients",
            "/api/files",
            "/api/files/{id}",
            "/api/files/{id}/info"
        }) {
            assertThat(paths.has(p)).as(p).isTrue();
        }
        assertThat(r.body()).contains("登记申报主体").contains("id_number_masked").contains("client_subject_id");
    }

    static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
        m.put(key, value);
        return m;
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}

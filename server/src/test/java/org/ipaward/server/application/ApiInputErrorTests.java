package org.ipaward.server.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What a new API user sees for bad input to {@code POST /api/applications} and the review actions: each field
 * problem echoes the value sent; a bean-validation rule has a Chinese and a real English message whatever the
 * request's language; a value of the wrong JSON type names its path, the value and the type expected; JSON that
 * does not parse says where; an amount in exponent notation ({@code 1e5}) is refused. Nothing is stored.
 */
class ApiInputErrorTests extends ServerTest {
    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    long round;
    Api.As applicant;

    @BeforeEach
    void people() {
        fx.user(null, Role.SYSTEM_ADMIN);
        long subject = fx.enterprise("输入错误测试公司", "110117");
        round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    /** The field problems of a 400 by field. */
    private static Map<String, JsonNode> errors(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        r.json().get("errors").forEach(e -> out.put(e.get("field").asString(), e));
        return out;
    }

    /** POSTs the body and checks that it is refused with nothing stored. */
    private Api.Response refused(Api.As a, String path, Object body) {
        long apps = count("application");
        long claims = count("claim");
        long records = count("audit_log");
        Api.Response r = a.post(path, body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(count("application")).as(r.body()).isEqualTo(apps);
        assertThat(count("claim")).as(r.body()).isEqualTo(claims);
        assertThat(count("audit_log")).as(r.body()).isEqualTo(records);
        return r;
    }

    private Map<String, Object> application(Map<String, Object> facts) {
        return Map.of("round_id", round, "claims", List.of(Map.of("measure", "PG-pledge", "facts", facts)));
    }

    @Test
    void eachFactProblemEchoesTheValueSent() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("right_kind", "patent");
        facts.put("first_rights_holder", "yes");
        facts.put("bank_loan", true);
        facts.put("loan_interest", -1);
        facts.put("colour", "red");
        Api.Response r = refused(applicant, "/api/applications", application(facts));
        Map<String, JsonNode> errors = errors(r);
        assertThat(errors)
                .as(r.body())
                .containsKeys(
                        "claims[1].facts.first_rights_holder",
                        "claims[1].facts.loan_interest",
                        "claims[1].facts.colour");
        assertThat(errors.get("claims[1].facts.first_rights_holder")
                        .get("value")
                        .asString())
                .isEqualTo("yes");
        assertThat(errors.get("claims[1].facts.first_rights_holder").get("key").asString())
                .isEqualTo("claim.fact-not-boolean");
        assertThat(errors.get("claims[1].facts.loan_interest").get("value").asString())
                .isEqualTo("-1");
        assertThat(errors.get("claims[1].facts.loan_interest").get("key").asString())
                .isEqualTo("claim.fact-below-min");
        assertThat(errors.get("claims[1].facts.colour").get("value").asString()).isEqualTo("red");
        assertThat(errors.get("claims[1].facts.colour").get("key").asString()).isEqualTo("claim.unknown-fact");
        assertThat(r.json().get("key").asString()).isEqualTo("input.invalid");
        assertThat(r.json().get("message_en").asString())
                .startsWith("invalid input: ")
                .doesNotContain("“");
    }

    @Test
    void aBeanValidationRuleIsWordedInChineseAndInEnglishWhateverTheRequestLanguage() {
        for (String language : List.of("zh-CN", "en")) {
            Api.As a = applicant.withHeader("Accept-Language", language);
            Api.Response missing = refused(a, "/api/applications", Map.of("round_id", round));
            JsonNode claims = errors(missing).get("claims");
            assertThat(claims).as(missing.body()).isNotNull();
            assertThat(claims.get("message").asString()).as(language).isEqualTo("不能为空");
            assertThat(claims.get("message_en").asString()).as(language).isEqualTo("must not be empty");
            assertThat(missing.json().get("message_en").asString())
                    .isEqualTo("invalid input: claims: must not be empty");
            assertThat(missing.json().get("detail").asString()).isEqualTo("输入有误：claims 不能为空");

            Api.Response tooLong = refused(
                    a,
                    "/api/applications",
                    Map.of("round_id", round, "claims", List.of(Map.of("measure", "x".repeat(65)))));
            JsonNode measure = errors(tooLong).values().iterator().next();
            assertThat(measure.get("field").asString()).endsWith(".measure");
            assertThat(measure.get("value").asString()).isEqualTo("x".repeat(65));
            assertThat(measure.get("message").asString()).as(language).isEqualTo("长度不能超过 64 个字符");
            assertThat(measure.get("message_en").asString()).as(language).isEqualTo("must have at most 64 characters");
        }
    }

    @Test
    void aValueOfTheWrongTypeNamesItsPathTheValueAndTheTypeExpected() {
        Map<String, Object> body = new LinkedHashMap<>(application(Map.of("loan_interest", "100000.00")));
        body.put("round_id", "one");
        Api.Response r = refused(applicant, "/api/applications", body);
        assertThat(r.json().get("key").asString()).isEqualTo("request.field_type");
        JsonNode e = errors(r).get("round_id");
        assertThat(e).as(r.body()).isNotNull();
        assertThat(e.get("value").asString()).isEqualTo("one");
        assertThat(e.get("key").asString()).isEqualTo("request.field_type");
        assertThat(e.get("message").asString()).contains("整数").contains("one");
        assertThat(e.get("message_en").asString()).contains("whole number").contains("one");
        assertThat(r.json().get("detail").asString()).contains("round_id");
        assertThat(r.json().get("message_en").asString()).contains("round_id");

        // deeper: a claim's facts given as text, named by the claim's number (from 1, as every field is)
        Api.Response nested = refused(
                applicant,
                "/api/applications",
                Map.of(
                        "round_id",
                        round,
                        "claims",
                        List.of(
                                Map.of("measure", "PG-pledge", "facts", Map.of()),
                                Map.of("measure", "PG-pledge", "facts", List.of(1)))));
        assertThat(nested.json().get("key").asString()).as(nested.body()).isEqualTo("request.field_type");
        assertThat(errors(nested)).containsKey("claims[2].facts");
        assertThat(errors(nested).get("claims[2].facts").get("message_en").asString())
                .contains("object");

        // a field the API does not know is named, with the ones it does
        Map<String, Object> typo = new LinkedHashMap<>(application(Map.of()));
        typo.put("round", round);
        Api.Response unknown = refused(applicant, "/api/applications", typo);
        assertThat(unknown.json().get("key").asString()).as(unknown.body()).isEqualTo("request.unknown_field");
        assertThat(errors(unknown)).containsKey("round");
        assertThat(unknown.json().get("message_en").asString()).contains("round_id");
    }

    @Test
    void jsonThatDoesNotParseSaysWhere() {
        Api.Response r =
                refused(applicant, "/api/applications", "{\n  \"round_id\": " + round + ",\n  \"claims\": [}\n");
        assertThat(r.json().get("key").asString()).isEqualTo("request.unreadable");
        assertThat(r.json().get("detail").asString()).contains("第 3 行");
        assertThat(r.json().get("message_en").asString()).contains("line 3");
    }

    @Test
    void aMoneyFactInExponentNotationIsRefusedAndNothingIsStored() {
        for (Object sent : List.of("1e5", new BigDecimal("1E+5"), "1.5E5")) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("right_kind", "patent");
            facts.put("first_rights_holder", true);
            facts.put("bank_loan", true);
            facts.put("loan_interest", sent);
            Api.Response r = refused(applicant, "/api/applications", application(facts));
            assertThat(r.json().get("key").asString()).as(r.body()).isEqualTo("money.format");
            JsonNode e = errors(r).get("claims[1].facts.loan_interest");
            assertThat(e).as(r.body()).isNotNull();
            assertThat(e.get("value").asString()).isEqualToIgnoringCase(sent.toString());
            assertThat(e.get("message").asString()).isEqualTo("金额须写成普通数字，如 100000.00（不接受 1e5 这类写法）");
            assertThat(e.get("message_en").asString())
                    .isEqualTo("write the amount as a plain number such as 100000.00 (not 1e5)");
        }
        // the plain amount is taken
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("right_kind", "patent");
        facts.put("first_rights_holder", true);
        facts.put("bank_loan", true);
        facts.put("loan_interest", "100000.00");
        assertThat(applicant.post("/api/applications", application(facts)).status())
                .isEqualTo(201);
    }

    @Test
    void aReviewedAmountInExponentNotationIsRefused() {
        Api.Response created = applicant.post(
                "/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge("100000.00"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        FullCycleTests.attachPledgeMaterials(applicant, id);
        assertThat(FullCycleTests.state(FullCycleTests.act(applicant, id, "submit", Map.of())))
                .isEqualTo("submitted");
        Api.As acceptor = api.login(fx.user(null, Role.ACCEPTOR), Fixtures.PASSWORD);
        Api.As reviewer = api.login(fx.user(null, Role.REVIEWER), Fixtures.PASSWORD);
        String accepted = FullCycleTests.state(FullCycleTests.act(acceptor, id, "accept", Map.of()));

        Api.Response r = refused(
                reviewer,
                "/api/applications/" + id + "/actions/review_approve",
                Map.of("claims", List.of(Map.of("seq", 1, "amount", "3e4", "reason", "部分利息发生在上一年度"))));
        assertThat(r.json().get("key").asString()).as(r.body()).isEqualTo("money.format");
        JsonNode e = errors(r).get("claims[1].amount");
        assertThat(e).as(r.body()).isNotNull();
        assertThat(e.get("value").asString()).isEqualTo("3E+4");
        assertThat(e.get("message_en").asString()).contains("plain number");
        JsonNode now = reviewer.get("/api/applications/" + id).json();
        assertThat(now.get("state").get("id").asString()).isEqualTo(accepted);
        assertThat(now.get("claims").get(0).get("reviewed_amount").isNull()).isTrue();
    }
}

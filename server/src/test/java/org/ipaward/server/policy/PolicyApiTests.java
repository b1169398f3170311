package org.ipaward.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class PolicyApiTests extends ServerTest {
    @Autowired
    PolicyRegistry registry;

    @Autowired
    JdbcClient jdbc;

    private static Map<String, JsonNode> byId(JsonNode list, String field) {
        return list.valueStream().collect(Collectors.toMap(n -> n.get(field).asString(), n -> n));
    }

    @Test
    void thePoliciesInUseAreListedWithoutSigningIn() {
        Api.Response r = api.anonymous().get("/api/public/policies");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        Map<String, JsonNode> p = byId(r.json(), "id");
        assertThat(p).containsKeys("pinggu-2025", "jindong-2023");

        JsonNode pinggu = p.get("pinggu-2025");
        assertThat(pinggu.get("title").get("zh").asString()).isEqualTo("平谷区促进知识产权高质量发展若干措施");
        assertThat(pinggu.get("authority").get("zh").asString()).contains("平谷区市场监督管理局");
        assertThat(pinggu.get("region_code").asString()).isEqualTo("110117");
        assertThat(pinggu.get("status").asString()).isEqualTo("in_force");
        assertThat(pinggu.get("status_label").get("zh").asString()).isEqualTo("现行有效");
        assertThat(pinggu.get("effective_from").asString()).isEqualTo("2025-08-29");
        assertThat(pinggu.get("effective_to").isNull()).isTrue();
        assertThat(pinggu.get("matter_year_offset").asInt()).isEqualTo(1);
        assertThat(pinggu.get("measure_count").asInt()).isEqualTo(12);
        PolicyRegistry.Version v = registry.currentVersion("pinggu-2025");
        assertThat(pinggu.get("version_id").asLong()).isEqualTo(v.id());
        assertThat(pinggu.get("version_label").asString()).isEqualTo(v.label()).startsWith("2025-08-29-");
        assertThat(registry.currentVersion("jindong-2023").label())
                .as("a draft without a publication date is labelled as a draft")
                .startsWith("draft-");
        String sha = jdbc.sql("select sha256 from policy_version where id = ?")
                .param(v.id())
                .query(String.class)
                .single();
        assertThat(pinggu.get("sha256").asString()).isEqualTo(sha).hasSize(64);

        JsonNode jindong = p.get("jindong-2023");
        assertThat(jindong.get("status").asString()).isEqualTo("draft");
        assertThat(jindong.get("draft").asBoolean()).isTrue();
        assertThat(jindong.get("status_label").get("zh").asString()).isEqualTo("征求意见稿");
        assertThat(jindong.get("measure_count").asInt()).isEqualTo(29);
    }

    @Test
    void aPolicysMeasuresShowClauseQuoteFactsMaterialsRuleCapsAndInterpretations() {
        Api.Response r = api.anonymous().get("/api/public/policies/pinggu-2025");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode d = r.json();
        assertThat(d.get("policy").get("id").asString()).isEqualTo("pinggu-2025");
        assertThat(d.get("policy").get("current").asBoolean()).isTrue();
        assertThat(d.get("applicants").get("first_rights_holder_only").asBoolean())
                .isTrue();
        assertThat(d.get("materials").size()).isPositive();
        Map<String, JsonNode> measures = byId(d.get("measures"), "id");
        assertThat(measures).hasSize(12);

        JsonNode pledge = measures.get("PG-pledge");
        assertThat(pledge.get("title").get("zh").asString()).isEqualTo("知识产权质押融资贴息");
        assertThat(pledge.get("clause").asString()).isEqualTo("三(二)1");
        assertThat(pledge.get("quote").asString()).contains("予以贴息补助");
        assertThat(pledge.get("category").get("id").asString()).isNotBlank();
        assertThat(pledge.get("award").get("kind").asString()).isEqualTo("rate");
        assertThat(pledge.get("award").get("kind_label").get("zh").asString()).isEqualTo("按比例");
        assertThat(pledge.get("caps").size()).isPositive();
        assertThat(pledge.get("caps").get(0).get("zh").asString()).isNotBlank();
        assertThat(pledge.get("interpretations").get(0).get("id").asString()).isEqualTo("pledge-rate");
        assertThat(pledge.get("interpretations").get(0).get("parameter").asString())
                .isEqualTo("pg_pledge_rate");
        assertThat(pledge.get("materials").valueStream().map(m -> m.get("id").asString()))
                .contains("pledge_loan_documents");
        JsonNode loanDocs = pledge.get("materials")
                .valueStream()
                .filter(m -> m.get("id").asString().equals("pledge_loan_documents"))
                .findFirst()
                .orElseThrow();
        assertThat(loanDocs.get("zh").asString()).contains("质押登记证明");
        assertThat(pledge.get("facts").size()).isPositive();
        for (JsonNode f : pledge.get("facts")) {
            assertThat(f.get("name").asString()).isNotBlank();
            assertThat(f.get("type").asString())
                    .isIn("money", "integer", "decimal", "percent", "boolean", "enum", "text", "date", "list");
            assertThat(f.get("label").get("zh").asString()).isNotBlank();
            if (f.get("type").asString().equals("enum")) {
                assertThat(f.get("values").size()).isPositive();
            }
        }
    }

    @Test
    void enumFactsListTheirChoices() {
        JsonNode d = api.anonymous().get("/api/public/policies/jindong-2023").json();
        boolean anyEnum = false;
        for (JsonNode m : d.get("measures")) {
            for (JsonNode f : m.get("facts")) {
                if (f.get("type").asString().equals("enum")) {
                    anyEnum = true;
                    assertThat(f.get("values").size())
                            .as(m.get("id") + "." + f.get("name"))
                            .isPositive();
                    assertThat(f.get("values").get(0).get("zh").asString()).isNotBlank();
                }
            }
        }
        assertThat(anyEnum).isTrue();
        assertThat(d.get("measures")
                        .valueStream()
                        .filter(m -> m.get("indicator").asBoolean())
                        .map(m -> m.get("id").asString()))
                .containsExactly("JD-protection-enforcement");
    }

    @Test
    void unknownPoliciesAndVersionsAreNamed() {
        Api.Response r = api.anonymous().get("/api/public/policies/no-such-policy");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("key").asString()).isEqualTo("policy.not_found");
        assertThat(r.json().get("detail").asString()).contains("no-such-policy");

        long jindong = registry.currentVersion("jindong-2023").id();
        Api.Response wrong = api.anonymous().get("/api/public/policies/pinggu-2025?version_id=" + jindong);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("key").asString()).isEqualTo("policy.version_unknown");
        assertThat(wrong.json().get("errors").get(0).get("field").asString()).isEqualTo("version_id");

        Api.Response missing = api.anonymous().get("/api/public/policies/pinggu-2025?version_id=999999");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("key").asString()).isEqualTo("policy.version_unknown");

        long pinggu = registry.currentVersion("pinggu-2025").id();
        Api.Response same = api.anonymous().get("/api/public/policies/pinggu-2025?version_id=" + pinggu);
        assertThat(same.status()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentDescribesTheseEndpoints() {
        Api.Response r = api.anonymous().get("/v3/api-docs");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode paths = r.json().get("paths");
        assertThat(paths.propertyNames())
                .contains(
                        "/api/public/policies",
                        "/api/public/policies/{id}",
                        "/api/rounds",
                        "/api/rounds/{id}",
                        "/api/rounds/{id}/close",
                        "/api/rounds/{id}/budget",
                        "/api/public/rounds",
                        "/api/calendar",
                        "/api/calendar/{date}",
                        "/api/settings",
                        "/api/settings/{key}");
        assertThat(paths.get("/api/rounds").get("post").get("summary").asString())
                .startsWith("开启申报批次");
    }
}

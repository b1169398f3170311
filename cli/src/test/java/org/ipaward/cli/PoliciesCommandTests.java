package org.ipaward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ipaward policies} lists every measure of the checklist (MEASURES.md) with its clause and quote. */
class PoliciesCommandTests {
    /** The Pinggu rows of MEASURES.md: id and clause. */
    static final Map<String, String> PINGGU = new LinkedHashMap<>();

    static {
        PINGGU.put("PG-patent-award", "三(一)");
        PINGGU.put("PG-pledge", "三(二)1");
        PINGGU.put("PG-insurance", "三(二)2");
        PINGGU.put("PG-securitisation", "三(二)3");
        PINGGU.put("PG-alliance", "三(二)4");
        PINGGU.put("PG-navigation", "三(二)5");
        PINGGU.put("PG-national-title", "三(三)1");
        PINGGU.put("PG-beijing-title", "三(三)2");
        PINGGU.put("PG-gbt29490", "三(三)3");
        PINGGU.put("PG-iso56005", "三(三)3");
        PINGGU.put("PG-litigation", "三(四)");
        PINGGU.put("PG-service-agency", "三(五)");
    }

    /** The Jindong rows of MEASURES.md. */
    static final List<String> JINDONG = List.of(
            "JD-patent-intensive",
            "JD-high-value",
            "JD-strong-enterprise",
            "JD-pledge",
            "JD-insurance",
            "JD-securitisation",
            "JD-alliance",
            "JD-navigation",
            "JD-early-warning",
            "JD-patent-award",
            "JD-transfer",
            "JD-catch-up",
            "JD-protection-market",
            "JD-rights-station",
            "JD-trade-secret",
            "JD-litigation-domestic",
            "JD-litigation-foreign",
            "JD-agency-setup",
            "JD-service-cluster",
            "JD-wellknown-mark",
            "JD-collective-mark",
            "JD-madrid",
            "JD-regional-mark",
            "JD-single-country-mark",
            "JD-geo-indication",
            "JD-brand-station",
            "JD-green-product",
            "JD-zhejiang-made",
            "JD-protection-enforcement");

    private static JsonNode json() throws Exception {
        Cli.Run r = Cli.run("policies", "--format", "json", "-p", Cli.POLICIES.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    private static Map<String, JsonNode> measures(JsonNode root) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode p : root.get("policies")) {
            for (JsonNode m : p.get("measures")) {
                out.put(m.get("id").asText(), m);
            }
        }
        return out;
    }

    @Test
    void jsonListsEveryMeasureOfTheChecklistWithClauseAndQuote() throws Exception {
        Map<String, JsonNode> measures = measures(json());
        PINGGU.forEach((id, clause) -> {
            assertThat(measures).as(id).containsKey(id);
            assertThat(measures.get(id).get("clause").asText()).as(id).isEqualTo(clause);
            assertThat(measures.get(id).get("quote").asText()).as(id).isNotBlank();
        });
        for (String id : JINDONG) {
            assertThat(measures).as(id).containsKey(id);
            assertThat(measures.get(id).get("clause").asText()).as(id).startsWith("二.");
            assertThat(measures.get(id).get("quote").asText()).as(id).isNotBlank();
        }
    }

    @Test
    void jsonCarriesFactsCapsMaterialsAndInterpretations() throws Exception {
        JsonNode root = json();
        JsonNode pinggu = null;
        for (JsonNode p : root.get("policies")) {
            if (p.get("id").asText().equals("pinggu-2025")) {
                pinggu = p;
            }
        }
        assertThat(pinggu).isNotNull();
        assertThat(pinggu.get("title").get("zh").asText()).isEqualTo("平谷区促进知识产权高质量发展若干措施");
        assertThat(pinggu.get("status").asText()).isEqualTo("in_force");
        assertThat(pinggu.get("region").get("code").asText()).isEqualTo("110117");
        JsonNode pledge = measures(root).get("PG-pledge");
        assertThat(pledge.get("title").get("en").asText()).isNotBlank();
        assertThat(pledge.get("category").asText()).isEqualTo("utilization");
        assertThat(pledge.get("award").get("kind").asText()).isEqualTo("rate");
        JsonNode interest = pledge.get("facts").get("loan_interest");
        assertThat(interest.get("type").asText()).isEqualTo("money");
        assertThat(interest.get("label").get("zh").asText()).isNotBlank();
        assertThat(pledge.get("facts").get("right_kind").get("implicit").asBoolean())
                .isTrue();
        assertThat(pledge.get("caps").get(0).get("zh").asText()).contains("30万元");
        assertThat(pledge.get("materials").get(0).get("id").asText()).isEqualTo("subject_certificate");
        assertThat(pledge.get("interpretations").get(0).get("parameter").asText())
                .isEqualTo("pg_pledge_rate");
    }

    @Test
    void tableIsChineseFirstAndAligned() {
        Cli.Run r = Cli.run("policies", "-p", Cli.POLICIES.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out.indexOf("平谷区促进知识产权高质量发展若干措施")).isLessThan(out.indexOf("Pinggu District"));
        assertThat(out).contains("状态：现行有效", "有效期：2025-08-29 至 长期", "北京市平谷区（110117）", "〔三(二)1〕", "按比例");
        // The clause column starts at the same display column on every measure row of a policy.
        List<Integer> columns = out.lines()
                .filter(l -> l.startsWith("  PG-"))
                .map(l -> Out.width(l.substring(0, l.indexOf('〔'))))
                .distinct()
                .toList();
        assertThat(columns).hasSize(1);
    }
}

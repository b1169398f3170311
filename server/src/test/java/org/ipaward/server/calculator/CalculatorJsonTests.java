package org.ipaward.server.calculator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's answer is written straight from the results ({@code ResultJson.write}); it must be the same JSON,
 * byte for byte, as the result maps ({@code ResultJson.of}) the page uses, serialised by the server's mapper.
 */
class CalculatorJsonTests extends ServerTest {
    @Autowired
    PublicCalculator calculator;

    @Autowired
    JsonMapper mapper;

    static final String PG =
            "{\"policy_id\":\"pinggu-2025\",\"as_of\":\"2026-03-01\",\"subject\":{\"kind\":\"enterprise\","
                    + "\"name\":\"压测企业\",\"registered_region\":\"%s\"},\"claims\":[%s],\"explain\":%s}";
    static final String JD =
            "{\"policy_id\":\"jindong-2023\",\"as_of\":\"2026-03-01\",\"subject\":{\"kind\":\"enterprise\","
                    + "\"name\":\"压测企业\",\"registered_region\":\"%s\",\"mu_grade\":\"%s\"},\"claims\":[%s],\"explain\":%s}";
    static final String PLEDGE =
            "{\"measure\":\"PG-pledge\",\"facts\":{\"right_kind\":\"patent\",\"first_rights_holder\":%s,"
                    + "\"bank_loan\":true,\"loan_interest\":\"%s\"}}";
    static final String AWARD =
            "{\"measure\":\"PG-patent-award\",\"facts\":{\"right_kind\":\"patent\",\"first_rights_holder\":true,"
                    + "\"patent_number\":\"ZL202010566088.9\",\"award_level\":\"gold\"}}";
    static final String GBT =
            "{\"measure\":\"PG-gbt29490\",\"facts\":{\"certified\":%s,\"certification_fee\":\"80000.00\"}}";
    static final String INTENSIVE = "{\"measure\":\"JD-patent-intensive\",\"facts\":{\"gbt29490_certified\":true,"
            + "\"gbt29490_implemented\":true,\"invention_patents\":%d,\"invention_patents_prev_year\":4,"
            + "\"annual_sales\":\"12000000.00\",\"total_revenue\":\"12500000.00\",\"patent_product_sales\":\"4000000.00\","
            + "\"training_rate\":100}}";
    static final String JD_PLEDGE =
            "{\"measure\":\"JD-pledge\",\"facts\":{\"right_kind\":\"patent\",\"repaid_on_time\":%s,"
                    + "\"secured_principal\":\"5000000.00\",\"loan_days\":365,\"interest_paid\":\"180000.00\"}}";
    static final String JD_UNDETERMINED =
            "{\"measure\":\"JD-patent-intensive\",\"facts\":{\"gbt29490_certified\":true,\"invention_patents\":8}}";

    @Test
    void theApiWritesTheSameJsonAsTheResultMaps() throws Exception {
        List<String> bodies = List.of(
                PG.formatted("110117", PLEDGE.formatted("true", "400000.00"), "true"), // eligible, capped
                PG.formatted("110117", AWARD + "," + GBT.formatted("true"), "true"), // two eligible
                PG.formatted("110117", PLEDGE.formatted("false", "60000.00"), "true"), // not eligible
                PG.formatted("110105", GBT.formatted("true"), "true"), // not eligible: region
                PG.formatted("110117", GBT.formatted("false"), "false"), // not eligible, no explanation
                PG.formatted(
                        "110117",
                        "{\"measure\":\"PG-pledge\",\"facts\":{\"right_kind\":\"patent\"}}",
                        "true"), // missing
                JD.formatted("330703", "A", INTENSIVE.formatted(8), "true"),
                JD.formatted("330703", "B", INTENSIVE.formatted(3) + "," + JD_PLEDGE.formatted("true"), "true"),
                JD.formatted("330703", "A", JD_PLEDGE.formatted("false"), "true"),
                JD.formatted("330703", "C", JD_UNDETERMINED, "false"));
        for (String body : bodies) {
            Api.Response r = api.anonymous()
                    .postRaw(
                            "/api/public/calculate",
                            "application/json",
                            body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            Map<String, Object> maps =
                    calculator.calculate(mapper.readValue(body, PublicCalculator.CalculateRequest.class));
            assertThat(r.body()).as(body).isEqualTo(mapper.writeValueAsString(failedInOrder(maps)));
            assertThat(r.body()).contains("\"results\":[{\"measure\":");
            // the stateless public chain: no session or CSRF cookie issued, the security headers as everywhere
            assertThat(r.header("Set-Cookie")).isNull();
            assertThat(r.header("Content-Security-Policy")).contains("default-src 'self'");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        }
    }

    /** The failed checks' maps are Map.of (no fixed order); the written form puts them as id, text, clause. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> failedInOrder(Map<String, Object> out) {
        for (Object o : (List<Object>) out.get("results")) {
            Map<String, Object> result = (Map<String, Object>) o;
            List<Map<String, Object>> failed = (List<Map<String, Object>>) result.get("failed");
            result.put(
                    "failed",
                    failed.stream()
                            .map(f -> {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("id", f.get("id"));
                                m.put("text", f.get("text"));
                                m.put("clause", f.get("clause"));
                                return m;
                            })
                            .toList());
        }
        return out;
    }
}

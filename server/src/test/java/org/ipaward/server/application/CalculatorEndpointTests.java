package org.ipaward.server.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;

class CalculatorEndpointTests extends ServerTest {
    @Test
    void thePublicCalculatorExplainsAnAwardWithoutSigningIn() {
        Api.Response r = api.anonymous()
                .post(
                        "/api/public/calculate",
                        Map.of(
                                "policy_id",
                                "pinggu-2025",
                                "as_of",
                                "2026-03-01",
                                "subject",
                                Map.of("kind", "enterprise", "registered_region", "110117"),
                                "claims",
                                List.of(FullCycleTests.pledge("700000.00"))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("total").asString()).isEqualTo("300000.00");
        assertThat(r.json().get("results").get(0).get("trace").toString()).contains("三(二)1");
    }

    @Test
    void aFactOfTheWrongTypeIsA400NamingTheField() {
        Api.Response r = api.anonymous()
                .post(
                        "/api/public/calculate",
                        Map.of(
                                "policy_id", "pinggu-2025",
                                "subject", Map.of("kind", "enterprise", "registered_region", "110117"),
                                "claims", List.of(FullCycleTests.pledge("lots"))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).contains("loan_interest");
        // a patent number is checked as a filing checks it: "hello" is no estimate of 500,000.00
        Api.Response patent = api.anonymous()
                .post(
                        "/api/public/calculate",
                        Map.of(
                                "policy_id", "pinggu-2025",
                                "subject", Map.of("kind", "enterprise", "registered_region", "110117"),
                                "claims",
                                        List.of(Map.of(
                                                "measure",
                                                "PG-patent-award",
                                                "facts",
                                                Map.of(
                                                        "right_kind", "patent",
                                                        "first_rights_holder", true,
                                                        "patent_number", "hello",
                                                        "award_level", "gold")))));
        assertThat(patent.status()).as(patent.body()).isEqualTo(400);
        assertThat(patent.json().get("errors").get(0).get("field").asString())
                .isEqualTo("claims[1].facts.patent_number");
        assertThat(patent.json().get("key").asString()).isEqualTo("patent_number.format");
        Api.Response kind = api.anonymous()
                .post(
                        "/api/public/calculate",
                        Map.of("policy_id", "pinggu-2025", "subject", Map.of("kind", "robot"), "claims", List.of()));
        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.json().get("key").asString()).isEqualTo("subject.kind");
        assertThat(api.anonymous()
                        .post(
                                "/api/public/calculate",
                                Map.of("policy_id", "nowhere-1999", "subject", Map.of("kind", "person")))
                        .status())
                .isEqualTo(404);
    }
}

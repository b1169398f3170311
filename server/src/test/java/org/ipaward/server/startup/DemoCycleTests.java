package org.ipaward.server.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.MutableClock;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The cycle the issue asks to see, over the REST API as the demo users: the policy administrator opens a
 * round, an applicant applies, the IP office accepts, reviews, approves and publicises, the finance bureau
 * pays; the amount is the engine's (the public calculator's) and the audit chain verifies.
 */
class DemoCycleTests extends ServerTest {
    @Autowired
    DemoData demo;

    @Autowired
    MutableClock clock;

    @Autowired
    AuditLog audit;

    @AfterEach
    void reset() {
        clock.reset();
    }

    Api.As as(String user) {
        return api.login(user, DemoData.PASSWORD);
    }

    @Test
    void theFullCycleAsTheDemoUsers() {
        demo.ensureLoaded();
        Api.As policy = as("policy");
        Api.As applicant = as("pg-tech");
        Api.As acceptor = as("acceptor");
        Api.As reviewer = as("reviewer");
        Api.As approver = as("approver");
        Api.As finance = as("finance");
        int year = LocalDate.now(clock).getYear();

        Api.Response round = policy.post(
                "/api/rounds",
                Map.of(
                        "policy_id",
                        "pinggu-2025",
                        "year",
                        year,
                        "title",
                        year + "年度平谷区质押融资贴息专项申报",
                        "notice",
                        "专项受理知识产权质押融资贴息。",
                        "opens_at",
                        clock.instant().minus(Duration.ofHours(1)).toString(),
                        "closes_at",
                        clock.instant().plus(Duration.ofDays(20)).toString(),
                        "measures",
                        List.of("PG-pledge"),
                        "budget",
                        "1000000.00",
                        "budget_rule",
                        "pro_rata"));
        assertThat(round.status()).as(round.body()).isEqualTo(201);
        long roundId = round.json().get("id").asLong();

        Map<String, Object> claim = FullCycleTests.pledge("250000.00");
        Api.Response expected = api.anonymous()
                .post(
                        "/api/public/calculate",
                        Map.of(
                                "policy_id", "pinggu-2025",
                                "subject", Map.of("kind", "enterprise", "registered_region", "110117"),
                                "claims", List.of(claim)));
        String engineAmount = expected.json().get("total").asString();
        assertThat(engineAmount).isEqualTo("125000.00");

        Api.Response created =
                applicant.post("/api/applications", Map.of("round_id", roundId, "claims", List.of(claim)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        FullCycleTests.attachPledgeMaterials(applicant, id);
        assertThat(FullCycleTests.state(FullCycleTests.act(applicant, id, "submit", Map.of())))
                .isEqualTo("submitted");
        assertThat(as("pg-food").get("/api/applications/" + id).status()).isEqualTo(403);

        assertThat(FullCycleTests.state(FullCycleTests.act(acceptor, id, "accept", Map.of())))
                .isEqualTo("under_review");
        // pg-tech already holds demo pledge awards for the same year; the yearly cap is held against them.
        Api.Response reviewed = FullCycleTests.act(reviewer, id, "review_approve", Map.of());
        assertThat(FullCycleTests.state(reviewed)).isEqualTo("reviewed");
        JsonNode c = reviewed.json().get("claims").get(0);
        assertThat(c.get("final_amount").asString())
                .isEqualTo(c.get("engine_amount").asString());
        String awarded = c.get("final_amount").asString();
        assertThat(FullCycleTests.state(FullCycleTests.act(approver, id, "approve", Map.of())))
                .isEqualTo("approved");
        assertThat(acceptor.post("/api/rounds/" + roundId + "/publicise", Map.of())
                        .status())
                .isEqualTo(200);
        clock.advance(Duration.ofDays(20));
        assertThat(acceptor.post("/api/rounds/" + roundId + "/confirm-publicity", Map.of())
                        .json()
                        .get("confirmed")
                        .asInt())
                .isEqualTo(1);
        Api.Response batch = finance.post("/api/rounds/" + roundId + "/payment-batches", Map.of());
        assertThat(batch.status()).as(batch.body()).isEqualTo(201);
        JsonNode payment = batch.json().get("payments").get(0);
        assertThat(payment.get("amount").asString()).isEqualTo(awarded);
        assertThat(finance.post(
                                "/api/payments/" + payment.get("id").asLong() + "/paid",
                                Map.of("bank_reference", "B-1"))
                        .status())
                .isEqualTo(200);
        assertThat(applicant
                        .get("/api/applications/" + id)
                        .json()
                        .get("state")
                        .get("id")
                        .asString())
                .isEqualTo("paid");

        // The engine's amount against the demo ledger: the cap of 300,000 a year less what pg-tech holds.
        Api.Response derived = reviewer.get("/api/applications/" + id + "/rederive");
        assertThat(derived.json().get("matches").asBoolean()).isTrue();
        assertThat(audit.verify().ok()).isTrue();
    }
}

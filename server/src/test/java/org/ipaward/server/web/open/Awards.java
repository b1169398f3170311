package org.ipaward.server.web.open;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;

/**
 * Drives real applications through the API for the public pages' tests: a Pinggu pledge claim (质押贷款利息
 * 40 万元 → 贴息 20 万元) filed by a new enterprise, then accepted, reviewed, approved and, if asked, publicised.
 */
final class Awards {
    /** One application and who is who around it. */
    record Award(
            long round,
            long id,
            String no,
            String subjectName,
            String applicant,
            Api.As applicantApi,
            Api.As acceptor) {}

    private Awards() {}

    /** An open Pinggu round of filing year 2026 (so the matters are of 2025), budget 5,000,000. */
    static long round(Fixtures fx) {
        fx.user(null, Role.POLICY_ADMIN); // a round needs a user to have created it
        return fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
    }

    /** A draft: created, nothing else. */
    static Award draft(Api api, Fixtures fx, long round, String companyName) {
        long subject = fx.enterprise(companyName, "110117");
        String user = fx.user(subject, Role.APPLICANT);
        Api.As applicant = api.login(user, Fixtures.PASSWORD);
        Api.Response created = applicant.post(
                "/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge("400000.00"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String name = applicant
                .get("/api/applications/" + created.json().get("id").asLong())
                .json()
                .get("subject_name")
                .asString();
        return new Award(
                round,
                created.json().get("id").asLong(),
                created.json().get("no").asString(),
                name,
                user,
                applicant,
                api.login(fx.user(null, Role.ACCEPTOR), Fixtures.PASSWORD));
    }

    /** Approved (by a second person, after review). */
    static Award approved(Api api, Fixtures fx, long round, String companyName) {
        return approved(api, fx, round, companyName, Map.of());
    }

    /** Approved after a review that passed with {@code review} (e.g. a lowered amount, with its reason). */
    static Award approved(Api api, Fixtures fx, long round, String companyName, Map<String, Object> review) {
        Award a = draft(api, fx, round, companyName);
        FullCycleTests.attachPledgeMaterials(a.applicantApi(), a.id());
        step(a.applicantApi(), a.id(), "submit", Map.of(), "submitted");
        step(a.acceptor(), a.id(), "accept", Map.of(), "under_review");
        step(api.login(fx.user(null, Role.REVIEWER), Fixtures.PASSWORD), a.id(), "review_approve", review, "reviewed");
        step(api.login(fx.user(null, Role.APPROVER), Fixtures.PASSWORD), a.id(), "approve", Map.of(), "approved");
        return a;
    }

    /** Approved and in publicity (公示中). */
    static Award publicised(Api api, Fixtures fx, long round, String companyName) {
        return publicised(api, fx, round, companyName, Map.of());
    }

    /** Approved after a review that passed with {@code review}, and in publicity (公示中). */
    static Award publicised(Api api, Fixtures fx, long round, String companyName, Map<String, Object> review) {
        Award a = approved(api, fx, round, companyName, review);
        Api.Response r =
                a.acceptor().post("/api/rounds/" + round + "/publicise", Map.of("application_ids", List.of(a.id())));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return a;
    }

    private static void step(Api.As who, long id, String action, Map<String, Object> body, String state) {
        Api.Response r = FullCycleTests.act(who, id, action, body);
        assertThat(r.status()).as(action + ": " + r.body()).isEqualTo(200);
        assertThat(r.json().get("state").get("id").asString()).isEqualTo(state);
    }
}

package org.ipaward.server.web.finance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.MutableClock;

/** Drives pledge-interest applications through the workflow over the API, as far as a test needs. */
public final class Awards {
    public record App(long id, String no) {}

    private final Api api;
    private final Fixtures fx;
    final Api.As acceptor;
    final Api.As reviewer;
    final Api.As approver;

    public Awards(Api api, Fixtures fx) {
        this.api = api;
        this.fx = fx;
        this.acceptor = api.login(fx.user(null, Role.ACCEPTOR), Fixtures.PASSWORD);
        this.reviewer = api.login(fx.user(null, Role.REVIEWER), Fixtures.PASSWORD);
        this.approver = api.login(fx.user(null, Role.APPROVER), Fixtures.PASSWORD);
    }

    /** One application per interest amount, each by its own enterprise, reviewed and approved (award = interest × 50%). */
    public List<App> approved(long round, String... interests) {
        return through(round, true, interests);
    }

    /** As {@link #approved}, stopping after review (the award reserved in the ledger) when {@code approve} is false. */
    public List<App> through(long round, boolean approve, String... interests) {
        List<App> out = new ArrayList<>();
        for (String interest : interests) {
            long subject = fx.enterprise("拨付测试科技有限公司", "110117");
            Api.As applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
            Api.Response created = applicant.post(
                    "/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge(interest))));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            long id = created.json().get("id").asLong();
            FullCycleTests.attachPledgeMaterials(applicant, id);
            assertThat(FullCycleTests.state(FullCycleTests.act(applicant, id, "submit", Map.of())))
                    .isEqualTo("submitted");
            assertThat(FullCycleTests.state(FullCycleTests.act(acceptor, id, "accept", Map.of())))
                    .isEqualTo("under_review");
            assertThat(FullCycleTests.state(FullCycleTests.act(reviewer, id, "review_approve", Map.of())))
                    .isEqualTo("reviewed");
            if (approve) {
                assertThat(FullCycleTests.state(FullCycleTests.act(approver, id, "approve", Map.of())))
                        .isEqualTo("approved");
            }
            out.add(new App(id, created.json().get("no").asString()));
        }
        return out;
    }

    /** Publicises the round's approved applications and, after the publicity period, confirms them. */
    public void confirm(long round, MutableClock clock) {
        Api.Response pub = acceptor.post("/api/rounds/" + round + "/publicise", Map.of());
        assertThat(pub.status()).as(pub.body()).isEqualTo(200);
        clock.advance(Duration.ofDays(15));
        Api.Response confirmed = acceptor.post("/api/rounds/" + round + "/confirm-publicity", Map.of());
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
    }
}

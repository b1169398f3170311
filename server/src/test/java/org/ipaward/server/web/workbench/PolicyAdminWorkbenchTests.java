package org.ipaward.server.web.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * A policy administrator alone manages rounds and does not see applicants' files (SubjectService leaves the role
 * out): the workbench takes them to the rounds, no page links to an application they cannot open, and an
 * application's address — and the publicity desk's, which lists applicants and objectors — says why in Chinese
 * and English instead of a bare 403.
 */
class PolicyAdminWorkbenchTests extends WorkbenchTestBase {
    @Test
    void aPolicyAdministratorSeesTheRoundsNotTheQueuesAndNoLinkThatEndsInARefusal() {
        fx.user(null, Role.SYSTEM_ADMIN);
        String subjectName = Fixtures.unique("政策管理员测试公司");
        long subject = fx.enterprise(subjectName, "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = as(fx.user(subject, Role.APPLICANT));
        long id = submitted(applicant, round, "100000.00");
        FullCycleTests.act(as(fx.user(null, Role.ACCEPTOR)), id, "accept", Map.of());
        FullCycleTests.act(as(fx.user(null, Role.REVIEWER)), id, "review_approve", Map.of());
        assertThat(FullCycleTests.state(FullCycleTests.act(as(fx.user(null, Role.APPROVER)), id, "approve", Map.of())))
                .isEqualTo("approved");
        String link = "href=\"/workbench/applications/" + id + "\"";

        Browser policy = signedIn(null, Role.POLICY_ADMIN);
        policy.page("/?lang=zh");
        Api.Response queues = policy.page("/workbench");
        assertThat(queues.status()).as(queues.toString()).isEqualTo(302);
        assertThat(queues.header("Location")).endsWith("/workbench/rounds");
        String rounds = html(policy.page("/workbench/rounds")).body();
        assertThat(rounds)
                .contains("id=\"no-queues\"")
                .contains("申报队列和单件申报由受理、审核、审批人员办理")
                .containsPattern("class=\"nav-link[^\"]*\" href=\"/workbench/rounds\"")
                .doesNotContain("href=\"/workbench\" class=\"nav-link")
                .contains("id=\"round-new\"");
        String roundPage = html(policy.page("/workbench/rounds/" + round)).body();
        assertThat(roundPage)
                .contains("id=\"round-applications\"")
                .doesNotContain("href=\"/workbench?state=all&amp;round=" + round);
        // the publicity desk lists applicants and objectors: refused with the reason, as an application is
        Api.Response publicity = policy.page("/workbench/publicity?round=" + round);
        assertThat(publicity.status()).isEqualTo(403);
        assertThat(publicity.body())
                .contains("id=\"no-access\"")
                .contains("政策管理员不办理公示和异议")
                .doesNotContain("id=\"app-" + no(id) + "\"")
                .doesNotContain(subjectName)
                .doesNotContain(link);

        Api.Response review = policy.page("/workbench/applications/" + id);
        assertThat(review.status()).isEqualTo(403);
        assertThat(review.header("Content-Type")).startsWith("text/html");
        assertThat(review.body())
                .contains("id=\"no-access\"")
                .contains("政策管理员不查看单件申报")
                .contains("href=\"/workbench/rounds\"")
                .contains("href=\"/dashboard\"")
                .doesNotContain(subjectName);
        assertThat(policy.page("/workbench/applications/" + id + "?lang=en").body())
                .contains("Policy administrators do not open applications");

        Browser reviewer = signedIn(null, Role.REVIEWER);
        assertThat(html(reviewer.page("/workbench?state=all&round=" + round)).body())
                .contains(link)
                .doesNotContain("id=\"no-queues\"");
        assertThat(html(reviewer.page("/workbench/publicity?round=" + round)).body())
                .contains(link);
        assertThat(html(reviewer.page("/workbench/applications/" + id)).body()).contains(subjectName);
    }
}

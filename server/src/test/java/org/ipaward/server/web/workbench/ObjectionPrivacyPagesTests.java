package org.ipaward.server.web.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Who sees who objected: the staff who handle objections (acceptors record them, approvers decide them) and the
 * auditor see the objector's name in full on the publicity desk, the review page and the JSON API; other staff
 * (reviewer, finance, system administrator) see it masked (欧**娜); the contact is masked for all of them; a
 * policy administrator alone is told the desk is not theirs (403, in Chinese and English), as for an
 * application.
 */
class ObjectionPrivacyPagesTests extends WorkbenchTestBase {
    static final String NAME = "欧阳娜娜";
    static final String NAME_MASKED = "欧**娜";
    static final String EMAIL_NAME = "王小明";
    static final String EMAIL_NAME_MASKED = "王*明";

    @Test
    void theObjectorsNameIsInFullForTheHandlersAndTheAuditorAndMaskedForOthers() {
        fx.user(null, Role.SYSTEM_ADMIN);
        long subject = fx.enterprise("异议隐私测试公司", "110117");
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As applicant = as(fx.user(subject, Role.APPLICANT));
        long id = submitted(applicant, round, "100000.00");
        FullCycleTests.act(as(fx.user(null, Role.ACCEPTOR)), id, "accept", Map.of());
        FullCycleTests.act(as(fx.user(null, Role.REVIEWER)), id, "review_approve", Map.of());
        FullCycleTests.act(as(fx.user(null, Role.APPROVER)), id, "approve", Map.of());
        Api.Response publicised =
                as(fx.user(null, Role.ACCEPTOR)).post("/api/rounds/" + round + "/publicise", Map.of());
        assertThat(publicised.status()).as(publicised.body()).isEqualTo(200);
        assertThat(state(id)).isEqualTo("publicised");
        object(id, NAME, "13812345678");
        object(id, EMAIL_NAME, "alice@example.com");

        String desk = "/workbench/publicity?round=" + round;
        for (Role handler : List.of(Role.ACCEPTOR, Role.APPROVER, Role.AUDITOR)) {
            Browser b = signedIn(null, handler);
            assertThat(html(b.page(desk)).body())
                    .as("the publicity desk as %s", handler)
                    .contains(NAME)
                    .contains(EMAIL_NAME)
                    .contains("138****5678")
                    .contains("a***@example.com")
                    .doesNotContain("13812345678")
                    .doesNotContain("alice@example.com");
            assertThat(html(b.page("/workbench/applications/" + id)).body())
                    .as("the review page as %s", handler)
                    .contains(NAME);
            Api.As api = as(fx.user(null, handler));
            assertThat(filers(api, "/api/rounds/" + round + "/objections"))
                    .as("the round's objections as %s", handler)
                    .containsExactly(NAME + " 138****5678", EMAIL_NAME + " a***@example.com");
            assertThat(filers(api, "/api/applications/" + id + "/objections"))
                    .as("the application's objections as %s", handler)
                    .containsExactly(NAME + " 138****5678", EMAIL_NAME + " a***@example.com");
        }

        for (Role other : List.of(Role.REVIEWER, Role.SYSTEM_ADMIN)) {
            Browser b = signedIn(null, other);
            assertThat(html(b.page(desk)).body())
                    .as("the publicity desk as %s", other)
                    .contains(NAME_MASKED)
                    .contains(EMAIL_NAME_MASKED)
                    .contains("138****5678")
                    .doesNotContain(NAME)
                    .doesNotContain(EMAIL_NAME)
                    .doesNotContain("13812345678")
                    .doesNotContain("alice@example.com");
            assertThat(html(b.page("/workbench/applications/" + id)).body())
                    .as("the review page as %s", other)
                    .contains(NAME_MASKED)
                    .doesNotContain(NAME);
        }
        for (Role other : List.of(Role.REVIEWER, Role.FINANCE, Role.SYSTEM_ADMIN)) {
            Api.As api = as(fx.user(null, other));
            assertThat(filers(api, "/api/rounds/" + round + "/objections"))
                    .as("the round's objections as %s", other)
                    .containsExactly(NAME_MASKED + " 138****5678", EMAIL_NAME_MASKED + " a***@example.com");
            assertThat(filers(api, "/api/applications/" + id + "/objections"))
                    .as("the application's objections as %s", other)
                    .containsExactly(NAME_MASKED + " 138****5678", EMAIL_NAME_MASKED + " a***@example.com");
        }
        // a user who also handles objections sees what the handler sees
        assertThat(html(signedIn(null, Role.REVIEWER, Role.ACCEPTOR).page(desk)).body())
                .contains(NAME);
        // a policy administrator who also reviews sees the desk, masked
        assertThat(html(signedIn(null, Role.POLICY_ADMIN, Role.REVIEWER).page(desk))
                        .body())
                .contains(NAME_MASKED)
                .doesNotContain(NAME);

        // a policy administrator alone: refused with the reason, no applicant and no objector on the page
        Browser policy = signedIn(null, Role.POLICY_ADMIN);
        Api.Response refused = policy.page(desk + "&lang=zh");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("text/html");
        assertThat(refused.body())
                .contains("id=\"no-access\"")
                .contains("政策管理员不办理公示和异议")
                .contains("异议由受理人员登记、审批人员处理")
                .contains("href=\"/publicity\"")
                .contains("href=\"/workbench/rounds\"")
                .doesNotContain("异议隐私测试公司")
                .doesNotContain(NAME)
                .doesNotContain(NAME_MASKED)
                .doesNotContain("138****5678");
        assertThat(policy.page(desk + "&lang=en").body())
                .contains("Policy administrators do not handle publicity and objections");
        Api.As policyApi = as(fx.user(null, Role.POLICY_ADMIN));
        assertThat(policyApi.get("/api/rounds/" + round + "/objections").status())
                .isEqualTo(403);
        assertThat(policyApi.get("/api/applications/" + id + "/objections").status())
                .isEqualTo(403);
    }

    private void object(long application, String name, String contact) {
        Api.Response r = api.anonymous()
                .post(
                        "/api/public/objections",
                        Map.of(
                                "application_no",
                                no(application),
                                "filer_name",
                                name,
                                "contact",
                                contact,
                                "text",
                                "质押贷款已提前还清，利息金额不实，请核查。"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** Each objection's filer name and contact, as the API gives them to the caller. */
    private static List<String> filers(Api.As as, String path) {
        Api.Response r = as.get(path);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode o : r.json()) {
            out.add(o.get("filer_name").asString() + " "
                    + o.get("filer_contact").asString());
        }
        return out;
    }
}

package org.ipaward.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Role;
import org.ipaward.server.subject.TestIds;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two enterprises claim the China Patent Award bonus for one patent, the second typing the number with a space
 * and in lower case: the acceptor opening either sees 疑似重复申报 naming the other. Saves
 * {@code target/screenshots/workbench-duplicates.png} (the README's picture).
 */
class DuplicateWarningBrowserTests extends BrowserTest {
    @Autowired
    Fixtures fx;

    @Test
    void theAcceptorSeesTheOtherClaimOnThePatent() {
        fx.user(null, Role.POLICY_ADMIN); // a round names its creator
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        String number = TestIds.patentNumber();
        long first = filed("北京平谷查重演示科技有限公司", round, number);
        long second = filed("北京平谷查重示例材料有限公司", round, "zl " + number.substring(2).toLowerCase());

        signIn(fx.user(null, Role.ACCEPTOR), Fixtures.PASSWORD);
        open("/workbench/applications/" + first);
        assertThat(find("#duplicates-note").getText()).contains("疑似重复");
        assertThat(pageText()).contains("疑似重复申报").contains("北京平谷查重示例材料有限公司").contains(number);
        assertThat(all("a[href='/workbench/applications/" + second + "']")).isNotEmpty();
        screenshot("workbench-duplicates");
    }

    private long filed(String enterprise, long round, String patentNumber) {
        Api.As a = api.login(fx.user(fx.enterprise(enterprise, "110117"), Role.APPLICANT), Fixtures.PASSWORD);
        Api.Response r = a.post(
                "/api/applications",
                Map.of("round_id", round, "claims", List.of(FullCycleTests.patentAward(patentNumber, "gold"))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        for (String kind : List.of("subject_certificate", "grant_proof")) {
            Api.Response up = a.upload(
                    "/api/applications/" + id + "/materials",
                    kind + ".pdf",
                    "application/pdf",
                    FullCycleTests.PDF,
                    Map.of("kind", kind));
            assertThat(up.status()).as(up.body()).isEqualTo(200);
        }
        assertThat(FullCycleTests.state(FullCycleTests.act(a, id, "submit", Map.of())))
                .isEqualTo("submitted");
        return id;
    }
}

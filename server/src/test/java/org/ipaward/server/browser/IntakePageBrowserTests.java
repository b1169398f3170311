package org.ipaward.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.application.Intake;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.web.workbench.IntakePagesTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The deadline-day intake queue as an acceptor sees it in the browser: the counts by state, the receipts with the
 * application each made or the problem that refused it, and the counts refreshing themselves while receipts wait.
 * Saves {@code target/screenshots/workbench-intake.png} (the README's picture).
 */
class IntakePageBrowserTests extends BrowserTest {
    static final List<String> KINDS = List.of("subject_certificate", "pledge_loan_documents", "fee_receipts");

    @Autowired
    Fixtures fx;

    @Autowired
    Intake intake;

    @Test
    void anAcceptorWatchesTheQueueFillAndEmpty() {
        fx.user(null, Role.SYSTEM_ADMIN); // a round's creator: the first user
        intake.drain(); // what another test left queued is not this one's
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        Api.As sender = api.login(
                        fx.user(fx.enterprise("北京平谷截止日申报科技有限公司", "110117"), Role.APPLICANT), Fixtures.PASSWORD)
                .withHeader("Prefer", "respond-async");
        for (int i = 0; i < 3; i++) {
            send(sender, round, KINDS);
        }
        send(sender, round, KINDS.subList(0, 2)); // the fee receipts missing: refused when filed
        intake.drain();
        send(sender, round, KINDS);
        send(sender, round, KINDS);

        signIn(fx.user(null, Role.ACCEPTOR), Fixtures.PASSWORD);
        open("/workbench/intake");
        String summary = find("#intake-summary").getText();
        assertThat(summary).contains("排队中", "已提交", "未通过检查");
        assertThat(find("#intake-summary").getDomAttribute("hx-trigger"))
                .as("the counts refresh themselves while receipts wait")
                .isNotBlank();
        assertThat(all("#intake-list tbody tr[data-status='refused']")).isNotEmpty();
        assertThat(find("#intake-list tbody tr[data-status='refused']").getText())
                .contains("未通过检查");
        screenshot("workbench-intake");

        intake.drain();
        open("/workbench/intake");
        assertThat(find("#intake-summary").getDomAttribute("hx-trigger"))
                .as("nothing queued: no refreshing")
                .isNull();
        assertThat(all("#intake-list tbody tr[data-status='queued']")).isEmpty();
    }

    private static void send(Api.As sender, long round, List<String> kinds) {
        List<Map<String, Object>> materials = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            materials.add(Map.of("kind", kinds.get(i), "file", "f" + (i + 1)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round_id", round);
        m.put("claims", List.of(FullCycleTests.pledge("100000.00")));
        m.put("materials", materials);
        Api.Response r = IntakePagesTests.multipart(sender, Api.JSON.writeValueAsString(m), kinds);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }
}

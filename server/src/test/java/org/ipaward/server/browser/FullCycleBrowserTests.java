package org.ipaward.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Role;
import org.ipaward.server.startup.DemoData;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole cycle through the pages, as the demo staff and a Pinggu company, in a real browser: the public calculator; an
 * applicant applies with materials; the acceptor returns it naming the field to fix; the applicant fixes and
 * resubmits; it is accepted, reviewed and approved by a second person; publicity with one objection filed
 * online and dismissed; the finance bureau pays; the applicant sees 已拨付. Screenshots of each main page
 * go to {@code target/screenshots/}.
 */
class FullCycleBrowserTests extends BrowserTest {
    @Autowired
    DemoData demo;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Fixtures fx;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theWholeCycleThroughThePages() throws IOException {
        demo.ensureLoaded();
        long round = jdbc.sql("select id from round where policy_id = 'pinggu-2025' and status = 'open'"
                        + " and opens_at <= now() and closes_at > now() order by id limit 1")
                .query(Long.class)
                .single();

        // 1. Anyone: the calculator says what a pledge-loan interest subsidy would bring.
        open("/calculator");
        click("#calc-measure-PG-pledge");
        find("#calc-facts-PG-pledge");
        choose("#calc-fact-PG-pledge-right_kind", "patent");
        choose("#calc-fact-PG-pledge-first_rights_holder", "true");
        choose("#calc-fact-PG-pledge-bank_loan", "true");
        type("#calc-fact-PG-pledge-loan_interest", "80000");
        waitFor().until(d -> "40000.00".equals(find("#calc-total").getAttribute("data-total")));
        assertThat(find("#calc-result-PG-pledge").getText()).contains("贴息").contains("40,000.00");
        fullPageScreenshot("03-calculator");

        // 2. The applicant applies with materials. (A company of its own, so that the yearly cap is not
        // already used by the demo applicants' awards made in other tests of the run.)
        String applicant = fx.user(fx.enterprise("北京平谷浏览器测试科技有限公司", "110117"), Role.APPLICANT);
        signIn(applicant, Fixtures.PASSWORD);
        open("/portal");
        screenshot("04-portal-home");
        click("#apply-" + round);
        click("#measure-PG-pledge");
        click("#apply-submit");
        waitFor().until(d -> d.getCurrentUrl().matches(".*/portal/applications/\\d+.*"));
        long id = Long.parseLong(driver.getCurrentUrl().replaceAll(".*/portal/applications/(\\d+).*", "$1"));
        String no = jdbc.sql("select no from application where id = ?")
                .param(id)
                .query(String.class)
                .single();
        assertThat(new Select(find("#c1-f-right_kind"))
                        .getOptions().stream().map(o -> o.getAttribute("value")).filter(v -> !v.isEmpty()))
                .as("only the kinds of right the measure supports")
                .containsExactly("patent", "trademark");
        choose("#c1-f-right_kind", "patent");
        choose("#c1-f-first_rights_holder", "true");
        choose("#c1-f-bank_loan", "true");
        type("#c1-f-loan_interest", "80000");
        click("#save-1");
        waitForText("#estimate-1", "40,000.00");
        Path pdf = Files.createTempFile("材料", ".pdf");
        Files.write(pdf, FullCycleTests.PDF);
        for (String kind : List.of("subject_certificate", "pledge_loan_documents", "fee_receipts")) {
            find("#c1-m-" + kind + "-file").sendKeys(pdf.toString());
            click("#c1-m-" + kind + "-upload");
            waitFor().until(d -> "true".equals(find("#c1-m-" + kind).getAttribute("data-uploaded")));
        }
        clickAndConfirm("#action-submit");
        waitForState("#app-state", "submitted");
        fullPageScreenshot("05-application-submitted");

        // 3. The acceptor returns it, naming the interest amount to fix.
        signIn("acceptor", DemoData.PASSWORD);
        open("/workbench");
        type("#q", no);
        click("#filter-apply");
        find("#app-" + no);
        screenshot("06-workbench-queue");
        open("/workbench/applications/" + id);
        fullPageScreenshot("07-review");
        click("input[data-field='claims[1].facts.loan_interest']");
        type("#reason-return", "付息凭证上的利息为 60,000 元，请核对后修改");
        clickAndConfirm("#btn-return");
        waitFor().until(d -> stateOf(id).equals("returned"));
        open("/workbench/applications/" + id);
        assertThat(find("#events").getText())
                .as("the history names the field to fix as people call it")
                .contains("当年实际支付的质押贷款利息")
                .doesNotContain("claims[1]");

        // 4. The applicant sees exactly what to fix, fixes it and resubmits.
        signIn(applicant, Fixtures.PASSWORD);
        open("/portal/applications/" + id);
        assertThat(find("#return-box").getText()).contains("60,000").contains("当年实际支付的质押贷款利息");
        fullPageScreenshot("08-returned");
        type("#c1-f-loan_interest", "60000");
        click("#save-1");
        waitForText("#estimate-1", "30,000.00");
        clickAndConfirm("#action-resubmit");
        waitForState("#app-state", "submitted");

        // 5. Accepted, reviewed, and approved by a second person.
        act("acceptor", id, "accept", "under_review");
        act("reviewer", id, "review_approve", "reviewed");
        act("approver", id, "approve", "approved");

        // 6. Publicity, an objection filed online and dismissed, confirmation after the period.
        signIn("acceptor", DemoData.PASSWORD);
        open("/workbench/publicity?round=" + round);
        click("#select-" + id);
        clickAndConfirm("#btn-publicise");
        waitFor().until(d -> stateOf(id).equals("publicised"));
        signOut();
        open("/publicity/" + round);
        find("#pub-" + no);
        fullPageScreenshot("09-publicity");
        click("#object-" + no);
        type("#objection-name", "王某");
        type("#objection-contact", "13800138000");
        type("#objection-text", "该企业当年贷款利息似与公示金额不符，请核实。");
        click("#objection-submit");
        assertThat(find("#objection-number").getText()).isNotBlank();
        long objection = jdbc.sql("select id from objection where application_id = ?")
                .param(id)
                .query(Long.class)
                .single();
        signIn("approver", DemoData.PASSWORD);
        open("/workbench/publicity?round=" + round);
        click("#outcome-dismissed-" + objection);
        type("#resolution-" + objection, "经核对银行付息凭证，利息为 60,000 元，公示金额无误。");
        clickAndConfirm("#btn-decide-" + objection);
        waitFor().until(d -> "dismissed"
                .equals(jdbc.sql("select status from objection where id = ?")
                        .param(objection)
                        .query(String.class)
                        .single()));
        LocalDate ends = jdbc.sql("select publicity_ends from application where id = ?")
                .param(id)
                .query(LocalDate.class)
                .single();
        clock.advance(Duration.ofDays(ChronoUnit.DAYS.between(LocalDate.now(clock), ends) + 1));
        open("/workbench/publicity?round=" + round);
        clickAndConfirm("#btn-confirm");
        waitFor().until(d -> stateOf(id).equals("confirmed"));

        // 7. The finance bureau lists and pays it.
        signIn("finance", DemoData.PASSWORD);
        open("/finance/rounds/" + round + "/payments");
        clickAndConfirm("#create-batch");
        WebElement row = find("tr[data-app='" + no + "']");
        String payment = row.getAttribute("id").replace("pay-", "");
        click("#actions-" + payment + " summary");
        click("#mark-paid-" + payment);
        waitFor().until(d -> stateOf(id).equals("paid"));
        fullPageScreenshot("10-finance-payments");

        // 8. The applicant sees 已拨付.
        signIn(applicant, Fixtures.PASSWORD);
        open("/portal/applications/" + id);
        assertThat(find("#paid-box").getText()).contains("已拨付").contains("30,000.00");
        assertThat(find("#estimate-1").getText())
                .as("no longer a live estimate")
                .contains("按政策的计算");
        fullPageScreenshot("11-paid");
        assertThat(chineseRendersAsGlyphs()).isTrue();
        phoneWidth();
        try {
            open("/portal/applications/" + id);
            find("#paid-box");
            assertNoHorizontalScroll();
            screenshot("11-paid-phone");
        } finally {
            desktopWidth();
        }

        // The office's view: the dashboard draws its charts; the audit log verifies.
        signIn("approver", DemoData.PASSWORD);
        open("/dashboard");
        waitFor().until(d -> !all("#chart-measure canvas").isEmpty());
        fullPageScreenshot("12-dashboard");
        signIn("auditor", DemoData.PASSWORD);
        open("/admin/audit");
        click("#audit-verify-submit");
        find("#verify-ok");
        assertThat(pageText()).as("roles by name").contains("财政人员").doesNotContain("FINANCE");
        screenshot("13-audit");
    }

    /** A staff action on the review page (no reason needed). */
    private void act(String user, long id, String action, String expectedState) {
        signIn(user, DemoData.PASSWORD);
        open("/workbench/applications/" + id);
        if (action.equals("review_approve")) {
            fullPageScreenshot("07-review-" + user);
        }
        clickAndConfirm("#btn-" + action);
        waitFor().until(d -> stateOf(id).equals(expectedState));
    }

    private String stateOf(long id) {
        return jdbc.sql("select state from application where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    private void waitForState(String css, String state) {
        waitFor().until(d -> state.equals(find(css).getAttribute("data-state")));
    }

    private void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    private void choose(String css, String value) {
        new Select(find(css)).selectByValue(value);
    }

    /** Clicks a button and accepts the confirmation it may ask for ({@code data-confirm}). */
    private void clickAndConfirm(String css) {
        boolean asks = find(css).getAttribute("data-confirm") != null;
        click(css);
        if (asks) {
            waitFor().until(ExpectedConditions.alertIsPresent()).accept();
        }
    }
}

package org.ipaward.server.web.finance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.MutableClock;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A payment keeps the payee it was listed with: when the applicant changes its bank account on the portal
 * afterwards, the listed and the paid payment still show (page, JSON, XLSX, full number) and were audited
 * with the old account; the listed one warns that the subject's account changed; a reissue after a failure
 * takes the new account.
 */
class PaymentPayeeTests extends ServerTest {
    static final String A_OLD = "6222020200001111111";
    static final String A_NEW = "6222020200002222222";
    static final String B_OLD = "6222020200003334567";
    static final String B_NEW = "6222020200004443445";

    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private long subjectOf(long application) {
        return jdbc.sql("select subject_id from application where id = ?")
                .param(application)
                .query(Long.class)
                .single();
    }

    /** The applicant changes the subject's bank and account on the portal profile (no staff review). */
    private void changeAccount(long subject, String bank, String account) {
        Browser b = new Browser(port);
        assertThat(b.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD).status())
                .isEqualTo(302);
        Map<String, Object> s = jdbc.sql("select name, registered_region, version from subject where id = ?")
                .param(subject)
                .query()
                .singleRow();
        Map<String, String> form = new HashMap<>();
        form.put("version", String.valueOf(s.get("version")));
        form.put("name", (String) s.get("name"));
        form.put("registered_region", (String) s.get("registered_region"));
        form.put("bank_name", bank);
        form.put("bank_account", account);
        Api.Response r = b.postForm("/portal/profile", form, true);
        assertThat(r.status()).as(r.body()).isEqualTo(302);
        assertThat(jdbc.sql("select bank_account_masked from subject where id = ?")
                        .param(subject)
                        .query(String.class)
                        .single())
                .isEqualTo(masked(account));
    }

    static String masked(String account) {
        return "**** **** **** " + account.substring(account.length() - 4);
    }

    private static JsonNode payment(JsonNode batch, long id) {
        for (JsonNode p : batch.get("payments")) {
            if (p.get("id").asLong() == id) {
                return p;
            }
        }
        throw new AssertionError("payment " + id + " not in " + batch);
    }

    private long listed(long application) {
        return jdbc.sql("select id from payment where application_id = ? and status = 'listed'")
                .param(application)
                .query(Long.class)
                .single();
    }

    private String auditDetails(String action, long payment) {
        return jdbc.sql("select details::text from audit_log where action = ? and target_id = ?")
                .params(action, String.valueOf(payment))
                .query(String.class)
                .single();
    }

    @Test
    void aListedAndAPaidPaymentKeepTheAccountTheyWereListedWithAndAReissueTakesTheNewOne() throws IOException {
        fx.user(null, Role.SYSTEM_ADMIN);
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "stop");
        Awards awards = new Awards(api, fx);
        List<Awards.App> apps = awards.approved(round, "400000.00", "200000.00");
        long subjectA = subjectOf(apps.get(0).id());
        long subjectB = subjectOf(apps.get(1).id());
        changeAccount(subjectA, "北京银行平谷支行", A_OLD);
        changeAccount(subjectB, "北京农商银行平谷支行", B_OLD);
        awards.confirm(round, clock);

        Api.As finance = api.login(fx.user(null, Role.FINANCE), Fixtures.PASSWORD);
        Api.Response created = finance.post("/api/rounds/" + round + "/payment-batches", Map.of());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long batch = created.json().get("id").asLong();
        long payA = listed(apps.get(0).id());
        long payB = listed(apps.get(1).id());
        Api.Response paid = finance.post("/api/payments/" + payA + "/paid", Map.of("bank_reference", "BANK-A-01"));
        assertThat(paid.status()).as(paid.body()).isEqualTo(200);

        // The applicants change bank and account on the portal after the list was made (A after being paid).
        changeAccount(subjectA, "中国工商银行平谷支行", A_NEW);
        changeAccount(subjectB, "中国建设银行平谷支行", B_NEW);

        // JSON: both payments show the bank and account they were listed with.
        JsonNode json = finance.get("/api/payment-batches/" + batch).json();
        assertThat(payment(json, payA).get("bank_account").asString()).isEqualTo(masked(A_OLD));
        assertThat(payment(json, payA).get("bank_name").asString()).isEqualTo("北京银行平谷支行");
        assertThat(payment(json, payB).get("bank_account").asString()).isEqualTo(masked(B_OLD));
        assertThat(payment(json, payB).get("bank_name").asString()).isEqualTo("北京农商银行平谷支行");

        // The finance page: the old accounts; the listed one warns of the change, the paid one does not.
        Browser page = new Browser(port);
        assertThat(page.login(fx.user(null, Role.FINANCE), Fixtures.PASSWORD).status())
                .isEqualTo(302);
        String list =
                page.page("/finance/rounds/" + round + "/payments?lang=zh").body();
        String rowA = FinancePagesTests.row(list, "pay-" + payA);
        String rowB = FinancePagesTests.row(list, "pay-" + payB);
        assertThat(rowA)
                .contains("北京银行平谷支行")
                .contains(masked(A_OLD))
                .doesNotContain(masked(A_NEW))
                .doesNotContain("account-changed-");
        assertThat(rowB)
                .contains("北京农商银行平谷支行")
                .contains("id=\"account-" + payB + "\">" + masked(B_OLD) + "<")
                .contains("id=\"account-changed-" + payB + "\"")
                .contains(
                        "收款账户在列入本清单后已变更：现登记 中国建设银行平谷支行 " + masked(B_NEW) + "，本清单按 北京农商银行平谷支行 " + masked(B_OLD) + " 拨付");
        assertThat(page.page("/finance/rounds/" + round + "/payments?lang=en").body())
                .contains("The payee account changed after this list was made: it is now 中国建设银行平谷支行 " + masked(B_NEW));

        // The full number shown on the page is the payment's, and the reveal is audited on the payment.
        Api.Response full =
                page.postForm("/finance/payments/" + payB + "/unmask", Map.of("reason", "核对收款账号，银行询问"), true);
        assertThat(full.status()).as(full.body()).isEqualTo(200);
        assertThat(FinancePagesTests.row(full.body(), "pay-" + payB))
                .contains(B_OLD)
                .doesNotContain(B_NEW);
        assertThat(auditDetails("payment.unmask", payB)).contains("核对收款账号").doesNotContain(B_OLD);

        // The XLSX: the old bank and account for both.
        Api.Response sheet = finance.get("/api/payment-batches/" + batch + ".xlsx");
        assertThat(sheet.status()).isEqualTo(200);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(sheet.bytes()))) {
            Sheet s = wb.getSheetAt(0);
            Map<String, String> accounts = new HashMap<>();
            Map<String, String> banks = new HashMap<>();
            for (int r = 2; r <= 3; r++) {
                accounts.put(
                        s.getRow(r).getCell(1).getStringCellValue(),
                        s.getRow(r).getCell(4).getStringCellValue());
                banks.put(
                        s.getRow(r).getCell(1).getStringCellValue(),
                        s.getRow(r).getCell(3).getStringCellValue());
            }
            assertThat(accounts)
                    .containsEntry(apps.get(0).no(), masked(A_OLD))
                    .containsEntry(apps.get(1).no(), masked(B_OLD));
            assertThat(banks)
                    .containsEntry(apps.get(0).no(), "北京银行平谷支行")
                    .containsEntry(apps.get(1).no(), "北京农商银行平谷支行");
        }

        // The paid payment's audit names the account it was paid to.
        assertThat(auditDetails("payment.paid", payA)).contains(masked(A_OLD)).contains("北京银行平谷支行");

        // B fails (wrong account) and is reissued: the new attempt takes the subject's current account.
        Api.Response failed = finance.post("/api/payments/" + payB + "/failed", Map.of("reason", "账号有误，银行退回"));
        assertThat(failed.status()).as(failed.body()).isEqualTo(200);
        Api.Response reissued = finance.post("/api/payments/" + payB + "/reissue", Map.of());
        assertThat(reissued.status()).as(reissued.body()).isEqualTo(200);
        long payB2 = reissued.json().get("id").asLong();
        assertThat(payB2).isNotEqualTo(payB);
        assertThat(reissued.json().get("bank_account").asString()).isEqualTo(masked(B_NEW));
        assertThat(reissued.json().get("bank_name").asString()).isEqualTo("中国建设银行平谷支行");
        assertThat(auditDetails("payment.reissue", payB2))
                .contains(masked(B_OLD))
                .contains(masked(B_NEW));

        // The same number given again (encrypted anew) is no change: no warning on the reissued payment.
        changeAccount(subjectB, "中国建设银行平谷支行", B_NEW);
        String after =
                page.page("/finance/rounds/" + round + "/payments?lang=zh").body();
        assertThat(FinancePagesTests.row(after, "pay-" + payB2))
                .contains(masked(B_NEW))
                .doesNotContain("account-changed-");
        assertThat(FinancePagesTests.row(after, "pay-" + payB))
                .as("the failed attempt keeps the account it failed on")
                .contains(masked(B_OLD))
                .doesNotContain("account-changed-");
        assertThat(FinancePagesTests.row(after, "pay-" + payA)).contains(masked(A_OLD));
        JsonNode again = finance.get("/api/payment-batches/" + batch).json();
        assertThat(payment(again, payA).get("bank_account").asString()).isEqualTo(masked(A_OLD));
        assertThat(payment(again, payB2).get("bank_account").asString()).isEqualTo(masked(B_NEW));
    }
}

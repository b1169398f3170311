package org.ipaward.server.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The demo data loads through the real services and leaves an application in every state. */
class DemoDataTests extends ServerTest {
    @Autowired
    DemoData demo;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @Test
    void demoDataCoversEveryStateAndEveryRole() {
        try {
            demo.ensureLoaded();
        } catch (ApiException e) {
            throw new AssertionError(e.getMessage() + " " + e.errors(), e);
        }
        List<String> states = jdbc.sql(
                        "select distinct a.state from application a join app_user u on u.id = a.created_by where u.username in ('pg-tech', 'pg-food', 'agency', 'pg-person', 'jd-maker', 'jd-lamp')")
                .query(String.class)
                .list();
        assertThat(states)
                .containsExactlyInAnyOrder(
                        "draft",
                        "submitted",
                        "returned",
                        "not_accepted",
                        "under_review",
                        "reviewed",
                        "rejected",
                        "approved",
                        "publicised",
                        "confirmed",
                        "payment_listed",
                        "paid",
                        "payment_failed",
                        "withdrawn");
        List<String> roles = jdbc.sql(
                        "select distinct r.role from user_role r join app_user u on u.id = r.user_id where u.username in ('admin', 'policy', 'acceptor', 'reviewer', 'approver', 'finance', 'auditor', 'pg-tech')")
                .query(String.class)
                .list();
        assertThat(roles).hasSize(8);
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void thePublicityListMasksPersonsAndCarriesNoIdentityOrBankData() throws Exception {
        demo.ensureLoaded();
        long round = jdbc.sql("select id from round where policy_id = 'pinggu-2025' order by id limit 1")
                .query(Long.class)
                .single();
        org.ipaward.server.support.Api.Response json =
                api.anonymous().get("/api/public/rounds/" + round + "/publicity");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.body())
                .contains("刘*国")
                .doesNotContain("刘建国")
                .doesNotContain("6216")
                .doesNotContain("110117198");
        org.ipaward.server.support.Api.Response xlsx =
                api.anonymous().get("/api/public/rounds/" + round + "/publicity.xlsx");
        assertThat(xlsx.status()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.bytes()))) {
            for (var row : wb.getSheetAt(0)) {
                for (var cell : row) {
                    text.append(cell.toString()).append('|');
                }
            }
        }
        assertThat(text.toString())
                .contains("刘*国")
                .contains("北京平谷智造科技有限公司")
                .doesNotContain("刘建国")
                .doesNotContain("6216")
                .doesNotContain("110117198");
    }
}

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
}

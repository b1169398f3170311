package org.ipaward.server.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ipaward.batch.claims.ClaimRow;
import org.ipaward.batch.claims.ClaimsFile;
import org.ipaward.batch.replay.Budget;
import org.ipaward.batch.replay.ClaimOutcome;
import org.ipaward.batch.replay.Replay;
import org.ipaward.batch.replay.ReplayResult;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** 导出申报明细: a round's claims in the columns {@code ipaward simulate} replays, for staff only, audited. */
class RoundExportTests extends ServerTest {
    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    long round;
    long subject;
    Api.As applicant;
    Api.As reviewer;

    @BeforeEach
    void people() {
        fx.user(null, Role.SYSTEM_ADMIN);
        subject = fx.enterprise("导出测试公司", "110117");
        round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        applicant = api.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD);
        reviewer = api.login(fx.user(null, Role.REVIEWER), Fixtures.PASSWORD);
    }

    private long submitted(String... interests) {
        List<Object> claims = new java.util.ArrayList<>();
        for (String i : interests) {
            claims.add(FullCycleTests.pledge(i));
        }
        Api.Response r = applicant.post("/api/applications", Map.of("round_id", round, "claims", claims));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        FullCycleTests.attachPledgeMaterials(applicant, id);
        assertThat(FullCycleTests.state(FullCycleTests.act(applicant, id, "submit", Map.of())))
                .isEqualTo("submitted");
        return id;
    }

    private long audits(long roundId) {
        return jdbc.sql("select count(*) from audit_log where action = 'round.export_claims' and target_id = ?")
                .param(String.valueOf(roundId))
                .query(Long.class)
                .single();
    }

    @Test
    void staff_export_the_submitted_claims_in_the_replay_columns_and_the_replay_reads_them() throws Exception {
        submitted("400000.00", "100000.00");
        submitted("400000.00");
        // a draft is not exported
        applicant.post("/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge("1"))));

        for (String ext : List.of("csv", "xlsx")) {
            Api.Response r = reviewer.get("/api/rounds/" + round + "/claims." + ext);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.header("Content-Disposition")).contains("round-" + round + "-claims." + ext);
            Path f = dir.resolve("claims." + ext);
            Files.write(f, r.bytes());
            List<ClaimRow> rows = ClaimsFile.read(f);
            assertThat(rows).hasSize(3);
            ClaimRow first = rows.get(0);
            assertThat(first.policy()).isEqualTo("pinggu-2025");
            assertThat(first.measure()).isEqualTo("PG-pledge");
            assertThat(first.matterYear()).isEqualTo(2025);
            assertThat(first.subjectName()).startsWith("导出测试公司");
            assertThat(first.subjectId()).isEqualTo("S" + subject); // no USCC: a pseudonym, never an ID number
            assertThat(first.registeredRegion()).isEqualTo("110117");
            assertThat(first.claimSeq()).isEqualTo(1);
            assertThat(first.facts()).containsKey("loan_interest");
            assertThat(first.materials())
                    .containsExactlyInAnyOrder("subject_certificate", "pledge_loan_documents", "fee_receipts");
            assertThat(rows).extracting(ClaimRow::subjectId).containsOnly(first.subjectId());
            assertThat(rows.get(0).applicationNo()).isEqualTo(rows.get(1).applicationNo());

            // replayed: 200,000 + 50,000, then the yearly 300,000 leaves 50,000 for the second application
            ReplayResult replay =
                    Replay.run(PolicyLoader.loadBundled(), rows, new Replay.Options(Budget.none(), null, 1), null);
            assertThat(replay.outcomes())
                    .extracting(ClaimOutcome::amount)
                    .containsExactly(
                            new BigDecimal("200000.00"), new BigDecimal("50000.00"), new BigDecimal("50000.00"));
        }
        assertThat(Files.readString(dir.resolve("claims.csv"))).startsWith("\uFEFF申报编号,提交时间,事项序号,统一社会信用代码或身份证号");
        assertThat(audits(round)).isEqualTo(2);
    }

    @Test
    void applicants_may_not_export_and_an_unknown_round_is_404() {
        assertThat(applicant.get("/api/rounds/" + round + "/claims.csv").status())
                .isEqualTo(403);
        assertThat(api.anonymous().get("/api/rounds/" + round + "/claims.xlsx").status())
                .isIn(401, 403);
        assertThat(reviewer.get("/api/rounds/987654321/claims.csv").status()).isEqualTo(404);
        assertThat(audits(round)).isZero();
    }

    @Test
    void the_workbench_round_page_offers_the_export_to_staff_who_may_use_it() {
        Api.As finance = api.login(fx.user(null, Role.FINANCE), Fixtures.PASSWORD);
        assertThat(finance.get("/api/rounds/" + round + "/claims.csv").status()).isEqualTo(200);
        for (Role role : List.of(Role.REVIEWER, Role.SYSTEM_ADMIN)) {
            org.ipaward.server.security.Browser b = new org.ipaward.server.security.Browser(port);
            String u = fx.user(null, role);
            java.util.regex.Matcher m = CSRF.matcher(b.page("/login").body());
            assertThat(m.find()).isTrue();
            b.postForm("/login", Map.of("username", u, "password", Fixtures.PASSWORD, "_csrf", m.group(1)), false);
            String page = b.page("/workbench/rounds/" + round + "?lang=zh").body();
            if (role == Role.REVIEWER) {
                assertThat(page).contains("导出申报明细（CSV）", "/api/rounds/" + round + "/claims.xlsx");
            } else {
                assertThat(page).doesNotContain("导出申报明细");
            }
        }
    }

    private static final java.util.regex.Pattern CSRF =
            java.util.regex.Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
}

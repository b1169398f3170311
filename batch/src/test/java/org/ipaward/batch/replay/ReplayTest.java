package org.ipaward.batch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.batch.claims.ClaimRow;
import org.ipaward.batch.gen.RoundGenerator;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.calc.Calculation;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.calc.Ledger;
import org.ipaward.engine.calc.LedgerEntry;
import org.ipaward.engine.calc.Status;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;
import org.junit.jupiter.api.Test;

class ReplayTest {
    static final List<Policy> POLICIES = PolicyLoader.loadBundled();
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    static final LocalDate AS_OF = LocalDate.of(2026, 3, 15);

    static ClaimRow pledge(String app, int minute, String subject, String interest) {
        return new ClaimRow(
                app,
                T0.plusSeconds(60L * minute),
                1,
                subject,
                subject + "公司",
                SubjectKind.ENTERPRISE,
                "110117",
                null,
                null,
                null,
                "pinggu-2025",
                "PG-pledge",
                2025,
                Map.of(
                        "right_kind",
                        "patent",
                        "first_rights_holder",
                        true,
                        "bank_loan",
                        true,
                        "loan_interest",
                        new BigDecimal(interest)),
                null,
                null);
    }

    static ReplayResult run(List<ClaimRow> rows, Budget b, int threads) {
        return Replay.run(POLICIES, rows, new Replay.Options(b, AS_OF, threads), null);
    }

    static Map<String, BigDecimal> amounts(ReplayResult r) {
        Map<String, BigDecimal> out = new HashMap<>();
        for (ClaimOutcome o : r.outcomes()) {
            out.put(o.applicationNo() + "#" + o.claimSeq(), o.amount());
        }
        return out;
    }

    @Test
    void a_subjects_second_pledge_claim_is_capped_by_the_yearly_300000() {
        // 50% of 400,000 = 200,000; the second application the same year gets what is left of 300,000.
        List<ClaimRow> rows = List.of(
                pledge("A2", 5, "S1", "400000"), pledge("A1", 1, "S1", "400000"), pledge("A3", 9, "S2", "400000"));
        for (int threads : new int[] {1, 2}) {
            ReplayResult r = run(rows, Budget.none(), threads);
            assertThat(amounts(r))
                    .containsEntry("A1#1", new BigDecimal("200000.00"))
                    .containsEntry("A2#1", new BigDecimal("100000.00"))
                    .containsEntry("A3#1", new BigDecimal("200000.00"));
            assertThat(r.needed()).isEqualByComparingTo("500000");
            assertThat(r.paid()).isEqualByComparingTo("500000");
            assertThat(r.applicants().get("S1").paid()).isEqualByComparingTo("300000");
        }
    }

    @Test
    void pro_rata_pays_each_application_times_budget_over_committed_rounded_down() {
        List<ClaimRow> rows = List.of(pledge("A1", 1, "S1", "400000"), pledge("A2", 2, "S2", "200000"));
        ReplayResult r = run(rows, new Budget(Budget.Rule.PRO_RATA, new BigDecimal("100000")), 2);
        assertThat(r.needed()).isEqualByComparingTo("300000");
        assertThat(r.committed()).isEqualByComparingTo("300000");
        assertThat(r.factor()).isEqualTo(new BigDecimal("0.3333333333"));
        // 200,000 × 0.3333333333 = 66,666.66666 → 66,666.66; 100,000 × … = 33,333.33333 → 33,333.33
        assertThat(r.applicants().get("S1").paid()).isEqualTo(new BigDecimal("66666.66"));
        assertThat(r.applicants().get("S2").paid()).isEqualTo(new BigDecimal("33333.33"));
        assertThat(r.paid()).isEqualTo(new BigDecimal("99999.99"));
        // within the budget, no factor
        ReplayResult within = run(rows, new Budget(Budget.Rule.PRO_RATA, new BigDecimal("300000")), 2);
        assertThat(within.factor()).isNull();
        assertThat(within.paid()).isEqualByComparingTo("300000");
    }

    @Test
    void stop_refuses_in_order_and_a_refused_award_never_enters_the_ledger() {
        // budget 250,000: A1 200,000 approved; A2 (S1, capped to 100,000) would make 300,000: refused;
        // A3 (S2) 250,000 would make 450,000: refused; A4 (S1) 50,000 fits — and only because A2's
        // 100,000 never entered the ledger does S1's yearly cap leave room for it.
        List<ClaimRow> rows = List.of(
                pledge("A1", 1, "S1", "400000"),
                pledge("A2", 2, "S1", "400000"),
                pledge("A3", 3, "S2", "500000"),
                pledge("A4", 4, "S1", "100000"));
        for (int threads : new int[] {1, 2, 3}) {
            ReplayResult r = run(rows, new Budget(Budget.Rule.STOP, new BigDecimal("250000")), threads);
            Map<String, Boolean> refused = new HashMap<>();
            r.outcomes().forEach(o -> refused.put(o.applicationNo(), o.refusedByBudget()));
            assertThat(refused)
                    .containsEntry("A1", false)
                    .containsEntry("A2", true)
                    .containsEntry("A3", true);
            assertThat(refused).containsEntry("A4", false);
            assertThat(amounts(r)).containsEntry("A4#1", new BigDecimal("50000.00"));
            assertThat(r.committed()).isEqualByComparingTo("250000");
            assertThat(r.paid()).isEqualByComparingTo("250000");
            assertThat(r.refusedApplications()).isEqualTo(2);
        }
        // without the budget A4 finds the yearly cap used up
        assertThat(amounts(run(rows, Budget.none(), 2))).containsEntry("A4#1", null);
    }

    @Test
    void replay_agrees_with_the_calculator_claim_by_claim_with_the_same_ledger() {
        List<ClaimRow> rows = new ArrayList<>();
        RoundGenerator.bundled(List.of("pinggu-2025", "jindong-2023"), 11).generate(1500, rows::add);
        ReplayResult r = Replay.run(POLICIES, rows, new Replay.Options(Budget.none(), null, 2), null);
        Calculator calc = new Calculator(POLICIES);
        List<LedgerEntry> ledger = new ArrayList<>();
        Map<String, BigDecimal> expected = new HashMap<>();
        int eligible = 0;
        for (List<ClaimRow> app : Replay.applications(Replay.submissionOrder(rows))) {
            for (ClaimRow row : app) {
                // one claim at a time, with the engine's own list ledger of everything approved before it
                Calculation c = calc.calculate(new CalculationRequest(
                        row.submittedAt()
                                .atZone(java.time.ZoneId.of("Asia/Shanghai"))
                                .toLocalDate(),
                        row.subject(),
                        List.of(row.toClaim()),
                        Ledger.of(ledger),
                        Map.of(),
                        false));
                ClaimResult cr = c.results().get(0);
                expected.put(row.applicationNo() + "#" + row.claimSeq(), cr.amount());
                if (cr.status() == Status.ELIGIBLE) {
                    ledger.add(cr.ledgerEntry());
                    eligible++;
                }
            }
        }
        assertThat(eligible).isGreaterThan(300);
        Map<String, BigDecimal> got = amounts(r);
        for (Map.Entry<String, BigDecimal> e : expected.entrySet()) {
            assertThat(got.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(r.count("eligible")).isEqualTo(eligible);
    }

    @Test
    void parallel_replay_equals_the_sequential_one_under_every_rule() {
        List<ClaimRow> rows = new ArrayList<>();
        RoundGenerator.bundled(List.of("pinggu-2025", "jindong-2023"), 2).generate(3000, rows::add);
        ReplayResult free = run(rows, Budget.none(), 1);
        BigDecimal tight = free.needed().multiply(new BigDecimal("0.3")).setScale(2, java.math.RoundingMode.DOWN);
        for (Budget b :
                List.of(Budget.none(), new Budget(Budget.Rule.PRO_RATA, tight), new Budget(Budget.Rule.STOP, tight))) {
            ReplayResult seq = run(rows, b, 1);
            for (int threads : new int[] {2, 4}) {
                ReplayResult par = run(rows, b, threads);
                assertThat(par.partitions()).isGreaterThan(100);
                assertThat(par.outcomes()).as(b + " " + threads).isEqualTo(seq.outcomes());
                assertThat(par.paid()).isEqualTo(seq.paid());
                assertThat(par.measures()).isEqualTo(seq.measures());
                assertThat(par.applicants()).isEqualTo(seq.applicants());
            }
            if (b.rule() == Budget.Rule.STOP) {
                assertThat(seq.refusedApplications()).isGreaterThan(0);
                assertThat(seq.committed()).isLessThanOrEqualTo(tight);
            }
        }
    }

    @Test
    void claims_sharing_an_alliance_share_a_partition_and_others_do_not() {
        Partitioning p = new Partitioning(POLICIES);
        ClaimRow a = alliance("A1", "S1", "平谷联盟");
        ClaimRow b = alliance("A2", "S2", "平谷联盟");
        ClaimRow c = alliance("A3", "S3", "另一联盟");
        ClaimRow d = pledge("A4", 4, "S1", "1000");
        ClaimRow e = pledge("A5", 5, "S4", "1000");
        int[] parts = p.assign(List.of(List.of(a), List.of(b), List.of(c), List.of(d), List.of(e)));
        assertThat(parts[0]).isEqualTo(parts[1]).isEqualTo(parts[3]);
        assertThat(parts[2]).isNotEqualTo(parts[0]);
        assertThat(parts[4]).isNotEqualTo(parts[0]).isNotEqualTo(parts[2]);
    }

    static ClaimRow alliance(String app, String subject, String name) {
        return new ClaimRow(
                app,
                T0,
                1,
                subject,
                null,
                SubjectKind.OTHER_ORG,
                "110117",
                null,
                null,
                null,
                "pinggu-2025",
                "PG-alliance",
                2025,
                Map.of("alliance_name", name),
                null,
                null);
    }

    @Test
    void comparison_of_a_draft_with_a_higher_pledge_rate_reports_the_gains() throws Exception {
        String yaml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("policies/pinggu-2025/policy.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int at = yaml.indexOf("2025-08-29: 0.5", yaml.indexOf("pg_pledge_rate:"));
        String draftYaml = yaml.substring(0, at) + "2025-08-29: 0.6" + yaml.substring(at + "2025-08-29: 0.5".length());
        Policy draft = PolicyLoader.parse(draftYaml, "draft.yaml");
        List<Policy> draftPolicies = new ArrayList<>();
        for (Policy p : POLICIES) {
            draftPolicies.add(p.id().equals("pinggu-2025") ? draft : p);
        }
        List<ClaimRow> rows =
                List.of(pledge("A1", 1, "S1", "100000"), pledge("A2", 2, "S2", "600000"), alliance("A3", "S3", "平谷联盟"));
        Replay.Options o = new Replay.Options(Budget.none(), AS_OF, 2);
        Comparison c = Comparison.of(Replay.run(POLICIES, rows, o, null), Replay.run(draftPolicies, rows, o, null));
        // S1: 50,000 → 60,000; S2: 300,000 capped either way; S3 not a pledge
        assertThat(c.gains()).hasSize(1);
        assertThat(c.gains().get(0).subjectId()).isEqualTo("S1");
        assertThat(c.gains().get(0).change()).isEqualByComparingTo("10000");
        assertThat(c.losses()).isEmpty();
        assertThat(c.neededChange()).isEqualByComparingTo("10000");
        Comparison.MeasureDiff pledge = c.measures().stream()
                .filter(m -> m.measure().equals("PG-pledge"))
                .findFirst()
                .orElseThrow();
        assertThat(pledge.inBase()).isTrue();
        assertThat(pledge.inDraft()).isTrue();
        assertThat(pledge.change()).isEqualByComparingTo("10000");
    }

    @Test
    void a_measure_the_draft_drops_is_reported_missing_and_its_applicants_lose() {
        List<ClaimRow> rows = List.of(pledge("A1", 1, "S1", "100000"), alliance("A3", "S3", "平谷联盟"));
        List<ClaimRow> renamed = new ArrayList<>();
        for (ClaimRow r : rows) {
            renamed.add(r);
        }
        Policy pg = POLICIES.stream()
                .filter(p -> p.id().equals("pinggu-2025"))
                .findFirst()
                .orElseThrow();
        List<org.ipaward.engine.model.Measure> measures = new ArrayList<>(pg.measures());
        measures.removeIf(m -> m.id().equals("PG-pledge"));
        Policy draft = new Policy(
                pg.id(),
                pg.title(),
                pg.authority(),
                pg.region(),
                pg.documentNumber(),
                pg.published(),
                pg.effectiveFrom(),
                pg.effectiveTo(),
                pg.status(),
                pg.source(),
                pg.rounding(),
                pg.matterYearOffset(),
                pg.cite(),
                pg.effectiveCite(),
                pg.applicants(),
                pg.materials(),
                pg.parameters(),
                pg.interpretations(),
                measures,
                pg.adjustments(),
                pg.stacking(),
                pg.indicators(),
                pg.file());
        Replay.Options o = new Replay.Options(Budget.none(), AS_OF, 1);
        ReplayResult base = Replay.run(POLICIES, renamed, o, null);
        ReplayResult d = Replay.run(List.of(draft), renamed, o, null);
        assertThat(d.count("unknown_measure")).isEqualTo(1);
        Comparison c = Comparison.of(base, d);
        Comparison.MeasureDiff pledge = c.measures().stream()
                .filter(m -> m.measure().equals("PG-pledge"))
                .findFirst()
                .orElseThrow();
        assertThat(pledge.inBase()).isTrue();
        assertThat(pledge.inDraft()).isFalse();
        assertThat(c.losses()).extracting(Comparison.ApplicantDiff::subjectId).containsExactly("S1");
        assertThat(c.losses().get(0).change()).isEqualByComparingTo("-50000");
    }
}

package org.ipaward.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.ipaward.engine.PolicyException;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.PolicyLoaderTests;
import org.ipaward.engine.Problem;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.model.Policy;
import org.junit.jupiter.api.Test;

/** Policy cases: reading them with file and line, running them, and measuring clause coverage. */
class CaseRunnerTests {
    private static final Policy POLICY = PolicyLoader.parse(PolicyLoaderTests.VALID, "policy.yaml");
    private static final Calculator CALCULATOR = new Calculator(List.of(POLICY));

    private static final String CASES =
            """
            - name: 费用1万元，按40%支持4000元
              as_of: 2026-03-01
              subject: {id: S1, kind: enterprise, registered_region: "110117"}
              claims:
                - {measure: T-rate, year: 2025, facts: {cost: 10000}}
              expect:
                - {status: eligible, amount: 4000}
            - name: 期望写错的用例必须失败
              as_of: 2026-03-01
              subject: {kind: enterprise, registered_region: "110117"}
              claims:
                - {measure: T-rate, year: 2025, facts: {cost: 10000}}
              expect:
                - {status: eligible, amount: 5000, failed: [cap.per-year]}
            - name: 本年已获5万元，额度用完
              as_of: 2026-03-01
              subject: {id: S1, kind: enterprise, registered_region: "110117"}
              ledger:
                - {measure: T-rate, year: 2025, amount: 50000}
              claims:
                - {measure: T-rate, year: 2025, facts: {cost: 10000}}
              expect:
                - {status: not_eligible, failed: [cap.per-year]}
            - name: 未填费用，待补充
              as_of: 2026-03-01
              subject: {kind: enterprise, registered_region: "110117"}
              claims:
                - {measure: T-rate, year: 2025}
              expect:
                - {status: undetermined, missing: [cost]}
            - name: 参数覆盖为空值时报告输入无效而不是崩溃
              as_of: 2026-03-01
              subject: {kind: enterprise, registered_region: "110117"}
              parameters: {grant_rate: }
              claims:
                - {measure: T-rate, year: 2025, facts: {cost: 10000}}
              expect:
                - {status: eligible}
            """;

    @Test
    void shouldRunEveryCaseAndNameWhatFailed() {
        List<PolicyCase> cases = CaseReader.read(CASES, "cases/rate.yaml", POLICY.id());
        CaseRunner.Report report = CaseRunner.run(CALCULATOR, POLICY, cases);

        assertThat(report.cases())
                .extracting(CaseRunner.CaseResult::passed)
                .containsExactly(true, false, true, true, false);
        assertThat(report.cases().get(1).failures())
                .anySatisfy(f -> assertThat(f).contains("amount 期望 5000").contains("实际 4000"))
                .anySatisfy(f -> assertThat(f).contains("failed 期望 [cap.per-year]"));
        assertThat(report.cases().get(1).line()).isEqualTo(8);
        assertThat(report.cases().get(4).failures())
                .singleElement()
                .asString()
                .contains("输入无效")
                .contains("grant_rate");
        assertThat(report.ok()).isFalse();
    }

    @Test
    void shouldListEveryClauseNoCaseCovers() {
        CaseRunner.Report report =
                CaseRunner.run(CALCULATOR, POLICY, CaseReader.read(CASES, "cases/rate.yaml", POLICY.id()));

        assertThat(report.required())
                .contains(
                        "measure:T-award",
                        "tier:T-steps/low",
                        "tier:T-tiers/top",
                        "cap:T-fixed/per-claim",
                        "condition:T-rate/has-cost",
                        "condition:policy.period",
                        "switch:match_reading");
        assertThat(report.uncovered())
                .contains("measure:T-award", "tier:T-steps/low", "condition:T-rate/has-cost")
                .doesNotContain("measure:T-rate", "cap:T-rate/per-year", "switch:grant_rate");
        assertThat(report.coveragePercent()).isBetween(1, 99);
    }

    @Test
    void shouldRefuseAMalformedCaseFileNamingFileAndLine() {
        String broken = CASES.replace("  expect:\n    - {status: undetermined, missing: [cost]}", "  expectt: []")
                .replace(
                        "subject: {id: S1, kind: enterprise, registered_region: \"110117\"}\n  claims:\n    - {measure: T-rate, year: 2025, facts: {cost: 10000}}\n  expect:\n    - {status: eligible, amount: 4000}",
                        "subject: {id: S1, kind: enterprize}\n  claims:\n    - {measure: T-rate, year: 2025, facts: {cost: 10000}}\n  expect:\n    - {status: granted, amount: 4000}");

        assertThatThrownBy(() -> CaseReader.read(broken, "cases/rate.yaml", POLICY.id()))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems())
                        .extracting(Problem::key)
                        .contains("subject.unknown-kind", "case.bad-status", "yaml.unknown-field", "yaml.required"))
                .hasMessageContaining("cases/rate.yaml:3");
    }

    @Test
    void shouldFailACaseWhoseLedgerNamesAnUnknownMeasure() {
        String yaml =
                """
                - name: 台账措施写错，上限无法生效，用例须失败
                  as_of: 2026-03-01
                  subject: {id: S1, kind: enterprise, registered_region: "110117"}
                  ledger:
                    - {measure: T-rat, year: 2025, amount: 50000}
                  claims:
                    - {measure: T-rate, year: 2025, facts: {cost: 10000}}
                  expect:
                    - {status: eligible, amount: 4000}
                """;
        CaseRunner.Report r = CaseRunner.run(CALCULATOR, POLICY, CaseReader.read(yaml, "ledger.yaml", POLICY.id()));
        assertThat(r.cases()).singleElement().satisfies(c -> {
            assertThat(c.passed()).isFalse();
            assertThat(c.failures()).anySatisfy(f -> assertThat(f).contains("T-rat", "ledger.unknown-measure"));
        });
    }
}

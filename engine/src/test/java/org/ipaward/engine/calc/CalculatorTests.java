package org.ipaward.engine.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ipaward.engine.InputException;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.Problem;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The calculator on two small inline policies: every award rule, every cap, stacking, rounding and input errors. */
class CalculatorTests {

    /** A Pinggu-like policy: one measure per award rule and cap kind. */
    static final String DISTRICT =
            """
            policy:
              id: calc-pg
              title: {zh: 测试区知识产权资助办法, en: Test district IP funding}
              authority: {zh: 测试区知识产权局, en: Test IP office}
              region: {code: "110117", zh: 测试区, en: Test district}
              effective: {from: 2024-01-01, to: null}
              status: in_force
              rounding: {scale: 2, mode: HALF_UP}
              matter_year_offset: 1
              cite: {clause: 五, quote: 对上一年度获得的授权给予奖励}
            applicants:
              kinds: [enterprise, institution, person]
              region:
                - {basis: registered, kinds: [enterprise, institution]}
                - {basis: household, kinds: [person]}
              first_rights_holder_only: true
              ip_kinds: [patent, trademark]
              cite: {clause: 二, quote: 本区单位及户籍在本区的自然人}
            materials:
              licence: {zh: 营业执照, en: Licence}
              receipts: {zh: 费用票据, en: Receipts}
            parameters:
              award_amounts:
                label: {zh: 专利奖奖励标准, en: Patent award amounts}
                type: table
                cite: {clause: 三(一), quote: 金奖50万元，银奖40万元}
                values:
                  2024-01-01: {gold: 500000, silver: 400000}
              pledge_rate:
                label: {zh: 贴息比例, en: Pledge subsidy rate}
                type: ratio
                cite: {clause: 三(二), quote: 按贷款利息的50%给予贴息}
                values:
                  2024-01-01: 0.5
                  2026-04-01: 0.4
              pledge_year_cap:
                label: {zh: 每家每年贴息上限, en: Pledge cap per year}
                type: money
                cite: {clause: 三(二), quote: 每家每年最高30万元}
                values:
                  2024-01-01: 300000
              lpr:
                label: {zh: 一年期LPR, en: One-year LPR}
                type: ratio
                cite: {clause: 公告, quote: 一年期LPR}
                values:
                  2024-10-21: 0.0310
                  2025-05-20: 0.0300
              litigation_scope:
                label: {zh: 维权上限范围, en: Litigation cap scope}
                type: text
                options: [cumulative, per_case]
                cite: {clause: 三(四), quote: 同一权利人最高10万元}
                values:
                  2024-01-01: cumulative
              major_countries:
                label: {zh: 主要国家, en: Major countries}
                type: list
                cite: {clause: 三(七), quote: 美国、日本}
                values:
                  2024-01-01: [US, JP]
              title_amount:
                label: {zh: 称号奖励, en: Title award}
                type: money
                cite: {clause: 三(三), quote: 一次性奖励5万元}
                values:
                  2024-01-01: 50000
                  2027-01-01: null
            measures:
              - id: C-fixed
                title: {zh: 称号奖励, en: Title award}
                clause: 三(三)
                quote: 一次性奖励5万元
                category: management
                subjects: [enterprise]
                award: {kind: fixed, amount: title_amount}
                caps:
                  - {id: once, once: true, per: [subject], zh: 一次性奖励}
              - id: C-level
                title: {zh: 专利奖奖励, en: Patent award}
                clause: 三(一)
                quote: 金奖50万元，银奖40万元
                category: creation
                rights: {kinds: [patent]}
                facts:
                  patent_number: {type: text, label: {zh: 专利号, en: Patent number}}
                  level:
                    type: enum
                    label: {zh: 奖项等级, en: Level}
                    values:
                      gold: {zh: 金奖, en: Gold}
                      silver: {zh: 银奖, en: Silver}
                award: {kind: by_level, level: level, amounts: award_amounts}
                caps:
                  - {id: once-per-patent, once: true, per: [patent_number], zh: 每项专利奖励一次}
                materials: [licence, receipts]
              - id: C-pledge
                title: {zh: 质押贴息, en: Pledge subsidy}
                clause: 三(二)
                quote: 按贷款利息的50%给予贴息，每家每年最高30万元
                category: utilization
                subjects: [enterprise, institution]
                facts:
                  repaid: {type: boolean, label: {zh: 按期还款, en: Repaid on time}}
                  loan_interest: {type: money, label: {zh: 贷款利息, en: Loan interest}}
                conditions:
                  - {id: repaid, when: repaid, zh: 须按期正常偿还贷款}
                award: {kind: rate, base: loan_interest, rate: pledge_rate}
                caps:
                  - {id: per-year, amount: pledge_year_cap, per: [subject, year], zh: 每家每年最高30万元}
              - id: C-steps
                title: {zh: 新增专利奖励, en: New patents}
                clause: 三(五)
                quote: 新增10件以上20万元，30件以上60万元，50件以上100万元
                category: creation
                facts:
                  new_patents: {type: integer, label: {zh: 新增件数, en: New patents}, min: 0}
                award:
                  kind: steps
                  on: new_patents
                  steps:
                    - {id: ten, min: 10, max: 30, amount: 200000}
                    - {id: thirty, min: 30, max: 50, amount: 600000}
                    - {id: fifty, min: 50, amount: 1000000}
              - id: C-tiers
                title: {zh: 专利密集型企业, en: Patent-intensive}
                clause: 三(六)
                quote: 按档次分别给予12万元、8万元和5万元
                category: creation
                facts:
                  patents: {type: integer, label: {zh: 有效发明专利, en: Patents}, min: 0}
                  patents_prev: {type: integer, label: {zh: 上年有效发明专利, en: Patents last year}, min: 0}
                  revenue: {type: money, label: {zh: 总收入, en: Revenue}}
                  product_sales: {type: money, label: {zh: 专利产品收入, en: Patented product sales}}
                conditions:
                  - {id: product-share, when: product_sales >= revenue * 0.2, zh: 专利产品收入占比不低于20%}
                award:
                  kind: tiers
                  tiers:
                    - {id: tier1, zh: 第一档, when: patents >= 10 and patents - patents_prev >= 5, amount: 120000}
                    - {id: tier2, zh: 第二档, when: patents >= 5 and patents - patents_prev >= 3, amount: 80000}
                    - {id: tier3, zh: 第三档, when: patents >= 3 and patents - patents_prev >= 2, amount: 50000}
              - id: C-per-unit
                title: {zh: 单一国家注册, en: Single-country marks}
                clause: 三(七)
                quote: 每个国家2000元，最高1万元
                category: creation
                facts:
                  countries: {type: integer, label: {zh: 国家数, en: Countries}, min: 0}
                award: {kind: per_unit, count: countries, unit_amount: 2000}
                caps:
                  - {id: per-claim, amount: 10000, zh: 最高1万元}
              - id: C-formula
                title: {zh: LPR贴息, en: LPR subsidy}
                clause: 三(八)
                quote: 给予不高于上年末一年期LPR的80%的贴息
                category: utilization
                facts:
                  principal: {type: money, label: {zh: 贷款本金, en: Principal}}
                  days: {type: integer, label: {zh: 计息天数, en: Days}, min: 0, max: 366}
                  interest_paid: {type: money, label: {zh: 实付利息, en: Interest paid}}
                award:
                  kind: formula
                  amount: principal * 0.8 * at(lpr, year_end(claim.year - 1)) * days / 360
                  zh: 本金×80%×上年末LPR×天数÷360
                caps:
                  - {id: interest-paid, amount: interest_paid, zh: 不超过实付利息}
              - id: C-reviewer
                title: {zh: 服务机构支持, en: Service agencies}
                clause: 三(九)
                quote: 支持金额按申报标准执行
                category: service
                facts:
                  reviewed_amount: {type: money, label: {zh: 核定金额, en: Reviewed amount}}
                award: {kind: reviewer, fact: reviewed_amount, standard: {zh: 服务机构支持标准, en: Standard}}
              - id: C-insurance
                title: {zh: 专利保险, en: Insurance}
                clause: 三(十)
                quote: 按保费50%支持，最多支持2年，每年最高10万元
                category: utilization
                facts:
                  premium: {type: money, label: {zh: 保费, en: Premium}}
                award: {kind: rate, base: premium, rate: 0.5}
                caps:
                  - {id: per-year, amount: 100000, per: [subject, year], zh: 每年最高10万元}
                  - {id: two-years, years: 2, per: [subject], zh: 最多支持2年}
              - id: C-litigation
                title: {zh: 维权支持, en: Litigation}
                clause: 三(四)
                quote: 按维权费用50%支持，同一权利人最高10万元
                category: protection
                facts:
                  case_number: {type: text, label: {zh: 案号, en: Case}}
                  costs: {type: money, label: {zh: 维权费用, en: Costs}}
                award: {kind: rate, base: costs, rate: 0.5}
                caps:
                  - {id: cumulative, amount: 100000, per: [subject], applies_when: litigation_scope == 'cumulative', zh: 累计最高10万元}
                  - {id: per-case, amount: 100000, per: [subject, case_number], applies_when: litigation_scope == 'per_case', zh: 每案最高10万元}
              - id: C-pool-a
                title: {zh: 甲项, en: Pool A}
                clause: 三(十一)
                quote: 甲乙两项合计最高5万元
                category: management
                award: {kind: fixed, amount: 30000}
                caps:
                  - {id: pool, amount: 50000, per: [subject], pool: [C-pool-a, C-pool-b], zh: 甲乙合计最高5万元}
              - id: C-pool-b
                title: {zh: 乙项, en: Pool B}
                clause: 三(十一)
                quote: 甲乙两项合计最高5万元
                category: management
                award: {kind: fixed, amount: 30000}
                caps:
                  - {id: pool, amount: 50000, per: [subject], pool: [C-pool-a, C-pool-b], zh: 甲乙合计最高5万元}
              - id: C-third
                title: {zh: 三分之一上限, en: A third}
                clause: 三(十三)
                quote: 按费用50%支持，最高不超过费用的三分之一
                category: utilization
                facts:
                  cost: {type: money, label: {zh: 费用, en: Cost}}
                  share: {type: percent, label: {zh: 占比, en: Share}}
                award: {kind: rate, base: cost, rate: 0.5}
                caps:
                  - {id: third, amount: cost * 0.3333, zh: 最高不超过费用的三分之一}
              - id: C-navigation
                title: {zh: 专利导航, en: Navigation}
                clause: 三(十二)
                quote: 按费用50%支持，每个项目最高5万元
                category: utilization
                facts:
                  cost: {type: money, label: {zh: 项目费用, en: Cost}}
                award: {kind: rate, base: cost, rate: 0.5}
                caps:
                  - {id: per-project, amount: 50000, zh: 每个项目最高5万元}
            """;

    /** A Jindong-like policy: an adjustment factor by grade, and the city-first stacking rule. */
    static final String STACKING =
            """
            policy:
              id: calc-jd
              title: {zh: 测试区促进知识产权若干意见, en: Test opinions}
              authority: {zh: 测试区人民政府, en: Test government}
              region: {code: "330703", zh: 测试东区, en: Test east district}
              effective: {from: 2023-01-01, to: 2025-12-31}
              status: draft
              rounding: {scale: 2, mode: HALF_UP}
              matter_year_offset: 1
            applicants:
              kinds: [enterprise]
              region:
                - {basis: registered}
            parameters:
              mu_factors:
                label: {zh: 亩均效益系数, en: Grade factors}
                type: table
                cite: {clause: 三, quote: 差别化配置}
                values:
                  2023-01-01: {A: 1, B: 1, C: 0.5, D: 0, S: 1.5}
              match_reading:
                label: {zh: 配套读法, en: Matching reading}
                type: text
                options: [higher_of, higher_of_totals]
                cite: {clause: 三, quote: 就高不就低}
                values:
                  2023-01-01: higher_of
            adjustments:
              - {id: mu-grade, kind: factor, factor: "lookup(mu_factors, subject.mu_grade)", stage: before_caps, zh: 按亩均效益差别化配置}
            stacking:
              kind: city_first
              match_reading: match_reading
              cite: {clause: 三, quote: 优先申报市级政策，就高不就低}
            measures:
              - id: J-fixed
                title: {zh: 定额奖励, en: Fixed award}
                clause: 二.1
                quote: 奖励10万元
                category: creation
                award: {kind: fixed, amount: 100000}
              - id: J-rate
                title: {zh: 保费补助, en: Premium subsidy}
                clause: 二.4
                quote: 按保费50%补助，每年最高10万元
                category: utilization
                facts:
                  cost: {type: money, label: {zh: 保费, en: Premium}}
                award: {kind: rate, base: cost, rate: 0.5}
                caps:
                  - {id: per-year, amount: 100000, per: [subject, year], zh: 每年最高10万元}
            """;

    static final List<Policy> POLICIES =
            List.of(PolicyLoader.parse(DISTRICT, "calc-pg.yaml"), PolicyLoader.parse(STACKING, "calc-jd.yaml"));
    static final Calculator CALCULATOR = new Calculator(POLICIES);

    static final LocalDate AS_OF = LocalDate.of(2026, 3, 1);
    static final Subject COMPANY = new Subject("S1", "测试公司", SubjectKind.ENTERPRISE, "110117", null, null, null);
    static final Subject JD_COMPANY = jd("A");

    static Subject jd(String grade) {
        return new Subject("J1", "东区公司", SubjectKind.ENTERPRISE, "330703", null, null, grade);
    }

    static Claim claim(String measure, Object... facts) {
        return claimOf(null, measure, 2025, facts);
    }

    static Claim claimOf(String id, String measure, int year, Object... facts) {
        String policy = measure.startsWith("J-") ? "calc-jd" : "calc-pg";
        return new Claim(id, policy, measure, year, map(facts), null, null);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static LedgerEntry entry(String measure, int year, String amount, Object... keys) {
        Map<String, String> k = new HashMap<>();
        for (int i = 0; i < keys.length; i += 2) {
            k.put((String) keys[i], (String) keys[i + 1]);
        }
        String policy = measure.startsWith("J-") ? "calc-jd" : "calc-pg";
        String subject = measure.startsWith("J-") ? "J1" : "S1";
        return new LedgerEntry(policy, measure, subject, year, new BigDecimal(amount), k);
    }

    static Calculation calculate(
            Subject subject, List<Claim> claims, List<LedgerEntry> ledger, Map<String, Object> overrides) {
        return CALCULATOR.calculate(new CalculationRequest(AS_OF, subject, claims, Ledger.of(ledger), overrides, true));
    }

    static ClaimResult one(Claim claim) {
        return calculate(claim.policy().equals("calc-jd") ? JD_COMPANY : COMPANY, List.of(claim), List.of(), Map.of())
                .results()
                .get(0);
    }

    static ClaimResult one(Claim claim, List<LedgerEntry> ledger) {
        return calculate(COMPANY, List.of(claim), ledger, Map.of()).results().get(0);
    }

    static List<String> failed(ClaimResult r) {
        return r.failed().stream().map(Check::id).toList();
    }

    static void assertEligible(ClaimResult r, String amount) {
        assertThat(r.status())
                .as("%s %s %s", failed(r), r.missingFacts(), r.trace())
                .isEqualTo(Status.ELIGIBLE);
        assertThat(r.amount()).isEqualByComparingTo(amount);
        assertThat(r.amount().scale()).as("amounts are in 分").isEqualTo(2);
    }

    static void assertNotEligible(ClaimResult r, String... failedIds) {
        assertThat(r.status()).as("%s", r.trace()).isEqualTo(Status.NOT_ELIGIBLE);
        assertThat(r.amount()).isNull();
        assertThat(failed(r)).containsExactly(failedIds);
    }

    @Nested
    class AwardRules {
        @Test
        void shouldGiveAFixedAmount() {
            assertEligible(one(claim("C-fixed")), "50000");
        }

        @Test
        void shouldImplyTheKindOfRightOfAMeasureAboutOneKind() {
            ClaimResult r = one(claim("C-level", "first_rights_holder", true, "patent_number", "ZL1", "level", "gold"));

            assertEligible(r, "500000");
            assertThat(r.missingFacts()).doesNotContain("right_kind");
        }

        @Test
        void shouldGiveTheAmountOfTheLevel() {
            ClaimResult gold = one(claim(
                    "C-level",
                    "right_kind",
                    "patent",
                    "first_rights_holder",
                    true,
                    "patent_number",
                    "ZL1",
                    "level",
                    "gold"));
            ClaimResult silver = one(claim(
                    "C-level",
                    "right_kind",
                    "patent",
                    "first_rights_holder",
                    true,
                    "patent_number",
                    "ZL1",
                    "level",
                    "silver"));

            assertEligible(gold, "500000");
            assertEligible(silver, "400000");
            assertThat(gold.ledgerEntry().keys()).containsEntry("patent_number", "ZL1");
        }

        @Test
        void shouldMultiplyTheBaseByTheRate() {
            ClaimResult r = one(claim("C-pledge", "repaid", true, "loan_interest", "400000"));

            assertEligible(r, "200000");
            assertThat(r.baseAmount()).isEqualByComparingTo("200000");
            assertThat(r.ledgerEntry())
                    .isEqualTo(
                            new LedgerEntry("calc-pg", "C-pledge", "S1", 2025, new BigDecimal("200000.00"), Map.of()));
        }

        @ParameterizedTest(name = "{0} new patents → step {1}")
        @CsvSource({
            "10, ten, 200000",
            "11, ten, 200000",
            "29, ten, 200000",
            "30, thirty, 600000",
            "49, thirty, 600000",
            "50, fifty, 1000000",
            "100000, fifty, 1000000"
        })
        void shouldChooseTheStepWhoseRangeHoldsTheValue(int count, String step, String amount) {
            ClaimResult r = one(claim("C-steps", "new_patents", count));

            assertEligible(r, amount);
            assertThat(r.tier()).isEqualTo(step);
        }

        @ParameterizedTest(name = "{0} → {1}")
        @CsvSource({"10, '不少于 10、少于 30', 'at least 10, below 30'", "50, 不少于 50, at least 50"})
        void shouldLabelTheStepByItsRange(int count, String zh, String en) {
            ClaimResult r = one(claim("C-steps", "new_patents", count));

            assertThat(r.tierLabel().zh()).isEqualTo(zh);
            assertThat(r.tierLabel().en()).isEqualTo(en);
        }

        @Test
        void shouldRefuseAValueBelowTheLowestStep() {
            ClaimResult r = one(claim("C-steps", "new_patents", 9));

            assertNotEligible(r, "award.no-step");
            assertThat(r.tier()).isNull();
            assertThat(r.tierLabel()).isNull();
        }

        @ParameterizedTest(name = "{0} patents, {1} last year → {2}")
        @CsvSource({
            "10, 5, tier1, 120000",
            "10, 6, tier2, 80000",
            "5, 2, tier2, 80000",
            "5, 3, tier3, 50000",
            "3, 1, tier3, 50000",
            "100, 0, tier1, 120000"
        })
        void shouldChooseTheFirstTierThatHolds(int patents, int prev, String tier, String amount) {
            ClaimResult r = one(claim(
                    "C-tiers",
                    "patents",
                    patents,
                    "patents_prev",
                    prev,
                    "revenue",
                    "1000000",
                    "product_sales",
                    "200000"));

            assertEligible(r, amount);
            assertThat(r.tier()).isEqualTo(tier);
            assertThat(r.tierLabel().zh())
                    .isEqualTo(Map.of("tier1", "第一档", "tier2", "第二档", "tier3", "第三档")
                            .get(tier));
        }

        @Test
        void shouldRefuseWhenNoTierHolds() {
            assertNotEligible(
                    one(claim(
                            "C-tiers",
                            "patents",
                            3,
                            "patents_prev",
                            2,
                            "revenue",
                            "1000000",
                            "product_sales",
                            "200000")),
                    "award.no-tier");
        }

        @Test
        void shouldExplainEachTierByTheStatedValuesItWasDecidedOn() {
            ClaimResult r = one(claim(
                    "C-tiers", "patents", 10, "patents_prev", 6, "revenue", "1000000", "product_sales", "200000"));

            String steps = String.join("\n", r.trace().stream().map(s -> s.zh()).toList());
            assertThat(steps)
                    .contains("未达到“第一档”（有效发明专利 = 10；上年有效发明专利 = 6）")
                    .contains("达到“第二档”（有效发明专利 = 10；上年有效发明专利 = 6），给予 80,000.00 元")
                    .doesNotContain("patents_prev");
        }

        @Test
        void shouldShowATextParameterByItsOptionsLabel() {
            Policy jindong = org.ipaward.engine.BundledPolicies.get().stream()
                    .filter(p -> p.id().equals("jindong-2023"))
                    .findFirst()
                    .orElseThrow();
            CalculationRequest request = new CalculationRequest(
                    LocalDate.of(2025, 3, 15),
                    new Subject("S4", "东区公司", SubjectKind.ENTERPRISE, "330703", null, null, "A"),
                    List.of(new Claim(
                            "c1",
                            "jindong-2023",
                            "JD-pledge",
                            2024,
                            map(
                                    "right_kind", "patent",
                                    "repaid_on_time", true,
                                    "secured_principal", "5000000",
                                    "loan_days", 360,
                                    "interest_paid", "200000"),
                            null,
                            null)),
                    null);
            ClaimResult r = new Calculator(List.of(jindong))
                    .calculate(request)
                    .results()
                    .get(0);

            String steps = String.join("\n", r.trace().stream().map(s -> s.zh()).toList());
            assertThat(steps).contains("贴息所用LPR的日期 = 事项年度的上一年末").doesNotContain("prior_year_end");
        }

        @Test
        void shouldMultiplyTheCountByTheUnitAmount() {
            assertEligible(one(claim("C-per-unit", "countries", 3)), "6000");
            assertEligible(one(claim("C-per-unit", "countries", 0)), "0");
        }

        @Test
        void shouldEvaluateTheFormulaWithTheParameterAsOfTheDateItAsks() {
            // at(lpr, year_end(2024)) is 3.10%; the value in force on the as-of date (3.00%) would give 24,000.
            assertEligible(
                    one(claim("C-formula", "principal", "1000000", "days", 360, "interest_paid", "40000")), "24800");
            // 24,800 × 365 / 360 = 25,144.444… → 25,144.44
            assertEligible(
                    one(claim("C-formula", "principal", "1000000", "days", 365, "interest_paid", "40000")), "25144.44");
        }

        @Test
        void shouldWaitForTheReviewerAndThenTakeTheReviewedAmount() {
            ClaimResult waiting = one(claim("C-reviewer"));

            assertThat(waiting.status()).isEqualTo(Status.UNDETERMINED);
            assertThat(waiting.missingFacts()).containsExactly("reviewed_amount");
            assertEligible(one(claim("C-reviewer", "reviewed_amount", "88888.88")), "88888.88");
        }
    }

    @Nested
    class Caps {
        @Test
        void shouldCutAnAwardToThePerClaimCap() {
            ClaimResult r = one(claim("C-navigation", "cost", "120000"));

            assertEligible(r, "50000");
            assertThat(r.baseAmount()).isEqualByComparingTo("60000");
            assertThat(r.caps()).singleElement().satisfies(c -> {
                assertThat(c.id()).isEqualTo("per-project");
                assertThat(c.bound()).isTrue();
                assertThat(c.limit()).isEqualByComparingTo("50000");
            });
            assertEligible(one(claim("C-per-unit", "countries", 6)), "10000");
        }

        @Test
        void shouldReachTheCapExactlyWithoutBindingIt() {
            ClaimResult r = one(claim("C-navigation", "cost", "100000"));

            assertEligible(r, "50000");
            assertThat(r.caps()).singleElement().satisfies(c -> assertThat(c.bound())
                    .isFalse());
        }

        @Test
        void shouldHoldTheYearCapAgainstTheLedger() {
            ClaimResult r = one(
                    claim("C-pledge", "repaid", true, "loan_interest", "400000"),
                    List.of(entry("C-pledge", 2025, "150000")));

            assertEligible(r, "150000");
            assertThat(r.caps()).singleElement().satisfies(c -> {
                assertThat(c.used()).isEqualByComparingTo("150000");
                assertThat(c.remaining()).isEqualByComparingTo("150000");
                assertThat(c.bound()).isTrue();
            });
        }

        @Test
        void shouldNotCountOtherYearsOtherSubjectsOrOtherMeasuresAgainstTheYearCap() {
            List<LedgerEntry> ledger = List.of(
                    entry("C-pledge", 2024, "300000"),
                    new LedgerEntry("calc-pg", "C-pledge", "S2", 2025, new BigDecimal("300000"), Map.of()),
                    entry("C-navigation", 2025, "300000"),
                    new LedgerEntry("other-policy", "C-pledge", "S1", 2025, new BigDecimal("300000"), Map.of()));

            assertEligible(one(claim("C-pledge", "repaid", true, "loan_interest", "400000"), ledger), "200000");
        }

        @Test
        void shouldRefuseWhenTheLedgerHasUsedTheWholeYearCap() {
            ClaimResult r = one(
                    claim("C-pledge", "repaid", true, "loan_interest", "400000"),
                    List.of(entry("C-pledge", 2025, "300000")));

            assertNotEligible(r, "cap.per-year");
        }

        @Test
        void shouldCountEarlierClaimsOfTheSameRequestAgainstTheYearCap() {
            Claim c = claim("C-pledge", "repaid", true, "loan_interest", "400000");
            Calculation calc = calculate(COMPANY, List.of(c, c, c), List.of(), Map.of());

            assertEligible(calc.results().get(0), "200000");
            assertEligible(calc.results().get(1), "100000");
            assertNotEligible(calc.results().get(2), "cap.per-year");
            assertThat(calc.total()).isEqualByComparingTo("300000");
            assertThat(calc.totalByPolicy()).containsOnlyKeys("calc-pg");
        }

        @Test
        void shouldRefuseAThirdYearOfSupportButAllowAnotherClaimInASupportedYear() {
            Claim c = claim("C-insurance", "premium", "100000");

            assertNotEligible(
                    one(c, List.of(entry("C-insurance", 2023, "10000"), entry("C-insurance", 2024, "10000"))),
                    "cap.two-years");
            assertEligible(
                    one(c, List.of(entry("C-insurance", 2024, "10000"), entry("C-insurance", 2025, "30000"))), "50000");
            assertEligible(one(c, List.of(entry("C-insurance", 2024, "10000"))), "50000");
        }

        @Test
        void shouldRefuseASecondAwardForTheSameObject() {
            Claim zl1 = claim(
                    "C-level",
                    "right_kind",
                    "patent",
                    "first_rights_holder",
                    true,
                    "patent_number",
                    "ZL1",
                    "level",
                    "gold");
            Claim zl2 = claim(
                    "C-level",
                    "right_kind",
                    "patent",
                    "first_rights_holder",
                    true,
                    "patent_number",
                    "ZL2",
                    "level",
                    "gold");
            List<LedgerEntry> ledger = List.of(entry("C-level", 2024, "500000", "patent_number", "ZL1"));

            assertNotEligible(one(zl1, ledger), "cap.once-per-patent");
            assertEligible(one(zl2, ledger), "500000");

            Calculation same = calculate(COMPANY, List.of(zl2, zl2), List.of(), Map.of());
            assertEligible(same.results().get(0), "500000");
            assertNotEligible(same.results().get(1), "cap.once-per-patent");
        }

        @Test
        void shouldRefuseAOneOffAwardTheSubjectAlreadyHad() {
            assertNotEligible(one(claim("C-fixed"), List.of(entry("C-fixed", 2024, "50000"))), "cap.once");
        }

        @Test
        void shouldShareACapPoolAcrossMeasures() {
            Calculation calc = calculate(
                    COMPANY, List.of(claim("C-pool-a"), claim("C-pool-b"), claim("C-pool-a")), List.of(), Map.of());

            assertEligible(calc.results().get(0), "30000");
            assertEligible(calc.results().get(1), "20000");
            assertNotEligible(calc.results().get(2), "cap.pool");
            assertNotEligible(one(claim("C-pool-a"), List.of(entry("C-pool-b", 2024, "50000"))), "cap.pool");
        }

        @Test
        void shouldApplyTheCapOfTheReadingChosenByTheSwitch() {
            List<LedgerEntry> ledger = List.of(entry("C-litigation", 2024, "60000", "case_number", "A"));
            Claim caseB = claim("C-litigation", "case_number", "B", "costs", "300000");

            ClaimResult cumulative = calculate(COMPANY, List.of(caseB), ledger, Map.of())
                    .results()
                    .get(0);
            ClaimResult perCase = calculate(COMPANY, List.of(caseB), ledger, Map.of("litigation_scope", "per_case"))
                    .results()
                    .get(0);

            assertEligible(cumulative, "40000");
            assertThat(cumulative.caps()).extracting(CapResult::id).containsExactly("cumulative");
            assertEligible(perCase, "100000");
            assertThat(perCase.caps()).extracting(CapResult::id).containsExactly("per-case");
        }

        @Test
        void shouldWaitForTheFactThatNamesTheCapScope() {
            ClaimResult r = calculate(
                            COMPANY,
                            List.of(claim("C-litigation", "costs", "300000")),
                            List.of(),
                            Map.of("litigation_scope", "per_case"))
                    .results()
                    .get(0);

            assertThat(r.status()).isEqualTo(Status.UNDETERMINED);
            assertThat(r.missingFacts()).containsExactly("case_number");
        }

        @Test
        void shouldCutDownToFenRatherThanRoundUpPastACapInFinerUnits() {
            // 100.05 × 50% = 50.03 after rounding; the cap is 100.05 × 0.3333 = 33.346665, so at most 33.34.
            ClaimResult r = one(claim("C-third", "cost", "100.05"));

            assertEligible(r, "33.34");
            assertThat(r.amount()).isLessThanOrEqualTo(new BigDecimal("33.346665"));
        }

        @Test
        void shouldCapTheFormulaAtTheInterestPaid() {
            assertEligible(
                    one(claim("C-formula", "principal", "1000000", "days", 360, "interest_paid", "20000")), "20000");
        }
    }

    @Nested
    class AdjustmentsAndStacking {
        @Test
        void shouldApplyTheGradeFactorBeforeTheCaps() {
            Claim c = claim("J-rate", "cost", "300000");

            // 150,000 × 0.5 = 75,000 is under the 100,000 cap; capping first would have given 50,000.
            assertEligible(
                    calculate(jd("C"), List.of(c), List.of(), Map.of())
                            .results()
                            .get(0),
                    "75000");
            assertEligible(
                    calculate(jd("A"), List.of(c), List.of(), Map.of())
                            .results()
                            .get(0),
                    "100000");
            assertEligible(
                    calculate(jd("S"), List.of(claim("J-rate", "cost", "100000")), List.of(), Map.of())
                            .results()
                            .get(0),
                    "75000");
        }

        @Test
        void shouldWaitForTheGradeAndRefuseAGradeWithoutAFactor() {
            ClaimResult ungraded = calculate(jd(null), List.of(claim("J-fixed")), List.of(), Map.of())
                    .results()
                    .get(0);
            ClaimResult unknownGrade = calculate(jd("Z"), List.of(claim("J-fixed")), List.of(), Map.of())
                    .results()
                    .get(0);

            assertThat(ungraded.status()).isEqualTo(Status.UNDETERMINED);
            assertThat(ungraded.missingFacts()).containsExactly("subject.mu_grade");
            assertThat(ungraded.trace().get(ungraded.trace().size() - 1).zh())
                    .as("the subject's field is named for people, then by its name")
                    .isEqualTo("暂无法判断，待补充：亩均效益综合评价等级（subject.mu_grade）");
            assertNotEligible(unknownGrade, "expr.lookup-no-key");
        }

        static Claim withCity(Boolean applicable, String amount, Boolean match, String share) {
            return new Claim(
                    null,
                    "calc-jd",
                    "J-fixed",
                    2025,
                    Map.of(),
                    null,
                    new CityAward(
                            applicable,
                            amount == null ? null : new BigDecimal(amount),
                            match,
                            share == null ? null : new BigDecimal(share)));
        }

        static ClaimResult stacked(Claim c, String reading) {
            return calculate(
                            JD_COMPANY,
                            List.of(c),
                            List.of(),
                            reading == null ? Map.of() : Map.of("match_reading", reading))
                    .results()
                    .get(0);
        }

        @Test
        void shouldClaimTheCityPolicyFirst() {
            ClaimResult r = stacked(withCity(true, null, null, null), null);

            assertThat(r.status()).isEqualTo(Status.UNDETERMINED);
            assertThat(r.missingFacts()).containsExactly("city_award.amount", "city_award.needs_district_match");
            assertThat(stacked(withCity(true, "80000", true, null), null).missingFacts())
                    .containsExactly("city_award.district_share");
        }

        @Test
        void shouldAddTheDistrictAwardWhenTheCityNeedsNoMatch() {
            for (String reading : Arrays.asList(null, "higher_of", "higher_of_totals")) {
                assertEligible(stacked(withCity(true, "80000", false, null), reading), "100000");
            }
            assertEligible(stacked(withCity(false, null, null, null), null), "100000");
        }

        @ParameterizedTest(name = "{0}: city {1}, match owed {2} → district pays {3}")
        @CsvSource({
            "higher_of, 80000, 30000, 100000",
            "higher_of, 300000, 150000, 150000",
            "higher_of, 300000, 100000, 100000",
            "higher_of_totals, 80000, 30000, 50000",
            "higher_of_totals, 50000, 20000, 70000",
            "higher_of_totals, 200000, 30000, 30000",
            "higher_of_totals, 100000, 40000, 40000"
        })
        void shouldPayTheHigherWhenTheCityNeedsAMatch(String reading, String city, String share, String pays) {
            assertEligible(stacked(withCity(true, city, true, share), reading), pays);
        }

        @Test
        void shouldReadHigherOfByDefault() {
            assertEligible(stacked(withCity(true, "300000", true, "150000"), null), "150000");
        }
    }

    @Nested
    class RoundingAndDates {
        @ParameterizedTest(name = "{0} × 50% → {1}")
        @CsvSource({"0.05, 0.03", "0.01, 0.01", "0.03, 0.02", "0.07, 0.04", "123456.79, 61728.40", "0.00, 0.00"})
        void shouldRoundHalfUpToFen(String interest, String amount) {
            assertEligible(one(claim("C-pledge", "repaid", true, "loan_interest", interest)), amount);
        }

        @Test
        void shouldTakeTheParameterValueInForceOnTheAsOfDate() {
            Claim c = claim("C-pledge", "repaid", true, "loan_interest", "400000");

            ClaimResult before = CALCULATOR
                    .calculate(new CalculationRequest(LocalDate.of(2026, 3, 31), COMPANY, List.of(c), null))
                    .results()
                    .get(0);
            ClaimResult after = CALCULATOR
                    .calculate(new CalculationRequest(LocalDate.of(2026, 4, 1), COMPANY, List.of(c), null))
                    .results()
                    .get(0);

            assertEligible(before, "200000");
            assertEligible(after, "160000");
        }

        @Test
        void shouldRefuseWhenTheParameterHasBeenRepealed() {
            ClaimResult r = CALCULATOR
                    .calculate(new CalculationRequest(
                            LocalDate.of(2027, 3, 1), COMPANY, List.of(claimOf(null, "C-fixed", 2026)), null))
                    .results()
                    .get(0);

            assertNotEligible(r, "policy.parameter-missing");
        }

        @Test
        void shouldOverrideAParameterForOneRequest() {
            ClaimResult r = calculate(
                            COMPANY,
                            List.of(claim("C-pledge", "repaid", true, "loan_interest", "400000")),
                            List.of(),
                            Map.of("pledge_rate", "0.25"))
                    .results()
                    .get(0);

            assertEligible(r, "100000");
        }
    }

    @Nested
    class Eligibility {
        @Test
        void shouldWaitForMissingFactsNamingThem() {
            ClaimResult r = one(claim("C-pledge"));

            assertThat(r.status()).isEqualTo(Status.UNDETERMINED);
            assertThat(r.amount()).isNull();
            assertThat(r.missingFacts()).containsExactly("repaid", "loan_interest");
            assertThat(r.trace().get(r.trace().size() - 1).zh()).contains("待补充").contains("loan_interest");
        }

        @Test
        void shouldDenyOnAFalseConditionEvenWhenOtherFactsAreMissing() {
            ClaimResult r = one(claim("C-pledge", "repaid", false));

            assertNotEligible(r, "repaid");
            assertThat(r.trace().get(r.trace().size() - 1).zh())
                    .contains("不符合条件")
                    .contains("须按期正常偿还贷款");
        }

        @Test
        void shouldIncludeTheTwentyPercentBoundaryAndDenyJustBelowIt() {
            assertEligible(
                    one(claim(
                            "C-tiers",
                            "patents",
                            10,
                            "patents_prev",
                            5,
                            "revenue",
                            "1000000.00",
                            "product_sales",
                            "200000.00")),
                    "120000");
            assertNotEligible(
                    one(claim(
                            "C-tiers",
                            "patents",
                            10,
                            "patents_prev",
                            5,
                            "revenue",
                            "1000000.00",
                            "product_sales",
                            "199999.99")),
                    "product-share");
        }

        @Test
        void shouldWaitForMissingMaterialsNamingThem() {
            Map<String, Object> facts =
                    map("right_kind", "patent", "first_rights_holder", true, "patent_number", "ZL1", "level", "gold");
            ClaimResult partial = one(new Claim(null, "calc-pg", "C-level", 2025, facts, List.of("licence"), null));
            ClaimResult complete =
                    one(new Claim(null, "calc-pg", "C-level", 2025, facts, List.of("licence", "receipts"), null));

            assertThat(partial.status()).isEqualTo(Status.UNDETERMINED);
            assertThat(partial.missingMaterials()).containsExactly("receipts");
            assertThat(partial.missingFacts()).isEmpty();
            assertEligible(complete, "500000");
        }

        @Test
        void shouldCheckTheRightKindAndTheFirstRightsHolder() {
            ClaimResult none = one(claim("C-level", "patent_number", "ZL1", "level", "gold"));

            assertThat(none.status()).isEqualTo(Status.UNDETERMINED);
            assertThat(none.missingFacts()).containsExactly("first_rights_holder");
            assertNotEligible(
                    one(claim(
                            "C-level",
                            "right_kind",
                            "trademark",
                            "first_rights_holder",
                            true,
                            "patent_number",
                            "ZL1",
                            "level",
                            "gold")),
                    "applicants.ip-kind");
            assertNotEligible(
                    one(claim(
                            "C-level",
                            "right_kind",
                            "patent",
                            "first_rights_holder",
                            false,
                            "patent_number",
                            "ZL1",
                            "level",
                            "gold")),
                    "applicants.first-rights-holder");
        }

        @Test
        void shouldCheckSubjectKindRegionMatterYearAndPeriod() {
            Subject person = new Subject("P1", null, SubjectKind.PERSON, null, "110117", null, null);
            Subject elsewhere = new Subject("S9", null, SubjectKind.ENTERPRISE, "110105", null, null, null);

            assertNotEligible(
                    calculate(person, List.of(claim("C-fixed")), List.of(), Map.of())
                            .results()
                            .get(0),
                    "applicants.kind");
            assertNotEligible(
                    calculate(elsewhere, List.of(claim("C-fixed")), List.of(), Map.of())
                            .results()
                            .get(0),
                    "applicants.region");
            assertEligible(
                    calculate(person, List.of(claim("C-navigation", "cost", "10")), List.of(), Map.of())
                            .results()
                            .get(0),
                    "5");
            assertNotEligible(one(claimOf(null, "C-fixed", 2024)), "policy.matter-year");
            assertNotEligible(
                    CALCULATOR
                            .calculate(new CalculationRequest(
                                    LocalDate.of(2024, 3, 1), COMPANY, List.of(claimOf(null, "C-fixed", 2023)), null))
                            .results()
                            .get(0),
                    "policy.period");
        }

        @Test
        void shouldWaitForTheRegionWhenTheSubjectDoesNotGiveIt() {
            Subject unknown = new Subject("S1", null, SubjectKind.ENTERPRISE, null, null, null, null);
            ClaimResult r = calculate(unknown, List.of(claim("C-fixed")), List.of(), Map.of())
                    .results()
                    .get(0);

            assertThat(r.status()).isEqualTo(Status.UNDETERMINED);
            assertThat(r.missingFacts()).containsExactly("subject.registered_region");
        }

        @Test
        void shouldExplainEveryStepWithItsClauseUnlessAskedNotTo() {
            Claim c = claim("C-pledge", "repaid", true, "loan_interest", "400000");
            ClaimResult explained = one(c);
            ClaimResult quiet = CALCULATOR
                    .calculate(new CalculationRequest(AS_OF, COMPANY, List.of(c), null, Map.of(), false))
                    .results()
                    .get(0);

            assertThat(explained.trace())
                    .extracting(TraceStep::kind)
                    .contains("policy", "check", "award", "cap", "result");
            assertThat(explained.trace())
                    .filteredOn(t -> t.kind().equals("award"))
                    .singleElement()
                    .satisfies(t -> {
                        assertThat(t.clause()).isEqualTo("三(二)");
                        assertThat(t.zh())
                                .contains("400,000.00 元")
                                .contains("50%")
                                .contains("200,000.00 元");
                    });
            assertThat(quiet.trace()).isEmpty();
            // Without the explanation, passing checks keep their id and outcome but not their detail text.
            assertThat(quiet.checks())
                    .extracting(Check::id, Check::outcome)
                    .isEqualTo(explained.checks().stream()
                            .map(k -> org.assertj.core.groups.Tuple.tuple(k.id(), k.outcome()))
                            .toList());
            assertThat(quiet.failed()).isEqualTo(explained.failed());
            assertThat(quiet.amount()).isEqualTo(explained.amount());
        }

        @Test
        void shouldSayHowTheAmountIsRoundedInPlainWords() {
            ClaimResult r = one(claim("C-pledge", "repaid", true, "loan_interest", "400000"));

            assertThat(r.trace())
                    .filteredOn(t -> t.kind().equals("result"))
                    .singleElement()
                    .satisfies(t -> {
                        assertThat(t.zh()).isEqualTo("核定金额 200,000.00 元（四舍五入到分）");
                        assertThat(t.en()).isEqualTo("Amount 200000.00 (rounded half up to 0.01 yuan)");
                    });
        }
    }

    @Nested
    class InvalidInput {
        static Stream<Arguments> invalidClaims() {
            return Stream.of(
                    arguments(
                            "unknown policy",
                            new Claim("c1", "nowhere-2025", "C-fixed", 2025, Map.of(), null, null),
                            "policy",
                            "claim.unknown-policy"),
                    arguments(
                            "unknown measure",
                            new Claim("c1", "calc-pg", "C-nothing", 2025, Map.of(), null, null),
                            "measure",
                            "claim.unknown-measure"),
                    arguments(
                            "undeclared fact",
                            claimOf("c1", "C-pledge", 2025, "colour", "red"),
                            "facts.colour",
                            "claim.unknown-fact"),
                    arguments(
                            "text for money",
                            claimOf("c1", "C-pledge", 2025, "loan_interest", "lots"),
                            "facts.loan_interest",
                            "claim.fact-not-number"),
                    arguments(
                            "text for a boolean",
                            claimOf("c1", "C-pledge", 2025, "repaid", "maybe"),
                            "facts.repaid",
                            "claim.fact-not-boolean"),
                    arguments(
                            "list for an enum",
                            claimOf("c1", "C-level", 2025, "right_kind", List.of("patent")),
                            "facts.right_kind",
                            "claim.fact-not-allowed"),
                    arguments(
                            "fraction for an integer",
                            claimOf("c1", "C-steps", 2025, "new_patents", "10.5"),
                            "facts.new_patents",
                            "claim.fact-not-integer"),
                    arguments(
                            "money with three decimals",
                            claimOf("c1", "C-pledge", 2025, "loan_interest", "100.005"),
                            "facts.loan_interest",
                            "claim.fact-money-scale"),
                    arguments(
                            "money below zero",
                            claimOf("c1", "C-pledge", 2025, "loan_interest", "-0.01"),
                            "facts.loan_interest",
                            "claim.fact-below-min"),
                    arguments(
                            "integer below its min",
                            claimOf("c1", "C-steps", 2025, "new_patents", -1),
                            "facts.new_patents",
                            "claim.fact-below-min"),
                    arguments(
                            "integer above its max",
                            claimOf("c1", "C-formula", 2025, "days", 367),
                            "facts.days",
                            "claim.fact-above-max"),
                    arguments(
                            "enum value not allowed",
                            claimOf("c1", "C-level", 2025, "level", "bronze"),
                            "facts.level",
                            "claim.fact-not-allowed"),
                    arguments(
                            "double refused",
                            claimOf("c1", "C-pledge", 2025, "loan_interest", 0.1d),
                            "facts.loan_interest",
                            "claim.fact-not-number"),
                    arguments(
                            "float refused",
                            claimOf("c1", "C-steps", 2025, "new_patents", 10f),
                            "facts.new_patents",
                            "claim.fact-not-number"),
                    arguments(
                            "absurdly large money",
                            claimOf("c1", "C-pledge", 2025, "loan_interest", "1e999999999"),
                            "facts.loan_interest",
                            "claim.fact-too-large"),
                    arguments(
                            "absurdly precise decimal",
                            claimOf("c1", "C-steps", 2025, "new_patents", "1e-999999999"),
                            "facts.new_patents",
                            "claim.fact-not-integer"),
                    arguments(
                            "percent above 100",
                            claimOf("c1", "C-third", 2025, "share", "100.01"),
                            "facts.share",
                            "claim.fact-above-max"),
                    arguments(
                            "percent with too many decimals",
                            claimOf("c1", "C-third", 2025, "share", "33.3333333333333"),
                            "facts.share",
                            "claim.fact-too-precise"),
                    arguments("year out of range", claimOf("c1", "C-fixed", 1900), "year", "claim.bad-year"),
                    arguments(
                            "unknown material",
                            new Claim("c1", "calc-pg", "C-level", 2025, Map.of(), List.of("passport"), null),
                            "materials",
                            "claim.unknown-material"),
                    arguments(
                            "city award without stacking",
                            new Claim(
                                    "c1",
                                    "calc-pg",
                                    "C-fixed",
                                    2025,
                                    Map.of(),
                                    null,
                                    new CityAward(true, BigDecimal.ONE, false, null)),
                            "city_award",
                            "claim.no-stacking"),
                    arguments(
                            "city award with three decimals",
                            new Claim(
                                    "c1",
                                    "calc-jd",
                                    "J-fixed",
                                    2025,
                                    Map.of(),
                                    null,
                                    new CityAward(true, new BigDecimal("0.001"), false, null)),
                            "city_award",
                            "claim.city-amount"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidClaims")
        void shouldRefuseAnInvalidClaimNamingTheClaimAndTheField(String what, Claim claim, String field, String key) {
            Subject subject = claim.policy().equals("calc-jd") ? JD_COMPANY : COMPANY;

            assertThatThrownBy(() -> calculate(subject, List.of(claim("C-fixed"), claim), List.of(), Map.of()))
                    .as(what)
                    .isInstanceOfSatisfying(
                            InputException.class,
                            e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                                assertThat(p.where()).isEqualTo("c1");
                                assertThat(p.field()).isEqualTo(field);
                                assertThat(p.key()).isEqualTo(key);
                                assertThat(p.zh()).containsPattern("\\p{IsHan}");
                            }));
        }

        @Test
        void shouldNameAClaimWithoutAnIdByItsPosition() {
            assertThatThrownBy(() -> calculate(
                            COMPANY,
                            List.of(claim("C-fixed"), claim("C-pledge", "loan_interest", "x")),
                            List.of(),
                            Map.of()))
                    .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.problems())
                            .extracting(Problem::where)
                            .containsExactly("claims[1]"));
        }

        @Test
        void shouldReportEveryInvalidClaimAtOnce() {
            assertThatThrownBy(() -> calculate(
                            COMPANY,
                            List.of(
                                    claimOf("a", "C-pledge", 2025, "loan_interest", "x"),
                                    claimOf("b", "C-level", 2025, "level", "bronze", "colour", 1)),
                            List.of(),
                            Map.of()))
                    .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.problems())
                            .extracting(Problem::where, Problem::key)
                            .containsExactlyInAnyOrder(
                                    org.assertj.core.groups.Tuple.tuple("a", "claim.fact-not-number"),
                                    org.assertj.core.groups.Tuple.tuple("b", "claim.fact-not-allowed"),
                                    org.assertj.core.groups.Tuple.tuple("b", "claim.unknown-fact")));
        }

        static Stream<Arguments> invalidOverrides() {
            return Stream.of(
                    arguments("unknown parameter", "no_such_parameter", "1", "input.unknown-parameter"),
                    arguments("option not allowed", "litigation_scope", "per_year", "claim.parameter-option"),
                    arguments("double refused", "pledge_rate", 0.4d, "claim.parameter-type"),
                    arguments("text for a rate", "pledge_rate", "half", "claim.parameter-type"),
                    arguments("null value", "pledge_rate", null, "claim.parameter-type"),
                    arguments("list for a table", "award_amounts", List.of("gold"), "claim.parameter-type"),
                    arguments(
                            "list with a null item",
                            "major_countries",
                            Arrays.asList("US", null),
                            "claim.parameter-type"),
                    arguments("list of numbers", "major_countries", List.of(1, 2), "claim.parameter-type"),
                    arguments("absurdly large rate", "pledge_rate", "1e999999999", "claim.parameter-too-large"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidOverrides")
        void shouldRefuseAnInvalidParameterOverrideNamingIt(String what, String name, Object value, String key) {
            Map<String, Object> overrides = new HashMap<>();
            overrides.put(name, value);

            assertThatThrownBy(() -> calculate(COMPANY, List.of(claim("C-fixed")), List.of(), overrides))
                    .as(what)
                    .isInstanceOfSatisfying(
                            InputException.class,
                            e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                                assertThat(p.field()).isEqualTo("parameters." + name);
                                assertThat(p.key()).isEqualTo(key);
                            }));
        }

        @Test
        void shouldRefuseARequestWithoutDateOrSubjectKind() {
            Subject kindless = new Subject("S1", null, null, "110117", null, null, null);

            assertThatThrownBy(() -> CALCULATOR.calculate(
                            new CalculationRequest(null, kindless, List.of(claim("C-fixed")), null)))
                    .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.problems())
                            .extracting(Problem::field, Problem::key)
                            .containsExactly(
                                    org.assertj.core.groups.Tuple.tuple("as_of", "input.required"),
                                    org.assertj.core.groups.Tuple.tuple("subject.kind", "input.required")));
        }

        @Test
        void shouldIgnoreAFactStatedAsNull() {
            Map<String, Object> facts = new HashMap<>();
            facts.put("repaid", true);
            facts.put("loan_interest", null);
            ClaimResult r = one(new Claim(null, "calc-pg", "C-pledge", 2025, facts, null, null));

            assertThat(r.status()).isEqualTo(Status.UNDETERMINED);
            assertThat(r.missingFacts()).containsExactly("loan_interest");
        }

        @Test
        void shouldAcceptNumbersAsTextAndIntegersOfAnyWidth() {
            List<Object> values = new ArrayList<>(List.of(
                    "400000",
                    " 400,000.00 ",
                    400000,
                    400000L,
                    new java.math.BigInteger("400000"),
                    new BigDecimal("4E+5")));
            for (Object v : values) {
                assertEligible(one(claim("C-pledge", "repaid", "是", "loan_interest", v)), "200000");
            }
        }
    }
}

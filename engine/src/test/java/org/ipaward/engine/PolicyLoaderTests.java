package org.ipaward.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ipaward.engine.model.AwardRule;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Parameter;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Loading a policy file: a valid one loads; each kind of mistake is reported with file, line, measure and key. */
public class PolicyLoaderTests {
    private static final String FILE = "policies/test-2025/policy.yaml";

    /** A small valid policy; the malformed variants below each change one thing in it. */
    public static final String VALID =
            """
            policy:
              id: test-2025
              title: {zh: 测试区知识产权若干措施, en: Test measures}
              authority: {zh: 测试区知识产权局, en: Test IP office}
              region: {code: "110117", zh: 测试区, en: "Test District, Beijing"}
              document_number: null
              published: 2025-01-01
              effective: {from: 2025-01-01, to: null}
              status: in_force
              source: test.txt
              currency: CNY
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
              cite: {clause: 二, quote: 在本区登记注册的单位}

            materials:
              licence: {zh: 营业执照, en: Business licence, clause: 四.1}
              receipts: {zh: 费用票据, en: Receipts, clause: 四.3}

            parameters:
              award_amounts:
                label: {zh: 专利奖奖励标准, en: Patent award amounts}
                type: table
                unit: yuan
                cite: {clause: 三(一), quote: 金奖奖励50万元，银奖奖励40万元}
                values:
                  2025-01-01: {gold: 500000, silver: 400000}
              grant_rate:
                label: {zh: 费用支持比例, en: Cost support rate}
                type: ratio
                cite: {clause: 三(二), quote: 按费用的50%给予支持}
                values:
                  2025-01-01: 0.5
                  2026-01-01: 0.4
              match_reading:
                label: {zh: 配套读法, en: Matching reading}
                type: text
                options: [higher_of, higher_of_totals]
                cite: {clause: 六, quote: 就高不就低}
                values:
                  2025-01-01: higher_of

            stacking:
              kind: city_first
              match_reading: match_reading
              cite: {clause: 六, quote: 优先申报市级政策}

            measures:
              - id: T-award
                title: {zh: 专利奖奖励, en: Patent award}
                clause: 三(一)
                quote: 金奖奖励50万元，银奖奖励40万元
                category: creation
                rights: {kinds: [patent]}
                facts:
                  level:
                    type: enum
                    label: {zh: 奖项等级, en: Award level}
                    values:
                      gold: {zh: 金奖, en: Gold}
                      silver: {zh: 银奖, en: Silver}
                award: {kind: by_level, level: level, amounts: award_amounts}
                materials: [licence]

              - id: T-fixed
                title: {zh: 称号奖励, en: Title award}
                clause: 三(二)
                quote: 一次性奖励1万元
                category: management
                subjects: [enterprise]
                award: {kind: fixed, amount: 10000}
                caps:
                  - {id: per-claim, amount: 5000, zh: 每项最高5000元}

              - id: T-steps
                title: {zh: 新增专利奖励, en: New patents award}
                clause: 三(三)
                quote: 新增10件以上奖励100元
                category: creation
                facts:
                  count: {type: integer, label: {zh: 新增件数, en: New patents}, min: 0}
                award:
                  kind: steps
                  on: count
                  steps:
                    - {id: low, min: 10, max: 30, amount: 100}
                    - {id: mid, min: 30, max: 50, amount: 200}
                    - {id: high, min: 50, amount: 300}

              - id: T-tiers
                title: {zh: 分档奖励, en: Tiered award}
                clause: 三(四)
                quote: 50件以上奖励300元，10件以上奖励100元
                category: creation
                facts:
                  patents: {type: integer, label: {zh: 件数, en: Patents}, min: 0}
                award:
                  kind: tiers
                  tiers:
                    - {id: top, zh: 50件以上, when: patents >= 50, amount: 300}
                    - {id: base, zh: 10件以上, when: patents >= 10, amount: 100}

              - id: T-rate
                title: {zh: 费用支持, en: Cost support}
                clause: 三(五)
                quote: 按费用的50%给予支持，每年最高5万元
                category: utilization
                facts:
                  cost: {type: money, label: {zh: 实际费用, en: Cost}}
                conditions:
                  - {id: has-cost, when: cost > 0, zh: 须实际发生费用}
                award: {kind: rate, base: cost, rate: grant_rate}
                caps:
                  - {id: per-year, amount: 50000, per: [subject, year], zh: 每年最高5万元}
                materials: [licence, receipts]
            """;

    private static Policy load(String yaml) {
        return PolicyLoader.parse(yaml, FILE);
    }

    /** The 1-based line of the first line containing {@code marker}. */
    static int lineOf(String yaml, String marker) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no line contains " + marker);
    }

    static String replace(String yaml, String from, String to) {
        int at = yaml.indexOf(from);
        if (at < 0 || yaml.indexOf(from, at + 1) >= 0) {
            throw new IllegalArgumentException("not exactly one occurrence of " + from);
        }
        return yaml.replace(from, to);
    }

    @Test
    void shouldLoadAValidPolicy() {
        Policy p = load(VALID);

        assertThat(p.id()).isEqualTo("test-2025");
        assertThat(p.file()).isEqualTo(FILE);
        assertThat(p.region().code()).isEqualTo("110117");
        assertThat(p.region().name().en()).isEqualTo("Test District, Beijing");
        assertThat(p.effectiveFrom()).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(p.effectiveTo()).isNull();
        assertThat(p.status()).isEqualTo(Policy.Status.IN_FORCE);
        assertThat(p.rounding().scale()).isEqualTo(2);
        assertThat(p.matterYearOffset()).isEqualTo(1);
        assertThat(p.applicants().kinds())
                .containsExactlyInAnyOrder(SubjectKind.ENTERPRISE, SubjectKind.INSTITUTION, SubjectKind.PERSON);
        assertThat(p.applicants().firstRightsHolderOnly()).isTrue();
        assertThat(p.materials()).containsOnlyKeys("licence", "receipts");
        assertThat(p.stacking().matchReadingParameter()).isEqualTo("match_reading");
        assertThat(p.measures())
                .extracting(Measure::id)
                .containsExactly("T-award", "T-fixed", "T-steps", "T-tiers", "T-rate");
    }

    @Test
    void shouldReadDatedParameterValues() {
        Parameter rate = load(VALID).parameters().get("grant_rate");

        assertThat(rate.kind()).isEqualTo(Parameter.Kind.RATIO);
        assertThat(rate.valueAt(LocalDate.of(2024, 12, 31))).isNull();
        assertThat((BigDecimal) rate.valueAt(LocalDate.of(2025, 12, 31))).isEqualByComparingTo("0.5");
        assertThat((BigDecimal) rate.valueAt(LocalDate.of(2026, 1, 1))).isEqualByComparingTo("0.4");
        assertThat(load(VALID).parameters().get("award_amounts").valueAt(LocalDate.of(2025, 6, 1)))
                .isEqualTo(Map.of("gold", new BigDecimal("500000"), "silver", new BigDecimal("400000")));
    }

    @Test
    void shouldReadLabelledOptionsOfATextParameter() {
        Parameter plain = load(VALID).parameters().get("match_reading");
        assertThat(plain.options()).containsExactly("higher_of", "higher_of_totals");
        assertThat(plain.optionLabels()).isEmpty();
        assertThat(plain.shownZh("higher_of")).isEqualTo("higher_of");

        Parameter labelled = load(replace(
                        VALID,
                        "options: [higher_of, higher_of_totals]",
                        "options:\n      higher_of: {zh: 取高者, en: the higher}\n"
                                + "      higher_of_totals: {zh: 合计取高者, en: the higher of the totals}"))
                .parameters()
                .get("match_reading");
        assertThat(labelled.options()).containsExactly("higher_of", "higher_of_totals");
        assertThat(labelled.optionLabels().get("higher_of_totals").en()).isEqualTo("the higher of the totals");
        assertThat(labelled.shownZh("higher_of")).isEqualTo("取高者");
    }

    @Test
    void shouldReadTheMeasuresAwardRulesAndImplicitRightsFacts() {
        Policy p = load(VALID);
        Measure award = p.measure("T-award");
        Measure steps = p.measure("T-steps");

        assertThat(award.award()).isInstanceOf(AwardRule.ByLevel.class);
        assertThat(award.rightKinds()).containsExactly("patent");
        assertThat(award.facts()).containsKeys("right_kind", "first_rights_holder", "level");
        assertThat(award.subjects()).isEqualTo(p.applicants().kinds());
        assertThat(p.measure("T-fixed").subjects()).containsExactly(SubjectKind.ENTERPRISE);
        assertThat(((AwardRule.Steps) steps.award()).steps())
                .extracting(AwardRule.Step::id)
                .containsExactly("low", "mid", "high");
        assertThat(((AwardRule.Steps) steps.award()).steps().get(2).max()).isNull();
        assertThat(p.measure("T-rate").caps()).singleElement().satisfies(c -> {
            assertThat(c.scoped()).isTrue();
            assertThat(c.per()).containsExactly("subject", "year");
            assertThat(c.pool()).containsExactly("T-rate");
            assertThat(c.line()).isEqualTo(lineOf(VALID, "id: per-year"));
        });
        assertThat(p.measure("T-rate").facts().get("cost").min())
                .as("money defaults to min 0")
                .isZero();
        assertThat(p.measure("T-rate").line()).isEqualTo(lineOf(VALID, "- id: T-rate"));
    }

    @Test
    void shouldRefuseAnEmptyFile() {
        assertThatThrownBy(() -> load("")).isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems())
                .extracting(Problem::key)
                .containsExactly("policy.empty"));
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        String yaml = replace(replace(VALID, "amount: 5000,", "amount: 20000,"), "when: cost > 0", "when: costs > 0");

        assertThatThrownBy(() -> load(yaml))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems())
                        .extracting(Problem::key)
                        .contains("cap.never-binds", "expr.unknown-name"))
                .hasMessageContaining(FILE + ":" + lineOf(yaml, "when: costs > 0"));
    }

    /**
     * A malformed variant of {@link #VALID}: replace {@code from} by {@code to}; the problem with {@code key}
     * must be at the line containing {@code lineMarker} and belong to {@code where} (a measure id or null).
     */
    record Variant(String name, String from, String to, String key, String lineMarker, String where) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                        new Variant(
                                "unknown field (a typo)",
                                "    quote: 按费用的50%给予支持，每年最高5万元",
                                "    qoute: 按费用的50%给予支持，每年最高5万元",
                                "yaml.unknown-field",
                                "qoute:",
                                "T-rate"),
                        new Variant(
                                "missing required field",
                                "    clause: 三(二)\n",
                                "",
                                "yaml.required",
                                "- id: T-fixed",
                                "T-fixed"),
                        new Variant(
                                "bad date",
                                "effective: {from: 2025-01-01, to: null}",
                                "effective: {from: 2025-02-30, to: null}",
                                "yaml.bad-date",
                                "effective:",
                                null),
                        new Variant(
                                "parameter dates out of order",
                                "      2025-01-01: 0.5\n      2026-01-01: 0.4",
                                "      2026-01-01: 0.4\n      2025-01-01: 0.5",
                                "parameter.dates-order",
                                "2025-01-01: 0.5",
                                "parameter grant_rate"),
                        new Variant(
                                "steps that overlap",
                                "{id: mid, min: 30, max: 50, amount: 200}",
                                "{id: mid, min: 25, max: 50, amount: 200}",
                                "award.step-overlap",
                                "id: mid",
                                "T-steps"),
                        new Variant(
                                "steps with a gap",
                                "{id: mid, min: 30, max: 50, amount: 200}",
                                "{id: mid, min: 35, max: 50, amount: 200}",
                                "award.step-gap",
                                "id: mid",
                                "T-steps"),
                        new Variant(
                                "open step not last",
                                "{id: low, min: 10, max: 30, amount: 100}",
                                "{id: low, min: 10, amount: 100}",
                                "award.step-overlap",
                                "id: low",
                                "T-steps"),
                        new Variant(
                                "tiers not highest first",
                                "{id: base, zh: 10件以上, when: patents >= 10, amount: 100}",
                                "{id: base, zh: 10件以上, when: patents >= 10, amount: 400}",
                                "award.tier-order",
                                "id: base",
                                "T-tiers"),
                        new Variant(
                                "per-claim cap that can never bind",
                                "{id: per-claim, amount: 5000,",
                                "{id: per-claim, amount: 10000,",
                                "cap.never-binds",
                                "id: per-claim",
                                "T-fixed"),
                        new Variant(
                                "by_level table keys not matching the enum values",
                                "{gold: 500000, silver: 400000}",
                                "{gold: 500000, bronze: 400000}",
                                "award.levels-mismatch",
                                "kind: by_level",
                                "T-award"),
                        new Variant(
                                "unknown material",
                                "materials: [licence, receipts]",
                                "materials: [licence, receipt]",
                                "measure.unknown-material",
                                "materials: [licence, receipt]",
                                "T-rate"),
                        new Variant(
                                "unknown fact in an expression",
                                "when: cost > 0",
                                "when: costs > 0",
                                "expr.unknown-name",
                                "when: costs > 0",
                                "T-rate"),
                        new Variant(
                                "fact and parameter with one name",
                                "      cost: {type: money, label: {zh: 实际费用, en: Cost}}",
                                "      cost: {type: money, label: {zh: 实际费用, en: Cost}}\n"
                                        + "      grant_rate: {type: decimal, label: {zh: 比例, en: Rate}}",
                                "measure.name-clash",
                                "grant_rate: {type: decimal",
                                "T-rate"),
                        new Variant(
                                "duplicate measure id",
                                "  - id: T-tiers",
                                "  - id: T-steps # again",
                                "measure.duplicate-id",
                                "# again",
                                "T-steps"),
                        new Variant(
                                "rights kind outside applicants.ip_kinds",
                                "rights: {kinds: [patent]}",
                                "rights: {kinds: [copyright]}",
                                "measure.ip-kind-scope",
                                "rights: {kinds: [copyright]}",
                                "T-award"),
                        new Variant(
                                "YAML syntax error",
                                "    clause: 三(四)",
                                "    clause: [三(四)",
                                "yaml.syntax",
                                "quote: 50件以上奖励300元",
                                null),
                        new Variant(
                                "labelled option without its Chinese",
                                "options: [higher_of, higher_of_totals]",
                                "options:\n      higher_of: {en: the higher}\n      higher_of_totals: {zh: 合计取高者, en: totals}",
                                "yaml.required",
                                "higher_of: {en: the higher}",
                                "parameter match_reading"),
                        new Variant(
                                "stacking reading options not allowed",
                                "options: [higher_of, higher_of_totals]",
                                "options: [higher_of, match_only]",
                                "stacking.reading-options",
                                "match_reading: match_reading",
                                null),
                        new Variant(
                                "blank required text",
                                "title: {zh: 称号奖励, en: Title award}",
                                "title: {zh: \" \", en: Title award}",
                                "yaml.required",
                                "title: {zh: \" \"",
                                "T-fixed"),
                        new Variant(
                                "blank explanation of an award rule",
                                "award: {kind: fixed, amount: 10000}",
                                "award: {kind: fixed, amount: 10000, zh: ''}",
                                "yaml.required",
                                "award: {kind: fixed",
                                "T-fixed"),
                        new Variant(
                                "enum fact without values used as a level",
                                "          gold: {zh: 金奖, en: Gold}\n          silver: {zh: 银奖, en: Silver}\n",
                                "",
                                "yaml.required",
                                "type: enum",
                                "T-award"),
                        new Variant(
                                "nested value in a list parameter",
                                "  match_reading:\n",
                                "  codes:\n    label: {zh: 国家, en: Countries}\n    type: list\n"
                                        + "    cite: {clause: 六, quote: 国家}\n    values:\n      2025-01-01: [US, [JP]]\n"
                                        + "  match_reading:\n",
                                "yaml.not-a-scalar",
                                "2025-01-01: [US, [JP]]",
                                "parameter codes"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldRefuseAMalformedPolicyNamingFileLineMeasureAndKey(Variant v) {
        String yaml = replace(VALID, v.from(), v.to());
        int line = lineOf(yaml, v.lineMarker());

        assertThatThrownBy(() -> load(yaml)).isInstanceOfSatisfying(PolicyException.class, e -> {
            assertThat(e.problems()).as("%s: %s", v.name(), e.getMessage()).anySatisfy(p -> {
                assertThat(p.key()).isEqualTo(v.key());
                assertThat(p.file()).isEqualTo(FILE);
                assertThat(p.line()).as("line").isEqualTo(line);
                assertThat(p.where()).as("measure").isEqualTo(v.where());
                assertThat(p.zh()).containsPattern("\\p{IsHan}");
            });
            assertThat(e.getMessage()).contains(FILE + ":" + line);
        });
    }

    static Stream<Arguments> furtherMistakes() {
        return Stream.of(
                arguments(
                        "unknown award kind",
                        "award: {kind: fixed, amount: 10000}",
                        "award: {kind: lump, amount: 10000}",
                        "award.unknown-kind"),
                arguments(
                        "unknown subject kind",
                        "subjects: [enterprise]",
                        "subjects: [company]",
                        "applicants.unknown-kind"),
                arguments(
                        "subject kind outside applicants",
                        "subjects: [enterprise]",
                        "subjects: [service_agency]",
                        "measure.subject-outside"),
                arguments("unknown category", "category: management", "category: admin", "yaml.bad-value"),
                arguments("bad policy id", "id: test-2025", "id: Test_2025", "policy.bad-id"),
                arguments("period ends before it starts", "to: null}", "to: 2024-12-31}", "policy.bad-period"),
                arguments("rounding mode unknown", "mode: HALF_UP", "mode: HALF_ROUND", "policy.rounding-mode"),
                arguments(
                        "ratio written as a percentage", "2025-01-01: 0.5", "2025-01-01: 50", "parameter.ratio-range"),
                arguments(
                        "switch value outside its options",
                        "2025-01-01: higher_of\n",
                        "2025-01-01: lower_of\n",
                        "parameter.bad-option"),
                arguments(
                        "cap with two kinds",
                        "{id: per-claim, amount: 5000,",
                        "{id: per-claim, amount: 5000, once: true,",
                        "cap.kind"),
                arguments(
                        "cap scope not a fact", "per: [subject, year]", "per: [subject, project]", "cap.unknown-scope"),
                arguments("condition that is not boolean", "when: cost > 0", "when: cost * 2", "expr.type-mismatch"),
                arguments(
                        "duplicate key",
                        "    clause: 三(二)\n",
                        "    clause: 三(二)\n    clause: 三(三)\n",
                        "yaml.duplicate-key"),
                arguments(
                        "none without indicator",
                        "award: {kind: fixed, amount: 10000}",
                        "award: {kind: none}",
                        "measure.no-award"),
                arguments(
                        "reviewer fact not money",
                        "award: {kind: fixed, amount: 10000}",
                        "award: {kind: reviewer, fact: x, standard: {zh: 标准}}",
                        "award.reviewer-fact"),
                arguments(
                        "formula without text",
                        "award: {kind: fixed, amount: 10000}",
                        "award: {kind: formula, amount: 10000}",
                        "award.formula-text"),
                arguments(
                        "enum value typo in a condition",
                        "award: {kind: by_level,",
                        "conditions: [{id: gold, when: level == 'golden', zh: 金奖}]\n    award: {kind: by_level,",
                        "expr.unknown-value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("furtherMistakes")
    void shouldRefuseFurtherMistakesWithAStableKey(String name, String from, String to, String key) {
        String yaml = replace(VALID, from, to);

        assertThatThrownBy(() -> load(yaml)).as(name).isInstanceOfSatisfying(PolicyException.class, e -> assertThat(
                        e.problems())
                .as(e.getMessage())
                .anySatisfy(p -> {
                    assertThat(p.key()).isEqualTo(key);
                    assertThat(p.line()).isPositive();
                }));
    }

    @Test
    void shouldLoadAFolderOfPolicyFoldersAndNameEveryBrokenFile(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir.resolve("good"));
        java.nio.file.Files.createDirectories(dir.resolve("bad"));
        java.nio.file.Files.writeString(dir.resolve("good/policy.yaml"), VALID);
        java.nio.file.Files.writeString(
                dir.resolve("bad/policy.yaml"), replace(VALID, "when: cost > 0", "when: costs > 0"));

        assertThatThrownBy(() -> PolicyLoader.load(List.of(dir)))
                .isInstanceOfSatisfying(
                        PolicyException.class, e -> assertThat(e.problems()).allSatisfy(p -> assertThat(p.file())
                                .endsWith("bad/policy.yaml".replace('/', java.io.File.separatorChar))));

        java.nio.file.Files.delete(dir.resolve("bad/policy.yaml"));
        assertThat(PolicyLoader.load(List.of(dir))).extracting(Policy::id).containsExactly("test-2025");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void shouldOnlyThrowPolicyExceptionForRandomEditsOfRealPolicies() throws java.io.IOException {
        List<String> bundled = new java.util.ArrayList<>();
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.walk(BundledPolicies.DIR, 2)) {
            for (java.nio.file.Path f : files.filter(
                            f -> f.getFileName().toString().equals(PolicyLoader.POLICY_FILE))
                    .sorted()
                    .toList()) {
                bundled.add(java.nio.file.Files.readString(f));
            }
        }
        java.util.Random random = new java.util.Random(29490);
        for (int i = 0; i < 600; i++) {
            long seed = random.nextLong();
            // The bundled files are large and slow to parse: one edit in thirty is of them.
            String text = i % 30 == 0 && !bundled.isEmpty() ? bundled.get((i / 30) % bundled.size()) : VALID;
            PolicyLoaderFuzzTests.parseOrRefuse(
                    PolicyLoaderFuzzTests.mutate(text, new java.util.Random(seed)), "edit seed " + seed);
        }
    }

    @Test
    void shouldRefuseYamlNestedTooDeeplyForTheComposer() {
        assertThatThrownBy(() -> load("policy: " + "[".repeat(20_000) + "]".repeat(20_000)))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.problems()).extracting(Problem::key).containsExactly("yaml.too-deep"));
    }

    @Test
    void shouldReportAPathThatDoesNotExist() {
        assertThatThrownBy(() -> PolicyLoader.load(List.of(java.nio.file.Path.of("no-such-folder"))))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.problems()).extracting(Problem::key).containsExactly("policy.not-found"));
    }
}

package org.ipaward.batch.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.calc.Claim;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.calc.Status;
import org.ipaward.engine.match.Matcher;
import org.ipaward.engine.match.MeasureMatch;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkMatcherTests {
    static final LocalDate AS_OF = LocalDate.of(2026, 3, 1);
    static final List<Policy> POLICIES = RegisterTests.POLICIES;

    @TempDir
    Path dir;

    @Test
    void bothPoliciesAreInForceAndTheKeyReadsTheGrade() {
        BulkMatcher b = new BulkMatcher(POLICIES, AS_OF);
        assertThat(b.measures()).extracting(BulkMatcher.MeasureRef::policy).contains("pinggu-2025", "jindong-2023");
        assertThat(b.subjectFieldsRead("jindong-2023")).contains("mu_grade", "kind");
        assertThat(b.subjectFieldsRead("pinggu-2025")).isNotNull().doesNotContain("registered_region", "id", "name");
    }

    /** Every row equals what Matcher gives for the profile alone, and the Calculator with the known facts. */
    @Test
    void agreesWithMatcherAndCalculator() {
        BulkMatcher bulk = new BulkMatcher(POLICIES, AS_OF);
        Matcher matcher = new Matcher(POLICIES);
        Calculator calc = new Calculator(POLICIES);
        Map<String, Policy> byId = new HashMap<>();
        POLICIES.forEach(p -> byId.put(p.id(), p));
        int withFacts = 0;
        int eligible = 0;
        for (ProfileRow p : RegisterTests.generate(1500, 11)) {
            List<MatchRow> rows = bulk.match(p);
            Map<String, MeasureMatch> mm = new LinkedHashMap<>();
            matcher.match(p.subject(), AS_OF).forEach(m -> mm.put(m.policy() + "/" + m.measure(), m));
            assertThat(rows).hasSize(mm.size());
            for (MatchRow r : rows) {
                MeasureMatch m = mm.get(r.policy() + "/" + r.measure());
                assertThat(r.subjectId()).isEqualTo(p.id());
                Policy pol = byId.get(r.policy());
                Measure measure = pol.measure(r.measure());
                Map<String, Object> facts = new LinkedHashMap<>();
                p.facts().forEach((k, v) -> {
                    if (measure.facts().containsKey(k)) {
                        facts.put(k, v);
                    }
                });
                List<String> mats = p.materials() == null
                        ? null
                        : p.materials().stream()
                                .filter(pol.materials()::containsKey)
                                .toList();
                if (facts.isEmpty() && mats == null) {
                    assertThat(r.outcome().equals(MatchRow.EXCLUDED)).isEqualTo(!m.possible());
                    assertThat(r.failed())
                            .isEqualTo(m.failed().stream()
                                    .map(org.ipaward.engine.calc.Check::id)
                                    .toList());
                    if (r.outcome().equals(MatchRow.POSSIBLE)) {
                        // Matcher's needs, then what the calculator found missing besides (a reviewer's amount).
                        assertThat(r.missingFacts())
                                .startsWith(m.needed().stream()
                                        .map(MeasureMatch.Need::name)
                                        .toArray(String[]::new));
                        assertThat(r.minAmount()).isEqualTo(m.minAmount());
                        assertThat(r.maxAmount()).isEqualTo(m.maxAmount());
                    }
                } else {
                    withFacts++;
                }
                int year = AS_OF.getYear() - (pol.matterYearOffset() == null ? 0 : pol.matterYearOffset());
                ClaimResult c = calc.calculate(new CalculationRequest(
                                AS_OF,
                                p.subject(),
                                List.of(new Claim("c", pol.id(), measure.id(), year, facts, mats, null)),
                                null,
                                Map.of(),
                                false))
                        .results()
                        .get(0);
                String expected = c.status() == Status.ELIGIBLE
                        ? MatchRow.ELIGIBLE
                        : c.status() == Status.NOT_ELIGIBLE ? MatchRow.EXCLUDED : MatchRow.POSSIBLE;
                assertThat(r.outcome()).as(p + " " + r).isEqualTo(expected);
                assertThat(r.amount()).isEqualTo(c.amount());
                if (c.status() == Status.ELIGIBLE) {
                    eligible++;
                }
                if (mats != null && c.status() == Status.UNDETERMINED) {
                    assertThat(r.missingMaterials()).isEqualTo(c.missingMaterials());
                }
            }
        }
        assertThat(withFacts).isGreaterThan(100);
        assertThat(eligible).isGreaterThan(10);
    }

    @Test
    void cacheNeverChangesAnAnswer() {
        BulkMatcher cached = new BulkMatcher(POLICIES, AS_OF);
        BulkMatcher plain = new BulkMatcher(POLICIES, AS_OF, 0);
        BulkMatcher tiny = new BulkMatcher(POLICIES, AS_OF, 3);
        List<ProfileRow> profiles = RegisterTests.generate(5000, 5);
        for (int i = 0; i < profiles.size(); i++) {
            List<MatchRow> expected = plain.match(profiles.get(i));
            assertThat(cached.match(profiles.get(i))).isEqualTo(expected);
            if (i % 10 == 0) {
                assertThat(tiny.match(profiles.get(i))).isEqualTo(expected);
            }
        }
    }

    @Test
    void wholeProfileHitsDominateAndCountersAddUp() {
        BulkMatcher m = new BulkMatcher(POLICIES, AS_OF);
        List<ProfileRow> profiles = RegisterTests.generate(5000, 6);
        profiles.forEach(m::match);
        BulkMatcher.Stats s = m.stats();
        assertThat(s.profileHits() + s.profileMisses()).isEqualTo(5000);
        assertThat(s.profileHits()).isGreaterThan(s.profileMisses() * 2);
        assertThat(s.engineEvaluations()).isLessThan(5000L * m.measures().size() / 4);
        BulkMatcher off = new BulkMatcher(POLICIES, AS_OF, 0);
        profiles.subList(0, 50).forEach(off::match);
        assertThat(off.stats().profileHits()).isZero();
        assertThat(off.stats().engineEvaluations())
                .isGreaterThanOrEqualTo(50L * off.measures().size());
    }

    @Test
    void unquotedHeadsAreWhatCommonsCsvPrints() throws Exception {
        List<String> values = new ArrayList<>(List.of(
                "91110117MA00000001",
                "某公司（北京）有限公司",
                "a,b",
                "say \"hi\"",
                " lead",
                "trail ",
                "x\ny",
                "#c",
                "",
                "-1",
                "ÄÖ",
                "名 称",
                "tab\t",
                "+86",
                "=SUM(A1)",
                "!",
                "~",
                "\uD800x",
                "x\uDC00",
                "a\u007Fb",
                "\uD83D\uDE00名",
                "ＡＢ１２"));
        RegisterTests.generate(300, 8).forEach(p -> {
            values.add(p.id());
            if (p.name() != null) {
                values.add(p.name());
            }
        });
        values.add(null);
        for (String id : values) {
            for (String name : values) {
                StringBuilder expected = new StringBuilder();
                org.apache.commons.csv.CSVFormat.DEFAULT.print(id == null ? "" : id, expected, true);
                org.apache.commons.csv.CSVFormat.DEFAULT.print(name == null ? "" : name, expected, false);
                assertThat(MatchFile.csvHead(id, name)).as("%s | %s", id, name).isEqualTo(expected.toString());
                assertThat(MatchFile.csvHeadBytes(id, name))
                        .as("%s | %s", id, name)
                        .isEqualTo(expected.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void csvAndXlsxRegistersGiveTheSameMatches() throws Exception {
        Set<String> all = Set.of(MatchRow.ELIGIBLE, MatchRow.POSSIBLE, MatchRow.EXCLUDED);
        List<String> outs = new ArrayList<>();
        for (String ext : List.of("csv", "xlsx")) {
            Path reg = dir.resolve("same." + ext);
            RegisterGenerator.write(reg, 1200, 4, RegisterTests.SCHEMA);
            Path out = dir.resolve("same-" + ext + ".csv");
            MatchRun.run(new BulkMatcher(POLICIES, AS_OF), reg, RegisterTests.SCHEMA, out, all, 2, n -> {});
            outs.add(Files.readString(out));
        }
        assertThat(outs.get(1)).isEqualTo(outs.get(0));
    }

    @Test
    void oneThreadAndTwoGiveTheSameFile() throws Exception {
        Path reg = dir.resolve("r.csv");
        RegisterGenerator.write(reg, 1500, 9, RegisterTests.SCHEMA);
        Set<String> all = Set.of(MatchRow.ELIGIBLE, MatchRow.POSSIBLE, MatchRow.EXCLUDED);
        List<String> outs = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            for (String ext : List.of("csv", "jsonl")) {
                Path out = dir.resolve("m" + threads + "." + ext);
                MatchRun.Summary s = MatchRun.run(
                        new BulkMatcher(POLICIES, AS_OF), reg, RegisterTests.SCHEMA, out, all, threads, n -> {});
                assertThat(s.profiles()).isEqualTo(1500);
                outs.add(Files.readString(out));
            }
        }
        assertThat(outs.get(2)).isEqualTo(outs.get(0));
        assertThat(outs.get(3)).isEqualTo(outs.get(1));
        assertThat(outs.get(0).lines().count() - 1)
                .isEqualTo(1500L * new BulkMatcher(POLICIES, AS_OF).measures().size());
    }

    @Test
    void xlsxOutputReadsBack() throws Exception {
        Path reg = dir.resolve("r.xlsx");
        RegisterGenerator.write(reg, 200, 2, RegisterTests.SCHEMA);
        Path out = dir.resolve("m.xlsx");
        MatchRun.Summary s = MatchRun.run(
                new BulkMatcher(POLICIES, AS_OF),
                reg,
                RegisterTests.SCHEMA,
                out,
                Set.of(MatchRow.ELIGIBLE),
                2,
                n -> {});
        try (var wb = org.apache.poi.ss.usermodel.WorkbookFactory.create(out.toFile())) {
            var sheet = wb.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("主体编号（subject_id）");
            assertThat((long) sheet.getLastRowNum()).isEqualTo(s.rowsWritten());
        }
    }

    /** The run's counts and exact sums are those of the rows one by one, amounts with the same scales. */
    @Test
    void summaryEqualsTheRowsAddedOneByOne() throws Exception {
        Path reg = dir.resolve("sums.csv");
        RegisterGenerator.write(reg, 3000, 5, RegisterTests.SCHEMA);
        Set<String> written = Set.of(MatchRow.ELIGIBLE, MatchRow.POSSIBLE); // the default: excluded rows left out
        BulkMatcher matcher = new BulkMatcher(POLICIES, AS_OF);
        int n = matcher.measures().size();
        long[] el = new long[n];
        long[] po = new long[n];
        long[] ex = new long[n];
        long[] unb = new long[n];
        java.math.BigDecimal[] ea = new java.math.BigDecimal[n];
        java.math.BigDecimal[] pm = new java.math.BigDecimal[n];
        java.util.Arrays.fill(ea, java.math.BigDecimal.ZERO);
        java.util.Arrays.fill(pm, java.math.BigDecimal.ZERO);
        long[] profiles = {0};
        MatchFile.Writer oneByOne = MatchFile.open(dir.resolve("sums-want.csv"));
        RegisterFile.read(reg, RegisterTests.SCHEMA, p -> {
            profiles[0]++;
            List<MatchRow> rows = matcher.match(p);
            rows.stream().filter(r -> written.contains(r.outcome())).forEach(oneByOne::write);
            for (int i = 0; i < n; i++) {
                MatchRow r = rows.get(i);
                switch (r.outcome()) {
                    case MatchRow.ELIGIBLE -> {
                        el[i]++;
                        ea[i] = ea[i].add(r.amount());
                    }
                    case MatchRow.POSSIBLE -> {
                        po[i]++;
                        if (r.maxAmount() == null) {
                            unb[i]++;
                        } else {
                            pm[i] = pm[i].add(r.maxAmount());
                        }
                    }
                    default -> ex[i]++;
                }
            }
        });
        MatchRun.Summary s = MatchRun.run(
                new BulkMatcher(POLICIES, AS_OF),
                reg,
                RegisterTests.SCHEMA,
                dir.resolve("sums-out.csv"),
                written,
                2,
                k -> {});
        oneByOne.close();
        // the batches' rendering gives the file that writing each row by itself gives
        assertThat(Files.readString(dir.resolve("sums-out.csv")))
                .isEqualTo(Files.readString(dir.resolve("sums-want.csv")));
        assertThat(s.profiles()).isEqualTo(profiles[0]);
        assertThat(s.rowsWritten())
                .isEqualTo(java.util.Arrays.stream(el).sum()
                        + java.util.Arrays.stream(po).sum());
        assertThat(java.util.Arrays.stream(ex).sum()).isGreaterThan(0);
        assertThat(s.eligible()).isEqualTo(el);
        assertThat(s.possible()).isEqualTo(po);
        assertThat(s.excluded()).isEqualTo(ex);
        assertThat(s.possibleUnbounded()).isEqualTo(unb);
        assertThat(java.util.Arrays.toString(s.eligibleAmount())).isEqualTo(java.util.Arrays.toString(ea));
        assertThat(java.util.Arrays.toString(s.possibleMax())).isEqualTo(java.util.Arrays.toString(pm));
        long someEligible = java.util.Arrays.stream(el).filter(x -> x > 0).count();
        assertThat(someEligible).isGreaterThan(0);
    }
}

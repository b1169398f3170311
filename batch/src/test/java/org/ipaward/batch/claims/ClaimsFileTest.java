package org.ipaward.batch.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.batch.gen.RoundGenerator;
import org.ipaward.engine.InputException;
import org.ipaward.engine.Problem;
import org.ipaward.engine.model.SubjectKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimsFileTest {
    @TempDir
    Path dir;

    static ClaimRow sample() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("loan_interest", new BigDecimal("400000.50"));
        facts.put("bank_loan", true);
        facts.put("right_kind", "patent");
        facts.put("note", "含,逗号和\"引号\"");
        facts.put("items", List.of("a", "b"));
        return new ClaimRow(
                "PG2026-00000001",
                Instant.parse("2026-03-01T01:30:00Z"),
                2,
                "91110117MA01234567",
                "北京华科科技有限公司",
                SubjectKind.ENTERPRISE,
                "110117",
                null,
                List.of("110117", "110105"),
                "A",
                "pinggu-2025",
                "PG-pledge",
                2025,
                facts,
                List.of("subject_certificate", "fee_receipts"),
                new BigDecimal("200000.25"));
    }

    @Test
    void csv_and_xlsx_round_trip_every_column_exactly() {
        ClaimRow a = sample();
        ClaimRow b = new ClaimRow(
                "PG2026-00000002",
                Instant.parse("2026-03-02T02:00:00Z"),
                1,
                "110117198001011234",
                null,
                SubjectKind.PERSON,
                null,
                "110117",
                null,
                null,
                "pinggu-2025",
                "PG-patent-award",
                2025,
                Map.of(),
                List.of(),
                null);
        ClaimRow c = new ClaimRow(
                "PG2026-00000003",
                Instant.parse("2026-03-02T02:00:00Z"),
                1,
                "X",
                null,
                SubjectKind.OTHER_ORG,
                null,
                null,
                null,
                null,
                "pinggu-2025",
                "PG-alliance",
                2025,
                Map.of("alliance_name", "平谷联盟"),
                null,
                null);
        for (String name : List.of("r.csv", "r.xlsx")) {
            Path f = dir.resolve(name);
            assertThat(ClaimsFile.write(f, List.of(a, b, c))).isEqualTo(3);
            List<ClaimRow> back = ClaimsFile.read(f);
            assertThat(back).as(name).containsExactly(a, b, c);
            assertThat(back.get(0).facts().get("loan_interest")).isEqualTo(new BigDecimal("400000.50"));
            assertThat(back.get(1).materials()).isEmpty();
            assertThat(back.get(2).materials()).isNull();
        }
    }

    @Test
    void a_generated_round_survives_both_formats_with_either_header() {
        List<ClaimRow> rows = new ArrayList<>();
        RoundGenerator.bundled(List.of("pinggu-2025", "jindong-2023"), 5).generate(300, rows::add);
        for (ClaimsFile.Header h : ClaimsFile.Header.values()) {
            for (String name : List.of("g.csv", "g.xlsx")) {
                Path f = dir.resolve(h + name);
                try (ClaimsFile.Writer w = ClaimsFile.writer(f, h)) {
                    rows.forEach(w::write);
                }
                assertThat(ClaimsFile.read(f)).as(h + name).isEqualTo(rows);
            }
        }
    }

    @Test
    void reads_ids_or_chinese_headers_in_any_order_with_or_without_bom_and_local_times() throws Exception {
        String csv = "措施,政策,事项年度,申报编号,提交时间,统一社会信用代码或身份证号,subject_kind,facts\n"
                + "PG-pledge,pinggu-2025,2025,A1,2026-03-01 09:30:00,S1,企业,\"{\"\"loan_interest\"\": 1000}\"\n";
        for (String prefix : List.of("", "\uFEFF")) {
            Path f = dir.resolve("h" + prefix.length() + ".csv");
            Files.writeString(f, prefix + csv, StandardCharsets.UTF_8);
            ClaimRow r = ClaimsFile.read(f).get(0);
            assertThat(r.applicationNo()).isEqualTo("A1");
            assertThat(r.submittedAt()).isEqualTo(Instant.parse("2026-03-01T01:30:00Z"));
            assertThat(r.subjectKind()).isEqualTo(SubjectKind.ENTERPRISE);
            assertThat(r.facts()).containsEntry("loan_interest", new BigDecimal("1000"));
            assertThat(r.claimSeq()).isZero();
        }
    }

    private Problem problem(String content) throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        try {
            ClaimsFile.read(f);
        } catch (InputException e) {
            return e.problems().get(0);
        }
        throw new AssertionError("no problem reported");
    }

    private static final String HEAD =
            "application_no,submitted_at,subject_id,subject_kind,policy,measure,matter_year,facts,awarded\n";

    @Test
    void errors_name_file_row_column_value_and_rule() throws Exception {
        Problem p = problem(HEAD + "A1,2026-03-01T09:00:00+08:00,S1,enterprise,pinggu-2025,PG-pledge,2025,{},\n"
                + "A2,yesterday,S1,enterprise,pinggu-2025,PG-pledge,2025,{},\n");
        assertThat(p.file()).endsWith("bad.csv");
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.field()).isEqualTo("submitted_at");
        assertThat(p.key()).isEqualTo("claims.bad-time");
        assertThat(p.zh()).contains("yesterday");
        assertThat(p.format()).contains("bad.csv:3: submitted_at: 提交时间“yesterday”无效");

        assertThat(problem(HEAD + "A1,2026-03-01T09:00:00+08:00,S1,company,pinggu-2025,PG-pledge,2025,{},\n")
                        .key())
                .isEqualTo("claims.bad-kind");
        assertThat(problem(HEAD + "A1,2026-03-01T09:00:00+08:00,S1,enterprise,pinggu-2025,PG-pledge,twenty,{},\n")
                        .key())
                .isEqualTo("claims.bad-integer");
        Problem facts = problem(HEAD + "A1,2026-03-01T09:00:00+08:00,S1,enterprise,pinggu-2025,PG-pledge,2025,[1],\n");
        assertThat(facts.key()).isEqualTo("claims.bad-facts");
        assertThat(facts.field()).isEqualTo("facts");
        assertThat(problem(HEAD + "A1,2026-03-01T09:00:00+08:00,S1,enterprise,pinggu-2025,PG-pledge,2025,{},1.234\n")
                        .key())
                .isEqualTo("claims.bad-money");
        assertThat(problem(HEAD + ",2026-03-01T09:00:00+08:00,S1,enterprise,pinggu-2025,PG-pledge,2025,{},\n")
                        .key())
                .isEqualTo("claims.required");
        Problem missing = problem("application_no,submitted_at\nA1,2026-03-01T09:00:00+08:00\n");
        assertThat(missing.key()).isEqualTo("claims.missing-column");
        assertThat(missing.line()).isEqualTo(1);
        assertThat(problem("application_no,colour\n").key()).isEqualTo("claims.unknown-column");
        assertThat(problem("").key()).isEqualTo("claims.empty");
    }

    @Test
    void other_files_are_refused_with_a_reason() throws Exception {
        assertThatThrownBy(() -> ClaimsFile.read(dir.resolve("x.txt")))
                .isInstanceOf(InputException.class)
                .satisfies(e ->
                        assertThat(((InputException) e).problems().get(0).key()).isEqualTo("claims.format"));
        assertThatThrownBy(() -> ClaimsFile.read(dir.resolve("none.csv")))
                .satisfies(e ->
                        assertThat(((InputException) e).problems().get(0).key()).isEqualTo("claims.not-found"));
        Path notXlsx = dir.resolve("fake.xlsx");
        Files.writeString(notXlsx, "not a workbook");
        assertThatThrownBy(() -> ClaimsFile.read(notXlsx))
                .satisfies(e ->
                        assertThat(((InputException) e).problems().get(0).key()).isEqualTo("claims.bad-xlsx"));
    }
}

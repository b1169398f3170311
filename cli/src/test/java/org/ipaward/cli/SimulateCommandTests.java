package org.ipaward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ipaward.batch.claims.ClaimRow;
import org.ipaward.batch.claims.ClaimsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipaward generate-round} and {@code ipaward simulate} end to end, in process, with exit codes. */
class SimulateCommandTests {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path round(String name, int claims) {
        Path f = dir.resolve(name);
        Cli.Run g = Cli.run(
                "generate-round",
                "--policy",
                "both",
                "--claims",
                String.valueOf(claims),
                "--seed",
                "3",
                "--out",
                f.toString());
        assertThat(g.exit()).as(g.err()).isZero();
        assertThat(g.out()).contains("已生成 " + claims);
        return f;
    }

    @Test
    void generate_then_simulate_as_json_with_a_pro_rata_budget() throws Exception {
        Path f = round("r.csv", 400);
        List<ClaimRow> rows = ClaimsFile.read(f);
        assertThat(rows).hasSize(400);
        Cli.Run r = Cli.run(
                "simulate",
                "--claims",
                f.toString(),
                "--budget",
                "1000000",
                "--budget-rule",
                "pro_rata",
                "--format",
                "json",
                "--threads",
                "2");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.out());
        JsonNode res = j.get("result");
        assertThat(res.get("claims").asInt()).isEqualTo(400);
        assertThat(res.get("by_status").get("invalid").asInt()).isZero();
        assertThat(j.get("budget").get("rule").asText()).isEqualTo("pro_rata");
        assertThat(new java.math.BigDecimal(res.get("needed").asText()))
                .isGreaterThan(new java.math.BigDecimal("1000000"));
        assertThat(new java.math.BigDecimal(res.get("paid").asText()))
                .isLessThanOrEqualTo(new java.math.BigDecimal("1000000"));
        assertThat(res.get("pro_rata_factor").asText()).startsWith("0.");
        assertThat(res.get("measures").size()).isGreaterThan(10);
        assertThat(res.get("categories").size()).isEqualTo(5);
    }

    @Test
    void the_same_seed_writes_the_same_file() throws Exception {
        Path a = round("a.csv", 200);
        Path b = round("b.csv", 200);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void a_table_in_chinese_and_an_xlsx_with_sheets_for_a_draft_against_the_version_in_force() throws Exception {
        Path f = round("r.xlsx", 300);
        String yaml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("policies/pinggu-2025/policy.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int at = yaml.indexOf("2025-08-29: 0.5", yaml.indexOf("pg_pledge_rate:"));
        Path draft = dir.resolve("draft.yaml");
        Files.writeString(draft, yaml.substring(0, at) + "2025-08-29: 0.6" + yaml.substring(at + 15));

        Cli.Run t =
                Cli.run("simulate", "--claims", f.toString(), "--policy", "pinggu-2025", "--against", draft.toString());
        assertThat(t.exit()).as(t.err()).isZero();
        assertThat(t.out()).contains("现行版本", "征求意见稿", "按措施对比", "PG-pledge", "增加的申报主体");
        assertThat(t.out()).contains("未回放的政策"); // the Jindong claims of the round

        Path x = dir.resolve("out.xlsx");
        Cli.Run r = Cli.run(
                "simulate",
                "--claims",
                f.toString(),
                "--policy",
                "pinggu-2025",
                "--against",
                draft.toString(),
                "--format",
                "xlsx",
                "--out",
                x.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(x))) {
            assertThat(wb.getSheet("汇总 summary")).isNotNull();
            assertThat(wb.getSheet("按措施 by measure")).isNotNull();
            assertThat(wb.getSheet("按类别 by category")).isNotNull();
            assertThat(wb.getSheet("增加 gains").getLastRowNum()).isGreaterThan(0);
            assertThat(wb.getSheet("减少 losses")).isNotNull();
        }
    }

    @Test
    void bad_input_and_usage_exit_2_with_one_clear_line() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(
                bad,
                "application_no,submitted_at,subject_id,subject_kind,policy,measure,matter_year\n"
                        + "A1,2026-03-01T09:00:00+08:00,S1,enterprise,pinggu-2025,PG-pledge,2o25\n");
        Cli.Run r = Cli.run("simulate", "--claims", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("bad.csv:2: matter_year:", "2o25", "[claims.bad-integer]");
        assertThat(r.err()).doesNotContain("Exception", "\tat ");

        Path f = round("r.csv", 50);
        assertThat(Cli.run("simulate", "--claims", f.toString(), "--budget-rule", "stop")
                        .err())
                .contains("simulate.budget-required");
        assertThat(Cli.run("simulate", "--claims", f.toString(), "--budget", "1", "--budget-rule", "half")
                        .exit())
                .isEqualTo(2);
        assertThat(Cli.run("simulate", "--claims", f.toString(), "--format", "xlsx")
                        .exit())
                .isEqualTo(2);
        assertThat(Cli.run("simulate", "--claims", f.toString(), "--policy", "nowhere-2030")
                        .err())
                .contains("simulate.unknown-policy");
        assertThat(Cli.run("simulate", "--claims", dir.resolve("none.csv").toString())
                        .err())
                .contains("claims.not-found");
        // the policies are loaded while the claims are read: a policy problem is still the one reported
        Cli.Run both = Cli.run("simulate", "--claims", bad.toString(), "--policy", "nowhere-2030");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("simulate.unknown-policy").doesNotContain("claims.bad-integer");
        String draft = dir.resolve("no-draft.yaml").toString();
        Cli.Run draftAlone = Cli.run("simulate", "--claims", f.toString(), "--against", draft);
        Cli.Run draftAndBad = Cli.run("simulate", "--claims", bad.toString(), "--against", draft);
        assertThat(draftAlone.exit()).isEqualTo(2);
        assertThat(draftAndBad.exit()).isEqualTo(2);
        assertThat(draftAndBad.err()).isEqualTo(draftAlone.err()).doesNotContain("claims.bad-integer", "\tat ");
        assertThat(Cli.run("generate-round", "--policy", "mars", "--claims", "5", "--out", "x.csv")
                        .exit())
                .isEqualTo(2);
        assertThat(Cli.run("simulate").exit()).isEqualTo(2);
    }

    @Test
    void stop_refuses_applications_once_the_budget_is_used() throws Exception {
        Path f = round("r.csv", 300);
        Cli.Run r = Cli.run(
                "simulate",
                "--claims",
                f.toString(),
                "--budget",
                "500000",
                "--budget-rule",
                "stop",
                "-f",
                "json",
                "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode res = JSON.readTree(r.out()).get("result");
        assertThat(res.get("refused_applications").asInt()).isPositive();
        assertThat(new java.math.BigDecimal(res.get("committed").asText()))
                .isLessThanOrEqualTo(new java.math.BigDecimal("500000"));
    }
}

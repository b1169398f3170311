package org.ipaward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipaward match}: what a subject may claim, the amount range and what is still needed. */
class MatchCommandTests {
    @TempDir
    Path dir;

    private static Cli.Run match(String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "match";
        args[1] = "--input=" + Cli.EXAMPLES.resolve("demo-subject.json");
        args[2] = "-p";
        args[3] = Cli.POLICIES.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return Cli.run(args);
    }

    @Test
    void tableListsPossibleMeasuresWithRangesAndNeeds() {
        Cli.Run r = match();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)PG-beijing-title +北京市知识产权优势单位奖励 +〔三\\(三\\)2〕 +50,000\\.00 元$");
        assertThat(r.out()).containsPattern("PG-pledge .*≤ 300,000\\.00 元");
        assertThat(r.out()).contains("当年实际支付的质押贷款利息", "知识产权质押登记证明");
        assertThat(r.out()).doesNotContain("PG-service-agency");
    }

    @Test
    void allAlsoListsRuledOutMeasuresWithTheFailedCondition() {
        Cli.Run r = match("--all");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("已排除", "PG-service-agency", "✗ 本措施支持的主体类型为：知识产权服务机构");
    }

    @Test
    void jsonHasRangesNeedsMaterialsAndFailures() throws Exception {
        Cli.Run r = match("--format", "json", "--all");
        assertThat(r.exit()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("as_of").asText()).isEqualTo("2026-03-01");
        JsonNode beijing = null;
        JsonNode agency = null;
        for (JsonNode m : root.get("measures")) {
            if (m.get("measure").asText().equals("PG-beijing-title")) {
                beijing = m;
            } else if (m.get("measure").asText().equals("PG-service-agency")) {
                agency = m;
            }
        }
        assertThat(beijing.get("possible").asBoolean()).isTrue();
        assertThat(beijing.get("min_amount").asText()).isEqualTo("50000.00");
        assertThat(beijing.get("max_amount").asText()).isEqualTo("50000.00");
        assertThat(beijing.get("year").asInt()).isEqualTo(2025);
        assertThat(beijing.get("materials")).isNotEmpty();
        assertThat(agency.get("possible").asBoolean()).isFalse();
        assertThat(agency.get("failed").get(0).get("id").asText()).isEqualTo("applicants.kind");
    }

    @Test
    void acceptsABareSubjectAndTheAsOfOption() throws Exception {
        Path f = dir.resolve("subject.json");
        Files.writeString(f, "{\"kind\": \"enterprise\", \"registered_region\": \"330703\", \"mu_grade\": \"A\"}");
        Cli.Run r = Cli.run(
                "match", "-i", f.toString(), "--as-of", "2024-03-01", "-p", Cli.POLICIES.toString(), "-f", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("as_of").asText()).isEqualTo("2024-03-01");
        assertThat(root.get("measures").findValuesAsText("measure"))
                .contains("JD-patent-intensive")
                .doesNotContain("PG-pledge");
    }

    @Test
    void badSubjectIsAnInputError() throws Exception {
        Path f = dir.resolve("subject.json");
        Files.writeString(f, "{\"subject\": {\"kind\": \"company\"}}");
        Cli.Run r = Cli.run("match", "-i", f.toString(), "-p", Cli.POLICIES.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("subject.kind", "company", "[subject.unknown-kind]");
    }

    @Test
    void badAsOfOptionIsAUsageError() {
        Cli.Run r = match("--as-of", "2026-13-01");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--as-of");
    }

    @Test
    void acceptsACalculationFileAndUsesItsSubject() {
        Cli.Run r =
                Cli.run("match", "--input=" + Cli.EXAMPLES.resolve("demo-claim.json"), "-p", Cli.POLICIES.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("北京平谷示例科技有限公司", "PG-pledge");
    }
}

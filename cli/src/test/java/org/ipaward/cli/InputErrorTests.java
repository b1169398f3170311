package org.ipaward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input stops the calculation with exit 2 and one line per problem naming the file, the line, the field
 * path, the value and the rule (in Chinese, with the stable English key).
 */
class InputErrorTests {
    @TempDir
    Path dir;

    private Cli.Run calc(String json) throws Exception {
        Path f = dir.resolve("claim.json");
        Files.writeString(f, json, StandardCharsets.UTF_8);
        return Cli.run("calc", "--input", f.toString(), "-p", Cli.POLICIES.toString());
    }

    private static String valid(String claim) {
        return "{\n"
                + "  \"as_of\": \"2026-03-01\",\n"
                + "  \"subject\": {\"kind\": \"enterprise\", \"registered_region\": \"110117\"},\n"
                + "  \"claims\": [\n"
                + "    " + claim + "\n"
                + "  ]\n"
                + "}\n";
    }

    @Test
    void malformedJsonNamesLineAndColumn() throws Exception {
        Cli.Run r = calc(valid("{\"measure\": \"PG-pledge\" \"year\": 2025}"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("claim.json:5:", "第 5 行第", "缺少逗号", "[json.syntax]");
    }

    @Test
    void truncatedJsonIsReported() throws Exception {
        Cli.Run r = calc("{\"subject\": {\"kind\": \"enterprise\"}");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("[json.syntax]", "不完整");
    }

    @Test
    void unknownMeasureNamesTheFieldAndTheValue() throws Exception {
        Cli.Run r = calc(valid("{\"measure\": \"PG-nope\", \"year\": 2025}"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("claim.json:5: claims[0].measure:", "PG-nope", "[claim.unknown-measure]");
    }

    @Test
    void unknownMeasureOfANamedPolicyIsReportedByTheEngine() throws Exception {
        Cli.Run r = calc(valid("{\"policy\": \"pinggu-2025\", \"measure\": \"PG-nope\", \"year\": 2025}"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("claims[0].measure", "PG-nope", "[claim.unknown-measure]");
    }

    @Test
    void wrongFactTypeNamesClaimFactValueAndRule() throws Exception {
        Cli.Run r = calc(valid("{\"id\": \"c1\", \"measure\": \"PG-pledge\", \"year\": 2025,\n"
                + "     \"facts\": {\"loan_interest\": \"abc\", \"bank_loan\": \"maybe\"}}"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(2);
        assertThat(r.err())
                .contains("claim.json:6: [c1] claims[0].facts.loan_interest:", "“abc”不是数值", "[claim.fact-not-number]");
        assertThat(r.err()).contains("claims[0].facts.bank_loan", "maybe", "[claim.fact-not-boolean]");
    }

    @Test
    void undeclaredFactIsRefused() throws Exception {
        Cli.Run r =
                calc(valid("{\"measure\": \"PG-pledge\", \"year\": 2025, \"facts\": {\"loan_interest_total\": 1}}"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("claims[0].facts.loan_interest_total", "loan_interest", "[claim.unknown-fact]");
    }

    @Test
    void unknownFieldsAreRefusedAtEveryLevel() throws Exception {
        String json = "{\n"
                + "  \"as_of\": \"2026-03-01\",\n"
                + "  \"expect\": [],\n"
                + "  \"subject\": {\"kind\": \"enterprise\", \"region\": \"110117\"},\n"
                + "  \"claims\": [{\"measure\": \"PG-pledge\", \"year\": 2025, \"fact\": {}}]\n"
                + "}\n";
        Cli.Run r = calc(json);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains(
                        "claim.json:3: expect: 未知字段“expect”",
                        "claim.json:4: subject.region: 未知字段“region”",
                        "claim.json:5: claims[0].fact: 未知字段“fact”",
                        "[input.unknown-field]");
        assertThat(r.err().lines().filter(l -> l.contains("[input.unknown-field]")))
                .hasSize(3);
    }

    @Test
    void missingAndMistypedFieldsAreNamed() throws Exception {
        String json = "{\"subject\": {\"registered_region\": 110117},\n"
                + " \"claims\": [{\"measure\": \"PG-pledge\", \"year\": \"2025\"}, {\"year\": 2025}]}";
        Cli.Run r = calc(json);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains(
                        "subject.kind: 缺少主体类型 kind",
                        "subject.registered_region: 行政区划代码“110117”须写成带引号的文本",
                        "claims[0].year: 事项年度“2025”应为四位整数年份",
                        "claims[1].measure: 缺少措施编号 measure",
                        "[input.required]");
    }

    @Test
    void duplicateKeysAreRefused() throws Exception {
        Cli.Run r = calc("{\"as_of\": \"2026-03-01\",\n \"as_of\": \"2025-03-01\"}");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("claim.json:2: as_of:", "重复", "[json.duplicate-key]");
    }

    @Test
    void numbersInExponentFormAreRefused() throws Exception {
        Cli.Run r = calc(valid("{\"measure\": \"PG-pledge\", \"year\": 2025, \"facts\": {\"loan_interest\": 4e5}}"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("claims[0].facts.loan_interest", "4e5", "[json.number-exponent]");
    }

    @Test
    void decimalFactsStayExact() throws Exception {
        Cli.Run r = calc(valid("{\"measure\": \"PG-pledge\", \"year\": 2025, \"facts\": {\"right_kind\": \"patent\","
                + " \"first_rights_holder\": true, \"bank_loan\": true, \"loan_interest\": 0.03}}"));
        assertThat(r.exit()).as(r.err()).isZero();
        // 0.03 × 50% = 0.015, rounded half up to 0.02: a double would give 0.01499… and round down.
        assertThat(r.out()).contains("\"amount\": \"0.02\"");
    }

    @Test
    void moneyWithMoreThanTwoDecimalsIsRefused() throws Exception {
        Cli.Run r = calc(
                valid("{\"measure\": \"PG-pledge\", \"year\": 2025, \"facts\": {\"loan_interest\": \"100.005\"}}"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("claims[0].facts.loan_interest", "100.005", "[claim.fact-money-scale]");
    }

    @Test
    void duplicateClaimIdsAreRefused() throws Exception {
        Cli.Run r = calc(valid("{\"id\": \"a\", \"measure\": \"PG-beijing-title\", \"year\": 2025},"
                + " {\"id\": \"a\", \"measure\": \"PG-beijing-title\", \"year\": 2025}"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("claims[1].id", "[input.duplicate-claim-id]");
    }

    @Test
    void missingInputFileIsOneLine() {
        Cli.Run r = Cli.run("calc", "--input", dir.resolve("nope.json").toString(), "-p", Cli.POLICIES.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("nope.json", "不存在", "[input.not-found]");
    }

    @Test
    void folderAsInputIsOneLine() {
        Cli.Run r = Cli.run("match", "--input", dir.toString(), "-p", Cli.POLICIES.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("[input.not-a-file]");
    }

    @Test
    void emptyInputIsReported() throws Exception {
        Cli.Run r = calc("  \n");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("[json.empty]");
    }

    @Test
    void notUtf8IsReported() throws Exception {
        Path f = dir.resolve("gbk.json");
        Files.write(f, "{\"subject\": {\"name\": \"平谷\"}}".getBytes(java.nio.charset.Charset.forName("GBK")));
        Cli.Run r = Cli.run("calc", "--input", f.toString(), "-p", Cli.POLICIES.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("[input.not-utf8]");
    }
}

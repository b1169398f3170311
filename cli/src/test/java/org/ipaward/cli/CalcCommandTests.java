package org.ipaward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.model.Policy;
import org.junit.jupiter.api.Test;

/**
 * The examples calculate to the amounts the seed texts give, hand-checked:
 *
 * <ul>
 *   <li>Pinggu 三(一): China Patent Award gold, 50万元 → 500,000.00.
 *   <li>Pinggu 三(二)1: 50% of 400,000 interest = 200,000, but 每家每年…最高不超过30万元 with 150,000 already in the
 *       ledger leaves 150,000.00.
 *   <li>Pinggu 二: 仅限于专利、商标 — a copyright pledge is not eligible.
 *   <li>Pinggu 三(三)3 without the certification fee: cannot tell yet.
 *   <li>Jindong 二.1 tier 2 (8 patents, 4 more than last year) 8万元 × grade C factor 0.5 → 40,000.00.
 *   <li>Jindong 二.4: 5,000,000 × 80% × LPR 3.45% (end of 2023) × 365/360 = 139,916.67 × 0.5 → 69,958.34.
 *   <li>Jindong 二.7 silver 8万元 × 0.5 = 40,000; the city award needs a 50,000 district match, 就高不就低 → 50,000.00.
 * </ul>
 */
class CalcCommandTests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode calc(String example) throws Exception {
        Cli.Run r = Cli.run("calc", "--input", Cli.EXAMPLES.resolve(example).toString(), "-p", Cli.POLICIES.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static JsonNode result(JsonNode calc, String claim) {
        for (JsonNode r : calc.get("results")) {
            if (r.get("claim").asText().equals(claim)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + claim);
    }

    @Test
    void pingguDemoGivesTheSeedAmounts() throws Exception {
        JsonNode c = calc("demo-claim.json");
        assertThat(c.get("as_of").asText()).isEqualTo("2026-03-01");
        assertThat(c.get("total").asText()).isEqualTo("650000.00");
        assertThat(c.get("total_by_policy").get("pinggu-2025").asText()).isEqualTo("650000.00");

        JsonNode gold = result(c, "c1-patent-award");
        assertThat(gold.get("status").asText()).isEqualTo("eligible");
        assertThat(gold.get("amount").asText()).isEqualTo("500000.00");
        assertThat(gold.get("clause").asText()).isEqualTo("三(一)");

        JsonNode pledge = result(c, "c2-pledge");
        assertThat(pledge.get("amount").asText()).isEqualTo("150000.00");
        assertThat(pledge.get("base_amount").asText()).isEqualTo("200000.00");
        JsonNode cap = pledge.get("caps").get(0);
        assertThat(cap.get("id").asText()).isEqualTo("per-year");
        assertThat(cap.get("bound").asBoolean()).isTrue();
        assertThat(cap.get("used").asText()).isEqualTo("150000.00");
        assertThat(pledge.get("ledger_entry").get("amount").asText()).isEqualTo("150000.00");

        JsonNode copyright = result(c, "c3-copyright-pledge");
        assertThat(copyright.get("status").asText()).isEqualTo("not_eligible");
        assertThat(copyright.get("amount").isNull()).isTrue();
        assertThat(copyright.get("failed").get(0).get("id").asText()).isEqualTo("applicants.ip-kind");
        assertThat(copyright.get("ledger_entry").isNull()).isTrue();

        JsonNode gbt = result(c, "c4-gbt29490");
        assertThat(gbt.get("status").asText()).isEqualTo("undetermined");
        assertThat(gbt.get("missing_facts")).extracting(JsonNode::asText).containsExactly("certification_fee");
        assertThat(gbt.get("missing_materials")).extracting(JsonNode::asText).containsExactly("fee_receipts");
    }

    @Test
    void jindongDemoAppliesTierGradeFactorAndMatching() throws Exception {
        JsonNode c = calc("jindong-claim.json");
        JsonNode intensive = result(c, "j1-patent-intensive");
        assertThat(intensive.get("tier").asText()).isEqualTo("tier2");
        assertThat(intensive.get("tier_label").get("zh").asText()).isEqualTo("第二档：不少于5件且比上年增长3件以上");
        assertThat(intensive.get("base_amount").asText()).isEqualTo("80000.00");
        assertThat(intensive.get("amount").asText()).isEqualTo("40000.00");
        assertThat(result(c, "j2-pledge").get("amount").asText()).isEqualTo("69958.34");
        assertThat(result(c, "j3-patent-award").get("amount").asText()).isEqualTo("50000.00");
        assertThat(c.get("total").asText()).isEqualTo("159958.34");
    }

    @Test
    void moneyIsAlwaysADecimalStringWithTwoPlaces() throws Exception {
        JsonNode c = calc("demo-claim.json");
        for (JsonNode r : c.get("results")) {
            if (!r.get("amount").isNull()) {
                assertThat(r.get("amount").isTextual()).isTrue();
                assertThat(r.get("amount").asText()).matches("\\d+\\.\\d{2}");
            }
            for (JsonNode s : r.get("trace")) {
                assertThat(s.get("amount").isNull() || s.get("amount").isTextual())
                        .isTrue();
            }
        }
        assertThat(c.get("total").isTextual()).isTrue();
    }

    @Test
    void textExplainsEachStepWithClausesAndQuotesTheSourceOncePerClaim() throws Exception {
        Cli.Run r = Cli.run(
                "calc",
                "--input",
                Cli.EXAMPLES.resolve("demo-claim.json").toString(),
                "--format",
                "text",
                "-p",
                Cli.POLICIES.toString());
        assertThat(r.exit()).isZero();
        String text = r.out();
        assertThat(text)
                .contains(
                        "【1】中国专利奖奖励〔三(一)〕",
                        "核定金额：500,000.00 元",
                        "核定金额：150,000.00 元",
                        "〔三(二)1〕",
                        "结论：不符合条件",
                        "[applicants.ip-kind]",
                        "结论：暂无法判断（待补充）",
                        "certification_fee",
                        "合计（符合条件的申报）：650,000.00 元");
        assertThat(text).containsPattern("\\n +1\\. 依据《");
        Policy pinggu = pinggu();
        String quote = pinggu.measure("PG-pledge").quote();
        // Two claims under PG-pledge, the source quoted once in each.
        assertThat(count(text, quote)).isEqualTo(2);
        assertThat(count(text, pinggu.measure("PG-patent-award").quote())).isEqualTo(1);
    }

    @Test
    void explainIsCalcAsText() {
        String input = Cli.EXAMPLES.resolve("jindong-claim.json").toString();
        Cli.Run explain = Cli.run("explain", "--input", input, "-p", Cli.POLICIES.toString());
        Cli.Run calc = Cli.run("calc", "--input", input, "-f", "text", "-p", Cli.POLICIES.toString());
        assertThat(explain.exit()).isZero();
        assertThat(explain.out()).isEqualTo(calc.out()).contains("亩均效益", "就高不就低", "159,958.34 元");
    }

    @Test
    void readsStandardInputForDash() throws Exception {
        byte[] json = Files.readAllBytes(Cli.EXAMPLES.resolve("demo-claim.json"));
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(json));
            Cli.Run r = Cli.run("calc", "--input", "-", "-p", Cli.POLICIES.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(JSON.readTree(r.out()).get("total").asText()).isEqualTo("650000.00");
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void asOfDefaultsToToday() throws Exception {
        String in = "{\"subject\":{\"kind\":\"enterprise\",\"registered_region\":\"110117\"},"
                + "\"claims\":[{\"measure\":\"PG-beijing-title\",\"year\":2025}]}";
        java.nio.file.Path f = Files.createTempFile("ipaward", ".json");
        try {
            Files.writeString(f, in, StandardCharsets.UTF_8);
            Cli.Run r = Cli.run("calc", "-i", f.toString(), "-p", Cli.POLICIES.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(JSON.readTree(r.out()).get("as_of").asText())
                    .isEqualTo(java.time.LocalDate.now().toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    static Policy pinggu() {
        List<Policy> ps = PolicyLoader.load(List.of(Cli.POLICIES.resolve("pinggu-2025")));
        return ps.get(0);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}

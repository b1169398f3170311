package org.ipaward.server.web.open;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.security.Browser;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;

/**
 * The calculator page: Chinese and English, a known case of the Pinggu policy's own cases (质押贷款利息 40 万元，
 * 按 50% 贴息 20 万元, policies/pinggu-2025/cases/utilization.yaml), what is missing, and refused input.
 */
class CalculatorPageTests extends ServerTest {
    private static Map<String, String> pledge(String interest) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("policy", "pinggu-2025");
        form.put("kind", "enterprise");
        form.put("registered_region", "110117");
        form.put("measure", "PG-pledge");
        form.put("f.PG-pledge.right_kind", "patent");
        form.put("f.PG-pledge.first_rights_holder", "true");
        form.put("f.PG-pledge.bank_loan", "true");
        if (interest != null) {
            form.put("f.PG-pledge.loan_interest", interest);
        }
        return form;
    }

    private Browser browser() {
        Browser b = new Browser(port);
        assertThat(b.page("/calculator").status()).isEqualTo(200);
        return b;
    }

    @Test
    void thePageOffersThePoliciesSubjectAndMeasuresInChineseAndEnglish() {
        Browser b = new Browser(port);
        Api.Response zh = b.page("/calculator?lang=zh");
        assertThat(zh.status()).isEqualTo(200);
        assertThat(zh.body())
                .contains("政策计算器")
                .contains("id=\"calc-form\"")
                .contains("id=\"calc-policy\"")
                .contains("<label class=\"form-label\" for=\"calc-kind\">主体类型</label>")
                .contains("id=\"calc-measure-PG-pledge\"")
                .contains("知识产权质押融资贴息")
                .contains("〔三(二)1〕")
                .contains("id=\"calc-fact-PG-pledge-loan_interest\"")
                .contains("当年实际支付的质押贷款利息")
                .contains("请勾选至少一项措施")
                .contains("/js/public.js")
                .doesNotContain("Policy calculator");
        Api.Response en = b.page("/calculator?lang=en");
        assertThat(en.body())
                .contains("Policy calculator")
                .contains("Kind of applicant")
                .contains("IP pledge financing interest subsidy")
                .contains("Interest paid on the pledge loan in the year")
                .doesNotContain("主体类型</label>");
        Api.Response jindong = b.page("/calculator?policy=jindong-2023&lang=zh");
        assertThat(jindong.body())
                .as("Jindong grades awards by 亩均效益, Pinggu does not")
                .contains("id=\"calc-mu-grade\"")
                .contains("征求意见稿");
        assertThat(b.page("/calculator?policy=pinggu-2025&lang=zh").body()).doesNotContain("id=\"calc-mu-grade\"");
        assertThat(b.page("/calculator?policy=nowhere-1999").status()).isEqualTo(404);
    }

    @Test
    void postedFactsGiveThePolicysAmountWithTheExplanation() {
        Browser b = browser();
        Api.Response r = b.postForm("/calculator?lang=zh", pledge("400000"), true);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body())
                .contains("id=\"calc-total\" data-total=\"200000.00\"")
                .contains("200,000.00 元")
                .contains("符合条件 1 项，待补充信息 0 项，不符合条件 0 项")
                .contains("data-measure=\"PG-pledge\"")
                .contains("data-status=\"eligible\"")
                .contains("贷款年利息×贴息比例")
                .contains("政策原文〔三(二)1〕")
                .contains("value=\"400000\"");
        // the link keeps the state: the same result from a GET
        String share = r.body()
                .replaceAll("(?s).*id=\"calc-share\" href=\"([^\"]+)\".*", "$1")
                .replace("&amp;", "&");
        assertThat(share).startsWith("/calculator?policy=pinggu-2025").contains("measure=PG-pledge");
        Api.Response again = new Browser(port).page(share);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("data-total=\"200000.00\"");

        // over the cap: 60 万元 of interest gives the yearly cap of 30 万元
        assertThat(b.postForm("/calculator", pledge("600000.02"), true).body()).contains("data-total=\"300000.00\"");
    }

    @Test
    void htmxGetsOnlyTheResultsAndTheAddressOfTheState() {
        Browser b = browser();
        Api.Response r = b.postForm("/calculator/results", pledge("100000.01"), true);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body())
                .doesNotContain("<html")
                .doesNotContain("id=\"calc-form\"")
                .contains("data-total=\"50000.01\"");
        assertThat(r.header("HX-Replace-Url"))
                .startsWith("/calculator?policy=pinggu-2025")
                .contains("f.PG-pledge.loan_interest=100000.01");
    }

    @Test
    void theTierMetIsNamedByItsLabelNotItsId() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("policy", "jindong-2023");
        form.put("kind", "enterprise");
        form.put("registered_region", "330703");
        form.put("mu_grade", "A");
        form.put("measure", "JD-patent-intensive");
        String f = "f.JD-patent-intensive.";
        form.put(f + "gbt29490_certified", "true");
        form.put(f + "gbt29490_implemented", "true");
        form.put(f + "invention_patents", "8");
        form.put(f + "invention_patents_prev_year", "4");
        form.put(f + "annual_sales", "12000000");
        form.put(f + "total_revenue", "12500000");
        form.put(f + "patent_product_sales", "4000000");
        form.put(f + "training_rate", "100");
        Browser b = browser();
        Api.Response zh = b.postForm("/calculator?lang=zh", form, true);
        assertThat(zh.status()).as(zh.body()).isEqualTo(200);
        assertThat(zh.body())
                .contains("data-status=\"eligible\"")
                .contains("适用档次：第二档：不少于5件且比上年增长3件以上")
                .doesNotContain("tier2");
        Api.Response en = b.postForm("/calculator?lang=en", form, true);
        assertThat(en.body()).contains("Tier: Tier 2: at least 5, and at least 3 more than last year");
    }

    @Test
    void aMissingFactIsNamedAsMissing() {
        Browser b = browser();
        Api.Response r = b.postForm("/calculator?lang=zh", pledge(null), true);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body())
                .contains("data-status=\"undetermined\"")
                .contains("尚缺以下信息")
                .contains("事实：当年实际支付的质押贷款利息")
                .contains("data-total=\"0.00\"")
                .contains("待补充信息 1 项");
    }

    @Test
    void badInputIsA400NamingTheFieldValueAndRuleNextToTheField() {
        Browser b = browser();
        Api.Response letter = b.postForm("/calculator?lang=zh", pledge("12a"), true);
        assertThat(letter.status()).isEqualTo(400);
        assertThat(letter.body())
                .contains("id=\"problem\"")
                .contains("claims[1].facts.loan_interest")
                .containsPattern("id=\"err-calc-fact-PG-pledge-loan_interest\"[^>]*>\\s*<span>“12a”不是数值</span>")
                .contains("（填写的值：12a）")
                .contains("aria-invalid=\"true\"")
                .doesNotContain("data-total=");
        Api.Response negative = b.postForm("/calculator/results?lang=en", pledge("-5"), true);
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body()).contains("below minimum 0").contains("err-calc-fact-PG-pledge-loan_interest");

        Map<String, String> year = pledge("400000");
        year.put("year", "twenty");
        Api.Response badYear = b.postForm("/calculator?lang=zh", year, true);
        assertThat(badYear.status()).isEqualTo(400);
        assertThat(badYear.body()).containsPattern("id=\"err-calc-year\"[^>]*>\\s*<span>事项年度须为四位数的年份");

        Map<String, String> region = pledge("400000");
        region.put("registered_region", "Pinggu");
        Api.Response badRegion = b.postForm("/calculator?lang=zh", region, true);
        assertThat(badRegion.status()).isEqualTo(400);
        assertThat(badRegion.body())
                .containsPattern("id=\"err-calc-registered-region\"[^>]*>\\s*<span>行政区划代码“Pinggu”无效");
    }

    @Test
    void theApiAndThePageShareOneCalculationAndTheApiNamesTheClaimOfABadFact() {
        Api.Response r = api.anonymous()
                .post(
                        "/api/public/calculate",
                        Map.of(
                                "policy_id",
                                "pinggu-2025",
                                "subject",
                                Map.of("kind", "enterprise", "registered_region", "110117"),
                                "claims",
                                List.of(Map.of("measure", "PG-pledge", "facts", Map.of("loan_interest", "lots")))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("claims[1].facts.loan_interest");
        assertThat(r.json().get("errors").get(0).get("value").asString()).isEqualTo("lots");
    }
}

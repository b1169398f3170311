package org.ipaward.server.web.open;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.publicity.PublicityService;
import org.ipaward.server.security.Browser;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The publicity pages and the online objection form, over HTTP without signing in. */
class PublicityPagesTests extends ServerTest {
    @Autowired
    Fixtures fx;

    @Autowired
    PublicityService publicity;

    @Autowired
    JdbcClient jdbc;

    private String roundTitle(long round) {
        return jdbc.sql("select title from round where id = ?")
                .param(round)
                .query(String.class)
                .single();
    }

    @Test
    void theListsShowAPublicisedAwardAndAnApprovedOneNot() {
        long round = Awards.round(fx);
        Awards.Award shown = Awards.publicised(api, fx, round, "北京平谷公示页科技有限公司");
        Awards.Award approved = Awards.approved(api, fx, round, "北京平谷尚未公示有限公司");

        Browser b = new Browser(port);
        Api.Response rounds = b.page("/publicity?lang=zh");
        assertThat(rounds.status()).isEqualTo(200);
        assertThat(rounds.body())
                .contains("拟奖补名单公示")
                .contains("id=\"pub-round-" + round + "\"")
                .contains(roundTitle(round))
                .contains("1 项公示中");
        assertThat(b.page("/publicity?q=" + roundTitle(round).substring(0, 6)).body())
                .contains("id=\"pub-round-" + round + "\"");
        assertThat(b.page("/publicity?q=no-such-round-title").body())
                .contains("没有符合搜索条件的批次")
                .doesNotContain("id=\"pub-round-" + round + "\"");
        for (String wildcard : List.of("%25", "_", "%5C%25")) { // %, _ and \% are text, not LIKE's wildcards
            assertThat(b.page("/publicity?q=" + wildcard).body()).as(wildcard).contains("没有符合搜索条件的批次");
        }

        Api.Response list = b.page("/publicity/" + round + "?lang=zh");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body())
                .contains("id=\"pub-" + shown.no() + "\"")
                .contains(shown.subjectName())
                .contains("知识产权质押融资贴息")
                .contains("200,000.00 元")
                .contains("公示中")
                .contains("id=\"object-" + shown.no() + "\"")
                .contains("href=\"/api/public/rounds/" + round + "/publicity.xlsx\"")
                .doesNotContain(approved.no());
        assertThat(b.page("/publicity/" + round + "?q=" + shown.no()).body()).contains("id=\"pub-" + shown.no() + "\"");
        assertThat(b.page("/publicity/" + round + "?q=nothing-like-this").body())
                .contains("没有符合搜索条件的公示项")
                .doesNotContain("id=\"pub-" + shown.no() + "\"");
        assertThat(b.page("/publicity/" + round + "?lang=en").body())
                .contains("IP pledge financing interest subsidy")
                .contains("In publicity")
                .contains("Download the list (Excel)");
        assertThat(api.anonymous()
                        .get("/api/public/rounds/" + round + "/publicity.xlsx")
                        .status())
                .isEqualTo(200);
        assertThat(b.page("/publicity/999999999").status()).isEqualTo(404);
    }

    @Test
    void theObjectionFormFilesAnObjectionStaffSeeAndRefusesEmptyText() {
        long round = Awards.round(fx);
        Awards.Award a = Awards.publicised(api, fx, round, "北京平谷异议表单科技有限公司");
        Browser b = new Browser(port);
        Api.Response form = b.page("/publicity/" + round + "/objection?no=" + a.no() + "&lang=zh");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body())
                .contains("id=\"objection-form\"")
                .contains("<label class=\"form-label\" for=\"objection-name\">")
                .contains("<label class=\"form-label\" for=\"objection-contact\">")
                .contains("<label class=\"form-label\" for=\"objection-text\">")
                .contains("对申报 " + a.no() + " 提出异议");

        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("application_no", a.no());
        fields.put("filer_name", "王某");
        fields.put("contact", "13900001111");
        fields.put("text", "   ");
        Api.Response empty = b.postForm("/publicity/" + round + "/objection?lang=zh", fields, true);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body())
                .contains("id=\"problem\"")
                .containsPattern("id=\"err-objection-text\">\\s*<span>请写明异议事实和理由（5 至 5000 字）</span>")
                .contains("value=\"王某\"")
                .contains("value=\"13900001111\"");
        assertThat(publicity.forRound(round, null)).isEmpty();

        fields.put("text", "该企业质押贷款并非以专利权质押，请核查。");
        Api.Response filed = b.postForm("/publicity/" + round + "/objection", fields, true);
        assertThat(filed.status()).as(filed.body()).isEqualTo(302);
        assertThat(filed.header("Location")).endsWith("/publicity/" + round + "/objection/received");
        List<PublicityService.Objection> seen = publicity.forRound(round, "open");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).applicationNo()).isEqualTo(a.no());
        assertThat(seen.get(0).filerName()).isEqualTo("王某");
        assertThat(seen.get(0).filerContact()).isNotEqualTo("13900001111").as("masked");
        assertThat(seen.get(0).text()).isEqualTo("该企业质押贷款并非以专利权质押，请核查。");

        Api.Response receipt = b.page("/publicity/" + round + "/objection/received?lang=zh");
        assertThat(receipt.status()).isEqualTo(200);
        assertThat(receipt.body())
                .contains("异议已收到")
                .contains("id=\"objection-number\">异议编号：" + seen.get(0).id() + "<")
                .contains(a.no())
                .contains("接下来会怎样");

        // without the CSRF token the form is refused and nothing is filed
        Api.Response forged = new Browser(port).postForm("/publicity/" + round + "/objection", fields, false);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(publicity.forRound(round, null)).hasSize(1);
    }

    @Test
    void anAwardNotInPublicityCannotBeObjectedTo() {
        long round = Awards.round(fx);
        Awards.Award approved = Awards.approved(api, fx, round, "北京平谷未公示异议有限公司");
        Browser b = new Browser(port);
        assertThat(b.page("/publicity/" + round + "/objection?no=" + approved.no())
                        .status())
                .as("not listed at all")
                .isEqualTo(404);
        Map<String, String> fields =
                Map.of("application_no", approved.no(), "filer_name", "李某", "text", "不应获得奖补，理由如下。");
        assertThat(b.postForm("/publicity/" + round + "/objection", fields, true)
                        .status())
                .isEqualTo(404);
        assertThat(publicity.forRound(round, null)).isEmpty();
    }
}

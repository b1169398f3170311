package org.ipaward.server.web.open;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ipaward.server.publicity.PublicityService;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The objection's contact must be a mainland phone number or an e-mail address; with it and the objection
 * number anyone can look up the status and the office's answer, without signing in, and a wrong number and a
 * wrong contact get the same answer.
 */
class ObjectionLookupPagesTests extends ServerTest {
    private static final Pattern PROBLEM = Pattern.compile("<div[^>]*id=\"problem\".*?</div>", Pattern.DOTALL);

    @Autowired
    Fixtures fx;

    @Autowired
    PublicityService publicity;

    private Api.Response file(Browser b, long round, String no, String contact) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("application_no", no);
        fields.put("filer_name", "赵某");
        fields.put("contact", contact);
        fields.put("text", "该企业的质押登记不在申报年度内，请核查。");
        return b.postForm("/publicity/" + round + "/objection?lang=zh", fields, true);
    }

    private static Api.Response lookup(Browser b, String number, String contact) {
        return b.postForm("/publicity/objections?lang=zh", Map.of("number", number, "contact", contact), true);
    }

    private static String problem(Api.Response r) {
        Matcher m = PROBLEM.matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return m.group();
    }

    @Test
    void theContactMustBeAPhoneNumberOrAnEmailAddress() {
        long round = Awards.round(fx);
        Awards.Award a = Awards.publicised(api, fx, round, "北京平谷异议联系方式科技有限公司");
        Browser b = new Browser(port);
        b.page("/publicity/" + round + "/objection?no=" + a.no());
        for (String bad : new String[] {"微信 wx123", "12345", "2380013800", "name@", "139000011112"}) {
            Api.Response refused = file(b, round, a.no(), bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.body())
                    .as(bad)
                    .containsPattern("id=\"err-objection-contact\">\\s*<span>联系方式应为中国大陆手机号、带区号的固定电话或电子邮箱");
        }
        Api.Response api400 = api.anonymous()
                .post(
                        "/api/public/objections",
                        Map.of(
                                "application_no",
                                a.no(),
                                "filer_name",
                                "赵某",
                                "contact",
                                "qq:12345",
                                "text",
                                "金额有误，请核查。"));
        assertThat(api400.status()).isEqualTo(400);
        assertThat(api400.json().get("key").asString()).isEqualTo("objection.contact_format");
        assertThat(api400.json().get("errors").get(0).get("field").asString()).isEqualTo("contact");
        assertThat(publicity.forRound(round, null)).isEmpty();

        for (String good : new String[] {"13900001111", "+86 139-0000-1111", "010-12345678", "Zhao.Mou@Example.com"}) {
            assertThat(file(b, round, a.no(), good).status()).as(good).isEqualTo(302);
        }
        assertThat(publicity.forRound(round, null))
                .extracting(PublicityService.Objection::filerContact)
                .containsExactly("139****1111", "139****1111", "010****5678", "Z***@Example.com");
    }

    @Test
    void anyoneLooksUpTheStatusAndAnswerWithTheNumberAndTheContact() {
        long round = Awards.round(fx);
        Awards.Award a = Awards.publicised(api, fx, round, "北京平谷异议查询科技有限公司");
        Browser b = new Browser(port);
        Api.Response form = b.page("/publicity/objections?lang=zh");
        assertThat(form.status()).as("no sign-in needed").isEqualTo(200);
        assertThat(form.body())
                .contains("查询异议处理结果")
                .contains("<label class=\"form-label\" for=\"lookup-number\">")
                .contains("<label class=\"form-label\" for=\"lookup-contact\">");
        assertThat(b.page("/publicity?lang=zh").body()).contains("href=\"/publicity/objections\"");

        assertThat(file(b, round, a.no(), "13900004444").status()).isEqualTo(302);
        assertThat(b.page("/publicity/" + round + "/objection/received?lang=zh").body())
                .contains("href=\"/publicity/objections\"");
        assertThat(file(b, round, a.no(), "Qian@Example.com").status()).isEqualTo(302);
        Map<String, String> noContact = new LinkedHashMap<>();
        noContact.put("application_no", a.no());
        noContact.put("filer_name", "匿名");
        noContact.put("text", "申报材料与实际不符，请核查。");
        assertThat(b.postForm("/publicity/" + round + "/objection", noContact, true)
                        .status())
                .isEqualTo(302);
        var filed = publicity.forRound(round, null);
        assertThat(filed).hasSize(3);
        String byPhone = String.valueOf(filed.get(0).id());
        String byMail = String.valueOf(filed.get(1).id());
        String without = String.valueOf(filed.get(2).id());

        Api.Response open = lookup(b, byPhone, "139-0000-4444");
        assertThat(open.status()).as(open.body()).isEqualTo(200);
        assertThat(open.body())
                .contains("id=\"objection-status\"")
                .contains("id=\"objection-status-label\">处理中<")
                .contains("尚未答复")
                .doesNotContain("赵某")
                .doesNotContain("质押登记不在申报年度内")
                .doesNotContain(a.no())
                .doesNotContain(a.subjectName());
        assertThat(lookup(b, byMail, " qian@example.COM ").status()).isEqualTo(200);

        Api.As approver = api.login(fx.user(null, Role.APPROVER), Fixtures.PASSWORD);
        Api.Response decided = approver.post(
                "/api/objections/" + byPhone + "/decision",
                Map.of("outcome", "dismissed", "resolution", "经核实，质押登记日期在申报年度内，异议不成立。"));
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        Api.Response answered = lookup(b, byPhone, "13900004444");
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.body())
                .contains("id=\"objection-status-label\">异议不成立<")
                .contains("经核实，质押登记日期在申报年度内，异议不成立。");
        assertThat(b.page("/publicity/objections?lang=en").body()).contains("Look up an objection");

        // A wrong contact, a wrong number, and an objection filed without a contact: one answer, one status.
        Api.Response wrongContact = lookup(b, byPhone, "13900005555");
        Api.Response wrongNumber = lookup(b, String.valueOf(Long.parseLong(byPhone) + 1_000_000), "13900004444");
        Api.Response otherFilers = lookup(b, byMail, "13900004444");
        Api.Response noneGiven = lookup(b, without, "13900004444");
        Api.Response notANumber = lookup(b, "abc", "13900004444");
        for (Api.Response r : new Api.Response[] {wrongContact, wrongNumber, otherFilers, noneGiven, notANumber}) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(problem(r)).isEqualTo(problem(wrongContact)).contains("异议编号与联系方式不匹配");
            assertThat(r.body()).doesNotContain("id=\"objection-status\"").doesNotContain("经核实");
        }

        Api.Response blank = lookup(b, "", "");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body()).contains("请填写异议编号").contains("请填写提出异议时留下的联系方式");
        assertThat(new Browser(port)
                        .postForm("/publicity/objections", Map.of("number", byPhone, "contact", "13900004444"), false)
                        .status())
                .as("the lookup form needs its CSRF token")
                .isEqualTo(403);
    }
}

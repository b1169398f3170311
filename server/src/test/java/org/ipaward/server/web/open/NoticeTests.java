package org.ipaward.server.web.open;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The approval notice: PDF and print view for the filer and staff, refused to others and before approval. */
class NoticeTests extends ServerTest {
    @Autowired
    Fixtures fx;

    @Autowired
    NoticePdf pdf;

    @Autowired
    JdbcClient jdbc;

    private Browser signedIn(String user) {
        Browser b = new Browser(port);
        Api.Response r = b.login(user, Fixtures.PASSWORD);
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).doesNotContain("error");
        return b;
    }

    private static String text(byte[] bytes) throws IOException {
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    @Test
    void theFilerAndStaffGetThePdfWithTheChineseNameAmountAndCapitals() throws IOException {
        long round = Awards.round(fx);
        Awards.Award a = Awards.approved(api, fx, round, "北京平谷通知书科技有限公司");

        Api.Response mine = signedIn(a.applicant()).get("/applications/" + a.id() + "/notice.pdf");
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        assertThat(mine.header("Content-Type")).startsWith("application/pdf");
        assertThat(new String(mine.bytes(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        String text = text(mine.bytes()).replaceAll("\\s+", "");
        assertThat(text)
                .contains("知识产权奖补审批通知书")
                .contains(a.subjectName().replaceAll("\\s+", ""))
                .contains("北京平谷通知书科技有限公司")
                .contains(a.no())
                .contains("知识产权质押融资贴息")
                .contains("200,000.00元")
                .contains("人民币贰拾万元整")
                .contains("平谷区市场监督管理局（知识产权局）")
                .contains("贷款年利息×贴息比例")
                .contains("本批次按预算比例分配")
                .contains("你单位依据") // an enterprise is addressed as 你单位, a person as 你
                .doesNotContain("（你）");
        assertThat(count("select count(*) from audit_log where action = 'export.notice' and target_id = ?", a.id()))
                .isEqualTo(1);

        String staff = fx.user(null, Role.FINANCE);
        Api.Response forStaff = signedIn(staff).get("/applications/" + a.id() + "/notice.pdf");
        assertThat(forStaff.status()).isEqualTo(200);
        assertThat(text(forStaff.bytes())).contains("贰拾万元整");

        Api.Response page = signedIn(a.applicant()).page("/applications/" + a.id() + "/notice?lang=zh");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"notice\"")
                .contains("id=\"notice-capitals\">人民币贰拾万元整<")
                .contains("href=\"/applications/" + a.id() + "/notice.pdf\"")
                .contains("政策原文〔三(二)1〕");
    }

    @Test
    void afterAnUpheldObjectionTheExplanationEndsAtTheAmendedAmount() throws IOException {
        long round = Awards.round(fx);
        Awards.Award a = Awards.publicised(
                api,
                fx,
                round,
                "北京平谷异议调整科技有限公司",
                Map.of("claims", List.of(Map.of("seq", 1, "amount", "90000.50", "reason", "部分贷款用于非生产经营"))));
        Api.As approver = api.login(fx.user(null, Role.APPROVER), Fixtures.PASSWORD);
        Api.Response filed = a.acceptor()
                .post("/api/applications/" + a.id() + "/objections", Map.of("filer_name", "匿名来信", "text", "贷款利息虚报。"));
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        Api.Response upheld = approver.post(
                "/api/objections/" + filed.json().get("id").asLong() + "/decision",
                Map.of(
                        "outcome", "upheld",
                        "effect", "amend",
                        "resolution", "经核实利息为十六万元",
                        "claims", List.of(Map.of("seq", 1, "amount", "80000.00"))));
        assertThat(upheld.status()).as(upheld.body()).isEqualTo(200);

        // The application (API and the applicant's page): the review, then the objection, ending at 80,000.00.
        JsonNode claim = a.applicantApi()
                .get("/api/applications/" + a.id())
                .json()
                .get("claims")
                .get(0);
        assertThat(claim.get("final_amount").asString()).isEqualTo("80000.00");
        JsonNode trace = claim.get("result").get("trace");
        JsonNode review = trace.get(trace.size() - 2);
        JsonNode objection = trace.get(trace.size() - 1);
        assertThat(review.get("kind").asString()).isEqualTo("review");
        assertThat(review.get("amount").asString()).isEqualTo("90000.50");
        assertThat(review.get("zh").asString()).isEqualTo("审核调整：按政策核定 200,000.00 元，审核核定 90,000.50 元；理由：部分贷款用于非生产经营");
        assertThat(objection.get("kind").asString()).isEqualTo("objection");
        assertThat(objection.get("amount").asString()).isEqualTo("80000.00");
        assertThat(objection.get("zh").asString()).isEqualTo("异议成立，调整金额：由 90,000.50 元调整为 80,000.00 元；理由：经核实利息为十六万元");
        assertThat(signedIn(a.applicant())
                        .page("/portal/applications/" + a.id() + "?lang=zh")
                        .body())
                .contains("由 90,000.50 元调整为 80,000.00 元；理由：经核实利息为十六万元");

        // The notice: the table and the explanation agree.
        Api.Response notice = signedIn(a.applicant()).get("/applications/" + a.id() + "/notice.pdf?lang=zh");
        assertThat(notice.status()).as(notice.body()).isEqualTo(200);
        String text = text(notice.bytes()).replaceAll("\\s+", "");
        assertThat(text)
                .contains("人民币捌万元整")
                .contains("审核调整：按政策核定200,000.00元，审核核定90,000.50元")
                .contains("部分贷款用于非生产经营90,000.50元")
                .contains("理由：经核实利息为十六万元80,000.00元");
    }

    @Test
    void anotherApplicantIsRefusedADraftHasNoNoticeAndStrangersMustSignIn() {
        long round = Awards.round(fx);
        Awards.Award approved = Awards.approved(api, fx, round, "北京平谷通知书甲有限公司");
        Awards.Award draft = Awards.draft(api, fx, round, "北京平谷通知书乙有限公司");

        Browser other = signedIn(draft.applicant());
        Api.Response refused = other.get("/applications/" + approved.id() + "/notice.pdf");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("text/html");
        assertThat(refused.body()).contains("access.denied").doesNotContain("%PDF");
        assertThat(other.page("/applications/" + approved.id() + "/notice").status())
                .isEqualTo(403);

        Api.Response notYet = other.get("/applications/" + draft.id() + "/notice.pdf?lang=zh");
        assertThat(notYet.status()).isEqualTo(409);
        assertThat(notYet.body()).contains("notice.not_approved").contains("尚未批准");
        assertThat(signedIn(fx.user(null, Role.REVIEWER))
                        .get("/applications/" + draft.id() + "/notice.pdf")
                        .status())
                .isEqualTo(409);
        assertThat(other.get("/applications/999999999/notice.pdf").status()).isEqualTo(404);

        Api.Response anonymous = new Browser(port).page("/applications/" + approved.id() + "/notice.pdf");
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.header("Location")).endsWith("/login");
    }

    @Test
    void aMissingFontIsA503WithAClearMessageNotA500() {
        long round = Awards.round(fx);
        Awards.Award a = Awards.approved(api, fx, round, "北京平谷缺字体有限公司");
        Path before = pdf.font();
        pdf.useFont(Path.of("/nonexistent/wqy-microhei.ttc"));
        try {
            Api.Response r = signedIn(a.applicant()).get("/applications/" + a.id() + "/notice.pdf?lang=zh");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.header("Content-Type")).startsWith("text/html");
            assertThat(r.body()).contains("pdf.font_missing").contains("中文字体");
        } finally {
            pdf.useFont(before);
        }
    }

    private long count(String sql, long id) {
        return jdbc.sql(sql).param(String.valueOf(id)).query(Long.class).single();
    }
}

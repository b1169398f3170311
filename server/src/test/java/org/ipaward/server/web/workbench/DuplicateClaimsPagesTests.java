package org.ipaward.server.web.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.subject.ids.PatentNumbers;
import org.ipaward.server.support.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Possible duplicate claims (疑似重复申报): two claims of one policy whose measure's one-off cap ({@code once: true})
 * is keyed on the same values — normalised, so {@code zl 202310 123456.6} is {@code ZL202310123456.6} — are shown
 * to the staff on the review page, in the queue and in the JSON view, each naming the other; never to the
 * applicants; not for a rejected (released) application, not across subjects when the cap is kept per subject, and
 * never for a yearly amount cap.
 */
class DuplicateClaimsPagesTests extends WorkbenchTestBase {
    private static final SecureRandom RANDOM = new SecureRandom();

    @BeforeEach
    void someoneCreatesTheRounds() {
        fx.user(null, Role.POLICY_ADMIN); // a round names its creator
    }

    @Test
    void twoApplicantsClaimingOnePatentAreShownToTheStaffEachNamingTheOther() {
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        String number = patentNumber();
        // the same number as a person might type it: lower case, spaces
        String typed = "zl " + number.substring(2, 8) + " " + number.substring(8);
        long subjectA = fx.enterprise("查重甲科技有限公司", "110117");
        long subjectB = fx.enterprise("查重乙科技有限公司", "110117");
        long subjectC = fx.enterprise("查重丙科技有限公司", "110117");
        Api.As a = as(fx.user(subjectA, Role.APPLICANT));
        Api.As b = as(fx.user(subjectB, Role.APPLICANT));
        Api.As c = as(fx.user(subjectC, Role.APPLICANT));
        long first = patentAward(a, round, number);
        long second = patentAward(b, round, typed);
        long other = patentAward(c, round, patentNumber());

        Api.As acceptor = as(fx.user(null, Role.ACCEPTOR));
        JsonNode d1 = only(duplicates(acceptor, first, 1));
        assertThat(d1.get("application_id").asLong()).isEqualTo(second);
        assertThat(d1.get("application_no").asString()).isEqualTo(no(second));
        assertThat(d1.get("claim_seq").asInt()).isEqualTo(1);
        assertThat(d1.get("state").get("id").asString()).isEqualTo("submitted");
        assertThat(d1.get("subject_name").asString()).startsWith("查重乙科技有限公司");
        assertThat(d1.get("cap").asString()).isEqualTo("once-per-patent");
        assertThat(d1.get("keys").size()).isEqualTo(1);
        assertThat(d1.get("keys").get(0).get("name").asString()).isEqualTo("patent_number");
        assertThat(d1.get("keys").get(0).get("value").asString()).isEqualTo(number);
        assertThat(d1.get("keys").get(0).get("other_value").asString()).isEqualTo(typed);
        assertThat(d1.get("message").get("zh").asString())
                .startsWith("疑似重复申报：申报 " + no(second) + "（查重乙科技有限公司")
                .contains("已提交（待受理））第 1 项同为 获奖专利号 " + number)
                .endsWith("；本措施“每项专利奖励一次”（三(一)）");
        assertThat(d1.get("message").get("en").asString())
                .startsWith("Possible duplicate claim: application " + no(second))
                .contains("Number of the awarded patent " + number);
        JsonNode d2 = only(duplicates(acceptor, second, 1));
        assertThat(d2.get("application_id").asLong()).isEqualTo(first);
        assertThat(d2.get("subject_name").asString()).startsWith("查重甲科技有限公司");
        assertThat(duplicates(acceptor, other, 1)).as("another patent").isEmpty();

        // the acceptor's page: the warning under the claim, linking to the other application
        Browser staff = signedIn(null, Role.ACCEPTOR);
        String page = html(staff.page("/workbench/applications/" + first + "?lang=zh"))
                .body();
        assertThat(page)
                .contains("id=\"duplicates-note\"")
                .contains("疑似重复申报：申报 " + no(second))
                .contains("href=\"/workbench/applications/" + second + "\"")
                .contains("查看申报 " + no(second));
        assertThat(html(staff.page("/workbench/applications/" + second)).body())
                .contains("疑似重复申报：申报 " + no(first))
                .contains("href=\"/workbench/applications/" + first + "\"");
        assertThat(html(staff.page("/workbench/applications/" + first + "?lang=en"))
                        .body())
                .contains("Possible duplicate claim: application " + no(second));
        String otherPage = html(staff.page("/workbench/applications/" + other + "?lang=zh"))
                .body();
        assertThat(otherPage).doesNotContain("疑似重复申报").doesNotContain("id=\"duplicates-note\"");
        // a reviewer's JSON shows it as well
        assertThat(duplicates(as(fx.user(null, Role.REVIEWER)), first, 1)).hasSize(1);

        // the queue: a marker on the rows with a duplicate, none on the other
        String queue = html(staff.page("/workbench?lang=zh&state=submitted&round=" + round))
                .body();
        assertThat(queue)
                .contains("id=\"duplicates-" + first + "\"")
                .contains("id=\"duplicates-" + second + "\"")
                .contains("疑似重复 1")
                .contains("id=\"open-" + other + "\"")
                .doesNotContain("id=\"duplicates-" + other + "\"");

        // the applicants: their own application without the other's, in the JSON and on the portal page
        Api.Response own = a.get("/api/applications/" + first);
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().get("claims").get(0).has("duplicates")).isFalse();
        assertThat(own.body()).doesNotContain(no(second)).doesNotContain("查重乙科技有限公司");
        Browser applicant = new Browser(port);
        String user = fx.user(subjectB, Role.APPLICANT);
        assertThat(applicant
                        .login(user, org.ipaward.server.support.Fixtures.PASSWORD)
                        .status())
                .isEqualTo(302);
        String portal = html(applicant.page("/portal/applications/" + second + "?lang=zh"))
                .body();
        assertThat(portal).doesNotContain("疑似重复").doesNotContain(no(first)).doesNotContain("查重甲科技有限公司");
        // nor a policy administrator alone, who does not work on applicants' files
        Api.Response policy = as(fx.user(null, Role.POLICY_ADMIN)).get("/api/applications/" + first);
        if (policy.status() == 200) {
            assertThat(policy.json().get("claims").get(0).has("duplicates")).isFalse();
        }
    }

    @Test
    void aClaimKeptPerSubjectCollidesWithinTheSubjectOnlyAndTextIsComparedNormalised() {
        long round = fx.round("jindong-2023", 2026, "3000000.00", "pro_rata", "JD-patent-award");
        String item = "ZL" + patentNumber().substring(2);
        long x = jindongEnterprise("查重金东甲公司");
        long y = jindongEnterprise("查重金东乙公司");
        Api.As ax = as(fx.user(x, Role.APPLICANT));
        Api.As ay = as(fx.user(y, Role.APPLICANT));
        long xFirst = jdAward(ax, round, List.of(award(item, "cn_gold")));
        long yFirst = jdAward(ay, round, List.of(award(item, "cn_gold")));
        Api.As reviewer = as(fx.user(null, Role.REVIEWER));
        assertThat(duplicates(reviewer, xFirst, 1))
                .as("another subject, the same item and award")
                .isEmpty();
        assertThat(duplicates(reviewer, yFirst, 1)).isEmpty();

        // the same subject again: full-width letters and digits, spaces, lower case — the same item
        String lower = item.toLowerCase(java.util.Locale.ROOT);
        String fullWidth = " " + toFullWidth(lower.substring(0, 6)) + " " + lower.substring(6) + "　";
        long xSecond = jdAward(ax, round, List.of(award(fullWidth, "cn_gold"), award(item, "cn_silver")));
        JsonNode d = only(duplicates(reviewer, xSecond, 1));
        assertThat(d.get("application_id").asLong()).isEqualTo(xFirst);
        assertThat(d.get("cap").asString()).isEqualTo("once-per-award");
        assertThat(names(d.get("keys"))).containsExactly("subject", "award_item", "award_level");
        assertThat(d.get("message").get("zh").asString())
                .contains("同为 申报主体 查重金东甲公司")
                .contains("奖项 中国专利（外观设计专利）奖金奖")
                .contains("（二.7）");
        assertThat(duplicates(reviewer, xSecond, 2))
                .as("the same item, another award")
                .isEmpty();
        assertThat(only(duplicates(reviewer, xFirst, 1)).get("application_id").asLong())
                .isEqualTo(xSecond);
        assertThat(duplicates(reviewer, yFirst, 1)).isEmpty();

        // two claims of one application
        long xThird = jdAward(ax, round, List.of(award("A-" + item, "zj_grand"), award("a-" + item, "zj_grand")));
        JsonNode same = only(duplicates(reviewer, xThird, 1));
        assertThat(same.get("same_application").asBoolean()).isTrue();
        assertThat(same.get("claim_seq").asInt()).isEqualTo(2);
        assertThat(same.get("message").get("zh").asString()).startsWith("疑似重复申报：本申报第 2 项同为");
        assertThat(only(duplicates(reviewer, xThird, 2)).get("claim_seq").asInt())
                .isEqualTo(1);
        Browser staff = signedIn(null, Role.REVIEWER);
        assertThat(html(staff.page("/workbench/applications/" + xThird + "?lang=zh"))
                        .body())
                .contains("href=\"#claim-2\"")
                .contains("查看本申报第 2 项");
    }

    @Test
    void theLedgerCountsAcrossRoundsAndARejectedApplicationNoLongerCounts() {
        long earlier = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        long later = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        String number = patentNumber();
        long subjectA = fx.enterprise("查重台账甲公司", "110117");
        long subjectB = fx.enterprise("查重台账乙公司", "110117");
        Api.As a = as(fx.user(subjectA, Role.APPLICANT));
        Api.As b = as(fx.user(subjectB, Role.APPLICANT));
        long awarded = patentAward(a, earlier, number);
        FullCycleTests.act(as(fx.user(null, Role.ACCEPTOR)), awarded, "accept", Map.of());
        Api.Response passed = FullCycleTests.act(as(fx.user(null, Role.REVIEWER)), awarded, "review_approve", Map.of());
        assertThat(FullCycleTests.state(passed)).as(passed.body()).isEqualTo("reviewed");

        long again = patentAward(b, later, number);
        Api.As acceptor = as(fx.user(null, Role.ACCEPTOR));
        JsonNode d = only(duplicates(acceptor, again, 1));
        assertThat(d.get("application_id").asLong()).isEqualTo(awarded);
        assertThat(d.get("ledger_status").asString()).isEqualTo("reserved");
        assertThat(d.get("round_id").asLong()).isEqualTo(earlier);
        assertThat(d.get("message").get("zh").asString()).contains("审核通过（待批准）").contains("，已列入奖补台账（已预留）");

        // the approver rejects the award: the ledger releases it and it no longer counts
        Api.Response rejected =
                FullCycleTests.act(as(fx.user(null, Role.APPROVER)), awarded, "reject", Map.of("reason", "获奖证书与专利号不符"));
        assertThat(FullCycleTests.state(rejected)).as(rejected.body()).isEqualTo("rejected");
        assertThat(duplicates(acceptor, again, 1)).isEmpty();
        Browser staff = signedIn(null, Role.ACCEPTOR);
        assertThat(html(staff.page("/workbench/applications/" + again + "?lang=zh"))
                        .body())
                .doesNotContain("疑似重复申报");
        // on one queue page with it: the rejected one still sees the live one, not the other way round
        String queue = html(staff.page(
                        "/workbench?lang=zh&state=all&q=" + URLEncoder.encode("查重台账", StandardCharsets.UTF_8)))
                .body();
        assertThat(queue)
                .contains("id=\"open-" + awarded + "\"")
                .contains("id=\"open-" + again + "\"")
                .contains("id=\"duplicates-" + awarded + "\"")
                .doesNotContain("id=\"duplicates-" + again + "\"");
        // a withdrawn one neither
        long third = patentAward(a, later, number);
        assertThat(duplicates(acceptor, again, 1)).hasSize(1);
        Api.Response withdrawn = FullCycleTests.act(a, third, "withdraw", Map.of());
        assertThat(FullCycleTests.state(withdrawn)).as(withdrawn.body()).isEqualTo("withdrawn");
        assertThat(duplicates(acceptor, again, 1)).isEmpty();
    }

    @Test
    void aYearlyAmountCapIsNotADuplicate() {
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        long subject = fx.enterprise("查重质押公司", "110117");
        Api.As applicant = as(fx.user(subject, Role.APPLICANT));
        long first = submitted(applicant, round, "100000.00");
        long second = submitted(applicant, round, "100000.00");
        Api.As acceptor = as(fx.user(null, Role.ACCEPTOR));
        assertThat(duplicates(acceptor, first, 1)).isEmpty();
        assertThat(duplicates(acceptor, second, 1)).isEmpty();
        assertThat(html(signedIn(null, Role.ACCEPTOR).page("/workbench/applications/" + second + "?lang=zh"))
                        .body())
                .doesNotContain("疑似重复申报");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** A fresh valid patent number (ZC 0006-2003 check digit) of 2023, as {@code ZL2023…​.d}. */
    static String patentNumber() {
        StringBuilder digits = new StringBuilder("20231");
        for (int i = 0; i < 7; i++) {
            digits.append(RANDOM.nextInt(10));
        }
        return "ZL" + digits + "." + PatentNumbers.checkChar(digits.toString());
    }

    /** An enterprise of Jindong with its 亩均 grade, which every Jindong award reads. */
    long jindongEnterprise(String name) {
        long id = fx.enterprise(name, "330703");
        jdbc.sql("update subject set mu_grade = 'A' where id = ?").param(id).update();
        return id;
    }

    static String toFullWidth(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.appendCodePoint(c > 0x20 && c < 0x7F ? c + 0xFEE0 : c));
        return b.toString();
    }

    /** A submitted China Patent Award bonus application of Pinggu for the patent. */
    long patentAward(Api.As applicant, long round, String patentNumber) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("right_kind", "patent");
        facts.put("first_rights_holder", true);
        facts.put("patent_number", patentNumber);
        facts.put("award_level", "silver");
        return submit(
                applicant,
                round,
                List.of(Map.of("measure", "PG-patent-award", "facts", facts)),
                List.of("subject_certificate", "grant_proof"));
    }

    static Map<String, Object> award(String item, String level) {
        return Map.of(
                "measure",
                "JD-patent-award",
                "facts",
                Map.of("award_item", item, "award_level", level, "design_award", false));
    }

    long jdAward(Api.As applicant, long round, List<Map<String, Object>> claims) {
        return submit(applicant, round, claims, List.of("subject_certificate", "award_certificate"));
    }

    private long submit(Api.As applicant, long round, List<Map<String, Object>> claims, List<String> kinds) {
        Api.Response r = applicant.post("/api/applications", Map.of("round_id", round, "claims", claims));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        for (String kind : kinds) {
            upload(applicant, id, kind, kind + ".pdf", "application/pdf", pdf(1));
        }
        Api.Response s = FullCycleTests.act(applicant, id, "submit", Map.of());
        assertThat(FullCycleTests.state(s)).as(s.body()).isEqualTo("submitted");
        return id;
    }

    /** The staff JSON view's duplicates of one claim. */
    static List<JsonNode> duplicates(Api.As staff, long application, int seq) {
        Api.Response r = staff.get("/api/applications/" + application);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (JsonNode c : r.json().get("claims")) {
            if (c.get("seq").asInt() == seq) {
                assertThat(c.has("duplicates"))
                        .as("staff see the duplicates field")
                        .isTrue();
                List<JsonNode> out = new ArrayList<>();
                c.get("duplicates").forEach(out::add);
                return out;
            }
        }
        throw new AssertionError("no claim " + seq + " in " + r.body());
    }

    static JsonNode only(List<JsonNode> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    static List<String> names(JsonNode keys) {
        List<String> out = new ArrayList<>();
        keys.forEach(k -> out.add(k.get("name").asString()));
        return out;
    }
}

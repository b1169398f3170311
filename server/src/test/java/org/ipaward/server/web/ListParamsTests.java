package org.ipaward.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ipaward.server.application.FullCycleTests;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A list page's paging and sorting parameters, as the site answers them everywhere (the API too): an unknown
 * {@code sort} or {@code state}, a negative or non-numeric {@code page}, a {@code size} out of range are refused
 * with the field error — which parameter, which value, the rule — never a 500; a very large page is an empty
 * page. On the workbench the queue tabs' counts stay right under a refused sort, state or page.
 */
class ListParamsTests extends ServerTest {
    private static final Pattern COUNT =
            Pattern.compile("id=\"tab-([a-z_]+)\"(?:(?!</a>)[\\s\\S])*?data-count=\"(\\d+)\"");

    @Autowired
    Fixtures fx;

    private Browser signedIn(Role role, Long subject) {
        Browser b = new Browser(port);
        Api.Response login = b.login(fx.user(subject, role), Fixtures.PASSWORD);
        assertThat(login.header("Location")).doesNotContain("error");
        b.page("/?lang=zh");
        return b;
    }

    static Map<String, Integer> counts(String html) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = COUNT.matcher(html);
        while (m.find()) {
            out.put(m.group(1), Integer.valueOf(m.group(2)));
        }
        return out;
    }

    private static void refused(Api.Response r, String field, String value) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body())
                .as(r.toString())
                .contains("data-field=\"" + field + "\"")
                .contains(value)
                .doesNotContain("系统内部错误");
    }

    @Test
    void badQueueParametersAreRefusedAndTheTabCountsStayRight() {
        fx.user(null, Role.SYSTEM_ADMIN);
        long round = fx.round("pinggu-2025", 2026, "5000000.00", "pro_rata");
        String applicant = fx.user(fx.enterprise("队列计数公司", "110117"), Role.APPLICANT);
        Api.As a = api.login(applicant, Fixtures.PASSWORD);
        Api.Response created = a.post(
                "/api/applications", Map.of("round_id", round, "claims", List.of(FullCycleTests.pledge("400000"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        FullCycleTests.attachPledgeMaterials(a, id);
        FullCycleTests.act(a, id, "submit", Map.of());

        Browser acceptor = signedIn(Role.ACCEPTOR, null);
        Api.Response normal = acceptor.page("/workbench?state=all");
        assertThat(normal.status()).isEqualTo(200);
        Map<String, Integer> expected = counts(normal.body());
        assertThat(expected).containsKeys("submitted", "all");
        assertThat(expected.get("submitted")).isPositive();
        assertThat(expected.get("all")).isPositive();

        for (String[] bad : List.of(
                new String[] {"/workbench?state=all&page=-1", "page", "-1"},
                new String[] {"/workbench?state=all&page=abc", "page", "abc"},
                new String[] {"/workbench?state=all&page=99999999999", "page", "99999999999"},
                new String[] {"/workbench?state=all&sort=zzz", "sort", "submitted_asc"},
                new String[] {"/workbench?state=zzz", "state", "under_review"})) {
            Api.Response r = acceptor.page(bad[0]);
            refused(r, bad[1], bad[2]);
            assertThat(counts(r.body())).as(bad[0]).isEqualTo(expected);
        }
        // a page past the end is an empty page, the counts as ever
        Api.Response far = acceptor.page("/workbench?state=all&page=2147483647");
        assertThat(far.status()).as(far.toString()).isEqualTo(200);
        assertThat(counts(far.body())).isEqualTo(expected);
        // a bad filter leaves the counts unknown: not shown, not 0
        Api.Response badDate = acceptor.page("/workbench?state=all&from=yesterday");
        refused(badDate, "from", "yesterday");
        assertThat(counts(badDate.body())).isEmpty();
        assertThat(badDate.body()).doesNotContain("data-count=\"0\"");
    }

    @Test
    void everyListPageRefusesABadPageTheSameWay() {
        Browser acceptor = signedIn(Role.ACCEPTOR, null);
        Browser admin = signedIn(Role.SYSTEM_ADMIN, null);
        Browser finance = signedIn(Role.FINANCE, null);
        Browser anyone = new Browser(port);
        fx.user(null, Role.SYSTEM_ADMIN);
        Browser applicant = signedIn(Role.APPLICANT, fx.enterprise("列表参数公司", "110117"));
        refused(applicant.page("/portal?page=-1"), "page", "-1");
        refused(applicant.page("/portal?npage=-1"), "npage", "-1");
        assertThat(applicant.page("/portal?page=2147483647&npage=2147483647").status())
                .isEqualTo(200);
        Map<Browser, List<String>> pages = new LinkedHashMap<>();
        pages.put(acceptor, List.of("/workbench/intake", "/workbench/rounds"));
        pages.put(admin, List.of("/admin/users", "/admin/audit"));
        pages.put(finance, List.of("/finance"));
        pages.put(anyone, List.of("/publicity"));
        pages.forEach((b, paths) -> {
            for (String path : paths) {
                refused(b.page(path + "?page=-1"), "page", "-1");
                refused(b.page(path + "?page=abc"), "page", "abc");
                Api.Response far = b.page(path + "?page=2147483647");
                assertThat(far.status()).as(path + " " + far).isEqualTo(200);
            }
        });
    }

    @Test
    void theApiRefusesBadPagingAndAnswersAVeryLargePageEmpty() {
        Api.As a = api.login(fx.user(null, Role.ACCEPTOR), Fixtures.PASSWORD);
        for (String[] bad : List.of(
                new String[] {"page=-1", "page"},
                new String[] {"size=0", "size"},
                new String[] {"size=100000", "size"},
                new String[] {"page=abc", "page"})) {
            Api.Response r = a.get("/api/applications?" + bad[0]);
            assertThat(r.status()).as(bad[0] + " " + r).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo(bad[1]);
        }
        Api.Response far = a.get("/api/applications?page=2147483647&size=200");
        assertThat(far.status()).as(far.toString()).isEqualTo(200);
    }
}

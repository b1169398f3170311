package org.ipaward.server.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The subject's region by name on the portal, and the apply page's reasons in English on English pages. */
class PortalTextsPagesTests extends ServerTest {
    @Autowired
    Fixtures fx;

    private Browser applicant(String company, String region) {
        long subject = fx.enterprise(company, region);
        Browser b = new Browser(port);
        assertThat(b.login(fx.user(subject, Role.APPLICANT), Fixtures.PASSWORD).header("Location"))
                .doesNotContain("error");
        return b;
    }

    @Test
    void theRegionIsShownByName() {
        fx.user(null, Role.SYSTEM_ADMIN);
        Browser b = applicant("地区名称显示公司", "110117");
        Api.Response home = b.page("/portal?lang=zh");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("id=\"view-region\">北京市平谷区（110117）<");
        assertThat(b.page("/portal/profile").body()).contains("id=\"view-region\">北京市平谷区（110117）<");
        assertThat(b.page("/portal?lang=en").body()).contains("id=\"view-region\">Pinggu District, Beijing (110117)<");
    }

    @Test
    void theApplyPagesReasonsAreInThePagesLanguage() {
        fx.user(null, Role.SYSTEM_ADMIN);
        // Jindong's technology-transfer measure is not for enterprises: the reason names the subject's kind.
        long round = fx.round("jindong-2023", 2026, "3000000.00", "stop", "JD-transfer");
        Browser b = applicant("英文理由显示公司", "330703");
        String zh = b.page("/portal/rounds/" + round + "/apply?lang=zh").body();
        assertThat(zh).contains("（主体类型为企业）");
        String en = b.page("/portal/rounds/" + round + "/apply?lang=en").body();
        assertThat(en).contains("(subject kind: Enterprise)").doesNotContain("主体类型为");
    }
}

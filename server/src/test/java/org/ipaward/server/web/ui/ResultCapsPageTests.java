package org.ipaward.server.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ipaward.server.security.Browser;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;

/**
 * The result fragment shows each cap in its unit: a once-only cap (金东 每家每年奖励一次) as a count, not as
 * "上限 1.00 元"; a money cap as money.
 */
class ResultCapsPageTests extends ServerTest {
    @Test
    void aOnceOnlyCapIsShownAsACountAndAMoneyCapAsMoney() {
        Browser b = new Browser(port);
        assertThat(b.page("/calculator").status()).isEqualTo(200);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("policy", "jindong-2023");
        form.put("kind", "enterprise");
        form.put("registered_region", "330703");
        form.put("mu_grade", "A");
        form.put("measure", "JD-high-value");
        form.put("f.JD-high-value.new_high_value_patents", "12");
        Api.Response zh = b.postForm("/calculator?lang=zh", form, true);
        assertThat(zh.status()).as(zh.body()).isEqualTo(200);
        assertThat(zh.body())
                .contains("每家每年奖励一次")
                .contains("data-kind=\"once\"")
                .contains("限 1 次，已获 0 次")
                .doesNotContain("上限 1.00 元");
        Api.Response en = b.postForm("/calculator?lang=en", form, true);
        assertThat(en.body()).contains("at most 1 time(s), received 0").doesNotContain("cap CNY 1.00");

        Map<String, String> pledge = new LinkedHashMap<>();
        pledge.put("policy", "pinggu-2025");
        pledge.put("kind", "enterprise");
        pledge.put("registered_region", "110117");
        pledge.put("measure", "PG-pledge");
        pledge.put("f.PG-pledge.right_kind", "patent");
        pledge.put("f.PG-pledge.first_rights_holder", "true");
        pledge.put("f.PG-pledge.bank_loan", "true");
        pledge.put("f.PG-pledge.loan_interest", "400000");
        String money = b.postForm("/calculator?lang=zh", pledge, true).body();
        assertThat(money).contains("data-kind=\"amount\"").containsPattern("上限 [0-9,]+\\.00 元，已用 [0-9,]+\\.00 元");
    }
}

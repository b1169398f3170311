package org.ipaward.server.web.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ipaward.server.error.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.ui.ExtendedModelMap;

/** A refused workbench form shows every problem the service reported, a field's several ones together. */
class PagesTest {
    @Test
    void everyProblemOfAFieldIsKeptNotOnlyTheFirst() {
        ApiException e = new ApiException(
                HttpStatus.CONFLICT,
                "round.invalid",
                "批次有误",
                "invalid round",
                List.of(
                        new ApiException.FieldProblem("budget", "-1", "budget.negative", "预算不能为负", "negative"),
                        new ApiException.FieldProblem("budget", "-1", "budget.scale", "预算最多两位小数", "two decimals")));
        ExtendedModelMap model = new ExtendedModelMap();
        MockHttpServletResponse response = new MockHttpServletResponse();
        org.springframework.context.i18n.LocaleContextHolder.setLocale(java.util.Locale.SIMPLIFIED_CHINESE);
        try {
            Pages.refuse(model, response, e);
        } finally {
            org.springframework.context.i18n.LocaleContextHolder.resetLocaleContext();
        }
        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(model.get("fieldErrors")).isEqualTo(java.util.Map.of("budget", "预算不能为负；预算最多两位小数"));
    }
}

package org.ipaward.server.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ipaward.server.error.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.ui.ExtendedModelMap;

/** A refused portal form shows every problem the service reported, a field's several ones together. */
class FormsTest {
    @Test
    void everyProblemOfAFieldIsKeptNotOnlyTheFirst() {
        ApiException e = new ApiException(
                HttpStatus.BAD_REQUEST,
                "input.invalid",
                "输入有误（3 处）：密码太短",
                "invalid input (3 problems): too short",
                List.of(
                        new ApiException.FieldProblem("password", null, "password.short", "密码太短", "too short"),
                        new ApiException.FieldProblem("password", null, "password.common", "密码太常见", "too common"),
                        new ApiException.FieldProblem("roles[1]", "X", "user.role_unknown", "未知角色", "unknown role")));
        ExtendedModelMap model = new ExtendedModelMap();
        MockHttpServletResponse response = new MockHttpServletResponse();
        Forms.refused(e, model, response);
        assertThat(response.getStatus()).isEqualTo(400);
        @SuppressWarnings("unchecked")
        Map<String, ApiException.FieldProblem> errors = (Map<String, ApiException.FieldProblem>) model.get("errors");
        assertThat(errors.get("password").message()).isEqualTo("密码太短；密码太常见");
        assertThat(errors.get("password").messageEn()).isEqualTo("too short; too common");
        assertThat(errors.get("password").key()).isEqualTo("password.short");
        assertThat(errors).as("a list's item counts as the list").containsKey("roles");
    }
}

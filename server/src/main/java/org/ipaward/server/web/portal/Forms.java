package org.ipaward.server.web.portal;

import jakarta.servlet.http.HttpServletResponse;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.web.FormErrors;
import org.springframework.ui.Model;

/** A refused form: the status the refusal says, the problem box, and each field's problems by field name. */
final class Forms {
    private Forms() {}

    static void refused(ApiException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status().value());
        model.addAttribute("problem", e);
        model.addAttribute("errors", FormErrors.problems(e));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

package org.ipaward.server.web.portal;

import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ipaward.server.error.ApiException;
import org.springframework.ui.Model;

/** A refused form: the status the refusal says, the problem box, and each field's problem by field name. */
final class Forms {
    private Forms() {}

    static void refused(ApiException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status().value());
        model.addAttribute("problem", e);
        Map<String, ApiException.FieldProblem> errors = new LinkedHashMap<>();
        for (ApiException.FieldProblem p : e.errors()) {
            if (p.field() != null) {
                errors.putIfAbsent(p.field(), p);
            }
        }
        model.addAttribute("errors", errors);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

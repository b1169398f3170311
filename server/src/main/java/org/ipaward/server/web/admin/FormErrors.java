package org.ipaward.server.web.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.web.ui.Ui;

/**
 * A refused form's problems by field, in the page's language, for the message under each input
 * ({@code errors['display_name']}). Indexed fields ({@code roles[2]}) count as their list ({@code roles}).
 */
final class FormErrors {
    private FormErrors() {}

    static Map<String, String> of(ApiException e) {
        Map<String, String> out = new LinkedHashMap<>();
        if (e == null) {
            return out;
        }
        for (ApiException.FieldProblem p : e.errors()) {
            if (p.field() == null) {
                continue;
            }
            String field = p.field().replaceAll("\\[\\d+]$", "");
            String message = Ui.english() && p.messageEn() != null ? p.messageEn() : p.message();
            String sep = Ui.english() ? "; " : "；";
            out.merge(field, message, (a, b) -> a + sep + b);
        }
        return out;
    }
}

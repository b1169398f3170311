package org.ipaward.server.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.web.ui.Ui;

/**
 * A refused form's problems by field, for the message under each input ({@code errors['display_name']}): every
 * problem the service reported, a field's several ones joined ({@code 密码太短；密码太常见}), never only the first.
 * Indexed fields ({@code roles[2]}) count as their list ({@code roles}). The one helper the portal, workbench and
 * administration pages share.
 */
public final class FormErrors {
    private FormErrors() {}

    /** Field → all its messages in the page's language. */
    public static Map<String, String> messages(ApiException e) {
        Map<String, String> out = new LinkedHashMap<>();
        problems(e)
                .forEach((field, p) ->
                        out.put(field, Ui.english() && p.messageEn() != null ? p.messageEn() : p.message()));
        return out;
    }

    /** Field → one problem holding all its messages (the key and value of the first). */
    public static Map<String, ApiException.FieldProblem> problems(ApiException e) {
        return e == null ? new LinkedHashMap<>() : problems(e.errors(), FormErrors::listField);
    }

    /**
     * Problems by the name {@code nameOf} gives their field (a page anchor, say), those of one name merged;
     * problems without a field are left out.
     */
    public static Map<String, ApiException.FieldProblem> problems(
            List<ApiException.FieldProblem> problems, Function<String, String> nameOf) {
        Map<String, ApiException.FieldProblem> out = new LinkedHashMap<>();
        for (ApiException.FieldProblem p : problems) {
            if (p.field() != null) {
                out.merge(nameOf.apply(p.field()), p, FormErrors::merge);
            }
        }
        return out;
    }

    /** Two problems of one field as one: both messages (once each), the first's field, value and key. */
    public static ApiException.FieldProblem merge(ApiException.FieldProblem a, ApiException.FieldProblem b) {
        return new ApiException.FieldProblem(
                a.field(),
                a.value(),
                a.key(),
                join(a.message(), b.message(), "；"),
                join(a.messageEn(), b.messageEn(), "; "));
    }

    private static String join(String a, String b, String sep) {
        if (a == null || a.isBlank()) {
            return b;
        }
        if (b == null || b.isBlank() || a.equals(b) || a.contains(sep + b) || a.startsWith(b + sep)) {
            return a;
        }
        return a + sep + b;
    }

    /** {@code roles[2]} → {@code roles}; any other field as it is. */
    static String listField(String field) {
        return field.replaceAll("\\[\\d+]$", "");
    }
}

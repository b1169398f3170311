package org.ipaward.server.web.workbench;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.InputException;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.web.FormErrors;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** What the workbench's page controllers share: bundle messages for flash notes, and showing a refused form. */
@Component("wbPages")
class Pages {
    private final MessageSource messages;

    Pages(MessageSource messages) {
        this.messages = messages;
    }

    /** A message of the bundles in the page's language. */
    String msg(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }

    /** The service's refusal as an {@link ApiException}: the engine's input problems become a 400 too. */
    static ApiException problem(RuntimeException e) {
        if (e instanceof ApiException a) {
            return a;
        }
        if (e instanceof InputException in) {
            return ApiException.of(in);
        }
        throw e;
    }

    /**
     * Puts a refusal on the page: the answer's status (400, 403, 409 …), the {@code problem} for the error
     * box, and {@code fieldErrors} (field → message in the page's language) for the inputs it names.
     */
    static void refuse(Model model, HttpServletResponse response, ApiException e) {
        response.setStatus(e.status().value());
        model.addAttribute("problem", e);
        model.addAttribute("fieldErrors", FormErrors.messages(e));
    }

    /** A single form value, stripped; {@code null} when absent or blank. */
    static String value(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        if (v == null || v.isEmpty() || v.get(0) == null || v.get(0).isBlank()) {
            return null;
        }
        return v.get(0).strip();
    }
}

package org.ipaward.server.web.ui;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.ipaward.engine.model.Text;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.security.UserAccount;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Helpers for the templates ({@code ${@ui.t(policy.title)}}): picks the Chinese or English side of a
 * policy's bilingual data for the page's language, and writes times in Beijing time.
 */
@Component("ui")
public class Ui {
    private static final DateTimeFormatter MINUTES =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ClockConfig.ZONE);

    public static boolean english() {
        return Locale.ENGLISH
                .getLanguage()
                .equals(LocaleContextHolder.getLocale().getLanguage());
    }

    /** The text in the page's language (Chinese when there is no English). */
    public String t(Text text) {
        return text == null ? null : pick(text.zh(), text.en());
    }

    public String pick(String zh, String en) {
        return english() && en != null && !en.isBlank() ? en : zh;
    }

    /** How the header names a signed-in person: the display name, else the user name. */
    public String name(UserAccount user) {
        if (user == null) {
            return null;
        }
        return user.displayName() != null && !user.displayName().isBlank() ? user.displayName() : user.username();
    }

    /** An instant as {@code 2026-03-01 09:00} in Beijing time. */
    public String time(Instant instant) {
        return instant == null ? null : MINUTES.format(instant);
    }
}

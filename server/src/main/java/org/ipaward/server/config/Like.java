package org.ipaward.server.config;

/**
 * Text for SQL {@code LIKE} / {@code ILIKE} with PostgreSQL's default escape character, the backslash: the
 * user's {@code %}, {@code _} and {@code \} match themselves instead of acting as wildcards.
 */
public final class Like {
    private Like() {}

    /** The text with {@code \}, {@code %} and {@code _} escaped. */
    public static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** A pattern matching any text that contains {@code text}. */
    public static String containing(String text) {
        return "%" + escape(text) + "%";
    }
}

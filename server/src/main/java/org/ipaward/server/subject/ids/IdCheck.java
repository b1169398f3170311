package org.ipaward.server.subject.ids;

/**
 * The result of checking an identifier: accepted ({@link Status#OK}), accepted with a warning a member of
 * staff should confirm ({@link Status#WARNING}), or refused ({@link Status#ERROR}). Warnings and errors
 * carry a stable dotted key and a Chinese message with its English twin; accepted results carry the parsed
 * value (normalised: trimmed, upper case).
 *
 * @param <T> what the identifier parses to
 */
public record IdCheck<T>(Status status, T value, String key, String message, String messageEn) {
    /** Accepted, accepted with a warning, or refused. */
    public enum Status {
        OK,
        WARNING,
        ERROR
    }

    public static <T> IdCheck<T> ok(T value) {
        return new IdCheck<>(Status.OK, value, null, null, null);
    }

    public static <T> IdCheck<T> warning(T value, String key, String zh, String en) {
        return new IdCheck<>(Status.WARNING, value, key, zh, en);
    }

    public static <T> IdCheck<T> error(String key, String zh, String en) {
        return new IdCheck<>(Status.ERROR, null, key, zh, en);
    }

    /** Valid without reservation. */
    public boolean ok() {
        return status == Status.OK;
    }

    /** Accepted, but a member of staff should confirm it. */
    public boolean warning() {
        return status == Status.WARNING;
    }

    /** Refused. */
    public boolean error() {
        return status == Status.ERROR;
    }

    /** Accepted, with or without a warning. */
    public boolean accepted() {
        return status != Status.ERROR;
    }
}

package org.ipaward.server.application;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * When the application being filed on this thread was received. An application taken in by the deadline-day
 * intake ({@link Intake}) is filed later by a worker, but counts as received — and submitted — when the intake
 * took it: a round that closed in between does not refuse it, and its {@code submitted_at} is the receipt time.
 * Everywhere else it is the clock's now.
 */
final class ReceivedAt {
    private static final ThreadLocal<Instant> AT = new ThreadLocal<>();

    private ReceivedAt() {}

    /** The receipt time of the application filed on this thread, else the clock's now. */
    static Instant now(Clock clock) {
        Instant at = AT.get();
        return at != null ? at : clock.instant();
    }

    /** Runs {@code work} with {@code at} as the receipt time. */
    static <T> T during(Instant at, Supplier<T> work) {
        Instant before = AT.get();
        AT.set(at);
        try {
            return work.get();
        } finally {
            if (before == null) {
                AT.remove();
            } else {
                AT.set(before);
            }
        }
    }
}

package org.ipaward.server.web.open;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed lookups per client address, so the public objection lookup cannot be tried without end to guess a
 * contact: an address with {@code max} failures in a window (which starts at its first failure) is refused until
 * the window ends. Successful lookups are not counted.
 *
 * <p>In memory, per server instance, and bounded: at most {@code capacity} addresses, kept in the order their
 * windows started, so the ended windows are dropped from the front on every call and, when full, the oldest window
 * goes first. Forgotten on restart, which is fine for a brake on guessing. Synchronized: it is used only by the
 * lookup form, a rare request.
 */
final class LookupLimit {
    /** One address's current window: when it started and how many lookups failed in it. */
    private record Window(Instant start, int failures) {}

    private final int capacity;
    private final LinkedHashMap<String, Window> windows;

    LookupLimit(int capacity) {
        this.capacity = capacity;
        this.windows = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > LookupLimit.this.capacity;
            }
        };
    }

    /** When the address may look up again, or null when it may now ({@code max} failures within {@code window}). */
    synchronized Instant refusedUntil(String address, Instant now, int max, Duration window) {
        forgetEnded(now, window);
        Window w = windows.get(address);
        if (w == null || w.failures() < max) {
            return null;
        }
        Instant end = w.start().plus(window);
        return now.isBefore(end) ? end : null;
    }

    /** Counts a failed lookup from the address. */
    synchronized void failed(String address, Instant now, Duration window) {
        forgetEnded(now, window);
        Window w = windows.get(address);
        if (w == null || !now.isBefore(w.start().plus(window))) {
            windows.remove(address); // a new window goes to the back, in start order
            windows.put(address, new Window(now, 1));
        } else {
            windows.put(address, new Window(w.start(), w.failures() + 1));
        }
    }

    /** How many addresses are remembered now. */
    synchronized int size() {
        return windows.size();
    }

    private void forgetEnded(Instant now, Duration window) {
        Iterator<Window> it = windows.values().iterator();
        while (it.hasNext()) {
            if (now.isBefore(it.next().start().plus(window))) {
                return; // the rest started later
            }
            it.remove();
        }
    }
}

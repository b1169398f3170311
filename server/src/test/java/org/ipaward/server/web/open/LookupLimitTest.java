package org.ipaward.server.web.open;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Failed lookups per address: refused after the most in a window, per address, forgotten after it, bounded. */
class LookupLimitTest {
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final Instant T0 = Instant.parse("2026-03-02T02:00:00Z");

    @Test
    void anAddressIsRefusedAfterTheMostFailuresUntilItsWindowEndsAndOthersAreNot() {
        LookupLimit limit = new LookupLimit(100);
        limit.failed("10.0.0.1", T0, WINDOW);
        for (int i = 1; i < 9; i++) {
            limit.failed("10.0.0.1", T0.plus(Duration.ofMinutes(i)), WINDOW);
        }
        Instant later = T0.plus(Duration.ofMinutes(14));
        assertThat(limit.refusedUntil("10.0.0.1", later, 10, WINDOW))
                .as("nine failures")
                .isNull();
        limit.failed("10.0.0.1", later, WINDOW);
        assertThat(limit.refusedUntil("10.0.0.1", later, 10, WINDOW))
                .as("ten failures within 15 minutes of the first")
                .isEqualTo(T0.plus(WINDOW));
        assertThat(limit.refusedUntil("10.0.0.2", later, 10, WINDOW))
                .as("another address")
                .isNull();
        assertThat(limit.refusedUntil("10.0.0.1", T0.plus(WINDOW).minusSeconds(1), 10, WINDOW))
                .isNotNull();

        assertThat(limit.refusedUntil("10.0.0.1", T0.plus(WINDOW), 10, WINDOW))
                .as("the window ended")
                .isNull();
        assertThat(limit.size()).as("ended windows are forgotten").isZero();
        limit.failed("10.0.0.1", T0.plus(WINDOW), WINDOW);
        assertThat(limit.refusedUntil("10.0.0.1", T0.plus(WINDOW), 1, WINDOW))
                .as("a new window counts from one")
                .isEqualTo(T0.plus(WINDOW).plus(WINDOW));
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowNeverAddUpToTheLimit() {
        LookupLimit limit = new LookupLimit(100);
        Instant t = T0;
        for (int i = 0; i < 30; i++) {
            limit.failed("10.0.0.3", t, WINDOW);
            assertThat(limit.refusedUntil("10.0.0.3", t, 10, WINDOW))
                    .as("failure " + i)
                    .isNull();
            t = t.plus(Duration.ofMinutes(2)); // 7 or 8 a window
        }
    }

    @Test
    void atMostTheCapacityOfAddressesAreKeptTheOldestWindowGoingFirst() {
        LookupLimit limit = new LookupLimit(3);
        for (int i = 0; i < 3; i++) {
            limit.failed("10.0.1." + i, T0, WINDOW);
            limit.failed("10.0.1." + i, T0, WINDOW);
        }
        limit.failed("10.0.1.0", T0.plusSeconds(5), WINDOW); // same window: keeps its place
        limit.failed("10.0.1.9", T0.plusSeconds(10), WINDOW);
        assertThat(limit.size()).isEqualTo(3);
        assertThat(limit.refusedUntil("10.0.1.0", T0.plusSeconds(10), 1, WINDOW))
                .as("the oldest window went")
                .isNull();
        assertThat(limit.refusedUntil("10.0.1.1", T0.plusSeconds(10), 2, WINDOW))
                .isEqualTo(T0.plus(WINDOW));
        assertThat(limit.refusedUntil("10.0.1.9", T0.plusSeconds(10), 1, WINDOW))
                .isEqualTo(T0.plusSeconds(10).plus(WINDOW));
    }
}

package org.ipaward.server.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's clock: the system time in Beijing, plus an offset that only a demo installation may move
 * forward (so a trainee can end a publicity period without waiting a week). Always zero in production.
 */
public final class OffsetClock extends Clock {
    private final ZoneId zone;
    private final AtomicReference<Duration> offset;

    public OffsetClock(ZoneId zone) {
        this(zone, new AtomicReference<>(Duration.ZERO));
    }

    private OffsetClock(ZoneId zone, AtomicReference<Duration> offset) {
        this.zone = zone;
        this.offset = offset;
    }

    /** Moves the clock forward (never back: events already recorded must stay in order). */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        offset.accumulateAndGet(d, Duration::plus);
    }

    public Duration offset() {
        return offset.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return new OffsetClock(z, offset);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }
}

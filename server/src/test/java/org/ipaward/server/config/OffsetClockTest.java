package org.ipaward.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OffsetClockTest {
    @Test
    void movesForwardOnlyAndKeepsTheOffsetAcrossZones() {
        OffsetClock clock = new OffsetClock(ClockConfig.ZONE);
        assertThat(Duration.between(Instant.now(), clock.instant()).abs()).isLessThan(Duration.ofSeconds(5));
        clock.advance(Duration.ofDays(7));
        assertThat(Duration.between(Instant.now(), clock.instant())).isGreaterThan(Duration.ofDays(6));
        assertThat(clock.withZone(java.time.ZoneOffset.UTC).instant())
                .isAfter(Instant.now().plus(Duration.ofDays(6)));
        assertThatThrownBy(() -> clock.advance(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.offset()).isEqualTo(Duration.ofDays(7));
    }
}

package org.ipaward.batch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The remembered submission day is the Beijing date of every instant, in time order or not. */
class DayTest {
    @Test
    void theBeijingDateOfEveryInstant() {
        ZoneId beijing = ZoneId.of("Asia/Shanghai");
        Replay.Day day = new Replay.Day();
        Random random = new Random(1);
        // around midnights (Beijing and UTC), across the years of Beijing's summer time (1986-1991), in and out of
        // order
        long[] bases = {
            Instant.parse("2025-02-28T15:59:58Z").getEpochSecond(),
            Instant.parse("2025-03-01T00:00:00Z").getEpochSecond(),
            Instant.parse("1988-04-10T00:00:00+08:00").getEpochSecond(),
            Instant.parse("1988-09-11T00:00:00+08:00").getEpochSecond(),
            Instant.parse("1900-01-01T00:00:00Z").getEpochSecond()
        };
        for (int n = 0; n < 50_000; n++) {
            long base = bases[random.nextInt(bases.length)];
            long s = base + (random.nextInt(5) == 0 ? random.nextInt(400_000) - 200_000 : random.nextInt(7) - 3);
            Instant at = Instant.ofEpochSecond(s, random.nextInt(3) == 0 ? 999_999_999 : 0);
            assertThat(day.of(at)).as("%s", at).isEqualTo(at.atZone(beijing).toLocalDate());
        }
    }
}

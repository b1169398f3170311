package org.ipaward.server.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Working-day arithmetic over fixed overrides: weekends, holidays and make-up working days. */
class WorkCalendarTest {
    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    /** The 2025 National Day break as announced: 1–8 Oct off (weekdays), Sun 28 Sep and Sat 11 Oct worked. */
    private static WorkCalendar nationalDay2025() {
        Map<LocalDate, Boolean> m = new HashMap<>();
        for (String day :
                new String[] {"2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06", "2025-10-07", "2025-10-08"}) {
            m.put(d(day), false);
        }
        m.put(d("2025-09-28"), true);
        m.put(d("2025-10-11"), true);
        return WorkCalendar.of(m);
    }

    @Test
    void plainWeekendsAreSkipped() {
        WorkCalendar c = WorkCalendar.of(Map.of());
        assertThat(c.addWorkingDays(d("2025-03-07"), 1)).isEqualTo(d("2025-03-10")); // Fri → Mon
        assertThat(c.addWorkingDays(d("2025-03-07"), 5)).isEqualTo(d("2025-03-14"));
        assertThat(c.addWorkingDays(d("2025-03-08"), 1)).isEqualTo(d("2025-03-10")); // from Sat
        assertThat(c.addWorkingDays(d("2025-03-03"), 10)).isEqualTo(d("2025-03-17"));
        assertThat(c.isWorkday(d("2025-03-08"))).isFalse();
        assertThat(c.isWorkday(d("2025-03-10"))).isTrue();
    }

    @Test
    void zeroDaysIsTheStartAndNegativeIsRefused() {
        WorkCalendar c = WorkCalendar.of(Map.of());
        assertThat(c.addWorkingDays(d("2025-03-08"), 0)).isEqualTo(d("2025-03-08"));
        assertThatThrownBy(() -> c.addWorkingDays(d("2025-03-08"), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fiveWorkingDaysFromTheEveOfNationalDayCountTheMakeUpSaturday() {
        WorkCalendar c = nationalDay2025();
        // 9 Oct (Thu) 1, 10 Oct (Fri) 2, 11 Oct (Sat, worked) 3, 13 Oct (Mon) 4, 14 Oct (Tue) 5
        assertThat(c.addWorkingDays(d("2025-09-30"), 5)).isEqualTo(d("2025-10-14"));
        assertThat(c.addWorkingDays(d("2025-09-30"), 1)).isEqualTo(d("2025-10-09"));
        assertThat(c.addWorkingDays(d("2025-09-30"), 3)).isEqualTo(d("2025-10-11"));
        // without the make-up Saturday the same five days would end a day later
        assertThat(WorkCalendar.of(Map.of(
                                d("2025-10-01"), false,
                                d("2025-10-02"), false,
                                d("2025-10-03"), false,
                                d("2025-10-06"), false,
                                d("2025-10-07"), false,
                                d("2025-10-08"), false))
                        .addWorkingDays(d("2025-09-30"), 5))
                .isEqualTo(d("2025-10-15"));
    }

    @Test
    void aMakeUpSundayBeforeTheBreakCounts() {
        WorkCalendar c = nationalDay2025();
        assertThat(c.isWorkday(d("2025-09-28"))).isTrue();
        assertThat(c.addWorkingDays(d("2025-09-26"), 1)).isEqualTo(d("2025-09-28")); // Fri → worked Sunday
        assertThat(c.addWorkingDays(d("2025-09-26"), 3)).isEqualTo(d("2025-09-30"));
        assertThat(c.addWorkingDays(d("2025-09-26"), 4)).isEqualTo(d("2025-10-09"));
    }

    @Test
    void aStartOnAHolidayIsNotCounted() {
        WorkCalendar c = nationalDay2025();
        assertThat(c.isWorkday(d("2025-10-03"))).isFalse();
        assertThat(c.addWorkingDays(d("2025-10-03"), 1)).isEqualTo(d("2025-10-09"));
    }

    @Test
    void workingDaysBetweenIsTheInverse() {
        WorkCalendar c = nationalDay2025();
        LocalDate start = d("2025-09-20");
        for (int n = 0; n < 30; n++) {
            assertThat(c.workingDaysBetween(start, c.addWorkingDays(start, n))).isEqualTo(n);
        }
    }

    @Test
    void aCalendarWithoutWorkingDaysFailsInsteadOfLooping() {
        Map<LocalDate, Boolean> off = new HashMap<>();
        for (LocalDate x = d("2030-01-01"); x.isBefore(d("2031-06-01")); x = x.plusDays(1)) {
            off.put(x, false);
        }
        WorkCalendar c = WorkCalendar.of(off);
        assertThatThrownBy(() -> c.addWorkingDays(d("2030-01-01"), 1)).isInstanceOf(IllegalStateException.class);
    }
}

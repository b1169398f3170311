package org.ipaward.server.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import org.springframework.stereotype.Service;

/** STUB until the rounds branch is merged. */
@Service
public class WorkCalendar {
    public boolean isWorkday(LocalDate d) {
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    public LocalDate addWorkingDays(LocalDate start, int n) {
        LocalDate d = start;
        int left = n;
        while (left > 0) {
            d = d.plusDays(1);
            if (isWorkday(d)) {
                left--;
            }
        }
        return d;
    }
}

package org.ipaward.server.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Working days (工作日): Monday to Friday, except the days the {@code calendar_day} table says otherwise
 * (public holidays off, weekend days worked in lieu — 调休). The table is read once and kept in memory;
 * a change reloads it when its transaction commits.
 */
@Service
public class WorkCalendar {
    /** Beyond this many days without a working day the calendar must be wrong (a year of holidays). */
    private static final int MAX_SCAN_DAYS = 366;

    private final JdbcClient jdbc;
    private volatile Map<LocalDate, Boolean> overrides;

    @Autowired
    public WorkCalendar(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A calendar over fixed overrides, without a database (for tests and tools). */
    public static WorkCalendar of(Map<LocalDate, Boolean> overrides) {
        WorkCalendar c = new WorkCalendar(null);
        c.overrides = Map.copyOf(overrides);
        return c;
    }

    /** Whether {@code d} is a working day. */
    public boolean isWorkday(LocalDate d) {
        Boolean o = overrides().get(d);
        if (o != null) {
            return o;
        }
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /**
     * The {@code n}-th working day after {@code start} ({@code start} itself is not counted, whether or
     * not it is a working day); {@code n = 0} gives {@code start}.
     */
    public LocalDate addWorkingDays(LocalDate start, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be 0 or more: " + n);
        }
        LocalDate d = start;
        int left = n;
        int sinceLast = 0;
        while (left > 0) {
            d = d.plusDays(1);
            if (isWorkday(d)) {
                left--;
                sinceLast = 0;
            } else if (++sinceLast > MAX_SCAN_DAYS) {
                throw new IllegalStateException("no working day within a year after " + d.minusDays(sinceLast));
            }
        }
        return d;
    }

    /** Working days in {@code (from, to]}: how many {@link #addWorkingDays} steps lead from one to the other. */
    public int workingDaysBetween(LocalDate from, LocalDate to) {
        int n = 0;
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            if (isWorkday(d)) {
                n++;
            }
        }
        return n;
    }

    /** Reloads the overrides now, or when the current transaction commits. */
    public void refresh() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    overrides = load();
                }
            });
        } else {
            overrides = load();
        }
    }

    private Map<LocalDate, Boolean> overrides() {
        Map<LocalDate, Boolean> o = overrides;
        if (o == null) {
            synchronized (this) {
                o = overrides;
                if (o == null) {
                    o = load();
                    overrides = o;
                }
            }
        }
        return o;
    }

    private Map<LocalDate, Boolean> load() {
        if (jdbc == null) {
            return overrides == null ? Map.of() : overrides;
        }
        Map<LocalDate, Boolean> m = new HashMap<>();
        jdbc.sql("select day, workday from calendar_day").query(rs -> {
            m.put(rs.getObject(1, LocalDate.class), rs.getBoolean(2));
        });
        return Map.copyOf(m);
    }
}

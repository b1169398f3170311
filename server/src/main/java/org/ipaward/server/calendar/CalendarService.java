package org.ipaward.server.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.error.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The calendar's special days: listing a year, setting or removing one day, each change audited. */
@Service
public class CalendarService {
    /** A day that differs from Monday–Friday. */
    public record Day(LocalDate day, boolean workday, String note) {}

    static final String[] WEEKDAYS_ZH = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};
    static final int MAX_NOTE = 100;

    private final JdbcClient jdbc;
    private final WorkCalendar calendar;
    private final AuditLog audit;

    public CalendarService(JdbcClient jdbc, WorkCalendar calendar, AuditLog audit) {
        this.jdbc = jdbc;
        this.calendar = calendar;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<Day> year(int year) {
        return jdbc.sql("select day, workday, note from calendar_day where day >= ? and day < ? order by day")
                .params(LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1))
                .query((rs, n) -> new Day(rs.getObject(1, LocalDate.class), rs.getBoolean(2), rs.getString(3)))
                .list();
    }

    /** Sets a day as a working day or a day off, with a note; audited as {@code calendar.update}. */
    @Transactional
    public Day put(String dateText, Boolean workday, String note) {
        LocalDate day = parseDate(dateText);
        if (workday == null) {
            throw ApiException.invalid(
                    "workday",
                    null,
                    "calendar.workday_required",
                    "请说明该日是否为工作日（workday: true 或 false）",
                    "say whether the day is a working day (workday: true or false)");
        }
        String n = note == null ? "" : note.strip();
        if (n.length() > MAX_NOTE) {
            throw ApiException.invalid(
                    "note",
                    n,
                    "calendar.note_too_long",
                    "备注不能超过 " + MAX_NOTE + " 个字",
                    "the note must be at most " + MAX_NOTE + " characters");
        }
        Optional<Day> before = find(day);
        jdbc.sql(
                        """
                        insert into calendar_day (day, workday, note) values (?, ?, ?)
                        on conflict (day) do update set workday = excluded.workday, note = excluded.note""")
                .params(day, workday, n)
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("date", day.toString());
        details.put("workday", workday);
        details.put("note", n);
        before.ifPresent(b -> {
            details.put("workday_before", b.workday());
            details.put("note_before", b.note());
        });
        audit.record("calendar.update", "calendar_day", day.toString(), details);
        calendar.refresh();
        return new Day(day, workday, n);
    }

    /** Removes a day's special arrangement (it becomes an ordinary day again); audited as {@code calendar.delete}. */
    @Transactional
    public void delete(String dateText) {
        LocalDate day = parseDate(dateText);
        Day before = find(day)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND,
                        "calendar_day.not_found",
                        "日历中没有 " + day + " 的特殊安排",
                        "the calendar has no special arrangement for " + day));
        jdbc.sql("delete from calendar_day where day = ?").param(day).update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("date", day.toString());
        details.put("workday_before", before.workday());
        details.put("note_before", before.note());
        audit.record("calendar.delete", "calendar_day", day.toString(), details);
        calendar.refresh();
    }

    private Optional<Day> find(LocalDate day) {
        return jdbc.sql("select day, workday, note from calendar_day where day = ?")
                .param(day)
                .query((rs, n) -> new Day(rs.getObject(1, LocalDate.class), rs.getBoolean(2), rs.getString(3)))
                .optional();
    }

    static LocalDate parseDate(String text) {
        try {
            LocalDate d = LocalDate.parse(text);
            if (d.getYear() < 2000 || d.getYear() > 2100) {
                throw new DateTimeParseException("out of range", text, 0);
            }
            return d;
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiException.invalid(
                    "date",
                    text,
                    "calendar.date_invalid",
                    "日期“" + text + "”格式不正确，应为 2000–2100 年间的 YYYY-MM-DD",
                    "date \"" + text + "\" must be YYYY-MM-DD between 2000 and 2100");
        }
    }

    static String weekdayZh(LocalDate d) {
        return WEEKDAYS_ZH[d.getDayOfWeek().getValue() - 1];
    }

    static boolean weekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}

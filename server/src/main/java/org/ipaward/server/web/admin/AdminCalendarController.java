package org.ipaward.server.web.admin;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.calendar.CalendarService;
import org.ipaward.server.calendar.WorkCalendar;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.web.FormErrors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The working-day calendar: a year as twelve month grids with the public holidays and make-up working days
 * (调休) of the {@code calendar_day} table, adding or removing one day with its name, and a checker for
 * "N working days after a date" — the rule that sets correction deadlines and publicity periods.
 */
@Controller
@PreAuthorize("hasRole('SYSTEM_ADMIN')")
public class AdminCalendarController {
    /** One cell of a month grid; {@code date} is null for the blanks before the 1st and after the last day. */
    public record Cell(LocalDate date, String kind, String note, boolean today) {}

    /** A month: its weeks, Monday first. */
    public record Month(int month, List<List<Cell>> weeks) {}

    /** A special day of the list: date, kind (holiday, makeup, day_off, workday) and name. */
    public record Special(LocalDate date, int weekday, String kind, String note) {}

    /** The checker's answer: the N-th working day after the start, and the days it passed. */
    public record Check(LocalDate start, int days, LocalDate result, int resultWeekday, long calendarDays) {}

    /** The day form as typed, kept when it is refused. */
    public record DayForm(String date, String kind, String note) {}

    static final int MAX_CHECK_DAYS = 250;

    private final CalendarService service;
    private final WorkCalendar calendar;
    private final Clock clock;

    public AdminCalendarController(CalendarService service, WorkCalendar calendar, Clock clock) {
        this.service = service;
        this.calendar = calendar;
        this.clock = clock;
    }

    @GetMapping("/admin/calendar")
    public String show(
            @RequestParam(name = "year", required = false) Integer year,
            @RequestParam(name = "start", required = false) String start,
            @RequestParam(name = "days", required = false) String days,
            Model model,
            HttpServletResponse response) {
        LocalDate today = LocalDate.now(clock);
        int y = year == null ? today.getYear() : year;
        if (y < 2000 || y > 2100) {
            response.setStatus(400);
            model.addAttribute(
                    "problem",
                    ApiException.invalid(
                            "year", y, "calendar.year_invalid", "年份须在 2000 到 2100 之间", "year must be 2000 to 2100"));
            y = today.getYear();
        }
        if (start != null || days != null) {
            try {
                model.addAttribute("check", check(start, days));
            } catch (ApiException e) {
                response.setStatus(e.status().value());
                model.addAttribute("checkProblem", e);
                model.addAttribute("checkErrors", FormErrors.messages(e));
            }
        }
        model.addAttribute("checkStart", start == null ? today.toString() : start);
        model.addAttribute("checkDays", days == null ? "10" : days);
        return page(model, y, new DayForm("", "holiday", ""), null);
    }

    @PostMapping("/admin/calendar/days")
    public String put(
            @RequestParam(name = "date", required = false) String date,
            @RequestParam(name = "kind", required = false) String kind,
            @RequestParam(name = "note", required = false) String note,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        DayForm form = new DayForm(date, kind, note);
        try {
            if (!"holiday".equals(kind) && !"workday".equals(kind)) {
                throw ApiException.invalid(
                        "kind",
                        kind,
                        "calendar.kind_invalid",
                        "请选择“放假（休息日）”或“调休上班（工作日）”",
                        "choose a day off or a make-up working day");
            }
            if (note == null || note.isBlank()) {
                throw ApiException.invalid(
                        "note",
                        null,
                        "calendar.note_required",
                        "请填写名称，例如“春节”或“国庆节调休上班”",
                        "give the day a name, e.g. Spring Festival or National Day make-up working day");
            }
            CalendarService.Day d = service.put(date, "workday".equals(kind), note);
            redirect.addFlashAttribute("flash", "admin.calendar.flash.saved");
            redirect.addFlashAttribute("flashArg", d.day().toString());
            return "redirect:/admin/calendar?year=" + d.day().getYear() + "#day-" + d.day();
        } catch (ApiException e) {
            response.setStatus(e.status().value());
            int y = LocalDate.now(clock).getYear();
            try {
                y = LocalDate.parse(date).getYear();
            } catch (DateTimeParseException | NullPointerException ignored) {
                // the year shown stays this year
            }
            if (y < 2000 || y > 2100) {
                y = LocalDate.now(clock).getYear();
            }
            model.addAttribute("checkStart", LocalDate.now(clock).toString());
            model.addAttribute("checkDays", "10");
            return page(model, y, form, e);
        }
    }

    @PostMapping("/admin/calendar/days/{date}/delete")
    public String delete(@PathVariable("date") String date, RedirectAttributes redirect) {
        service.delete(date); // checks the date first
        LocalDate d = LocalDate.parse(date);
        redirect.addFlashAttribute("flash", "admin.calendar.flash.deleted");
        redirect.addFlashAttribute("flashArg", date);
        return "redirect:/admin/calendar?year=" + d.getYear() + "#calendar-days";
    }

    private String page(Model model, int year, DayForm form, ApiException problem) {
        List<CalendarService.Day> days = service.year(year);
        Map<LocalDate, CalendarService.Day> byDate = new HashMap<>();
        days.forEach(d -> byDate.put(d.day(), d));
        LocalDate today = LocalDate.now(clock);
        List<Month> months = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            months.add(month(YearMonth.of(year, m), byDate, today));
        }
        List<Special> specials = days.stream()
                .map(d -> new Special(d.day(), d.day().getDayOfWeek().getValue(), kind(d), d.note()))
                .toList();
        model.addAttribute("year", year);
        model.addAttribute("months", months);
        model.addAttribute("specials", specials);
        model.addAttribute(
                "workingDays", calendar.workingDaysBetween(LocalDate.of(year - 1, 12, 31), LocalDate.of(year, 12, 31)));
        model.addAttribute(
                "holidays",
                specials.stream().filter(s -> s.kind().equals("holiday")).count());
        model.addAttribute(
                "makeups",
                specials.stream().filter(s -> s.kind().equals("makeup")).count());
        model.addAttribute("form", form);
        if (problem != null) {
            model.addAttribute("problem", problem);
        }
        model.addAttribute("errors", FormErrors.messages(problem));
        return "admin/calendar";
    }

    private Month month(YearMonth ym, Map<LocalDate, CalendarService.Day> byDate, LocalDate today) {
        List<List<Cell>> weeks = new ArrayList<>();
        List<Cell> week = new ArrayList<>();
        int lead = ym.atDay(1).getDayOfWeek().getValue() - 1;
        for (int i = 0; i < lead; i++) {
            week.add(new Cell(null, "", "", false));
        }
        for (int d = 1; d <= ym.lengthOfMonth(); d++) {
            LocalDate date = ym.atDay(d);
            CalendarService.Day special = byDate.get(date);
            String kind = special != null ? kind(special) : weekend(date) ? "weekend" : "normal";
            week.add(new Cell(date, kind, special == null ? "" : special.note(), date.equals(today)));
            if (week.size() == 7) {
                weeks.add(week);
                week = new ArrayList<>();
            }
        }
        if (!week.isEmpty()) {
            while (week.size() < 7) {
                week.add(new Cell(null, "", "", false));
            }
            weeks.add(week);
        }
        return new Month(ym.getMonthValue(), weeks);
    }

    private Check check(String start, String days) {
        LocalDate s;
        try {
            s = LocalDate.parse(start == null ? "" : start.strip());
            if (s.getYear() < 2000 || s.getYear() > 2100) {
                throw new DateTimeParseException("out of range", start, 0);
            }
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(
                    "start",
                    start,
                    "calendar.date_invalid",
                    "日期“" + start + "”格式不正确，应为 2000–2100 年间的 YYYY-MM-DD",
                    "date \"" + start + "\" must be YYYY-MM-DD between 2000 and 2100");
        }
        int n;
        try {
            n = Integer.parseInt(days == null ? "" : days.strip());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > MAX_CHECK_DAYS) {
            throw ApiException.invalid(
                    "days",
                    days,
                    "calendar.days_invalid",
                    "工作日数须为 0 到 " + MAX_CHECK_DAYS + " 之间的整数",
                    "the number of working days must be a whole number from 0 to " + MAX_CHECK_DAYS);
        }
        LocalDate r = calendar.addWorkingDays(s, n);
        return new Check(s, n, r, r.getDayOfWeek().getValue(), ChronoUnit.DAYS.between(s, r));
    }

    static String kind(CalendarService.Day d) {
        if (d.workday()) {
            return weekend(d.day()) ? "makeup" : "workday";
        }
        return weekend(d.day()) ? "day_off" : "holiday";
    }

    private static boolean weekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}

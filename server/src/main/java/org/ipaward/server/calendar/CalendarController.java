package org.ipaward.server.calendar;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.ipaward.server.error.ApiException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

@RestController
@RequestMapping("/api/calendar")
@Tag(name = "工作日历 Working-day calendar")
public class CalendarController {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** One special day as shown: the date, its weekday, whether it is worked, and why. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DayView(String date, String weekday, boolean workday, String kind, String note) {
        static DayView of(CalendarService.Day d) {
            String kind;
            if (d.workday()) {
                kind = CalendarService.weekend(d.day()) ? "makeup_workday" : "workday";
            } else {
                kind = CalendarService.weekend(d.day()) ? "day_off" : "holiday";
            }
            return new DayView(d.day().toString(), CalendarService.weekdayZh(d.day()), d.workday(), kind, d.note());
        }
    }

    /** A year: its special days and how many working days it has. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record YearView(int year, int workingDays, int holidays, int makeupWorkdays, List<DayView> days) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DayRequest(Boolean workday, String note) {}

    private final CalendarService service;
    private final WorkCalendar calendar;

    public CalendarController(CalendarService service, WorkCalendar calendar) {
        this.service = service;
        this.calendar = calendar;
    }

    @GetMapping
    @PreAuthorize("isAuthenticated()")
    @Operation(
            summary = "某年的节假日与调休上班日（默认本年）",
            description =
                    "Public holidays and make-up working days of a year (default: this year), with the count of working days")
    public YearView year(@RequestParam(name = "year", required = false) Integer year) {
        int y = year == null ? LocalDate.now(SHANGHAI).getYear() : year;
        if (y < 2000 || y > 2100) {
            throw ApiException.invalid(
                    "year", y, "calendar.year_invalid", "年份须在 2000 到 2100 之间", "year must be 2000 to 2100");
        }
        List<DayView> days = service.year(y).stream().map(DayView::of).toList();
        int working = calendar.workingDaysBetween(LocalDate.of(y - 1, 12, 31), LocalDate.of(y, 12, 31));
        int holidays = (int) days.stream().filter(d -> !d.workday()).count();
        int makeup = (int) days.stream().filter(d -> d.workday()).count();
        return new YearView(y, working, holidays, makeup, days);
    }

    @PutMapping("/{date}")
    @PreAuthorize("hasRole('SYSTEM_ADMIN')")
    @Operation(
            summary = "设置某日为工作日或休息日（法定节假日、调休）",
            description = "Mark a day as a working day or a day off (holiday, make-up working day); audited")
    public DayView put(@PathVariable("date") String date, @RequestBody DayRequest body) {
        return DayView.of(service.put(date, body.workday(), body.note()));
    }

    @DeleteMapping("/{date}")
    @PreAuthorize("hasRole('SYSTEM_ADMIN')")
    @Operation(
            summary = "删除某日的特殊安排（恢复为周一至周五工作、周末休息）",
            description = "Remove a day's special arrangement (back to Monday–Friday working); audited")
    public ResponseEntity<Void> delete(@PathVariable("date") String date) {
        service.delete(date);
        return ResponseEntity.noContent().build();
    }
}

package org.ipaward.server.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ipaward.server.round.TestUsers;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserStore;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

class CalendarApiTests extends ServerTest {
    @Autowired
    UserStore users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    WorkCalendar calendar;

    @Autowired
    JdbcClient jdbc;

    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void theSeededHolidaysAndMakeUpDaysOf2025And2026AreInForce() {
        // 2025 (国办发明电〔2024〕12号)
        assertThat(calendar.isWorkday(d("2025-01-01"))).isFalse();
        assertThat(calendar.isWorkday(d("2025-01-26"))).isTrue(); // Sunday worked
        assertThat(calendar.isWorkday(d("2025-02-04"))).isFalse();
        assertThat(calendar.isWorkday(d("2025-02-08"))).isTrue(); // Saturday worked
        assertThat(calendar.isWorkday(d("2025-04-04"))).isFalse();
        assertThat(calendar.isWorkday(d("2025-04-27"))).isTrue();
        assertThat(calendar.isWorkday(d("2025-05-05"))).isFalse();
        assertThat(calendar.isWorkday(d("2025-06-02"))).isFalse();
        assertThat(calendar.isWorkday(d("2025-09-28"))).isTrue();
        assertThat(calendar.isWorkday(d("2025-10-08"))).isFalse();
        assertThat(calendar.isWorkday(d("2025-10-11"))).isTrue();
        assertThat(calendar.isWorkday(d("2025-10-09"))).isTrue();
        // 2026
        assertThat(calendar.isWorkday(d("2026-01-02"))).isFalse();
        assertThat(calendar.isWorkday(d("2026-01-04"))).isTrue();
        assertThat(calendar.isWorkday(d("2026-02-14"))).isTrue();
        assertThat(calendar.isWorkday(d("2026-02-16"))).isFalse();
        assertThat(calendar.isWorkday(d("2026-02-23"))).isFalse();
        assertThat(calendar.isWorkday(d("2026-02-28"))).isTrue();
        assertThat(calendar.isWorkday(d("2026-04-06"))).isFalse();
        assertThat(calendar.isWorkday(d("2026-05-05"))).isFalse();
        assertThat(calendar.isWorkday(d("2026-05-09"))).isTrue();
        assertThat(calendar.isWorkday(d("2026-06-19"))).isFalse();
        assertThat(calendar.isWorkday(d("2026-09-20"))).isTrue();
        assertThat(calendar.isWorkday(d("2026-09-25"))).isFalse();
        assertThat(calendar.isWorkday(d("2026-10-07"))).isFalse();
        assertThat(calendar.isWorkday(d("2026-10-10"))).isTrue();

        // the brief's example: five working days from 30 Sep 2025 count Sat 11 Oct and end on Tue 14 Oct
        assertThat(calendar.addWorkingDays(d("2025-09-30"), 5)).isEqualTo(d("2025-10-14"));
        // Spring Festival 2026: Fri 13 Feb → Sat 14 Feb (worked) → Tue 24 Feb
        assertThat(calendar.addWorkingDays(d("2026-02-13"), 1)).isEqualTo(d("2026-02-14"));
        assertThat(calendar.addWorkingDays(d("2026-02-13"), 2)).isEqualTo(d("2026-02-24"));
        // 2025 and 2026 both have 248 working days
        assertThat(calendar.workingDaysBetween(d("2024-12-31"), d("2025-12-31")))
                .isEqualTo(248);
        assertThat(calendar.workingDaysBetween(d("2025-12-31"), d("2026-12-31")))
                .isEqualTo(248);
    }

    @Test
    void anySignedInUserReadsAYearAndAnonymousCannot() {
        Api.As applicant = TestUsers.as(api, users, encoder, "cal", Role.APPLICANT);
        Api.Response r = applicant.get("/api/calendar?year=2025");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode y = r.json();
        assertThat(y.get("year").asInt()).isEqualTo(2025);
        assertThat(y.get("working_days").asInt()).isEqualTo(248);
        assertThat(y.get("holidays").asInt()).isEqualTo(18);
        assertThat(y.get("makeup_workdays").asInt()).isEqualTo(5);
        JsonNode oct11 = y.get("days")
                .valueStream()
                .filter(n -> n.get("date").asString().equals("2025-10-11"))
                .findFirst()
                .orElseThrow();
        assertThat(oct11.get("workday").asBoolean()).isTrue();
        assertThat(oct11.get("kind").asString()).isEqualTo("makeup_workday");
        assertThat(oct11.get("weekday").asString()).isEqualTo("周六");
        assertThat(oct11.get("note").asString()).contains("国庆节");

        assertThat(api.anonymous().get("/api/calendar?year=2025").status()).isEqualTo(401);
        Api.Response bad = applicant.get("/api/calendar?year=1900");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("key").asString()).isEqualTo("calendar.year_invalid");
    }

    @Test
    void aSystemAdministratorSetsAndRemovesADayAndTheCalendarFollowsAtOnce() {
        Api.As admin = TestUsers.as(api, users, encoder, "cal", Role.SYSTEM_ADMIN);
        Api.As policyAdmin = TestUsers.as(api, users, encoder, "cal", Role.POLICY_ADMIN);
        LocalDate monday = d("2099-03-02");
        LocalDate saturday = d("2099-03-07");
        assertThat(monday.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
        assertThat(calendar.isWorkday(monday)).isTrue();

        Map<String, Object> off = new LinkedHashMap<>();
        off.put("workday", false);
        off.put("note", "测试假日");
        assertThat(policyAdmin.put("/api/calendar/2099-03-02", off).status()).isEqualTo(403);
        assertThat(calendar.isWorkday(monday)).isTrue();

        Api.Response r = admin.put("/api/calendar/2099-03-02", off);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("kind").asString()).isEqualTo("holiday");
        assertThat(calendar.isWorkday(monday)).isFalse();
        assertThat(calendar.addWorkingDays(d("2099-02-27"), 1)).isEqualTo(d("2099-03-03"));

        Map<String, Object> worked = new LinkedHashMap<>();
        worked.put("workday", true);
        worked.put("note", "测试调休");
        assertThat(admin.put("/api/calendar/2099-03-07", worked).status()).isEqualTo(200);
        assertThat(calendar.isWorkday(saturday)).isTrue();
        assertThat(audits("calendar.update", "2099-03-07")).isEqualTo(1);

        assertThat(policyAdmin.delete("/api/calendar/2099-03-02").status()).isEqualTo(403);
        assertThat(admin.delete("/api/calendar/2099-03-02").status()).isEqualTo(204);
        assertThat(calendar.isWorkday(monday)).isTrue();
        assertThat(audits("calendar.delete", "2099-03-02")).isEqualTo(1);
        Api.Response again = admin.delete("/api/calendar/2099-03-02");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("key").asString()).isEqualTo("calendar_day.not_found");
        assertThat(admin.delete("/api/calendar/2099-03-07").status()).isEqualTo(204);
        assertThat(calendar.isWorkday(saturday)).isFalse();
    }

    @Test
    void badInputNamesTheFieldAndChangesNothing() {
        Api.As admin = TestUsers.as(api, users, encoder, "cal", Role.SYSTEM_ADMIN);
        Map<String, Object> off = new LinkedHashMap<>();
        off.put("workday", false);
        Api.Response r = admin.put("/api/calendar/2099-02-30", off);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("key").asString()).isEqualTo("calendar.date_invalid");
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("date");
        assertThat(r.json().get("errors").get(0).get("value").asString()).isEqualTo("2099-02-30");

        Map<String, Object> noWorkday = new LinkedHashMap<>();
        noWorkday.put("note", "缺少 workday");
        Api.Response r2 = admin.put("/api/calendar/2099-04-01", noWorkday);
        assertThat(r2.status()).isEqualTo(400);
        assertThat(r2.json().get("key").asString()).isEqualTo("calendar.workday_required");
        assertThat(r2.json().get("errors").get(0).get("field").asString()).isEqualTo("workday");

        Map<String, Object> longNote = new LinkedHashMap<>();
        longNote.put("workday", false);
        longNote.put("note", "长".repeat(101));
        Api.Response r3 = admin.put("/api/calendar/2099-04-01", longNote);
        assertThat(r3.status()).isEqualTo(400);
        assertThat(r3.json().get("key").asString()).isEqualTo("calendar.note_too_long");
        assertThat(jdbc.sql("select count(*) from calendar_day where day = ?")
                        .param(d("2099-04-01"))
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private long audits(String action, String target) {
        return jdbc.sql("select count(*) from audit_log where action = ? and target_id = ?")
                .params(action, target)
                .query(Long.class)
                .single();
    }
}

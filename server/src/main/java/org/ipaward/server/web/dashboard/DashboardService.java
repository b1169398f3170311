package org.ipaward.server.web.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ipaward.engine.model.Measure;
import org.ipaward.server.application.Workflow;
import org.ipaward.server.calendar.WorkCalendar;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.web.ui.Ui;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The figures behind the dashboard, aggregated exactly: money summed as {@code numeric} in SQL and added
 * as {@code BigDecimal}, written as strings of yuan with two decimals. Amounts come from the awards ledger
 * (entries not released: reserved at review, approved, paid — the same figures as a round's budget); the
 * monthly paid series is the money actually paid (payment amounts after any pro-rata factor) by the month
 * the payment was confirmed (Beijing time). Processing time per state is the time applications stayed in
 * a state, from the event that entered it to the next event, in calendar and working days.
 */
@Service
public class DashboardService {
    /** Which applications and awards count: any of them may be {@code null} (all). */
    public record Filter(String policy, Long round, Integer year) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Money(String reserved, String approved, String paid, String committed) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MeasureAmount(
            String policyId,
            String measureId,
            String title,
            String category,
            String categoryLabel,
            long awards,
            String reserved,
            String approved,
            String paid,
            String committed) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CategoryAmount(
            String category,
            String label,
            long awards,
            String reserved,
            String approved,
            String paid,
            String committed) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MonthAmount(String month, String committed, String paidOut) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StateCount(String state, String label, long applications) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RoundBudget(
            long roundId, String title, int year, String budget, String committed, String paid, String remaining) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StateTime(
            String state,
            String label,
            long stays,
            String medianCalendarDays,
            String averageCalendarDays,
            String medianWorkingDays,
            String averageWorkingDays) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Data(
            String policy,
            Long round,
            Integer year,
            Money totals,
            String paidOut,
            long applications,
            List<MeasureAmount> byMeasure,
            List<CategoryAmount> byCategory,
            List<MonthAmount> byMonth,
            List<StateCount> byState,
            List<RoundBudget> budgets,
            List<StateTime> processing) {}

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);
    private static final BigDecimal DAY_SECONDS = BigDecimal.valueOf(86_400);

    private final JdbcClient jdbc;
    private final PolicyRegistry policies;
    private final Workflow workflow;
    private final WorkCalendar calendar;
    private final Ui ui;

    public DashboardService(JdbcClient jdbc, PolicyRegistry policies, Workflow workflow, WorkCalendar calendar, Ui ui) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.workflow = workflow;
        this.calendar = calendar;
        this.ui = ui;
    }

    private record Where(String sql, List<Object> params) {}

    private static Where where(Filter f) {
        StringBuilder w = new StringBuilder();
        List<Object> params = new ArrayList<>();
        if (f.policy() != null) {
            w.append(" and r.policy_id = ?");
            params.add(f.policy());
        }
        if (f.round() != null) {
            w.append(" and r.id = ?");
            params.add(f.round());
        }
        if (f.year() != null) {
            w.append(" and r.year = ?");
            params.add(f.year());
        }
        return new Where(w.toString(), params);
    }

    @Transactional(readOnly = true)
    public Data data(Filter f) {
        Where w = where(f);

        // amounts per measure and ledger status
        record Cell(String policy, String measure, String status, BigDecimal amount, long n) {}
        List<Cell> cells = jdbc.sql(
                        """
                        select r.policy_id, l.measure_id, l.status, sum(l.amount), count(*)
                        from ledger_entry l join round r on r.id = l.round_id
                        where l.status <> 'released'"""
                                + w.sql()
                                + " group by r.policy_id, l.measure_id, l.status order by r.policy_id, l.measure_id")
                .params(w.params())
                .query((rs, n) ->
                        new Cell(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getLong(5)))
                .list();
        Map<String, BigDecimal[]> perMeasure = new LinkedHashMap<>();
        Map<String, Long> perMeasureN = new LinkedHashMap<>();
        for (Cell c : cells) {
            String key = c.policy() + "\u0000" + c.measure();
            BigDecimal[] m = perMeasure.computeIfAbsent(key, k -> new BigDecimal[] {ZERO, ZERO, ZERO});
            int slot = slot(c.status());
            m[slot] = m[slot].add(c.amount());
            perMeasureN.merge(key, c.n(), Long::sum);
        }
        List<MeasureAmount> byMeasure = new ArrayList<>();
        Map<Measure.Category, BigDecimal[]> perCategory = new TreeMap<>();
        Map<Measure.Category, Long> perCategoryN = new TreeMap<>();
        BigDecimal[] total = {ZERO, ZERO, ZERO};
        for (Map.Entry<String, BigDecimal[]> e : perMeasure.entrySet()) {
            String[] k = e.getKey().split("\u0000", 2);
            BigDecimal[] m = e.getValue();
            Measure measure = measure(k[0], k[1]);
            Measure.Category cat = measure == null ? null : measure.category();
            byMeasure.add(new MeasureAmount(
                    k[0],
                    k[1],
                    measure == null ? k[1] : ui.t(measure.title()),
                    cat == null ? null : cat.name().toLowerCase(java.util.Locale.ROOT),
                    cat == null ? null : ui.t(cat.label()),
                    perMeasureN.get(e.getKey()),
                    money(m[0]),
                    money(m[1]),
                    money(m[2]),
                    money(m[0].add(m[1]).add(m[2]))));
            if (cat != null) {
                BigDecimal[] c = perCategory.computeIfAbsent(cat, x -> new BigDecimal[] {ZERO, ZERO, ZERO});
                for (int i = 0; i < 3; i++) {
                    c[i] = c[i].add(m[i]);
                }
                perCategoryN.merge(cat, perMeasureN.get(e.getKey()), Long::sum);
            }
            for (int i = 0; i < 3; i++) {
                total[i] = total[i].add(m[i]);
            }
        }
        List<CategoryAmount> byCategory = new ArrayList<>();
        perCategory.forEach((cat, c) -> byCategory.add(new CategoryAmount(
                cat.name().toLowerCase(java.util.Locale.ROOT),
                ui.t(cat.label()),
                perCategoryN.get(cat),
                money(c[0]),
                money(c[1]),
                money(c[2]),
                money(c[0].add(c[1]).add(c[2])))));

        // by month: awards committed (when reserved at review) and money paid out (when confirmed)
        Map<String, BigDecimal> committedByMonth = new TreeMap<>();
        jdbc.sql(
                        """
                        select to_char(l.created_at at time zone 'Asia/Shanghai', 'YYYY-MM'), sum(l.amount)
                        from ledger_entry l join round r on r.id = l.round_id
                        where l.status <> 'released'"""
                                + w.sql()
                                + " group by 1")
                .params(w.params())
                .query((rs, n) -> committedByMonth.put(rs.getString(1), rs.getBigDecimal(2)))
                .list();
        Map<String, BigDecimal> paidByMonth = new TreeMap<>();
        jdbc.sql(
                        """
                        select to_char(p.confirmed_at at time zone 'Asia/Shanghai', 'YYYY-MM'), sum(p.amount)
                        from payment p join payment_batch b on b.id = p.batch_id join round r on r.id = b.round_id
                        where p.status = 'paid'"""
                                + w.sql()
                                + " group by 1")
                .params(w.params())
                .query((rs, n) -> paidByMonth.put(rs.getString(1), rs.getBigDecimal(2)))
                .list();
        TreeSet<String> months = new TreeSet<>(committedByMonth.keySet());
        months.addAll(paidByMonth.keySet());
        List<MonthAmount> byMonth = new ArrayList<>();
        BigDecimal paidOut = ZERO;
        for (String m : months) {
            BigDecimal p = paidByMonth.getOrDefault(m, ZERO);
            paidOut = paidOut.add(p);
            byMonth.add(new MonthAmount(m, money(committedByMonth.getOrDefault(m, ZERO)), money(p)));
        }

        // applications by state, in the workflow's order
        Map<String, Long> states = new LinkedHashMap<>();
        jdbc.sql("select a.state, count(*) from application a join round r on r.id = a.round_id where true"
                        + w.sql()
                        + " group by a.state")
                .params(w.params())
                .query((rs, n) -> states.put(rs.getString(1), rs.getLong(2)))
                .list();
        List<StateCount> byState = new ArrayList<>();
        long applications = 0;
        for (Workflow.State s : workflow.states()) {
            long n = states.getOrDefault(s.id(), 0L);
            applications += n;
            byState.add(new StateCount(s.id(), ui.pick(s.zh(), s.en()), n));
        }

        // budget against use, per round (newest first, at most 24)
        List<RoundBudget> budgets = jdbc.sql(
                        """
                        select r.id, r.title, r.year, r.budget,
                            coalesce(sum(l.amount) filter (where l.status <> 'released'), 0),
                            coalesce(sum(l.amount) filter (where l.status = 'paid'), 0)
                        from round r left join ledger_entry l on l.round_id = r.id where true"""
                                + w.sql()
                                + " group by r.id order by r.opens_at desc, r.id desc limit 24")
                .params(w.params())
                .query((rs, n) -> {
                    BigDecimal budget = rs.getBigDecimal(4);
                    BigDecimal committed = rs.getBigDecimal(5);
                    BigDecimal left = budget.subtract(committed);
                    return new RoundBudget(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getInt(3),
                            money(budget),
                            money(committed),
                            money(rs.getBigDecimal(6)),
                            money(left.signum() < 0 ? ZERO : left));
                })
                .list();

        return new Data(
                f.policy(),
                f.round(),
                f.year(),
                new Money(
                        money(total[0]),
                        money(total[1]),
                        money(total[2]),
                        money(total[0].add(total[1]).add(total[2]))),
                money(paidOut),
                applications,
                byMeasure,
                byCategory,
                byMonth,
                byState,
                budgets,
                processing(w));
    }

    /** How long applications stayed in each state (left it already), median and mean, calendar and working days. */
    private List<StateTime> processing(Where w) {
        record Event(long app, String state, Instant at) {}
        List<Event> events = jdbc.sql(
                        """
                        select e.application_id, e.to_state, e.at from application_event e
                        join application a on a.id = e.application_id join round r on r.id = a.round_id where true"""
                                + w.sql()
                                + " order by e.application_id, e.id")
                .params(w.params())
                .query((rs, n) -> new Event(
                        rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .list();
        Map<String, List<BigDecimal>> calendarDays = new LinkedHashMap<>();
        Map<String, List<BigDecimal>> workingDays = new LinkedHashMap<>();
        for (int i = 0; i + 1 < events.size(); i++) {
            Event e = events.get(i);
            Event next = events.get(i + 1);
            if (e.app() != next.app()) {
                continue;
            }
            long seconds = Math.max(0, next.at().getEpochSecond() - e.at().getEpochSecond());
            calendarDays
                    .computeIfAbsent(e.state(), k -> new ArrayList<>())
                    .add(BigDecimal.valueOf(seconds).divide(DAY_SECONDS, 4, RoundingMode.HALF_UP));
            LocalDate from = LocalDate.ofInstant(e.at(), ClockConfig.ZONE);
            LocalDate to = LocalDate.ofInstant(next.at(), ClockConfig.ZONE);
            workingDays
                    .computeIfAbsent(e.state(), k -> new ArrayList<>())
                    .add(BigDecimal.valueOf(calendar.workingDaysBetween(from, to)));
        }
        List<StateTime> out = new ArrayList<>();
        for (Workflow.State s : workflow.states()) {
            List<BigDecimal> cal = calendarDays.get(s.id());
            if (cal == null) {
                continue;
            }
            List<BigDecimal> work = workingDays.get(s.id());
            out.add(new StateTime(
                    s.id(),
                    ui.pick(s.zh(), s.en()),
                    cal.size(),
                    oneDecimal(median(cal)),
                    oneDecimal(mean(cal)),
                    oneDecimal(median(work)),
                    oneDecimal(mean(work))));
        }
        return out;
    }

    static BigDecimal median(List<BigDecimal> values) {
        List<BigDecimal> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        if (n % 2 == 1) {
            return v.get(n / 2);
        }
        return v.get(n / 2 - 1).add(v.get(n / 2)).divide(BigDecimal.valueOf(2), 4, RoundingMode.HALF_UP);
    }

    static BigDecimal mean(List<BigDecimal> values) {
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal b : values) {
            sum = sum.add(b);
        }
        return sum.divide(BigDecimal.valueOf(values.size()), 4, RoundingMode.HALF_UP);
    }

    private static String oneDecimal(BigDecimal d) {
        return d.setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    private static int slot(String status) {
        return switch (status) {
            case "reserved" -> 0;
            case "approved" -> 1;
            default -> 2;
        };
    }

    private static String money(BigDecimal d) {
        return d.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    private Measure measure(String policyId, String measureId) {
        return policies.findCurrent(policyId)
                .map(v -> v.policy().measure(measureId))
                .orElse(null);
    }

    /** Rounds to choose from in the filter, newest first. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> rounds() {
        return jdbc.sql("select id, title, policy_id, year from round order by opens_at desc, id desc limit 200")
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("title", rs.getString(2));
                    m.put("policy", rs.getString(3));
                    m.put("year", rs.getInt(4));
                    return m;
                })
                .list();
    }

    /** Filing years with rounds, newest first. */
    @Transactional(readOnly = true)
    public List<Integer> years() {
        return jdbc.sql("select distinct year from round order by year desc")
                .query(Integer.class)
                .list();
    }
}

package org.ipaward.server.web.workbench;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Text;
import org.ipaward.server.calendar.WorkCalendar;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.config.Like;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The staff queues: applications by state with search, filters, sort and paging, the count per state, and
 * how many working days each has waited in its state (since its last workflow event).
 */
@Repository("wbQueues")
public class Queues {
    /** The tabs of the workbench, in order; {@code all} is every state but draft. */
    public static final List<String> TABS =
            List.of("submitted", "under_review", "reviewed", "approved", "publicised", "returned", "all");

    /** Sort orders a queue offers; the first is the default (who waited longest first). */
    public static final List<String> SORTS = List.of("waiting", "submitted_asc", "submitted_desc", "no", "amount_desc");

    /** What the user asked for; any filter may be {@code null}. */
    public record Filter(
            String state,
            String q,
            Long roundId,
            String policyId,
            String measure,
            LocalDate from,
            LocalDate to,
            String sort) {}

    /** One row of a queue. */
    public record Row(
            long id,
            String no,
            String subjectName,
            String uscc,
            long roundId,
            String roundTitle,
            String policyId,
            List<Text> measures,
            BigDecimal estimate,
            BigDecimal approved,
            Instant submittedAt,
            Instant since,
            int daysWaiting,
            String state,
            int version) {}

    private final JdbcClient jdbc;
    private final PolicyRegistry policies;
    private final WorkCalendar calendar;
    private final Clock clock;

    public Queues(JdbcClient jdbc, PolicyRegistry policies, WorkCalendar calendar, Clock clock) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.calendar = calendar;
        this.clock = clock;
    }

    private record Where(String sql, List<Object> params) {}

    private static Where where(Filter f, boolean withState) {
        StringBuilder w = new StringBuilder(" where a.state <> 'draft'");
        List<Object> p = new ArrayList<>();
        if (withState && f.state() != null && !"all".equals(f.state())) {
            w.append(" and a.state = ?");
            p.add(f.state());
        }
        if (f.q() != null && !f.q().isBlank()) {
            String like = Like.containing(f.q().strip());
            w.append(" and (a.no ilike ? or s.name ilike ? or s.uscc ilike ?)");
            p.add(like);
            p.add(like);
            p.add(like);
        }
        if (f.roundId() != null) {
            w.append(" and a.round_id = ?");
            p.add(f.roundId());
        }
        if (f.policyId() != null && !f.policyId().isBlank()) {
            w.append(" and r.policy_id = ?");
            p.add(f.policyId());
        }
        if (f.measure() != null && !f.measure().isBlank()) {
            w.append(" and exists (select 1 from claim c where c.application_id = a.id and c.measure_id = ?)");
            p.add(f.measure());
        }
        if (f.from() != null) {
            w.append(" and a.submitted_at >= ?");
            p.add(Timestamp.from(f.from().atStartOfDay(ClockConfig.ZONE).toInstant()));
        }
        if (f.to() != null) {
            w.append(" and a.submitted_at < ?");
            p.add(Timestamp.from(
                    f.to().plusDays(1).atStartOfDay(ClockConfig.ZONE).toInstant()));
        }
        return new Where(w.toString(), p);
    }

    private static final String FROM =
            " from application a join subject s on s.id = a.subject_id join round r on r.id = a.round_id";

    private static final String SINCE =
            "coalesce((select max(e.at) from application_event e where e.application_id = a.id), a.updated_at)";

    /** Checks the filter: a known tab and sort, and a date range that is not reversed. */
    public static void check(Filter f) {
        if (f.state() != null && !TABS.contains(f.state())) {
            throw ApiException.invalid(
                    "state",
                    f.state(),
                    "wb.state_unknown",
                    "未知的队列；可选：" + String.join("、", TABS),
                    "unknown queue; one of " + String.join(", ", TABS));
        }
        if (f.sort() != null && !SORTS.contains(f.sort())) {
            throw ApiException.invalid(
                    "sort",
                    f.sort(),
                    "wb.sort_unknown",
                    "未知的排序方式；可选：" + String.join("、", SORTS),
                    "unknown sort; one of " + String.join(", ", SORTS));
        }
        if (f.from() != null && f.to() != null && f.to().isBefore(f.from())) {
            throw ApiException.invalid(
                    "to", f.to(), "wb.range_reversed", "截止日期不能早于起始日期", "the end date is before the start date");
        }
    }

    @Transactional(readOnly = true)
    public PageResult<Row> search(Filter f, Paging paging) {
        check(f);
        Where w = where(f, true);
        long total = jdbc.sql("select count(*)" + FROM + w.sql())
                .params(w.params())
                .query(Long.class)
                .single();
        String order =
                switch (f.sort() == null ? "waiting" : f.sort()) {
                    case "submitted_asc" -> "a.submitted_at asc nulls last, a.id";
                    case "submitted_desc" -> "a.submitted_at desc nulls last, a.id desc";
                    case "no" -> "a.no";
                    case "amount_desc" -> "coalesce(a.approved_total, a.estimate_total, 0) desc, a.id";
                    default -> "since asc, a.id";
                };
        List<Object> params = new ArrayList<>(w.params());
        params.add(paging.size());
        params.add(paging.offset());
        record Raw(
                long id,
                String no,
                String subject,
                String uscc,
                long roundId,
                String roundTitle,
                String policyId,
                long versionId,
                BigDecimal estimate,
                BigDecimal approved,
                Instant submitted,
                Instant since,
                String state,
                int version) {}
        List<Raw> raws = jdbc.sql(
                        "select a.id, a.no, s.name, s.uscc, a.round_id, r.title, r.policy_id, r.policy_version_id,"
                                + " a.estimate_total, a.approved_total, a.submitted_at, " + SINCE
                                + " as since, a.state, a.version"
                                + FROM + w.sql() + " order by " + order + " limit ? offset ?")
                .params(params)
                .query((rs, n) -> {
                    Timestamp sub = rs.getTimestamp(11);
                    return new Raw(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getLong(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getLong(8),
                            rs.getBigDecimal(9),
                            rs.getBigDecimal(10),
                            sub == null ? null : sub.toInstant(),
                            rs.getTimestamp(12).toInstant(),
                            rs.getString(13),
                            rs.getInt(14));
                })
                .list();
        Map<Long, List<String>> measures = new HashMap<>();
        if (!raws.isEmpty()) {
            jdbc.sql(
                            "select application_id, measure_id from claim where application_id = any(?) order by application_id, seq")
                    .param(raws.stream().map(Raw::id).toArray(Long[]::new))
                    .query((rs, n) -> {
                        measures.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(rs.getString(2));
                        return null;
                    })
                    .list();
        }
        LocalDate today = LocalDate.now(clock.withZone(ClockConfig.ZONE));
        List<Row> rows = new ArrayList<>();
        for (Raw r : raws) {
            List<Text> titles = new ArrayList<>();
            var policy = policies.version(r.versionId()).policy();
            for (String m : measures.getOrDefault(r.id(), List.of())) {
                Measure measure = policy.measure(m);
                titles.add(measure == null ? new Text(m, m) : measure.title());
            }
            LocalDate since = r.since().atZone(ClockConfig.ZONE).toLocalDate();
            rows.add(new Row(
                    r.id(),
                    r.no(),
                    r.subject(),
                    r.uscc(),
                    r.roundId(),
                    r.roundTitle(),
                    r.policyId(),
                    titles,
                    r.estimate(),
                    r.approved(),
                    r.submitted(),
                    r.since(),
                    since.isBefore(today) ? calendar.workingDaysBetween(since, today) : 0,
                    r.state(),
                    r.version()));
        }
        return new PageResult<>(rows, total, paging.page(), paging.size());
    }

    /** How many applications each tab holds under the same filters (search, round, policy, measure, dates). */
    @Transactional(readOnly = true)
    public Map<String, Long> counts(Filter f) {
        Where w = where(f, false);
        Map<String, Long> out = new LinkedHashMap<>();
        TABS.forEach(t -> out.put(t, 0L));
        long[] all = {0};
        jdbc.sql("select a.state, count(*)" + FROM + w.sql() + " group by a.state")
                .params(w.params())
                .query((rs, n) -> {
                    String s = rs.getString(1);
                    long c = rs.getLong(2);
                    if (out.containsKey(s)) {
                        out.put(s, c);
                    }
                    all[0] += c;
                    return null;
                })
                .list();
        out.put("all", all[0]);
        return out;
    }

    /** The application numbers of the ids (for naming a batch job's items). */
    @Transactional(readOnly = true)
    public Map<Long, String> numbers(List<Long> ids) {
        Map<Long, String> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.sql("select id, no from application where id = any(?) order by id")
                .param(ids.toArray(Long[]::new))
                .query((rs, n) -> out.put(rs.getLong(1), rs.getString(2)))
                .list();
        return out;
    }
}

package org.ipaward.server.web.open;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rounds the public publicity page lists: those with an award in publicity now, or whose publicity ended
 * within the last year. Read-only; the lists themselves come from {@code PublicityService}.
 */
@Repository
public class PublicRounds {
    /** The states an award is in once it has been publicised (the publicity list shows them). */
    static final String[] LISTED = {"publicised", "confirmed", "payment_listed", "paid", "payment_failed"};

    /** A round with publicised awards: how many are in publicity now, how many in all, the last end date. */
    public record RoundRow(
            long id, String title, String policyId, int year, long inPublicity, long listed, LocalDate lastEnds) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    public PublicRounds(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public PageResult<RoundRow> list(String q, Paging paging) {
        String search = q == null || q.isBlank() ? null : org.ipaward.server.config.Like.containing(q.strip());
        Date since = Date.valueOf(LocalDate.now(clock).minusYears(1));
        String from =
                """
                from round r join application a on a.round_id = r.id
                where a.state = any(?) and (cast(? as text) is null or r.title ilike ? or r.policy_id ilike ?)
                group by r.id
                having count(*) filter (where a.state = 'publicised') > 0 or max(a.publicity_ends) >= ?""";
        List<Object> params = new ArrayList<>(java.util.Arrays.asList(LISTED, search, search, search, since));
        long total = jdbc.sql("select count(*) from (select r.id " + from + ") t")
                .params(params)
                .query(Long.class)
                .single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(paging.size());
        pageParams.add(paging.offset());
        List<RoundRow> rows = jdbc.sql(
                        "select r.id, r.title, r.policy_id, r.year, count(*) filter (where a.state = 'publicised'),"
                                + " count(*), max(a.publicity_ends) " + from
                                + " order by max(a.publicity_ends) desc nulls last, r.id desc limit ? offset ?")
                .params(pageParams)
                .query((rs, n) -> {
                    Date ends = rs.getDate(7);
                    return new RoundRow(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getInt(4),
                            rs.getLong(5),
                            rs.getLong(6),
                            ends == null ? null : ends.toLocalDate());
                })
                .list();
        return new PageResult<>(rows, total, paging.page(), paging.size());
    }
}

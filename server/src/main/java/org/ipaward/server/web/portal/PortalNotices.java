package org.ipaward.server.web.portal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.config.Json;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The applicant's in-app notifications: every workflow event of the applications they may see (their own
 * subject's, those they created, and an agency's clients'), newest first. An event somebody else caused
 * (staff accepting, returning, approving, paying…) after the user's read marker is unread; the user's own
 * actions are listed but never unread. Templates use {@code @portalNotices.unread(currentUser)}.
 */
@Component("portalNotices")
public class PortalNotices {
    /** One notification: an event of one of the applicant's applications. */
    public record Notice(
            long eventId,
            long applicationId,
            String applicationNo,
            String action,
            String fromState,
            String toState,
            String role,
            String reason,
            String deadline,
            String publicityEnds,
            BigDecimal amount,
            Instant at,
            boolean unread) {}

    /** The events of the applications the user may see (the subject is read from the database, never the session). */
    private static final String MINE =
            """
            with me as (select id, subject_id from app_user where id = :uid),
            mine as (
              select a.id, a.no, a.approved_total from application a, me
              where a.created_by = me.id or a.subject_id = me.subject_id
                 or a.subject_id in (select client_id from agency_client where agency_id = me.subject_id))
            """;

    private static final String MARK =
            "coalesce((select last_event_id from portal_notice_read where user_id = :uid), 0)";

    private final JdbcClient jdbc;
    private final AuditLog audit;

    public PortalNotices(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** How many notifications the user has not read (0 for nobody signed in). */
    @Transactional(readOnly = true)
    public long unread(UserAccount user) {
        if (user == null) {
            return 0;
        }
        return jdbc.sql(MINE
                        + """
                        select count(*) from application_event e join mine m on m.id = e.application_id
                        where e.action <> 'create' and e.actor_id is distinct from :uid and e.id > """
                        + MARK)
                .param("uid", user.id())
                .query(Long.class)
                .single();
    }

    /** The user's notifications, newest first; {@code unreadOnly} keeps only the unread ones. */
    @Transactional(readOnly = true)
    public PageResult<Notice> list(UserAccount user, boolean unreadOnly, Paging paging) {
        String where = " where e.action <> 'create'"
                + (unreadOnly ? " and e.actor_id is distinct from :uid and e.id > " + MARK : "");
        String from = " from application_event e join mine m on m.id = e.application_id";
        long total = jdbc.sql(MINE + "select count(*)" + from + where)
                .param("uid", user.id())
                .query(Long.class)
                .single();
        List<Notice> items = jdbc.sql(MINE + "select e.*, m.no, m.approved_total, "
                        + MARK
                        + " as mark,"
                        + " (select p.amount from payment p where p.application_id = e.application_id"
                        + "    and p.status = 'paid' order by p.id desc limit 1) as paid_amount"
                        + from
                        + where
                        + " order by e.id desc limit :size offset :offset")
                .param("uid", user.id())
                .param("size", paging.size())
                .param("offset", paging.offset())
                .query((rs, n) -> {
                    long id = rs.getLong("id");
                    long actor = rs.getLong("actor_id");
                    boolean byMe = !rs.wasNull() && actor == user.id();
                    String action = rs.getString("action");
                    String details = rs.getString("details");
                    BigDecimal amount =
                            switch (action) {
                                case "mark_paid" -> rs.getBigDecimal("paid_amount");
                                case "approve", "review_approve", "objection_amend" ->
                                    rs.getBigDecimal("approved_total");
                                default -> null;
                            };
                    Timestamp at = rs.getTimestamp("at");
                    return new Notice(
                            id,
                            rs.getLong("application_id"),
                            rs.getString("no"),
                            action,
                            rs.getString("from_state"),
                            rs.getString("to_state"),
                            rs.getString("role"),
                            rs.getString("reason"),
                            detail(details, "deadline"),
                            detail(details, "publicity_ends"),
                            amount,
                            at.toInstant(),
                            !byMe && id > rs.getLong("mark"));
                })
                .list();
        return new PageResult<>(items, total, paging.page(), paging.size());
    }

    /** Marks everything the user can see now as read; returns how many were unread. */
    @Transactional
    public long markAllRead(UserAccount user) {
        long unread = unread(user);
        Long last = jdbc.sql(MINE + "select max(e.id) from application_event e join mine m on m.id = e.application_id")
                .param("uid", user.id())
                .query((rs, n) -> (Long) rs.getObject(1, Long.class))
                .optional()
                .orElse(null);
        if (last == null) {
            return 0;
        }
        jdbc.sql(
                        """
                        insert into portal_notice_read (user_id, last_event_id) values (:uid, :last)
                        on conflict (user_id) do update
                          set last_event_id = greatest(portal_notice_read.last_event_id, excluded.last_event_id),
                              read_at = now()""")
                .param("uid", user.id())
                .param("last", last)
                .update();
        audit.record("portal.notices_read", "user", user.id(), Map.of("last_event", last, "unread", unread));
        return unread;
    }

    /** A string field of an event's details, or null. */
    static String detail(String json, String field) {
        if (json == null) {
            return null;
        }
        Object v = Json.map(json).get(field);
        return v == null ? null : v.toString();
    }
}

package org.ipaward.server.web.workbench;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.publicity.PublicityService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The publicity step for the workbench: a round's approved and publicised applications, and objections
 * recorded by staff from a phone call, a letter or a visit (the channel is kept with the objection).
 */
@Service("wbPublicityDesk")
public class PublicityDesk {
    /** How an objection reached the office; {@code online} is the public form. */
    public static final List<String> CHANNELS = List.of("phone", "letter", "visit");

    /** An application in (or waiting for) publicity. */
    public record Listed(
            long id, String no, String subject, BigDecimal amount, LocalDate ends, long openObjections, int version) {}

    private final JdbcClient jdbc;
    private final PublicityService publicity;
    private final AuditLog audit;

    public PublicityDesk(JdbcClient jdbc, PublicityService publicity, AuditLog audit) {
        this.jdbc = jdbc;
        this.publicity = publicity;
        this.audit = audit;
    }

    /** The round's applications in a state ({@code approved} or {@code publicised}), by number. */
    @Transactional(readOnly = true)
    public List<Listed> inState(long roundId, String state) {
        return jdbc.sql(
                        """
                        select a.id, a.no, s.name, a.approved_total, a.publicity_ends, a.version,
                          (select count(*) from objection o where o.application_id = a.id and o.status = 'open')
                        from application a join subject s on s.id = a.subject_id
                        where a.round_id = ? and a.state = ? order by a.no""")
                .params(roundId, state)
                .query((rs, n) -> {
                    java.sql.Date ends = rs.getDate(5);
                    return new Listed(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getBigDecimal(4),
                            ends == null ? null : ends.toLocalDate(),
                            rs.getLong(7),
                            rs.getInt(6));
                })
                .list();
    }

    /** The channel of each objection of a round. */
    @Transactional(readOnly = true)
    public Map<Long, String> channels(long roundId) {
        Map<Long, String> out = new LinkedHashMap<>();
        jdbc.sql(
                        "select o.id, o.channel from objection o join application a on a.id = o.application_id where a.round_id = ?")
                .param(roundId)
                .query((rs, n) -> out.put(rs.getLong(1), rs.getString(2)))
                .list();
        return out;
    }

    /** Records an objection received by phone, letter or visit: as the public form does, plus the channel. */
    @Transactional
    public PublicityService.Objection record(PublicityService.NewObjection in, String channel) {
        if (channel == null || !CHANNELS.contains(channel)) {
            throw ApiException.invalid(
                    "channel",
                    channel,
                    "objection.channel",
                    "请选择异议的收到方式：电话、信件或来访",
                    "choose how the objection was received: phone, letter or visit");
        }
        PublicityService.Objection o = publicity.object(in);
        jdbc.sql("update objection set channel = ? where id = ?")
                .params(channel, o.id())
                .update();
        audit.record(
                "objection.record", "application", o.applicationId(), Map.of("objection", o.id(), "channel", channel));
        return o;
    }
}

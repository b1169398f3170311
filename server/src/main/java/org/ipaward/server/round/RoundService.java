package org.ipaward.server.round;

import java.time.Instant;
import java.util.List;
import org.ipaward.server.error.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** STUB until the rounds branch is merged. */
@Service
public class RoundService {
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    public RoundService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Round get(long id) {
        return jdbc.sql("select * from round where id = ?")
                .param(id)
                .query((rs, n) -> new Round(
                        rs.getLong("id"),
                        rs.getLong("policy_version_id"),
                        rs.getString("policy_id"),
                        rs.getInt("year"),
                        rs.getString("title"),
                        rs.getString("notice"),
                        rs.getTimestamp("opens_at").toInstant(),
                        rs.getTimestamp("closes_at").toInstant(),
                        json.readValue(rs.getString("measures"), new TypeReference<List<String>>() {}),
                        rs.getBigDecimal("budget"),
                        rs.getString("budget_rule"),
                        rs.getInt("publicity_days"),
                        rs.getString("status")))
                .optional()
                .orElseThrow(() -> ApiException.notFound("round", id));
    }

    public void requireOpen(Round r, Instant now) {
        if (!"open".equals(r.status()) || now.isBefore(r.opensAt()) || !now.isBefore(r.closesAt())) {
            throw ApiException.conflict("round.not_open", "当前不在申报时间内", "the round is not open");
        }
    }
}

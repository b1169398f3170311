package org.ipaward.server.subject;

import java.util.List;
import java.util.Optional;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.UserAccount;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** STUB until the subjects branch is merged. */
@Service
public class SubjectService {
    private final JdbcClient jdbc;

    public SubjectService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Subject engineSubject(long subjectId) {
        return jdbc.sql("select * from subject where id = ?")
                .param(subjectId)
                .query((rs, n) -> new Subject(
                        String.valueOf(subjectId),
                        rs.getString("name"),
                        SubjectKind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)),
                        rs.getString("registered_region"),
                        rs.getString("household_region"),
                        List.of(),
                        rs.getString("mu_grade")))
                .optional()
                .orElseThrow(() -> ApiException.notFound("subject", subjectId));
    }

    public boolean canFileFor(UserAccount user, long subjectId) {
        return user.subjectId() != null && user.subjectId() == subjectId;
    }

    public boolean canView(UserAccount user, long subjectId) {
        return user.isStaff() || canFileFor(user, subjectId);
    }

    public String name(long subjectId) {
        return jdbc.sql("select name from subject where id = ?")
                .param(subjectId)
                .query(String.class)
                .single();
    }

    public String maskedName(long subjectId) {
        return name(subjectId);
    }

    public Optional<Long> agencyPoaFile(long agencyId, long clientId) {
        return Optional.empty();
    }
}

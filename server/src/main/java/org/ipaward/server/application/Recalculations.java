package org.ipaward.server.application;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.job.Jobs;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recalculation of a round (重新测算): every open application of the round (draft, submitted, returned, under
 * review — never one whose award is reserved or decided) is estimated again with the engine against the current
 * ledger, as a background {@link Jobs} job, each application in its own transaction ({@link
 * ApplicationService#reestimate}). The start is audited as {@code round.recalculate}; each changed estimate as
 * {@code application.reestimate}. While the job runs and after it, {@link #summary} tells how many estimates
 * changed and by how much in total.
 */
@Service
public class Recalculations {
    /** The job kind on the progress page. */
    public static final String KIND = "round.recalculate";

    private static final int KEEP = 200;

    /** One changed estimate. */
    public record Change(String no, BigDecimal before, BigDecimal after, BigDecimal delta) {}

    /** What a recalculation found so far (thread-safe: the job's worker adds, the page reads). */
    public static final class Summary {
        private final long roundId;
        private final List<Change> changes = new ArrayList<>();
        private int unchanged;
        private BigDecimal before = BigDecimal.ZERO;
        private BigDecimal after = BigDecimal.ZERO;

        Summary(long roundId) {
            this.roundId = roundId;
        }

        synchronized void add(ApplicationService.Reestimate r) {
            before = before.add(r.before() == null ? BigDecimal.ZERO : r.before());
            after = after.add(r.after() == null ? BigDecimal.ZERO : r.after());
            if (r.changed()) {
                changes.add(new Change(r.no(), r.before(), r.after(), r.delta()));
            } else {
                unchanged++;
            }
        }

        public long roundId() {
            return roundId;
        }

        public synchronized List<Change> changes() {
            return List.copyOf(changes);
        }

        public synchronized int changed() {
            return changes.size();
        }

        public synchronized int unchanged() {
            return unchanged;
        }

        /** The sum of the changes (new total minus old total of the recalculated applications). */
        public synchronized BigDecimal delta() {
            return after.subtract(before).setScale(2);
        }

        public synchronized BigDecimal before() {
            return before.setScale(2);
        }

        public synchronized BigDecimal after() {
            return after.setScale(2);
        }
    }

    private final RoundService rounds;
    private final ApplicationService applications;
    private final Jobs jobs;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final Map<String, Summary> summaries = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Summary> e) {
            return size() > KEEP;
        }
    };

    public Recalculations(
            RoundService rounds, ApplicationService applications, Jobs jobs, AuditLog audit, JdbcClient jdbc) {
        this.rounds = rounds;
        this.applications = applications;
        this.jobs = jobs;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /** Starts the recalculation of the round's open applications; returns the job's id. */
    @Transactional
    public String start(long roundId) {
        Round round = rounds.get(roundId);
        Map<Long, String> open = new LinkedHashMap<>();
        jdbc.sql("select id, no from application where round_id = ? and state in (?, ?, ?, ?) order by id")
                .params(
                        round.id(),
                        ApplicationService.RECALCULABLE.get(0),
                        ApplicationService.RECALCULABLE.get(1),
                        ApplicationService.RECALCULABLE.get(2),
                        ApplicationService.RECALCULABLE.get(3))
                .query((rs, n) -> open.put(rs.getLong("id"), rs.getString("no")))
                .list();
        if (open.isEmpty()) {
            throw ApiException.conflict(
                    "round.nothing_to_recalculate",
                    "本批次没有可重新测算的申报（草稿、已提交、退回补正、审核中）",
                    "the round has no open application to recalculate (draft, submitted, returned, under review)");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("applications", open.size());
        details.put("states", ApplicationService.RECALCULABLE);
        audit.record("round.recalculate", "round", round.id(), details);
        Summary summary = new Summary(round.id());
        Jobs.Job job = jobs.submit(
                KIND,
                List.copyOf(open.keySet()),
                id -> open.getOrDefault(id, String.valueOf(id)),
                id -> summary.add(applications.reestimate(id)));
        synchronized (summaries) {
            summaries.put(job.id(), summary);
        }
        return job.id();
    }

    /** The summary of a recalculation job (the caller checks the job is the user's through {@link Jobs#get}). */
    public Optional<Summary> summary(String jobId) {
        synchronized (summaries) {
            return Optional.ofNullable(summaries.get(jobId));
        }
    }
}

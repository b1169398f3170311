package org.ipaward.server.web.admin;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.security.UserAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Chain verifications run in the background, one at a time, so a long log does not hold a request; the page
 * polls {@link Task#checked()} against {@link Task#total()}. Each run is audited as {@code audit.verify} in
 * the name of whoever started it (as the API's verification is). Finished tasks are forgotten after an hour.
 */
@Component
public class AuditVerifications {
    private static final Logger log = LoggerFactory.getLogger(AuditVerifications.class);
    private static final Duration KEEP = Duration.ofHours(1);

    /** One verification: who started it, how far it is, and its result when done. */
    public static final class Task {
        private final String id = UUID.randomUUID().toString();
        private final long userId;
        private final Instant startedAt = Instant.now();
        private final long total;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile long checked;
        private volatile AuditLog.Verification result;
        private volatile boolean failed;
        private volatile Instant finishedAt;

        Task(long userId, long total) {
            this.userId = userId;
            this.total = total;
        }

        public String id() {
            return id;
        }

        public Instant startedAt() {
            return startedAt;
        }

        /** Records in the log when the task started (the chain may have grown since). */
        public long total() {
            return total;
        }

        public long checked() {
            return checked;
        }

        /** Percent done, 0–100 (an estimate while running: the log may grow). */
        public int percent() {
            if (finished()) {
                return 100;
            }
            return total == 0 ? 0 : (int) Math.min(99, checked * 100 / total);
        }

        public boolean finished() {
            return finishedAt != null;
        }

        public boolean failed() {
            return failed;
        }

        public AuditLog.Verification result() {
            return result;
        }

        public Instant finishedAt() {
            return finishedAt;
        }

        /** Waits up to {@code ms} for the end; true when finished. */
        boolean await(long ms) {
            try {
                return done.await(ms, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return finished();
            }
        }
    }

    private final AuditLog audit;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "audit-verify");
        t.setDaemon(true);
        return t;
    });

    public AuditVerifications(AuditLog audit) {
        this.audit = audit;
    }

    /** Starts a verification for the person, or returns theirs that is still running. */
    public synchronized Task start(UserAccount user) {
        forgetOld();
        for (Task t : tasks.values()) {
            if (t.userId == user.id() && !t.finished()) {
                return t;
            }
        }
        Task task = new Task(user.id(), audit.count());
        tasks.put(task.id, task);
        executor.submit(() -> run(task, user));
        return task;
    }

    /** A task the person started (nobody else's). */
    public Optional<Task> find(String id, UserAccount user) {
        Task t = id == null ? null : tasks.get(id);
        return t != null && t.userId == user.id() ? Optional.of(t) : Optional.empty();
    }

    private void run(Task task, UserAccount user) {
        try {
            AuditLog.Verification v = audit.verify(n -> task.checked = n);
            task.result = v;
            task.checked = v.records();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("ok", v.ok());
            details.put("records", v.records());
            details.put("broken_at", v.brokenAt());
            audit.record(
                    user.id(), user.username(), user.primaryRole().name(), "audit.verify", "audit_log", null, details);
        } catch (RuntimeException e) {
            log.error("audit chain verification {} failed", task.id, e);
            task.failed = true;
        } finally {
            task.finishedAt = Instant.now();
            task.done.countDown();
        }
    }

    private void forgetOld() {
        Instant cutoff = Instant.now().minus(KEEP);
        tasks.values().removeIf(t -> t.finished() && t.finishedAt.isBefore(cutoff));
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}

package org.ipaward.server.job;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * A small in-memory runner for long operations started from a page (batch accept, batch approval,
 * publicity, recalculation, imports…): a list of work items is run one after another in a background
 * thread <b>as the user who submitted it</b> (the submitting request's {@link SecurityContext} is carried
 * into the worker, so services see the same {@link Actor}), while the page polls {@link #get} for the
 * progress.
 *
 * <p>Each item is handed to the work function on its own: give a function that opens its own transaction
 * (call a {@code @Transactional} service method through its bean), so one item's failure rolls back only
 * that item; the others go on. An item fails when the function throws: an {@link ApiException} keeps its
 * Chinese and English message and key, anything else is logged and reported with a reference.
 *
 * <p>Usage:
 *
 * <pre>{@code
 * Jobs.Job job = jobs.submit("batch.accept", ids, id -> apps.get(id).no(), id -> workflow.perform(id, "accept", null));
 * // later, from the same user: jobs.get(job.id()) → done/total/failed and each failure's message
 * }</pre>
 *
 * Jobs are kept in memory for {@link #KEEP} after they finish (lost on restart), and only the user who
 * submitted a job may read it. At most {@link #THREADS} jobs run at a time; the others wait their turn.
 */
@Component
public class Jobs {
    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    /** How long a finished job's results are kept. */
    public static final Duration KEEP = Duration.ofHours(2);

    static final int THREADS = 2;

    /** Where a job stands. */
    public enum Status {
        QUEUED,
        RUNNING,
        DONE
    }

    /** One item that failed: its label and why (Chinese, English, stable key). */
    public record Failure(String item, String key, String zh, String en) {}

    /** A job's progress as a snapshot (immutable; ask {@link #get} again for news). */
    public record Job(
            String id,
            String kind,
            long ownerId,
            Status status,
            int total,
            int done,
            int succeeded,
            List<Failure> failures,
            List<String> succeededItems,
            Instant createdAt,
            Instant finishedAt) {
        public int failed() {
            return failures.size();
        }

        public boolean finished() {
            return status == Status.DONE;
        }

        /** Per cent done, 0–100 (100 for an empty job). */
        public int percent() {
            return total == 0 ? 100 : (int) Math.floor(done * 100.0 / total);
        }
    }

    private static final class State {
        final String id;
        final String kind;
        final long ownerId;
        final int total;
        final Instant createdAt;
        final AtomicInteger done = new AtomicInteger();
        final List<Failure> failures = new ArrayList<>();
        final List<String> succeeded = new ArrayList<>();
        volatile Status status = Status.QUEUED;
        volatile Instant finishedAt;

        State(String id, String kind, long ownerId, int total, Instant createdAt) {
            this.id = id;
            this.kind = kind;
            this.ownerId = ownerId;
            this.total = total;
            this.createdAt = createdAt;
        }

        synchronized Job snapshot() {
            return new Job(
                    id,
                    kind,
                    ownerId,
                    status,
                    total,
                    done.get(),
                    succeeded.size(),
                    List.copyOf(failures),
                    List.copyOf(succeeded),
                    createdAt,
                    finishedAt);
        }
    }

    private final Map<String, State> jobs = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private final Clock clock;

    public Jobs(Clock clock) {
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.executor =
                new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "ipaward-job-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Starts a job over the items, run in the background as the current user.
     *
     * @param kind what the job does, for the page (e.g. {@code batch.accept})
     * @param items the work items, in order
     * @param label how an item is named in the results (e.g. the application number); called in the worker
     * @param work what to do with one item; throw to fail the item
     * @return the job as it stands now (queued)
     */
    public <T> Job submit(String kind, List<T> items, Function<T, String> label, Consumer<T> work) {
        UserAccount owner = Actor.require();
        evictOld();
        List<T> list = List.copyOf(items);
        State s = new State(UUID.randomUUID().toString(), kind, owner.id(), list.size(), clock.instant());
        jobs.put(s.id, s);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(SecurityContextHolder.getContext().getAuthentication());
        executor.execute(new DelegatingSecurityContextRunnable(() -> run(s, list, label, work), context));
        return s.snapshot();
    }

    private <T> void run(State s, List<T> items, Function<T, String> label, Consumer<T> work) {
        s.status = Status.RUNNING;
        for (T item : items) {
            String name = safeLabel(label, item);
            try {
                work.accept(item);
                synchronized (s) {
                    s.succeeded.add(name);
                }
            } catch (ApiException e) {
                synchronized (s) {
                    s.failures.add(new Failure(name, e.key(), e.messageZh(), e.messageEn()));
                }
            } catch (RuntimeException e) {
                String ref = UUID.randomUUID().toString().substring(0, 8);
                log.error("job {} ({}) item {} failed [{}]", s.id, s.kind, name, ref, e);
                synchronized (s) {
                    s.failures.add(new Failure(
                            name,
                            "server.error",
                            "系统内部错误（编号 " + ref + "），该项未办理",
                            "internal error (ref " + ref + "); the item was not done"));
                }
            }
            s.done.incrementAndGet();
        }
        s.finishedAt = clock.instant();
        s.status = Status.DONE;
    }

    private static <T> String safeLabel(Function<T, String> label, T item) {
        try {
            return label.apply(item);
        } catch (RuntimeException e) {
            return String.valueOf(item);
        }
    }

    /** The job, if it exists (and is still kept) and belongs to the current user. */
    public Optional<Job> get(String id) {
        UserAccount user = Actor.require();
        State s = id == null ? null : jobs.get(id);
        if (s == null || s.ownerId != user.id()) {
            return Optional.empty();
        }
        return Optional.of(s.snapshot());
    }

    /** Waits until the job has finished (or the timeout passed); for tests and synchronous callers. */
    public Optional<Job> await(String id, Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        State s = jobs.get(id);
        while (s != null && s.status != Status.DONE && Instant.now().isBefore(until)) {
            Thread.sleep(20);
        }
        return s == null ? Optional.empty() : Optional.of(s.snapshot());
    }

    private void evictOld() {
        Instant limit = clock.instant().minus(KEEP);
        jobs.values().removeIf(s -> s.finishedAt != null && s.finishedAt.isBefore(limit));
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}

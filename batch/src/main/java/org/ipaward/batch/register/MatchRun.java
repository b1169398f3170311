package org.ipaward.batch.register;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Matches a whole register: one thread reads profiles in batches, {@code threads} workers decide and render
 * them, one thread writes the batches in input order. The output is the same for any number of threads.
 */
public final class MatchRun {
    static final int BATCH = 1_000;

    /** Counts and sums per measure (in {@link BulkMatcher#measures()} order) over the whole register. */
    public record Summary(
            long profiles,
            long rowsWritten,
            long[] eligible,
            long[] possible,
            long[] excluded,
            BigDecimal[] eligibleAmount,
            BigDecimal[] possibleMax,
            long[] possibleUnbounded) {

        static Summary empty(int n) {
            BigDecimal[] a = new BigDecimal[n];
            BigDecimal[] b = new BigDecimal[n];
            java.util.Arrays.fill(a, BigDecimal.ZERO);
            java.util.Arrays.fill(b, BigDecimal.ZERO);
            return new Summary(0, 0, new long[n], new long[n], new long[n], a, b, new long[n]);
        }

        Summary plus(Summary o) {
            int n = eligible.length;
            Summary s = empty(n);
            for (int i = 0; i < n; i++) {
                s.eligible[i] = eligible[i] + o.eligible[i];
                s.possible[i] = possible[i] + o.possible[i];
                s.excluded[i] = excluded[i] + o.excluded[i];
                s.eligibleAmount[i] = eligibleAmount[i].add(o.eligibleAmount[i]);
                s.possibleMax[i] = possibleMax[i].add(o.possibleMax[i]);
                s.possibleUnbounded[i] = possibleUnbounded[i] + o.possibleUnbounded[i];
            }
            return new Summary(
                    profiles + o.profiles,
                    rowsWritten + o.rowsWritten,
                    s.eligible,
                    s.possible,
                    s.excluded,
                    s.eligibleAmount,
                    s.possibleMax,
                    s.possibleUnbounded);
        }

        public BigDecimal totalEligible() {
            BigDecimal t = BigDecimal.ZERO;
            for (BigDecimal d : eligibleAmount) {
                t = t.add(d);
            }
            return t;
        }

        public BigDecimal totalPossibleMax() {
            BigDecimal t = BigDecimal.ZERO;
            for (BigDecimal d : possibleMax) {
                t = t.add(d);
            }
            return t;
        }
    }

    private record Chunk(Object rendered, Summary summary) {}

    private MatchRun() {}

    /**
     * Reads {@code register}, matches every profile and writes the rows whose outcome is in {@code include} to
     * {@code out}; {@code progress} gets the number of profiles written after each batch.
     */
    public static Summary run(
            BulkMatcher matcher,
            Path register,
            RegisterSchema schema,
            Path out,
            Set<String> include,
            int threads,
            LongConsumer progress) {
        MatchFile.Writer writer = MatchFile.open(out);
        int n = matcher.measures().size();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "match-worker");
            t.setDaemon(true);
            return t;
        });
        BlockingQueue<Future<Chunk>> queue = new ArrayBlockingQueue<>(Math.max(1, threads) * 4);
        Future<Chunk> end = CompletableFuture.completedFuture(null);
        Summary[] total = {Summary.empty(n)};
        Throwable[] failure = {null};
        Thread writing = new Thread(
                () -> {
                    try {
                        while (true) {
                            Future<Chunk> f = queue.take();
                            if (f == end) {
                                return;
                            }
                            if (failure[0] != null) {
                                continue;
                            }
                            try {
                                Chunk c = f.get();
                                writer.write(c.rendered());
                                total[0] = total[0].plus(c.summary());
                                progress.accept(c.summary().profiles());
                            } catch (ExecutionException e) {
                                failure[0] = e.getCause();
                            } catch (RuntimeException e) {
                                failure[0] = e;
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "match-writer");
        writing.start();
        try {
            if (RegisterFile.extension(register).equals("csv")) {
                // cut raw records here; workers parse and check them
                RegisterFile.readCsvBatches(register, schema, BATCH, b -> {
                    submit(matcher, writer, include, pool, queue, b, n);
                    if (failure[0] != null) {
                        throw new Abort();
                    }
                });
            } else {
                List<List<ProfileRow>> pending = new ArrayList<>(1);
                pending.add(new ArrayList<>(BATCH));
                RegisterFile.read(register, schema, p -> {
                    List<ProfileRow> b = pending.get(0);
                    b.add(p);
                    if (b.size() == BATCH) {
                        submit(matcher, writer, include, pool, queue, b, n);
                        pending.set(0, new ArrayList<>(BATCH));
                        if (failure[0] != null) {
                            throw new Abort();
                        }
                    }
                });
                if (!pending.get(0).isEmpty()) {
                    submit(matcher, writer, include, pool, queue, pending.get(0), n);
                }
            }
        } catch (Abort ignored) {
            // the failure is rethrown below
        } finally {
            put(queue, end);
            try {
                writing.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool.shutdownNow();
            writer.close();
        }
        if (failure[0] instanceof RuntimeException re) {
            throw re;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        return total[0];
    }

    private static final class Abort extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abort() {
            super(null, null, false, false);
        }
    }

    private static void submit(
            BulkMatcher matcher,
            MatchFile.Writer writer,
            Set<String> include,
            ExecutorService pool,
            BlockingQueue<Future<Chunk>> queue,
            Object batch,
            int n) {
        put(queue, pool.submit(() -> work(matcher, writer, include, batch, n)));
    }

    private static void put(BlockingQueue<Future<Chunk>> queue, Future<Chunk> f) {
        try {
            queue.put(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Chunk work(BulkMatcher matcher, MatchFile.Writer writer, Set<String> include, Object work, int n) {
        List<ProfileRow> batch =
                work instanceof RegisterFile.CsvBatch c ? RegisterFile.parse(c) : (List<ProfileRow>) work;
        List<Decision[]> ds = new ArrayList<>(batch.size());
        long[] el = new long[n];
        long[] po = new long[n];
        long[] ex = new long[n];
        long[] unb = new long[n];
        ExactSum[] eaSum = new ExactSum[n];
        ExactSum[] pmSum = new ExactSum[n];
        for (int i = 0; i < n; i++) {
            eaSum[i] = new ExactSum();
            pmSum[i] = new ExactSum();
        }
        long rows = 0;
        boolean[] inc = Decision.included(include);
        // Profiles answered from the whole-profile cache share one array of decisions: each distinct array is counted
        // once with how often it came (exact sums, so the order of adding does not matter).
        java.util.IdentityHashMap<Decision[], int[]> times = new java.util.IdentityHashMap<>();
        for (ProfileRow p : batch) {
            Decision[] d = matcher.decideCached(p);
            ds.add(d);
            int[] t = times.get(d);
            if (t == null) {
                times.put(d, new int[] {1});
            } else {
                t[0]++;
            }
        }
        for (java.util.Map.Entry<Decision[], int[]> e : times.entrySet()) {
            Decision[] d = e.getKey();
            int c = e.getValue()[0];
            for (int i = 0; i < d.length; i++) {
                Decision x = d[i];
                if (inc[x.code]) {
                    rows += c;
                }
                switch (x.code) {
                    case Decision.ELIGIBLE:
                        el[i] += c;
                        eaSum[i].add(x.amount, x.amountUnscaled, c);
                        break;
                    case Decision.POSSIBLE:
                        po[i] += c;
                        if (x.max == null) {
                            unb[i] += c;
                        } else {
                            pmSum[i].add(x.max, x.maxUnscaled, c);
                        }
                        break;
                    default:
                        ex[i] += c;
                }
            }
        }
        BigDecimal[] ea = new BigDecimal[n];
        BigDecimal[] pm = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
            ea[i] = eaSum[i].addTo(BigDecimal.ZERO);
            pm[i] = pmSum[i].addTo(BigDecimal.ZERO);
        }
        return new Chunk(writer.render(batch, ds, include), new Summary(batch.size(), rows, el, po, ex, ea, pm, unb));
    }
}

package org.ipaward.batch.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a function over consecutive ranges {@code [from, to)} of {@code 0..n} on a few threads and gives the
 * results in range order, so that a caller can merge them exactly as one sequential pass would have counted.
 * With one thread (or little work) everything runs on the calling thread.
 */
final class Chunks {
    private Chunks() {}

    /** Work on one range. */
    interface Range<T> {
        T apply(int from, int to);
    }

    /** Below this many items a range is not split: thread hand-over would cost more than it saves. */
    static final int MIN_CHUNK = 8_192;

    /** The ranges' results in order; {@code threads} at most, about four ranges a thread. */
    static <T> List<T> map(int n, int threads, Range<T> f) {
        return map(n, threads, MIN_CHUNK, f);
    }

    /** {@link #map(int, int, Range)} with ranges of at least {@code minChunk} items (tests use small ones). */
    static <T> List<T> map(int n, int threads, int minChunk, Range<T> f) {
        int chunks = threads <= 1 ? 1 : Math.max(1, Math.min(threads * 4, n / Math.max(1, minChunk)));
        List<T> out = new ArrayList<>(chunks);
        if (chunks == 1) {
            out.add(f.apply(0, n));
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, chunks), r -> {
            Thread t = new Thread(r, "ipaward-replay-chunk");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> fs = new ArrayList<>(chunks);
            for (int c = 0; c < chunks; c++) {
                int from = (int) ((long) n * c / chunks);
                int to = (int) ((long) n * (c + 1) / chunks);
                fs.add(pool.submit(() -> f.apply(from, to)));
            }
            for (Future<T> fu : fs) {
                out.add(fu.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

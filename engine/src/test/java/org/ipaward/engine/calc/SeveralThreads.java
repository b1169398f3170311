package org.ipaward.engine.calc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Deciding the same inputs from several threads at once, for the tests that the calculator is thread-safe. */
final class SeveralThreads {
    private SeveralThreads() {}

    /**
     * Four threads decide every input five times over, each walking the inputs from a different start; each must
     * get {@code expected} (one list of decisions per input, in the inputs' order).
     */
    static <T> void decideAlike(List<T> inputs, Function<T, List<Decision>> decide, List<List<Decision>> expected)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<List<Decision>>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                runs.add(pool.submit(() -> {
                    List<List<Decision>> out = new ArrayList<>(inputs.size());
                    for (int k = 0; k < inputs.size(); k++) {
                        out.add(null);
                    }
                    for (int round = 0; round < 5; round++) {
                        for (int k = 0; k < inputs.size(); k++) {
                            int j = (k + offset * 97) % inputs.size();
                            out.set(j, decide.apply(inputs.get(j)));
                        }
                    }
                    return out;
                }));
            }
            for (Future<List<List<Decision>>> f : runs) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

package org.ipaward.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction's audit records join the chain just before it commits, all together and in order; the
 * chain's lock is not held while the rest of the transaction runs, and the chain stays whole under many
 * concurrent writers.
 */
class AuditChainConcurrencyTests extends ServerTest {
    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    private List<Long> seqs(String action) {
        return jdbc.sql("select seq from audit_log where action = ? order by seq")
                .param(action)
                .query(Long.class)
                .list();
    }

    private List<String> targets(String action) {
        return jdbc.sql("select target_id from audit_log where action = ? order by seq")
                .param(action)
                .query(String.class)
                .list();
    }

    @Test
    void aTransactionsRecordsAreWrittenAtCommitTogetherAndInOrder() {
        tx.executeWithoutResult(s -> {
            for (int i = 1; i <= 3; i++) {
                audit.record(null, "ac-order", "SYSTEM", "ac.order", "thing", i, Map.of("n", i));
            }
            assertThat(seqs("ac.order")).as("not in the chain before commit").isEmpty();
            // reads of the log through the service see what the transaction has recorded
            assertThat(audit.search(
                                    new AuditLog.Filter("ac.order", null, null, null, null, null, null),
                                    new org.ipaward.server.web.Paging(0, 10))
                            .total())
                    .isEqualTo(3);
            audit.record(null, "ac-order", "SYSTEM", "ac.order", "thing", 4, Map.of("n", 4));
        });
        List<Long> seqs = seqs("ac.order");
        assertThat(seqs).hasSize(4);
        assertThat(seqs.get(3) - seqs.get(0)).as("consecutive").isEqualTo(3);
        assertThat(targets("ac.order")).containsExactly("1", "2", "3", "4");
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void aTransactionWithMoreRecordsThanOneInsertTakesKeepsThemAllInOrder() {
        int n = AuditLog.INSERT_ROWS * 2 + 7;
        tx.executeWithoutResult(s -> {
            for (int i = 1; i <= n; i++) {
                audit.record(null, "ac-bulk", "SYSTEM", "ac.bulk", "thing", i, Map.of("n", i));
            }
        });
        List<Long> seqs = seqs("ac.bulk");
        assertThat(seqs).hasSize(n);
        assertThat(seqs.get(n - 1) - seqs.get(0)).as("consecutive").isEqualTo(n - 1);
        assertThat(targets("ac.bulk"))
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, n)
                        .mapToObj(String::valueOf)
                        .toList());
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void aRolledBackTransactionLeavesNoRecord() {
        tx.executeWithoutResult(s -> {
            audit.record(null, "ac-rollback", "SYSTEM", "ac.rollback", null, null, Map.of());
            s.setRollbackOnly();
        });
        assertThat(seqs("ac.rollback")).isEmpty();
        // nor does one that fails after recording
        try {
            tx.executeWithoutResult(s -> {
                audit.record(null, "ac-rollback", "SYSTEM", "ac.rollback", null, null, Map.of());
                throw new IllegalStateException("fails after recording");
            });
        } catch (IllegalStateException expected) {
            // the transaction was rolled back
        }
        assertThat(seqs("ac.rollback")).isEmpty();
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void anOpenTransactionThatHasRecordedDoesNotHoldUpOtherWriters() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch recorded = new CountDownLatch(1);
            CountDownLatch otherDone = new CountDownLatch(1);
            Future<Boolean> first = pool.submit(() -> tx.execute(s -> {
                audit.record(null, "ac-open", "SYSTEM", "ac.open", "first", 1, Map.of());
                recorded.countDown();
                try {
                    // still open: the other writer must be able to record and commit meanwhile
                    return otherDone.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }));
            assertThat(recorded.await(60, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> other = CompletableFuture.runAsync(
                    () -> {
                        tx.executeWithoutResult(
                                s -> audit.record(null, "ac-open", "SYSTEM", "ac.open", "second", 2, Map.of()));
                        otherDone.countDown();
                    },
                    pool);
            assertThat(first.get(120, TimeUnit.SECONDS))
                    .as("the second writer committed while the first transaction was still open")
                    .isTrue();
            other.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdown();
        }
        assertThat(targets("ac.open")).containsExactly("2", "1");
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void manyConcurrentWritersKeepTheChainWhole() throws Exception {
        int threads = 4;
        int txs = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < txs; i++) {
                        String target = thread + "-" + i;
                        tx.executeWithoutResult(s -> {
                            for (int k = 0; k < 3; k++) {
                                audit.record(null, "ac-many", "SYSTEM", "ac.many", "tx", target, Map.of("k", k));
                            }
                        });
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        List<String> targets = targets("ac.many");
        assertThat(targets).hasSize(threads * txs * 3);
        for (int i = 0; i < targets.size(); i += 3) {
            assertThat(targets.subList(i, i + 3))
                    .as("a transaction's records are consecutive")
                    .containsOnly(targets.get(i));
        }
        AuditLog.Verification v = audit.verify();
        assertThat(v.ok()).as(v.problem()).isTrue();
    }
}

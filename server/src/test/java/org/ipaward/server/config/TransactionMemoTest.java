package org.ipaward.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class TransactionMemoTest {
    private final List<Long> reads = new ArrayList<>();
    private final Function<Long, String> read = id -> {
        reads.add(id);
        return "round " + id + " read " + reads.size();
    };

    @AfterEach
    void clear() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    /** What a transaction manager does at the end of a transaction. */
    private static void complete() {
        List<TransactionSynchronization> done = TransactionSynchronizationManager.getSynchronizations();
        TransactionSynchronizationManager.clearSynchronization();
        done.forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_COMMITTED));
    }

    @Test
    void outsideATransactionEveryCallReads() {
        TransactionMemo<Long, String> memo = new TransactionMemo<>();
        memo.get(1L, read);
        memo.get(1L, read);
        assertThat(reads).containsExactly(1L, 1L);
    }

    @Test
    void aTransactionReadsEachKeyOnceUntilItForgetsOrEnds() {
        TransactionMemo<Long, String> memo = new TransactionMemo<>();
        TransactionSynchronizationManager.initSynchronization();
        assertThat(memo.get(1L, read)).isEqualTo("round 1 read 1");
        assertThat(memo.get(1L, read)).isEqualTo("round 1 read 1");
        assertThat(memo.get(2L, read)).isEqualTo("round 2 read 2");
        memo.forget();
        assertThat(memo.get(1L, read)).isEqualTo("round 1 read 3");
        complete();

        // the next transaction reads afresh; the memo left nothing bound behind
        assertThat(TransactionSynchronizationManager.getResourceMap()).isEmpty();
        TransactionSynchronizationManager.initSynchronization();
        assertThat(memo.get(1L, read)).isEqualTo("round 1 read 4");
        complete();
        assertThat(reads).containsExactly(1L, 2L, 1L, 1L);
    }

    @Test
    void twoMemosKeepTheirOwnValues() {
        TransactionMemo<Long, String> a = new TransactionMemo<>();
        TransactionMemo<Long, String> b = new TransactionMemo<>();
        TransactionSynchronizationManager.initSynchronization();
        a.get(1L, read);
        assertThat(b.get(1L, id -> "other")).isEqualTo("other");
        assertThat(a.get(1L, read)).isEqualTo("round 1 read 1");
        complete();
    }

    @Test
    void aValueWrittenIsKeptForTheTransactionOnly() {
        TransactionMemo<Long, String> memo = new TransactionMemo<>();
        memo.put(1L, "outside");
        assertThat(memo.kept()).as("outside a transaction nothing is kept").isEmpty();

        TransactionSynchronizationManager.initSynchronization();
        memo.put(1L, "written");
        assertThat(memo.kept()).containsExactly(java.util.Map.entry(1L, "written"));
        assertThat(memo.get(1L, read)).as("read without reading back").isEqualTo("written");
        memo.forget();
        assertThat(memo.kept()).isEmpty();
        memo.put(2L, "again");
        complete();

        TransactionSynchronizationManager.initSynchronization();
        assertThat(memo.kept()).as("the next transaction starts empty").isEmpty();
        complete();
        assertThat(reads).isEmpty();
    }
}

package org.ipaward.batch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ipaward.engine.calc.Ledger;
import org.ipaward.engine.calc.LedgerEntry;
import org.junit.jupiter.api.Test;

class IndexedLedgerTest {
    private static final String[] POLICIES = {"p1", "p2"};
    private static final String[] MEASURES = {"m1", "m2", "m3"};
    private static final String[] SUBJECTS = {"s1", "s2", "s3"};
    private static final String[] KEYS = {"country", "patent"};
    private static final String[] VALUES = {"US", "JP", "ZL1"};

    /** Every query, whatever its shape, answers what a scan of all entries answers, while entries are added. */
    @Test
    void answersLikeAScanOfAllEntries() {
        answersLikeAScan(new IndexedLedger());
    }

    /** The same with index maps sized for the awards expected from the start, fewer or more than come. */
    @Test
    void answersLikeAScanWhenSizedForTheAwardsExpected() {
        answersLikeAScan(new IndexedLedger(50));
        answersLikeAScan(new IndexedLedger(5000));
    }

    private static void answersLikeAScan(IndexedLedger ledger) {
        Random rnd = new Random(11);
        List<LedgerEntry> all = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Map<String, String> keys = new HashMap<>();
            for (String k : KEYS) {
                if (rnd.nextInt(3) > 0) {
                    keys.put(k, pick(rnd, VALUES));
                }
            }
            LedgerEntry e = new LedgerEntry(
                    pick(rnd, POLICIES),
                    pick(rnd, MEASURES),
                    pick(rnd, SUBJECTS),
                    2023 + rnd.nextInt(3),
                    BigDecimal.valueOf(rnd.nextInt(100_000), 2),
                    keys);
            ledger.add(e);
            all.add(e);
            for (int q = 0; q < 5; q++) {
                Ledger.Scope scope = scope(rnd);
                List<LedgerEntry> expected = new ArrayList<>();
                BigDecimal sum = BigDecimal.ZERO;
                for (LedgerEntry x : all) {
                    if (scope.contains(x)) {
                        expected.add(x);
                        sum = sum.add(x.amount());
                    }
                }
                assertThat(ledger.entries(scope)).as("%s", scope).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(ledger.used(scope)).as("%s", scope).isEqualByComparingTo(sum);
            }
        }
        assertThat(ledger.size()).isEqualTo(400);
    }

    private static Ledger.Scope scope(Random rnd) {
        List<String> measures = rnd.nextBoolean() ? List.of(pick(rnd, MEASURES)) : List.of("m1", "m3");
        Map<String, String> keys = new HashMap<>();
        int n = rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            keys.put(KEYS[i], pick(rnd, VALUES));
        }
        return new Ledger.Scope(
                pick(rnd, POLICIES),
                measures,
                rnd.nextBoolean() ? pick(rnd, SUBJECTS) : null,
                rnd.nextBoolean() ? 2023 + rnd.nextInt(3) : null,
                keys);
    }

    private static String pick(Random rnd, String[] from) {
        return from[rnd.nextInt(from.length)];
    }
}

package org.ipaward.engine.calc;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The port through which caps see earlier awards. The server implements it on its database inside the
 * approval transaction; {@link #of(List)} holds a list in memory and {@link #indexed()} is an in-memory ledger
 * indexed by policy and subject that a replay adds to.
 */
public interface Ledger {
    /** The awards in a cap's scope: a policy, a pool of measures, and optionally subject, year and object keys. */
    record Scope(String policy, List<String> measures, String subject, Integer year, Map<String, String> keys) {
        public boolean contains(LedgerEntry e) {
            if (!policy.equals(e.policy()) || !measures.contains(e.measure())) {
                return false;
            }
            if (subject != null && !subject.equals(e.subject())) {
                return false;
            }
            if (year != null && year != e.year()) {
                return false;
            }
            if (keys.isEmpty()) {
                return true;
            }
            for (Map.Entry<String, String> k : keys.entrySet()) {
                if (!k.getValue().equals(e.keys().get(k.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Entries in the scope. Implementations must not perform I/O the calculator waits on repeatedly. */
    List<LedgerEntry> entries(Scope scope);

    default BigDecimal used(Scope scope) {
        BigDecimal sum = BigDecimal.ZERO;
        for (LedgerEntry e : entries(scope)) {
            sum = plus(sum, e.amount());
        }
        return sum;
    }

    default Set<Integer> years(Scope scope) {
        Set<Integer> out = new TreeSet<>();
        for (LedgerEntry e : entries(scope)) {
            out.add(e.year());
        }
        return out;
    }

    /**
     * {@code sum + amount}; the amount itself when the sum is still the zero it started from and the amount's scale
     * is not negative — the same value at the same scale, without a new object (most scopes hold one award).
     */
    private static BigDecimal plus(BigDecimal sum, BigDecimal amount) {
        return sum == BigDecimal.ZERO && amount.scale() >= 0 ? amount : sum.add(amount);
    }

    Ledger EMPTY = scope -> List.of();

    /** An empty in-memory ledger indexed by policy and subject, to which a replay adds each award. */
    static MemoryLedger indexed() {
        return new MemoryLedger();
    }

    /**
     * An immutable ledger of these entries. A short list is scanned per query; a longer one (more than 16
     * entries) is indexed by policy and subject, as {@link MemoryLedger} does.
     */
    static Ledger of(List<LedgerEntry> entries) {
        if (entries.size() > 16) {
            MemoryLedger indexed = new MemoryLedger(entries);
            return new Ledger() {
                @Override
                public List<LedgerEntry> entries(Scope scope) {
                    return indexed.entries(scope);
                }

                @Override
                public BigDecimal used(Scope scope) {
                    return indexed.used(scope);
                }
            };
        }
        List<LedgerEntry> copy = List.copyOf(entries);
        return new Ledger() {
            @Override
            public List<LedgerEntry> entries(Scope scope) {
                List<LedgerEntry> out = new java.util.ArrayList<>();
                for (LedgerEntry e : copy) {
                    if (scope.contains(e)) {
                        out.add(e);
                    }
                }
                return out;
            }

            @Override
            public BigDecimal used(Scope scope) {
                BigDecimal sum = BigDecimal.ZERO;
                for (int i = 0; i < copy.size(); i++) {
                    LedgerEntry e = copy.get(i);
                    if (scope.contains(e)) {
                        sum = plus(sum, e.amount());
                    }
                }
                return sum;
            }
        };
    }
}

package org.ipaward.engine.calc;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-memory ledger indexed by policy and subject, for replays of many claims: a cap's query reads only
 * the entries of its policy and subject (or, for a scope without a subject, of its policy) instead of every
 * entry. {@link #add(LedgerEntry)} records an award, as an approval would.
 *
 * <p>Thread-safe: every method locks this ledger, so a replay may add from one thread while others read. Order
 * within a scope is the order of {@code add}; a calculation that runs while another thread adds sees the
 * entries added before each of its queries.
 */
public final class MemoryLedger implements Ledger {
    private final Map<String, PolicyIndex> byPolicy = new HashMap<>();
    private int size;

    private static final class PolicyIndex {
        final List<LedgerEntry> all = new ArrayList<>();
        final Map<String, List<LedgerEntry>> bySubject = new HashMap<>();
    }

    public MemoryLedger() {}

    public MemoryLedger(List<LedgerEntry> entries) {
        entries.forEach(this::add);
    }

    /** Records an award. */
    public synchronized void add(LedgerEntry entry) {
        Objects.requireNonNull(entry, "entry");
        PolicyIndex ix = byPolicy.computeIfAbsent(entry.policy(), k -> new PolicyIndex());
        ix.all.add(entry);
        ix.bySubject.computeIfAbsent(entry.subject(), k -> new ArrayList<>(2)).add(entry);
        size++;
    }

    /** The number of entries recorded. */
    public synchronized int size() {
        return size;
    }

    private List<LedgerEntry> candidates(Scope scope) {
        PolicyIndex ix = byPolicy.get(scope.policy());
        if (ix == null) {
            return List.of();
        }
        if (scope.subject() == null) {
            return ix.all;
        }
        List<LedgerEntry> l = ix.bySubject.get(scope.subject());
        return l == null ? List.of() : l;
    }

    @Override
    public synchronized List<LedgerEntry> entries(Scope scope) {
        List<LedgerEntry> out = new ArrayList<>();
        for (LedgerEntry e : candidates(scope)) {
            if (scope.contains(e)) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public synchronized BigDecimal used(Scope scope) {
        BigDecimal sum = BigDecimal.ZERO;
        for (LedgerEntry e : candidates(scope)) {
            if (scope.contains(e)) {
                sum = sum.add(e.amount());
            }
        }
        return sum;
    }
}

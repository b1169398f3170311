package org.ipaward.batch.replay;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ipaward.engine.calc.Ledger;
import org.ipaward.engine.calc.LedgerEntry;

/**
 * An in-memory {@link Ledger} whose queries cost O(pool size), not O(entries): for every shape of scope the
 * calculator asks about (with or without subject, with or without year, which object keys), entries are
 * indexed by policy, measure and the scope's values, with a running sum. An index for a new shape is built
 * once from the entries so far and kept up to date from then on. Not thread-safe: one per replayed partition.
 */
public final class IndexedLedger implements Ledger {
    private final List<LedgerEntry> all = new ArrayList<>();
    private final Map<Shape, Map<String, Bucket>> indexes = new HashMap<>();

    private record Shape(boolean subject, boolean year, List<String> keys) {}

    private static final class Bucket {
        BigDecimal sum = BigDecimal.ZERO;
        final List<LedgerEntry> entries = new ArrayList<>(2);
    }

    public IndexedLedger() {}

    public IndexedLedger(List<LedgerEntry> entries) {
        entries.forEach(this::add);
    }

    /** Records an award. */
    public void add(LedgerEntry e) {
        all.add(e);
        for (Map.Entry<Shape, Map<String, Bucket>> ix : indexes.entrySet()) {
            put(ix.getKey(), ix.getValue(), e);
        }
    }

    /** How many awards are recorded. */
    public int size() {
        return all.size();
    }

    private static void put(Shape shape, Map<String, Bucket> index, LedgerEntry e) {
        String k = key(shape, e);
        if (k != null) {
            Bucket b = index.computeIfAbsent(k, x -> new Bucket());
            b.sum = b.sum.add(e.amount());
            b.entries.add(e);
        }
    }

    private static String key(Shape shape, LedgerEntry e) {
        StringBuilder sb =
                new StringBuilder(64).append(e.policy()).append('\u0000').append(e.measure());
        if (shape.subject) {
            sb.append('\u0000').append(e.subject());
        }
        if (shape.year) {
            sb.append('\u0000').append(e.year());
        }
        for (String k : shape.keys) {
            String v = e.keys().get(k);
            if (v == null) {
                return null;
            }
            sb.append('\u0000').append(v);
        }
        return sb.toString();
    }

    private static String key(Shape shape, Scope s, String measure) {
        StringBuilder sb =
                new StringBuilder(64).append(s.policy()).append('\u0000').append(measure);
        if (shape.subject) {
            sb.append('\u0000').append(s.subject());
        }
        if (shape.year) {
            sb.append('\u0000').append(s.year().intValue());
        }
        for (String k : shape.keys) {
            sb.append('\u0000').append(s.keys().get(k));
        }
        return sb.toString();
    }

    private Map<String, Bucket> index(Shape shape) {
        Map<String, Bucket> ix = indexes.get(shape);
        if (ix == null) {
            ix = new HashMap<>();
            for (LedgerEntry e : all) {
                put(shape, ix, e);
            }
            indexes.put(shape, ix);
        }
        return ix;
    }

    private static Shape shape(Scope s) {
        List<String> keys = s.keys().isEmpty()
                ? List.of()
                : List.copyOf(new TreeSet<>(s.keys().keySet()));
        return new Shape(s.subject() != null, s.year() != null, keys);
    }

    @Override
    public List<LedgerEntry> entries(Scope scope) {
        Shape shape = shape(scope);
        Map<String, Bucket> ix = index(shape);
        List<LedgerEntry> out = new ArrayList<>();
        for (String m : scope.measures()) {
            Bucket b = ix.get(key(shape, scope, m));
            if (b != null) {
                out.addAll(b.entries);
            }
        }
        return out;
    }

    @Override
    public BigDecimal used(Scope scope) {
        Shape shape = shape(scope);
        Map<String, Bucket> ix = index(shape);
        BigDecimal sum = BigDecimal.ZERO;
        for (String m : scope.measures()) {
            Bucket b = ix.get(key(shape, scope, m));
            if (b != null) {
                sum = sum.add(b.sum);
            }
        }
        return sum;
    }

    @Override
    public Set<Integer> years(Scope scope) {
        Set<Integer> out = new TreeSet<>();
        for (LedgerEntry e : entries(scope)) {
            out.add(e.year());
        }
        return out;
    }
}

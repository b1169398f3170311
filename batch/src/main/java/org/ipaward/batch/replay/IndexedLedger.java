package org.ipaward.batch.replay;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    private final Map<Shape, Map<Key, Bucket>> indexes = new HashMap<>();
    /** The same indexes as {@link #indexes} as a list, walked on every award (cheaper than a map's entry set). */
    private final List<Map.Entry<Shape, Map<Key, Bucket>>> keyed = new ArrayList<>();
    /** The indexes of the four {@link #PLAIN} shapes (null until first asked), found without a map look-up. */
    private final Map<Key, Bucket>[] plain = newPlain();

    /**
     * Which scopes an index answers: with or without subject and year, and which object keys. A plain class with its
     * hash computed once, not a record (see {@link Key}).
     */
    private static final class Shape {
        final boolean subject;
        final boolean year;
        final List<String> keys;
        private final int hash;

        Shape(boolean subject, boolean year, List<String> keys) {
            this.subject = subject;
            this.year = year;
            this.keys = keys;
            this.hash = (keys.hashCode() * 31 + (subject ? 2 : 0)) * 31 + (year ? 1 : 0);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return this == o
                    || o instanceof Shape s
                            && hash == s.hash
                            && subject == s.subject
                            && year == s.year
                            && keys.equals(s.keys);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Key, Bucket>[] newPlain() {
        return (Map<Key, Bucket>[]) new Map<?, ?>[4];
    }

    /**
     * An index key: policy, measure, and the subject, year and object values the shape has (else null, 0). A plain
     * class with its hash computed once, not a record: a record's {@code equals} and {@code hashCode} go through
     * method handles, which cost more when the JIT stops at C1 (as {@code ipaward simulate} runs).
     */
    static final class Key {
        private final String policy;
        private final String measure;
        private final String subject;
        private final int year;
        private final Object values;
        private final int hash;

        Key(String policy, String measure, String subject, int year, Object values) {
            this.policy = policy;
            this.measure = measure;
            this.subject = subject;
            this.year = year;
            this.values = values;
            int h = Objects.hashCode(policy);
            h = 31 * h + Objects.hashCode(measure);
            h = 31 * h + Objects.hashCode(subject);
            h = 31 * h + year;
            h = 31 * h + Objects.hashCode(values);
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return hash == k.hash
                    && year == k.year
                    && Objects.equals(measure, k.measure)
                    && Objects.equals(subject, k.subject)
                    && Objects.equals(policy, k.policy)
                    && Objects.equals(values, k.values);
        }
    }

    private static final class Bucket {
        BigDecimal sum = BigDecimal.ZERO;
        final List<LedgerEntry> entries = new ArrayList<>(2);
    }

    /** The capacity each index map starts with: room for the awards expected, so that it need not grow. */
    private final int capacity;

    public IndexedLedger() {
        this.capacity = 16;
    }

    /** A ledger expected to hold about {@code expected} awards (its indexes are sized for them from the start). */
    public IndexedLedger(int expected) {
        this.capacity = ReplayResult.capacity(Math.max(0, expected));
    }

    public IndexedLedger(List<LedgerEntry> entries) {
        this();
        entries.forEach(this::add);
    }

    /** Records an award. */
    public void add(LedgerEntry e) {
        all.add(e);
        for (int i = 0; i < plain.length; i++) {
            if (plain[i] != null) {
                put(PLAIN[i], plain[i], e);
            }
        }
        for (int i = 0; i < keyed.size(); i++) {
            Map.Entry<Shape, Map<Key, Bucket>> ix = keyed.get(i);
            put(ix.getKey(), ix.getValue(), e);
        }
    }

    /** How many awards are recorded. */
    public int size() {
        return all.size();
    }

    private static void put(Shape shape, Map<Key, Bucket> index, LedgerEntry e) {
        Key k = key(shape, e);
        if (k != null) {
            Bucket b = index.computeIfAbsent(k, x -> new Bucket());
            b.sum = b.sum.add(e.amount());
            b.entries.add(e);
        }
    }

    private static Key key(Shape shape, LedgerEntry e) {
        Object values = null;
        if (shape.keys.size() == 1) {
            values = e.keys().get(shape.keys.get(0));
            if (values == null) {
                return null;
            }
        } else if (!shape.keys.isEmpty()) {
            String[] vs = new String[shape.keys.size()];
            for (int i = 0; i < vs.length; i++) {
                vs[i] = e.keys().get(shape.keys.get(i));
                if (vs[i] == null) {
                    return null;
                }
            }
            values = List.of(vs);
        }
        return new Key(e.policy(), e.measure(), shape.subject ? e.subject() : null, shape.year ? e.year() : 0, values);
    }

    private static Key key(Shape shape, Scope s, String measure) {
        Object values = null;
        if (shape.keys.size() == 1) {
            values = s.keys().get(shape.keys.get(0));
        } else if (!shape.keys.isEmpty()) {
            String[] vs = new String[shape.keys.size()];
            for (int i = 0; i < vs.length; i++) {
                vs[i] = s.keys().get(shape.keys.get(i));
            }
            values = List.of(vs);
        }
        return new Key(s.policy(), measure, shape.subject ? s.subject() : null, shape.year ? s.year() : 0, values);
    }

    private Map<Key, Bucket> index(Shape shape) {
        int p = plainIndex(shape);
        Map<Key, Bucket> ix = p >= 0 ? plain[p] : indexes.get(shape);
        if (ix == null) {
            ix = new HashMap<>(capacity);
            for (LedgerEntry e : all) {
                put(shape, ix, e);
            }
            if (p >= 0) {
                plain[p] = ix;
            } else {
                indexes.put(shape, ix);
                keyed.add(Map.entry(shape, ix));
            }
        }
        return ix;
    }

    /** Which of the {@link #PLAIN} shapes {@code shape} is (the same instance), else -1. */
    private static int plainIndex(Shape shape) {
        for (int i = 0; i < PLAIN.length; i++) {
            if (PLAIN[i] == shape) {
                return i;
            }
        }
        return -1;
    }

    /** The four shapes without object keys, built once: most queries have one of them. */
    private static final Shape[] PLAIN = {
        new Shape(false, false, List.of()),
        new Shape(false, true, List.of()),
        new Shape(true, false, List.of()),
        new Shape(true, true, List.of())
    };

    private static Shape shape(Scope s) {
        boolean subject = s.subject() != null;
        boolean year = s.year() != null;
        Map<String, String> k = s.keys();
        if (k.isEmpty()) {
            return PLAIN[(subject ? 2 : 0) + (year ? 1 : 0)];
        }
        List<String> keys =
                k.size() == 1 ? List.of(k.keySet().iterator().next()) : List.copyOf(new TreeSet<>(k.keySet()));
        return new Shape(subject, year, keys);
    }

    @Override
    public List<LedgerEntry> entries(Scope scope) {
        Shape shape = shape(scope);
        Map<Key, Bucket> ix = index(shape);
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
        Map<Key, Bucket> ix = index(shape);
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

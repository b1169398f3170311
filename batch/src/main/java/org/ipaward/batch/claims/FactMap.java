package org.ipaward.batch.claims;

import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The facts of one claim row as read: names and values in one array, in the order written, unmodifiable.
 * A million rows hold a million of these, so it is a fraction of a {@code LinkedHashMap}'s size; look-ups scan
 * the few names a claim has. Equal to any map with the same entries; {@code null} values kept (JSON
 * {@code null}).
 */
final class FactMap extends AbstractMap<String, Object> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Name, value, name, value … */
    private final Object[] kv;

    private FactMap(Object[] kv) {
        this.kv = kv;
    }

    /** Collects entries in order; a repeated name keeps its first place and takes the later value. */
    static final class Builder {
        private Object[] kv = new Object[16];
        private int n;

        void put(String name, Object value) {
            for (int i = 0; i < n; i += 2) {
                if (kv[i] == name || kv[i].equals(name)) {
                    kv[i + 1] = value;
                    return;
                }
            }
            if (n == kv.length) {
                kv = Arrays.copyOf(kv, n * 2);
            }
            kv[n++] = name;
            kv[n++] = value;
        }

        Map<String, Object> build() {
            return n == 0 ? Map.of() : new FactMap(Arrays.copyOf(kv, n));
        }

        /** Empties the builder for the next row (a parser keeps one builder rather than making one a row). */
        Builder clear() {
            Arrays.fill(kv, 0, n, null);
            n = 0;
            return this;
        }
    }

    @Override
    public int size() {
        return kv.length / 2;
    }

    @Override
    public boolean containsKey(Object key) {
        return index(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = index(key);
        return i < 0 ? null : kv[i + 1];
    }

    private int index(Object key) {
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i] == key || kv[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < kv.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (i >= kv.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> e = new SimpleImmutableEntry<>((String) kv[i], kv[i + 1]);
                        i += 2;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return kv.length / 2;
            }
        };
    }
}

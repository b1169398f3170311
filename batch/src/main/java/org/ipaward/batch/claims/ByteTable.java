package org.ipaward.batch.claims;

import java.util.Arrays;

/**
 * What a cell's bytes were read as, for the values that repeat from row to row (policy, measure, region codes,
 * kinds, material lists): found by the bytes themselves, so a repeated cell costs a hash and a compare instead
 * of a new string and a map look-up. One parser's own (not thread-safe); bounded — once full, new values are
 * simply not kept.
 */
final class ByteTable<V> {
    private static final int SLOTS = 1 << 13;
    private static final int MAX = SLOTS / 2;

    private final byte[][] keys = new byte[SLOTS][];
    private final Object[] values = new Object[SLOTS];
    private int size;

    /** The value kept for bytes {@code b[from, to)}, or {@code null}. */
    @SuppressWarnings("unchecked")
    V get(byte[] b, int from, int to) {
        for (int s = hash(b, from, to) & (SLOTS - 1); ; s = (s + 1) & (SLOTS - 1)) {
            byte[] k = keys[s];
            if (k == null) {
                return null;
            }
            if (Arrays.equals(k, 0, k.length, b, from, to)) {
                return (V) values[s];
            }
        }
    }

    /** Keeps {@code value} for bytes {@code b[from, to)} (not yet kept), unless the table is full. */
    void put(byte[] b, int from, int to, V value) {
        if (size >= MAX) {
            return;
        }
        int s = hash(b, from, to) & (SLOTS - 1);
        while (keys[s] != null) {
            s = (s + 1) & (SLOTS - 1);
        }
        keys[s] = Arrays.copyOfRange(b, from, to);
        values[s] = value;
        size++;
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }
}

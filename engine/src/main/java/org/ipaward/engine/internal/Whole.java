package org.ipaward.engine.internal;

import java.math.BigDecimal;

/**
 * Whole numbers as {@link BigDecimal}s (scale 0, as {@link BigDecimal#valueOf(long)} makes them), the small ones
 * made once: stated counts — patents, months, staff — and their differences are mostly small, and {@code valueOf}
 * keeps only 0 to 10.
 */
public final class Whole {
    private Whole() {}

    private static final BigDecimal[] SMALL = new BigDecimal[1024];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = BigDecimal.valueOf(i);
        }
    }

    /** {@code v} at scale 0: the same value and scale as {@code BigDecimal.valueOf(v)}. */
    public static BigDecimal of(long v) {
        return v >= 0 && v < SMALL.length ? SMALL[(int) v] : BigDecimal.valueOf(v);
    }

    /**
     * Whether {@code d} is a whole number at scale 0 with at most 17 digits: two of them add, subtract and multiply
     * exactly in a {@code long} (|x|, |y| < 10^17, so |x·y| < 10^34 does not fit: only + and − qualify).
     */
    public static boolean small(BigDecimal d) {
        return d.scale() == 0 && d.precision() <= 17;
    }
}

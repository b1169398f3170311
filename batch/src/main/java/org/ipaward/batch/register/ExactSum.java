package org.ipaward.batch.register;

import java.math.BigDecimal;

/**
 * A running sum of decimals that gives exactly what adding them one after another to {@link BigDecimal#ZERO}
 * gives — the same value and the same scale (an exact {@code add} keeps the larger scale) — without a new
 * {@code BigDecimal} per term: terms of the first scale seen whose unscaled value fits a {@code long} are summed as
 * {@code long}s (until that would overflow), any other term is added as a decimal.
 */
final class ExactSum {
    /** Marks a term whose unscaled value does not fit a {@code long}: see {@link #unscaled}. */
    static final long NOT_COMPACT = Long.MIN_VALUE;

    private long sum;
    private int scale;
    private boolean started;
    private BigDecimal rest;

    /** The unscaled value of {@code d} as a {@code long}, or {@link #NOT_COMPACT}; computed once per shared term. */
    static long unscaled(BigDecimal d) {
        if (d == null || d.precision() > 18) {
            return NOT_COMPACT;
        }
        return d.unscaledValue().longValue();
    }

    /** Adds {@code d}, whose {@link #unscaled} value is {@code unscaled}. */
    void add(BigDecimal d, long unscaled) {
        add(d, unscaled, 1);
    }

    /** Adds {@code d} {@code times} times (at least once), as many separate additions would. */
    void add(BigDecimal d, long unscaled, int times) {
        if (!started) {
            started = true;
            scale = d.scale();
        }
        if (unscaled != NOT_COMPACT && d.scale() == scale) {
            long hi = Math.multiplyHigh(unscaled, times);
            long term = unscaled * times;
            if ((hi == 0 && term >= 0) || (hi == -1 && term < 0)) {
                long r = sum + term;
                if (((sum ^ r) & (term ^ r)) >= 0) {
                    sum = r;
                    return;
                }
            }
        }
        // an exact product keeps the term's scale, as adding it again and again would
        BigDecimal all = times == 1 ? d : d.multiply(BigDecimal.valueOf(times));
        rest = rest == null ? all : rest.add(all);
    }

    /** {@code base} plus every term added, as {@code base.add(t1).add(t2)…} would give it. */
    BigDecimal addTo(BigDecimal base) {
        if (!started) {
            return base;
        }
        BigDecimal out = base.add(BigDecimal.valueOf(sum, scale));
        return rest == null ? out : out.add(rest);
    }
}

package org.ipaward.engine.calc;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.ipaward.engine.internal.PolicyReader;
import org.ipaward.engine.internal.Whole;
import org.ipaward.engine.model.Measure;

/**
 * A measure's facts numbered once, when the calculator is built: a claim's typed facts are then an
 * {@code Object[]} indexed by slot instead of a map made per claim. The slots are the facts' positions in
 * declaration order ({@code measure.facts()}), which is how expressions are bound when a policy is read
 * ({@link org.ipaward.engine.expr.Scope#factSlot}), then the built-in names the measure does not declare.
 * Immutable.
 */
final class FactSlots {
    private final Map<String, Integer> index;
    private final Measure.Fact[] facts;
    /** The name in each slot, interned, so a bound reference is checked by identity. */
    private final String[] names;
    /** The slots of the facts the built-in checks read (always present, declared or not): no look-up by name. */
    private final int rightKind;

    private final int firstHolder;

    /** How {@link #accept} takes a slot's value, decided once from the fact's type. */
    private static final byte OTHER = 0;

    private static final byte NUMBER = 1;
    private static final byte BOOLEAN = 2;
    private static final byte CHOICE = 3;
    private static final byte TEXT = 4;

    private final byte[] accepts;
    /** For a number: the largest scale within which all of {@link Facts#coerce}'s checks on decimals pass. */
    private final int[] maxScale;
    /** For a number: a minimum of zero, checked by the sign; else the minimum and maximum, or {@code null}. */
    private final boolean[] nonNegative;

    private final BigDecimal[] min;
    private final BigDecimal[] max;

    FactSlots(Measure measure) {
        Map<String, Integer> ix = new HashMap<>();
        int n = 0;
        // Interned keys: a claim's fact names written as literals (or interned by the caller) then match by identity.
        for (String name : measure.facts().keySet()) {
            ix.put(name.intern(), n++);
        }
        // The built-in checks read these even when a measure does not declare them.
        for (String name : new String[] {PolicyReader.RIGHT_KIND, PolicyReader.FIRST_HOLDER}) {
            if (!ix.containsKey(name)) {
                ix.put(name.intern(), n++);
            }
        }
        // A HashMap never changed after this (a final field publishes it safely): found by a mask, not a division.
        this.index = ix;
        this.facts = new Measure.Fact[n];
        this.names = new String[n];
        for (Map.Entry<String, Integer> e : ix.entrySet()) {
            facts[e.getValue()] = measure.facts().get(e.getKey());
            names[e.getValue()] = e.getKey();
        }
        this.rightKind = ix.get(PolicyReader.RIGHT_KIND);
        this.firstHolder = ix.get(PolicyReader.FIRST_HOLDER);
        this.accepts = new byte[n];
        this.maxScale = new int[n];
        this.nonNegative = new boolean[n];
        this.min = new BigDecimal[n];
        this.max = new BigDecimal[n];
        for (int slot = 0; slot < n; slot++) {
            Measure.Fact f = facts[slot];
            if (f != null) {
                accepts[slot] = switch (f.type()) {
                    case MONEY, INTEGER, DECIMAL, PERCENT -> NUMBER;
                    case BOOLEAN -> BOOLEAN;
                    case ENUM -> CHOICE;
                    case TEXT -> TEXT;
                    default -> OTHER;
                };
                maxScale[slot] = f.type() == Measure.FactType.INTEGER
                        ? 0
                        : f.type() == Measure.FactType.MONEY ? 2 : Facts.MAX_DECIMALS;
                nonNegative[slot] = f.min() != null && f.min().signum() == 0;
                min[slot] = nonNegative[slot] ? null : f.min();
                max[slot] = f.max();
            }
        }
    }

    /**
     * Types a map of stated facts into {@code typed} by slot, each value as {@link #accept} takes it; {@code false}
     * when a name is not a declared fact or a value is not plainly acceptable (then nothing is to be made of what
     * was typed). The entries are walked in the map's order: facts are usually stated in the order the measure
     * declares them, so the next slot is tried by the name's identity first (no hashing) and a name out of that
     * order is found by its slot. One loop over arrays held in locals, a number checked in line.
     */
    boolean acceptAll(Map<String, Object> stated, Object[] typed) {
        String[] names = this.names;
        Measure.Fact[] facts = this.facts;
        byte[] accepts = this.accepts;
        int n = names.length;
        int next = 0;
        for (Map.Entry<String, Object> e : stated.entrySet()) {
            String name = e.getKey();
            int slot = next < n && names[next] == name ? next : slot(name);
            if (slot < 0 || facts[slot] == null) {
                return false;
            }
            next = slot + 1;
            Object raw = e.getValue();
            if (raw != null) {
                Object v;
                if (accepts[slot] == NUMBER) {
                    v = raw instanceof BigDecimal d
                            ? number(slot, d)
                            : raw instanceof Integer i ? number(slot, Whole.of(i.longValue())) : null;
                } else if (accepts[slot] == BOOLEAN) {
                    v = raw instanceof Boolean ? raw : null;
                } else {
                    v = accept(slot, raw);
                }
                if (v == null) {
                    return false;
                }
                typed[slot] = v;
            }
        }
        return true;
    }

    /** A stated number of a slot when plainly within the fact's rules ({@link #acceptNumber}), else {@code null}. */
    private BigDecimal number(int slot, BigDecimal d) {
        int scale = d.scale();
        if (scale < 0 || scale > maxScale[slot] || Facts.tooLarge(d)) {
            return null;
        }
        if (nonNegative[slot] ? d.signum() < 0 : min[slot] != null && d.compareTo(min[slot]) < 0) {
            return null;
        }
        BigDecimal most = max[slot];
        return most != null && d.compareTo(most) > 0 ? null : d;
    }

    /**
     * The typed value of a slot's stated value when it is already of the declared type and plainly within the
     * fact's rules — the usual case — or {@code null} when {@link Facts#coerce} must decide (and word any problem):
     * a text to parse, a number with a negative scale, anything refused. Checked from arrays made once, without a
     * problem list or any text. Never accepts what {@code coerce} refuses, and returns what it would return: the
     * same object, or the same number.
     */
    Object accept(int slot, Object raw) {
        switch (accepts[slot]) {
            case NUMBER:
                return acceptNumber(slot, raw);
            case BOOLEAN:
                return raw instanceof Boolean ? raw : null;
            case CHOICE:
                return raw instanceof String s && facts[slot].values().containsKey(s) ? s : null;
            case TEXT:
                return raw instanceof String s && s.length() <= Facts.MAX_TEXT && !s.isBlank() ? s : null;
            default:
                return null;
        }
    }

    private BigDecimal acceptNumber(int slot, Object raw) {
        if (!(raw instanceof BigDecimal || raw instanceof Integer)) {
            return null;
        }
        BigDecimal d = Facts.decimal(raw);
        // Within these scales coerce's checks on decimals (a whole number, 分, too precise) all pass.
        if (d.scale() < 0 || d.scale() > maxScale[slot] || Facts.tooLarge(d)) {
            return null;
        }
        if (nonNegative[slot] ? d.signum() < 0 : min[slot] != null && d.compareTo(min[slot]) < 0) {
            return null;
        }
        return max[slot] != null && d.compareTo(max[slot]) > 0 ? null : d;
    }

    /** The slot of {@link PolicyReader#RIGHT_KIND}. */
    int rightKind() {
        return rightKind;
    }

    /** The slot of {@link PolicyReader#FIRST_HOLDER}. */
    int firstHolder() {
        return firstHolder;
    }

    /** The slot of a fact, or -1 when the measure has no such fact. */
    int slot(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /** The declaration in a slot; {@code null} for a built-in name the measure does not declare. */
    Measure.Fact fact(int slot) {
        return facts[slot];
    }

    /** The number of slots. */
    int size() {
        return names.length;
    }

    /** The (interned) fact name in a slot. */
    String name(int slot) {
        return names[slot];
    }

    /** Empty values for one claim. */
    Object[] newValues() {
        return new Object[facts.length];
    }

    /** The value of a named fact among {@code values}, or {@code null} when not stated. */
    Object get(Object[] values, String name) {
        Integer i = index.get(name);
        return i == null ? null : values[i];
    }

    /**
     * The value of a fact bound to {@code slot} when the policy was read: the slot itself when it holds that
     * name (the same interned string), else looked up by name.
     */
    Object get(Object[] values, int slot, String name) {
        return slot >= 0 && slot < names.length && names[slot] == name ? values[slot] : get(values, name);
    }
}

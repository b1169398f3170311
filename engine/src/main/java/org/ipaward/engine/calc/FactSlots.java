package org.ipaward.engine.calc;

import java.util.HashMap;
import java.util.Map;
import org.ipaward.engine.internal.PolicyReader;
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

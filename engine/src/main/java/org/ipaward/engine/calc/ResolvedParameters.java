package org.ipaward.engine.calc;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ipaward.engine.model.Parameter;
import org.ipaward.engine.model.Policy;

/**
 * A policy's parameter values in force at a date, resolved once per date rather than by a dated search on
 * every reference. Thread-safe: the values handed out are immutable, the cache is concurrent and bounded.
 */
final class ResolvedParameters {
    /** Dates kept; past this, further dates are not cached and the caller reads parameters directly. */
    static final int MAX_DATES = 1024;

    private final Policy policy;
    /** The parameters' names in declaration order, interned: the slots expressions were bound to. */
    private final String[] names;

    private final ConcurrentHashMap<LocalDate, AtDate> byDate = new ConcurrentHashMap<>();
    /** The date asked last: a round of claims is calculated at one date. Immutable, replaced whole. */
    private volatile AtDate last;

    /**
     * The values in force at one date, by name and by slot (a parameter's position in declaration order, see
     * {@link org.ipaward.engine.expr.Scope#parameterSlot}); {@code null} where a parameter has no value then.
     */
    static final class AtDate {
        private final LocalDate date;
        private final Map<String, Object> byName;
        private final Object[] bySlot;
        private final String[] names;

        private AtDate(LocalDate date, Map<String, Object> byName, Object[] bySlot, String[] names) {
            this.date = date;
            this.byName = byName;
            this.bySlot = bySlot;
            this.names = names;
        }

        Object get(String name) {
            return byName.get(name);
        }

        /** The values by slot ({@code null} where a parameter has no value then); not to be changed. */
        Object[] bySlot() {
            return bySlot;
        }

        /** By slot when the slot holds that (interned) name, else by name. */
        Object get(int slot, String name) {
            return slot >= 0 && slot < names.length && names[slot] == name ? bySlot[slot] : byName.get(name);
        }
    }

    ResolvedParameters(Policy policy) {
        this.policy = policy;
        this.names = policy.parameters().keySet().stream().map(String::intern).toArray(String[]::new);
    }

    /** A parameter's slot, its position in declaration order, or -1 when the policy has no such parameter. */
    int slot(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The values in force at {@code date}, or {@code null} when too many dates are cached already. */
    AtDate at(LocalDate date) {
        AtDate m = last;
        if (m != null && (m.date == date || m.date.equals(date))) {
            return m;
        }
        m = byDate.get(date);
        if (m != null) {
            last = m;
            return m;
        }
        if (byDate.size() >= MAX_DATES) {
            return null;
        }
        Map<String, Object> out = new HashMap<>();
        Object[] bySlot = new Object[names.length];
        int i = 0;
        for (Parameter p : policy.parameters().values()) {
            Object v = p.valueAt(date);
            if (v != null) {
                out.put(p.name(), v);
            }
            bySlot[i++] = v;
        }
        m = new AtDate(date, Map.copyOf(out), bySlot, names);
        AtDate earlier = byDate.putIfAbsent(date, m);
        m = earlier != null ? earlier : m;
        last = m;
        return m;
    }
}

package org.ipaward.engine.calc;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ipaward.engine.model.Parameter;
import org.ipaward.engine.model.Policy;

/**
 * A policy's parameter values in force at a date, resolved once per date rather than by a dated search on
 * every reference. Thread-safe: the maps handed out are immutable, the cache is concurrent and bounded.
 */
final class ResolvedParameters {
    /** Dates kept; past this, further dates are not cached and the caller reads parameters directly. */
    static final int MAX_DATES = 1024;

    private final Policy policy;
    private final ConcurrentHashMap<LocalDate, Map<String, Object>> byDate = new ConcurrentHashMap<>();

    ResolvedParameters(Policy policy) {
        this.policy = policy;
    }

    /** The values in force at {@code date} by name (parameters without a value are absent), or {@code null}. */
    Map<String, Object> at(LocalDate date) {
        Map<String, Object> m = byDate.get(date);
        if (m != null || byDate.size() >= MAX_DATES) {
            return m;
        }
        Map<String, Object> out = new HashMap<>();
        for (Parameter p : policy.parameters().values()) {
            Object v = p.valueAt(date);
            if (v != null) {
                out.put(p.name(), v);
            }
        }
        m = Map.copyOf(out);
        Map<String, Object> earlier = byDate.putIfAbsent(date, m);
        return earlier != null ? earlier : m;
    }
}

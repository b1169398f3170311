package org.ipaward.engine.expr;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The value of an expression that needs a fact the claim does not state. It propagates through
 * arithmetic and comparisons; {@code and}/{@code or} drop it when the other side decides the result.
 */
public final class Missing {
    private final Set<String> names;

    private Missing(Set<String> names) {
        this.names = names;
    }

    public static Missing of(String name) {
        return new Missing(Set.of(name));
    }

    /** The facts whose absence made the value unknown, in order of first use. */
    public Set<String> names() {
        return names;
    }

    static Object merge(Object a, Object b) {
        if (a instanceof Missing ma && b instanceof Missing mb) {
            Set<String> all = new LinkedHashSet<>(ma.names);
            all.addAll(mb.names);
            return new Missing(Collections.unmodifiableSet(all));
        }
        return a instanceof Missing ? a : b;
    }

    @Override
    public String toString() {
        return "Missing" + names;
    }
}

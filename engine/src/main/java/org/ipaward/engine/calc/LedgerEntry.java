package org.ipaward.engine.calc;

import java.math.BigDecimal;
import java.util.Map;

/** An award already granted: what it counted against caps, by policy, measure, subject, year and objects. */
public record LedgerEntry(
        String policy, String measure, String subject, int year, BigDecimal amount, Map<String, String> keys) {
    public LedgerEntry {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
    }
}

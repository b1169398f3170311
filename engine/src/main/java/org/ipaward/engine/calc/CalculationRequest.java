package org.ipaward.engine.calc;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A calculation: a subject, its claims in order, the earlier awards, the as-of date parameters are taken
 * at, and optional parameter overrides (a bureau's switch, or a test exercising another reading).
 * {@code explain} false skips building the Chinese trace, for bulk replays; checks and caps are kept.
 */
public record CalculationRequest(
        LocalDate asOf,
        Subject subject,
        List<Claim> claims,
        Ledger ledger,
        Map<String, Object> parameterOverrides,
        boolean explain) {
    public CalculationRequest {
        claims = claims == null ? List.of() : List.copyOf(claims);
        ledger = ledger == null ? Ledger.EMPTY : ledger;
        // Not Map.copyOf: a null value must reach the calculator and be refused there with a problem, not an NPE.
        parameterOverrides = parameterOverrides == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameterOverrides));
    }

    public CalculationRequest(LocalDate asOf, Subject subject, List<Claim> claims, Ledger ledger) {
        this(asOf, subject, claims, ledger, Map.of(), true);
    }
}

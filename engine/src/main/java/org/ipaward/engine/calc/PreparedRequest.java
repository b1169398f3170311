package org.ipaward.engine.calc;

import java.util.Map;

/**
 * A request checked and typed once by {@link Calculator#prepare}, for a caller that decides the same claims more
 * than once — a replay under several ledgers, matching, a benchmark — or that holds its facts already: each claim's
 * facts typed and bound to its measure's slots, its measure found, the policy's parameters at the as-of date
 * resolved, and the built-in checks that depend only on the subject and the dates (policy period, matter year,
 * subject kind, region) decided. {@link Calculator#decide(PreparedRequest)} then runs the rest — the checks on the
 * claim's facts and materials, the conditions, the award rule, adjustments and caps against the ledger — and gives
 * exactly what {@link Calculator#decide(CalculationRequest)} gives for {@link #request()}.
 *
 * <p>The ledger is the request's, read when deciding: an in-memory ledger that grows between decisions is seen as
 * it is then; {@link #withLedger} gives the same claims against another. The facts are those stated when prepared (the map is not read again). Immutable and thread-safe; it
 * can be decided only by the calculator that prepared it.
 */
public final class PreparedRequest {
    final Calculator calculator;
    final CalculationRequest request;
    /** Each claim, bound; in the request's order. */
    final Bound[] claims;
    /** The request's parameter overrides by policy, checked and typed; empty without any. */
    final Map<String, Map<String, Object>> overrides;

    /**
     * One claim, bound to its measure.
     *
     * @param claim the claim, its materials copied
     * @param id its id, or {@code claims[i]} by position
     * @param held its measure as the calculator holds it
     * @param typed its facts by slot, not to be changed
     * @param at its policy's parameters at the as-of date; {@code null} when not resolved in advance (then the generic
     *     evaluation decides)
     * @param before the subject's and dates' built-in checks as decided by the measure's plan ({@link
     *     DecisionPlan#before}); unused without a plan
     * @param ledgerKeys the keys its ledger entry records, from its facts; {@code null} without a plan
     */
    record Bound(
            Claim claim,
            String id,
            Calculator.Held held,
            Object[] typed,
            ResolvedParameters.AtDate at,
            String before,
            Map<String, String> ledgerKeys) {}

    PreparedRequest(
            Calculator calculator,
            CalculationRequest request,
            Bound[] claims,
            Map<String, Map<String, Object>> overrides) {
        this.calculator = calculator;
        this.request = request;
        this.claims = claims;
        this.overrides = overrides;
    }

    /** The request as given to {@link Calculator#prepare}. */
    public CalculationRequest request() {
        return request;
    }

    /**
     * The same request, prepared, against another ledger ({@code null}: none): the claims are not checked or typed
     * again. Decides as {@link Calculator#decide(CalculationRequest)} decides the request with that ledger.
     */
    public PreparedRequest withLedger(Ledger ledger) {
        CalculationRequest r = request;
        return new PreparedRequest(
                calculator,
                new CalculationRequest(r.asOf(), r.subject(), r.claims(), ledger, r.parameterOverrides(), r.explain()),
                claims,
                overrides);
    }

    /** The number of claims. */
    public int size() {
        return claims.length;
    }
}

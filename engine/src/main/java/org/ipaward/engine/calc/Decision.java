package org.ipaward.engine.calc;

import java.math.BigDecimal;

/**
 * The decision on one claim without its explanation: what {@link Calculator#decide} returns, the same status
 * and amount as {@link Calculator#calculate} gives, from the same evaluation.
 *
 * @param claimId the claim's id, or {@code claims[i]} by position
 * @param status eligible, not eligible or undetermined
 * @param amount the award, rounded as the policy says; {@code null} unless eligible
 * @param failed the id of the first check that failed (a condition's id, {@code cap.<id>}, {@code policy.period}
 *     …), the first of {@link ClaimResult#failed()}; {@code null} unless not eligible
 * @param ledgerEntry what an approval would record, for the caps of later claims; {@code null} unless eligible
 */
public record Decision(String claimId, Status status, BigDecimal amount, String failed, LedgerEntry ledgerEntry) {}

package org.ipaward.batch.replay;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * What the replay made of one claim: its status ({@code eligible}, {@code not_eligible}, {@code
 * undetermined}; {@code invalid} when its application's input was refused by the engine, {@code
 * unknown_measure} when the policy has no such measure, {@code skipped} when the policy is not replayed),
 * the amount the engine awarded (before the budget rule), and whether the budget rule refused its application.
 */
public record ClaimOutcome(
        String applicationNo,
        int claimSeq,
        String subjectId,
        String policy,
        String measure,
        String status,
        BigDecimal amount,
        boolean refusedByBudget)
        implements Serializable {}

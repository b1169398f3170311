package org.ipaward.server.round;

import java.math.BigDecimal;
import java.util.List;

/**
 * A round's money: its budget against the awards held in the ledger for it (entries not released:
 * reserved at approval, approved, paid). {@code committed} = reserved + approved + paid; {@code remaining}
 * = budget − committed, never below zero; {@code excess} = committed − budget, never below zero. When a
 * {@code pro_rata} round is over budget, {@code proRataFactor} = budget / committed (scale 10, rounded
 * down) is what every award is multiplied by at payment; otherwise it is {@code null}.
 */
public record BudgetSummary(
        long roundId,
        String budgetRule,
        BigDecimal budget,
        BigDecimal reserved,
        BigDecimal approved,
        BigDecimal paid,
        BigDecimal committed,
        BigDecimal remaining,
        BigDecimal excess,
        boolean overBudget,
        BigDecimal proRataFactor,
        long entries,
        List<MeasureTotal> measures) {

    /** One measure's share of the round's awards. */
    public record MeasureTotal(
            String measureId,
            long entries,
            BigDecimal reserved,
            BigDecimal approved,
            BigDecimal paid,
            BigDecimal committed) {}

    /**
     * Whether one more award of {@code amount} may be approved under the round's rule: always for
     * {@code pro_rata} (the factor shrinks instead), and for {@code stop} only while the committed total
     * plus the amount stays within the budget.
     */
    public boolean allows(BigDecimal amount) {
        if (!Round.STOP.equals(budgetRule)) {
            return true;
        }
        return committed.add(amount).compareTo(budget) <= 0;
    }
}

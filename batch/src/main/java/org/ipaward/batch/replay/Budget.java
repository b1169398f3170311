package org.ipaward.batch.replay;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * A round's budget and its rule, mirrored exactly from the server ({@code BudgetSummary.allows},
 * {@code PaymentService.factor}, the approval check in {@code WorkflowService}):
 *
 * <ul>
 *   <li>{@code none}: no budget; everything awarded is paid.
 *   <li>{@code pro_rata}: every award is approved; when the committed total exceeds the budget, each
 *       application's approved total is paid × factor, factor = budget ÷ committed (scale 10, rounded down),
 *       the payment rounded down to 分.
 *   <li>{@code stop}: applications are approved in order; one whose total would take the committed total
 *       over the budget is refused (its awards never enter the ledger) and later, smaller ones may still fit.
 * </ul>
 */
public record Budget(Rule rule, BigDecimal amount) implements Serializable {

    /** The budget rules, with the ids the server and the command use. */
    public enum Rule {
        NONE,
        PRO_RATA,
        STOP;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The rule for an id ({@code none}, {@code pro_rata}, {@code stop}), or {@code null}. */
        public static Rule of(String id) {
            for (Rule r : values()) {
                if (r.id().equals(id)) {
                    return r;
                }
            }
            return null;
        }
    }

    public Budget {
        if (rule == null) {
            rule = Rule.NONE;
        }
        if (rule != Rule.NONE && (amount == null || amount.signum() < 0)) {
            throw new IllegalArgumentException("a budget rule needs a budget of 0 or more");
        }
    }

    /** No budget. */
    public static Budget none() {
        return new Budget(Rule.NONE, null);
    }

    /** Whether one more application of {@code total} may be approved with {@code committed} already held. */
    public boolean allows(BigDecimal committed, BigDecimal total) {
        return rule != Rule.STOP || committed.add(total).compareTo(amount) <= 0;
    }

    /** The pro-rata factor for a committed total, or {@code null} when awards are paid in full. */
    public BigDecimal factor(BigDecimal committed) {
        if (rule != Rule.PRO_RATA || committed.compareTo(amount) <= 0 || committed.signum() == 0) {
            return null;
        }
        return amount.divide(committed, 10, RoundingMode.DOWN);
    }

    /** What is paid for an approved total at {@code factor} ({@code null}: in full). */
    public static BigDecimal pay(BigDecimal total, BigDecimal factor) {
        return factor == null ? total : total.multiply(factor).setScale(2, RoundingMode.DOWN);
    }
}

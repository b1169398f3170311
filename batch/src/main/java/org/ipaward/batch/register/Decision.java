package org.ipaward.batch.register;

import java.math.BigDecimal;
import java.util.List;

/**
 * The outcome of one measure for every profile with the same key: shared between profiles, so it carries no
 * subject. Rendered output fragments are kept once made.
 */
final class Decision {
    final int index;
    final String policy;
    final String measure;
    final String outcome;
    /** {@link #ELIGIBLE}, {@link #POSSIBLE} or {@link #EXCLUDED}, to test without comparing strings. */
    final int code;

    final BigDecimal amount;
    final BigDecimal min;
    final BigDecimal max;
    /** {@link ExactSum#unscaled} of {@link #amount} and {@link #max}, for the run's sums. */
    final long amountUnscaled;

    final long maxUnscaled;
    final List<String> missingFacts;
    final List<String> missingMaterials;
    final List<String> failed;
    final String reason;
    /** The profile-only match (range, facts needed) this was made with. */
    final org.ipaward.engine.match.MeasureMatch match;

    /** The UTF-8 bytes of the row after the subject's cells; set once by a writer, a race only renders twice. */
    volatile byte[] csvTail;

    volatile byte[] jsonTail;

    Decision(
            int index,
            String policy,
            String measure,
            String outcome,
            BigDecimal amount,
            BigDecimal min,
            BigDecimal max,
            List<String> missingFacts,
            List<String> missingMaterials,
            List<String> failed,
            String reason,
            org.ipaward.engine.match.MeasureMatch match) {
        this.match = match;
        this.index = index;
        this.policy = policy;
        this.measure = measure;
        this.outcome = outcome;
        this.code = code(outcome);
        this.amount = amount;
        this.min = min;
        this.max = max;
        this.amountUnscaled = ExactSum.unscaled(amount);
        this.maxUnscaled = ExactSum.unscaled(max);
        this.missingFacts = missingFacts;
        this.missingMaterials = missingMaterials;
        this.failed = failed;
        this.reason = reason;
    }

    static final int ELIGIBLE = 0;
    static final int POSSIBLE = 1;
    static final int EXCLUDED = 2;

    static int code(String outcome) {
        switch (outcome) {
            case MatchRow.ELIGIBLE:
                return ELIGIBLE;
            case MatchRow.POSSIBLE:
                return POSSIBLE;
            default:
                return EXCLUDED;
        }
    }

    /** Which outcome codes {@code include} holds. */
    static boolean[] included(java.util.Set<String> include) {
        return new boolean[] {
            include.contains(MatchRow.ELIGIBLE),
            include.contains(MatchRow.POSSIBLE),
            include.contains(MatchRow.EXCLUDED)
        };
    }

    MatchRow row(ProfileRow p) {
        return new MatchRow(
                p.id(),
                p.name(),
                policy,
                measure,
                outcome,
                amount,
                min,
                max,
                missingFacts,
                missingMaterials,
                failed,
                reason);
    }
}

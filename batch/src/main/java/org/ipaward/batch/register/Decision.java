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
    final BigDecimal amount;
    final BigDecimal min;
    final BigDecimal max;
    final List<String> missingFacts;
    final List<String> missingMaterials;
    final List<String> failed;
    final String reason;
    /** The profile-only match (range, facts needed) this was made with. */
    final org.ipaward.engine.match.MeasureMatch match;

    /** Set once by a writer; a race only renders the same text twice. */
    volatile String csvTail;

    volatile String jsonTail;

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
        this.amount = amount;
        this.min = min;
        this.max = max;
        this.missingFacts = missingFacts;
        this.missingMaterials = missingMaterials;
        this.failed = failed;
        this.reason = reason;
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

package org.ipaward.engine.calc;

import java.math.BigDecimal;
import java.util.List;
import org.ipaward.engine.model.Text;

/**
 * The result of one claim: status, amount (when eligible), every check with its outcome, the caps held,
 * what is missing, the explanation trace, and the ledger entry an approval would record. {@code tier} is the
 * id of the tier or step the amount was taken from (as the policy file names it), {@code tierLabel} its label
 * for people (a step's range, such as 不少于 10、少于 20); both null when the award has no tiers.
 */
public record ClaimResult(
        String claimId,
        String policy,
        String measure,
        Text title,
        String clause,
        int year,
        Status status,
        BigDecimal amount,
        BigDecimal baseAmount,
        String tier,
        Text tierLabel,
        List<Check> checks,
        List<CapResult> caps,
        List<String> missingFacts,
        List<String> missingMaterials,
        List<TraceStep> trace,
        LedgerEntry ledgerEntry) {

    /** The checks that failed: the reasons for a denial. */
    public List<Check> failed() {
        return checks.stream().filter(c -> c.outcome() == Check.Outcome.FAIL).toList();
    }
}

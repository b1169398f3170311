package org.ipaward.engine.match;

import java.math.BigDecimal;
import java.util.List;
import org.ipaward.engine.calc.Check;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.Text;

/**
 * One measure for a subject profile: whether it may qualify, what is still needed to decide (facts and
 * materials), and the possible amount range ({@code null} bounds: not stated by the text).
 */
public record MeasureMatch(
        String policy,
        Text policyTitle,
        Policy.Status policyStatus,
        String measure,
        Text title,
        String clause,
        Measure.Category category,
        boolean possible,
        List<Check> failed,
        List<Need> needed,
        List<Text> materials,
        BigDecimal minAmount,
        BigDecimal maxAmount,
        Text amountNote) {

    /** A fact still needed to decide, with its label. */
    public record Need(String name, Text label) {}
}

package org.ipaward.engine.model;

import java.math.BigDecimal;
import java.util.List;
import org.ipaward.engine.expr.Expr;

/** How a measure's amount is computed, before caps. Every rule can explain itself in the trace. */
public sealed interface AwardRule {
    /** Text that explains the rule, or {@code null} to use the engine's wording. */
    Text text();

    record Fixed(Expr amount, String source, Text text) implements AwardRule {}

    record ByLevel(String levelFact, String table, Text text) implements AwardRule {}

    record Rate(Expr base, String baseSource, Expr rate, String rateSource, Text text) implements AwardRule {}

    /** One variable against contiguous steps {@code [min, max)}; the last may be open. */
    record Steps(Expr on, String onSource, List<Step> steps, Text text) implements AwardRule {}

    record Step(String id, BigDecimal min, BigDecimal max, Expr amount, String amountSource) {}

    /** Tiers listed highest first; the first whose condition holds is chosen. */
    record Tiers(List<Tier> tiers, Text text) implements AwardRule {}

    record Tier(String id, Text label, Expr when, String whenSource, Expr amount, String amountSource) {}

    record PerUnit(Expr count, String countSource, Expr unitAmount, String unitSource, Text text)
            implements AwardRule {}

    record Formula(Expr amount, String source, Text text) implements AwardRule {}

    /** Set by a reviewer under a standard outside the policy text; the claim carries it as a fact. */
    record Reviewer(String fact, Text standard, Text text) implements AwardRule {}

    record None(Text text) implements AwardRule {}
}

package org.ipaward.engine.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipaward.engine.expr.Expr;

/** One measure of a policy: what it supports, on which conditions, how much and within which caps. */
public record Measure(
        String id,
        Text title,
        String clause,
        String quote,
        Category category,
        Set<SubjectKind> subjects,
        Set<String> rightKinds,
        Map<String, Fact> facts,
        List<Condition> conditions,
        AwardRule award,
        List<Cap> caps,
        List<String> materials,
        List<Interpretation> interpretations,
        boolean indicator,
        int line) {

    /** The five kinds of IP work the policies support. */
    public enum Category {
        CREATION("创造", "Creation"),
        UTILIZATION("运用", "Utilization"),
        MANAGEMENT("管理", "Management"),
        PROTECTION("保护", "Protection"),
        SERVICE("服务", "Service");

        private final Text label;

        Category(String zh, String en) {
            this.label = new Text(zh, en);
        }

        public Text label() {
            return label;
        }
    }

    /** The kinds of value a claim states. */
    public enum FactType {
        MONEY,
        INTEGER,
        DECIMAL,
        PERCENT,
        BOOLEAN,
        ENUM,
        TEXT,
        DATE,
        LIST
    }

    /** A fact a claim states, with its type, bounds and labels. */
    public record Fact(
            String name,
            FactType type,
            Text label,
            Text help,
            String unit,
            BigDecimal min,
            BigDecimal max,
            Map<String, Text> values,
            boolean implicit) {}

    /** An eligibility condition: false makes the claim not eligible and names this condition. */
    public record Condition(String id, Expr when, String source, Text text, int line) {}

    /** A stated reading of an ambiguous text, encoded by a switch parameter. */
    public record Interpretation(String id, String parameter, Text text) {}

    /** A limit on the amount, or on how often or how many years a scope can be supported. */
    public record Cap(
            String id,
            CapKind kind,
            Expr amount,
            String amountSource,
            int years,
            List<String> per,
            Expr appliesWhen,
            List<String> pool,
            Text text,
            int line) {

        /** Whether the cap is held against the ledger rather than the single claim. */
        public boolean scoped() {
            return !per.isEmpty();
        }
    }

    public enum CapKind {
        AMOUNT,
        YEARS,
        ONCE
    }
}

package org.ipaward.engine.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipaward.engine.expr.Expr;

/** One policy document, loaded and checked: who may claim, its parameters and its measures. */
public record Policy(
        String id,
        Text title,
        Text authority,
        Region region,
        String documentNumber,
        LocalDate published,
        LocalDate effectiveFrom,
        LocalDate effectiveTo,
        Status status,
        String source,
        Rounding rounding,
        Integer matterYearOffset,
        Cite cite,
        Cite effectiveCite,
        Applicants applicants,
        Map<String, Material> materials,
        Map<String, Parameter> parameters,
        List<Measure.Interpretation> interpretations,
        List<Measure> measures,
        List<Adjustment> adjustments,
        Stacking stacking,
        List<Indicator> indicators,
        String file) {

    /** Where a policy stands in its life. */
    public enum Status {
        DRAFT("征求意见稿", "Draft"),
        IN_FORCE("现行有效", "In force"),
        EXPIRED("已失效", "Expired");

        private final Text label;

        Status(String zh, String en) {
            this.label = new Text(zh, en);
        }

        public Text label() {
            return label;
        }
    }

    public record Region(String code, Text name) {}

    /** How amounts are rounded to 分. */
    public record Rounding(int scale, RoundingMode mode) {
        public BigDecimal apply(BigDecimal amount) {
            return amount.setScale(scale, mode);
        }

        /**
         * The rule in plain Chinese, as an explanation says it: {@code 2, HALF_UP} → 四舍五入到分, {@code 0, DOWN}
         * → 不足一元的尾数舍去.
         */
        public String zh() {
            String to =
                    switch (scale) {
                        case 0 -> "元";
                        case 1 -> "角";
                        case 2 -> "分";
                        default -> " " + unit() + " 元";
                    };
            String one = scale >= 0 && scale <= 2 ? "一" + to : to;
            return switch (mode) {
                case HALF_UP -> "四舍五入到" + to;
                case HALF_DOWN -> "就近取到" + to + "，恰好一半时舍去";
                case HALF_EVEN -> "就近取到" + to + "，恰好一半时取双数";
                case DOWN -> "不足" + one + "的尾数舍去";
                case UP -> "不足" + one + "的尾数进为" + one;
                case FLOOR -> "向下取到" + to;
                case CEILING -> "向上取到" + to;
                case UNNECESSARY -> "精确到" + to + "，不作舍入";
            };
        }

        /** The rule in plain English: {@code 2, HALF_UP} → rounded half up to 0.01 yuan. */
        public String en() {
            String to = unit() + " yuan";
            return switch (mode) {
                case HALF_UP -> "rounded half up to " + to;
                case HALF_DOWN -> "rounded half down to " + to;
                case HALF_EVEN -> "rounded half to even to " + to;
                case DOWN -> "truncated to " + to;
                case UP -> "rounded away from zero to " + to;
                case FLOOR -> "rounded down to " + to;
                case CEILING -> "rounded up to " + to;
                case UNNECESSARY -> "exact to " + to + ", not rounded";
            };
        }

        private String unit() {
            return BigDecimal.ONE.movePointLeft(scale).toPlainString();
        }
    }

    /** A region rule: subjects of these kinds qualify on this basis. */
    public record RegionRule(RegionBasis basis, Set<SubjectKind> kinds) {}

    public enum RegionBasis {
        REGISTERED("在本区依法登记注册", "registered in the district"),
        HOUSEHOLD("户籍在本区", "household registration in the district"),
        SERVING("实际为本区提供知识产权服务", "serving the district");

        private final Text label;

        RegionBasis(String zh, String en) {
            this.label = new Text(zh, en);
        }

        public Text label() {
            return label;
        }
    }

    public record Applicants(
            Set<SubjectKind> kinds,
            List<RegionRule> region,
            boolean firstRightsHolderOnly,
            Set<String> ipKinds,
            Cite cite) {}

    public record Material(String id, Text label, String clause) {}

    /** A policy-wide change to every award, such as Jindong's 亩均效益 factor. */
    public record Adjustment(String id, Expr factor, String source, Stage stage, Text text, Cite cite) {
        public enum Stage {
            BEFORE_CAPS,
            AFTER_CAPS
        }
    }

    /** Jindong's rule for matters that also qualify under a city policy. */
    public record Stacking(String matchReadingParameter, Text text, Cite cite) {}

    /** A target for the dashboard, not an award. */
    public record Indicator(String id, Text text, BigDecimal target, String unit, String clause) {}

    public Measure measure(String measureId) {
        for (Measure m : measures) {
            if (m.id().equals(measureId)) {
                return m;
            }
        }
        return null;
    }

    /** Whether the policy covers matters of {@code year}: the year overlaps the effective period. */
    public boolean coversYear(int year) {
        boolean afterStart = effectiveFrom == null || effectiveFrom.getYear() <= year;
        boolean beforeEnd = effectiveTo == null || effectiveTo.getYear() >= year;
        return afterStart && beforeEnd;
    }
}

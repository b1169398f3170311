package org.ipaward.engine.match;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.calc.Claim;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.calc.Status;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.expr.Expr;
import org.ipaward.engine.internal.FactFreeContext;
import org.ipaward.engine.internal.PolicyReader;
import org.ipaward.engine.model.AwardRule;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.Text;

/**
 * The policy calculator (政策计算器): given a subject profile alone, lists every measure of every policy
 * covering the matter year that it may qualify for, what is still needed to decide, and the possible
 * amount range. Immutable and thread-safe.
 */
public final class Matcher {
    private final List<Policy> policies;
    private final Calculator calculator;

    public Matcher(Collection<Policy> policies) {
        this.policies = List.copyOf(policies);
        this.calculator = new Calculator(policies);
    }

    /**
     * The matter year a policy is matched for on a date ({@code asOf}'s year less the policy's matter-year
     * offset), or {@code null} when the policy is not in force for matching then: expired, or not covering
     * that year.
     */
    public static Integer matterYear(Policy p, LocalDate asOf) {
        if (p.status() == Policy.Status.EXPIRED) {
            return null;
        }
        int year = asOf.getYear() - (p.matterYearOffset() == null ? 0 : p.matterYearOffset());
        return p.coversYear(year) ? year : null;
    }

    /** Every measure, possible ones first; a measure the profile already rules out lists why. */
    public List<MeasureMatch> match(Subject subject, LocalDate asOf) {
        if (subject == null || subject.kind() == null) {
            throw new IllegalArgumentException("subject.kind must not be null");
        }
        List<MeasureMatch> possible = new ArrayList<>();
        List<MeasureMatch> excluded = new ArrayList<>();
        for (Policy p : policies) {
            Integer year = matterYear(p, asOf);
            if (year == null) {
                continue;
            }
            for (Measure m : p.measures()) {
                if (m.indicator()) {
                    continue;
                }
                MeasureMatch mm = matchOne(p, m, subject, asOf, year);
                (mm.possible() ? possible : excluded).add(mm);
            }
        }
        possible.addAll(excluded);
        return possible;
    }

    private MeasureMatch matchOne(Policy p, Measure m, Subject subject, LocalDate asOf, int year) {
        ClaimResult r = calculator
                .calculate(new CalculationRequest(
                        asOf,
                        subject,
                        List.of(new Claim(m.id(), p.id(), m.id(), year, Map.of(), null, null)),
                        null,
                        Map.of(),
                        false))
                .results()
                .get(0);
        boolean possible = r.status() != Status.NOT_ELIGIBLE;
        List<MeasureMatch.Need> needed = new ArrayList<>();
        for (String f : requiredFacts(m)) {
            needed.add(new MeasureMatch.Need(f, m.facts().get(f).label()));
        }
        for (String s : r.missingFacts()) {
            if (s.startsWith("subject.")) {
                needed.add(0, new MeasureMatch.Need(s, subjectLabel(s)));
            }
        }
        List<Text> materials =
                m.materials().stream().map(id -> p.materials().get(id).label()).toList();
        BigDecimal[] range = range(p, m, subject, asOf);
        Text note = note(m, range);
        return new MeasureMatch(
                p.id(),
                p.title(),
                p.status(),
                m.id(),
                m.title(),
                m.clause(),
                m.category(),
                possible,
                r.failed(),
                needed,
                materials,
                range[0],
                range[1],
                note);
    }

    /** Every fact the measure reads anywhere: what a claim must state to be decided. */
    public static Set<String> requiredFacts(Measure m) {
        Set<String> out = new LinkedHashSet<>();
        if (m.rightKinds() != null) {
            if (m.rightKinds().size() > 1) {
                out.add(PolicyReader.RIGHT_KIND);
            }
            out.add(PolicyReader.FIRST_HOLDER);
        }
        m.conditions().forEach(c -> c.when().collectFacts(out));
        AwardRule a = m.award();
        List<Expr> exprs = new ArrayList<>();
        if (a instanceof AwardRule.Fixed f) {
            exprs.add(f.amount());
        } else if (a instanceof AwardRule.ByLevel b) {
            out.add(b.levelFact());
        } else if (a instanceof AwardRule.Rate r) {
            exprs.add(r.base());
            exprs.add(r.rate());
        } else if (a instanceof AwardRule.Steps s) {
            exprs.add(s.on());
        } else if (a instanceof AwardRule.Tiers t) {
            t.tiers().forEach(x -> exprs.add(x.when()));
        } else if (a instanceof AwardRule.PerUnit u) {
            exprs.add(u.count());
            exprs.add(u.unitAmount());
        } else if (a instanceof AwardRule.Formula f) {
            exprs.add(f.amount());
        }
        exprs.forEach(e -> e.collectFacts(out));
        for (Measure.Cap c : m.caps()) {
            if (c.amount() != null) {
                c.amount().collectFacts(out);
            }
            c.per().stream().filter(m.facts()::containsKey).forEach(out::add);
        }
        out.removeIf(f -> !m.facts().containsKey(f));
        return out;
    }

    private static Text subjectLabel(String field) {
        switch (field) {
            case "subject.mu_grade":
                return new Text("亩均效益综合评价结果（A/B/C/D 类，未参评填 unrated）", "Per-mu efficiency grade");
            case "subject.registered_region":
                return new Text("注册登记地行政区划代码", "Region code of registration");
            case "subject.household_region":
                return new Text("户籍所在地行政区划代码", "Region code of household registration");
            default:
                return new Text(field, field);
        }
    }

    /** The least and most a single claim can give: {@code null} where the text sets no bound. */
    private static BigDecimal[] range(Policy p, Measure m, Subject subject, LocalDate asOf) {
        FactFreeContext ctx = new FactFreeContext(
                p.parameters(),
                asOf,
                subject::field,
                asOf.getYear() - (p.matterYearOffset() == null ? 0 : p.matterYearOffset()));
        AwardRule a = m.award();
        BigDecimal lo = null;
        BigDecimal hi = null;
        if (a instanceof AwardRule.Fixed f) {
            lo = hi = ctx.number(f.amount());
        } else if (a instanceof AwardRule.ByLevel b && ctx.parameter(b.table()) instanceof Map<?, ?> t) {
            for (Object v : t.values()) {
                BigDecimal d = (BigDecimal) v;
                lo = lo == null || d.compareTo(lo) < 0 ? d : lo;
                hi = hi == null || d.compareTo(hi) > 0 ? d : hi;
            }
        } else if (a instanceof AwardRule.Steps s) {
            List<Expr> amounts = s.steps().stream().map(AwardRule.Step::amount).toList();
            lo = ctx.extreme(amounts, false);
            hi = ctx.extreme(amounts, true);
        } else if (a instanceof AwardRule.Tiers t) {
            List<Expr> amounts = t.tiers().stream().map(AwardRule.Tier::amount).toList();
            lo = ctx.extreme(amounts, false);
            hi = ctx.extreme(amounts, true);
        } else if (!(a instanceof AwardRule.Reviewer)) {
            lo = BigDecimal.ZERO;
        }
        BigDecimal[] r = adjust(p, ctx, Policy.Adjustment.Stage.BEFORE_CAPS, lo, hi);
        lo = r[0];
        hi = r[1];
        if (!(a instanceof AwardRule.Reviewer)) {
            for (Measure.Cap c : m.caps()) {
                boolean applies = c.appliesWhen() == null || Boolean.TRUE.equals(ctx.value(c.appliesWhen()));
                if (c.kind() == Measure.CapKind.AMOUNT && applies) {
                    BigDecimal limit = ctx.number(c.amount());
                    if (limit != null) {
                        hi = hi == null || limit.compareTo(hi) < 0 ? limit : hi;
                        lo = lo != null && limit.compareTo(lo) < 0 ? limit : lo;
                    }
                }
            }
        }
        r = adjust(p, ctx, Policy.Adjustment.Stage.AFTER_CAPS, lo, hi);
        return new BigDecimal[] {
            r[0] == null ? null : p.rounding().apply(r[0]),
            r[1] == null ? null : p.rounding().apply(r[1])
        };
    }

    private static BigDecimal[] adjust(
            Policy p, FactFreeContext ctx, Policy.Adjustment.Stage stage, BigDecimal lo, BigDecimal hi) {
        for (Policy.Adjustment adj : p.adjustments()) {
            BigDecimal factor = adj.stage() == stage ? ctx.number(adj.factor()) : null;
            if (factor != null) {
                lo = lo == null ? null : p.rounding().apply(lo.multiply(factor));
                hi = hi == null ? null : p.rounding().apply(hi.multiply(factor));
            }
        }
        return new BigDecimal[] {lo, hi};
    }

    private static Text note(Measure m, BigDecimal[] range) {
        if (m.award() instanceof AwardRule.Reviewer r) {
            return new Text(
                    "金额由评审按《" + r.standard().zh() + "》核定",
                    "Set by reviewers under " + r.standard().en());
        }
        if (range[1] == null) {
            return new Text("按实际发生额计算，政策未设统一上限或上限视具体情形而定", "Computed from actual amounts; no single upper bound");
        }
        return null;
    }
}

package org.ipaward.engine.calc;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.calc.Check.Outcome;
import org.ipaward.engine.expr.Compiled;
import org.ipaward.engine.expr.Expr;
import org.ipaward.engine.model.AwardRule;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Parameter;
import org.ipaward.engine.model.Policy;

/**
 * A measure's decision compiled once, when the calculator is built: the same checks, award rule, adjustments and
 * caps as {@link ClaimEvaluation#decide()} walks, in the same order, but with the expressions {@linkplain
 * Compiled compiled} against the measure's fact slots and the policy's parameter slots, the built-in checks' ids
 * and outcomes taken from the prepared checks, and no evaluation object: one small frame per decision.
 *
 * <p>The plan decides only the plain case and gives way otherwise: {@link #decide} returns {@code null} — and the
 * caller evaluates the claim the generic way — when an expression needs a fact or parameter that is not there
 * (the generic way names it, or denies on a parameter not in force), would fail (division by zero, a table
 * without the key), or when the request holds what the plan does not cover (parameter overrides, a city award).
 * A measure without an award rule, a reporting indicator, or one with an expression the compiled form does not
 * cover has no plan ({@link #of} returns {@code null}). Immutable and thread-safe.
 */
final class DecisionPlan {
    private final Policy policy;
    private final Measure measure;
    private final MeasureTexts.Prepared prepared;
    private final FactSlots slots;
    private final Policy.Rounding rounding;
    /** The kinds of right the measure concerns ({@code measure.rightKinds()}), or {@code null}: a few, scanned. */
    private final String[] rightKinds;

    /** The conditions' compiled {@code when}, and the ids their checks carry (the same for every outcome). */
    private final Compiled.Node[] conditions;

    private final String[] conditionIds;

    /** The award rule: its kind and its compiled expressions (see {@link #award}). */
    private final int awardKind;

    private final Compiled.Node award1;
    private final Compiled.Node award2;
    private final Compiled.Node[] tierWhen;
    private final Compiled.Node[] tierAmount;
    /** By level: the level fact's slot and the table parameter's slot; steps: their bounds. */
    private final int levelSlot;

    private final int tableSlot;
    private final AwardRule.Step[] steps;

    /** The policy's adjustments, compiled, in order, with their stage and the id a withheld award names. */
    private final Compiled.Node[] factors;

    private final boolean[] afterCaps;
    private final String[] adjustmentIds;

    /** The measure's caps (amounts only), compiled. */
    private final Compiled.Node[] capWhen;

    private final Compiled.Node[] capAmount;

    private static final int FIXED = 0;
    private static final int RATE = 1;
    private static final int PER_UNIT = 2;
    private static final int FORMULA = 3;
    private static final int TIERS = 4;
    private static final int BY_LEVEL = 5;
    private static final int STEPS = 6;
    private static final int REVIEWER = 7;

    private DecisionPlan(Policy policy, MeasureTexts texts, Compiled.Slots s) {
        this.policy = policy;
        this.measure = texts.measure();
        this.prepared = texts.prepared();
        this.slots = texts.slots();
        this.rounding = policy.rounding();
        this.rightKinds = measure.rightKinds() == null
                ? null
                : measure.rightKinds().stream().map(String::intern).toArray(String[]::new);
        List<Measure.Condition> cs = measure.conditions();
        this.conditions = new Compiled.Node[cs.size()];
        this.conditionIds = new String[cs.size()];
        for (int i = 0; i < cs.size(); i++) {
            conditions[i] = need(cs.get(i).when(), s);
            conditionIds[i] = prepared.conditions()[i][Outcome.FAIL.ordinal()].id();
        }
        AwardRule rule = measure.award();
        Compiled.Node a1 = null;
        Compiled.Node a2 = null;
        Compiled.Node[] when = null;
        Compiled.Node[] amount = null;
        int level = -1;
        int table = -1;
        AwardRule.Step[] st = null;
        if (rule instanceof AwardRule.Fixed f) {
            awardKind = FIXED;
            a1 = need(f.amount(), s);
        } else if (rule instanceof AwardRule.Rate r) {
            awardKind = RATE;
            a1 = need(r.base(), s);
            a2 = need(r.rate(), s);
        } else if (rule instanceof AwardRule.PerUnit u) {
            awardKind = PER_UNIT;
            a1 = need(u.count(), s);
            a2 = need(u.unitAmount(), s);
        } else if (rule instanceof AwardRule.Formula f) {
            awardKind = FORMULA;
            a1 = need(f.amount(), s);
        } else if (rule instanceof AwardRule.Tiers t) {
            awardKind = TIERS;
            List<AwardRule.Tier> tiers = t.tiers();
            when = new Compiled.Node[tiers.size()];
            amount = new Compiled.Node[tiers.size()];
            for (int i = 0; i < tiers.size(); i++) {
                when[i] = need(tiers.get(i).when(), s);
                amount[i] = need(tiers.get(i).amount(), s);
            }
        } else if (rule instanceof AwardRule.ByLevel b) {
            awardKind = BY_LEVEL;
            level = slots.slot(b.levelFact());
            table = s.parameter(b.table());
            if (level < 0 || table < 0) {
                throw NOT_PLANNED;
            }
        } else if (rule instanceof AwardRule.Steps t) {
            awardKind = STEPS;
            a1 = need(t.on(), s);
            st = t.steps().toArray(new AwardRule.Step[0]);
            amount = new Compiled.Node[st.length];
            for (int i = 0; i < st.length; i++) {
                amount[i] = need(st[i].amount(), s);
            }
        } else if (rule instanceof AwardRule.Reviewer r) {
            awardKind = REVIEWER;
            level = slots.slot(r.fact());
            if (level < 0) {
                throw NOT_PLANNED;
            }
        } else {
            throw NOT_PLANNED;
        }
        this.levelSlot = level;
        this.tableSlot = table;
        this.steps = st;
        this.award1 = a1;
        this.award2 = a2;
        this.tierWhen = when;
        this.tierAmount = amount;
        List<Policy.Adjustment> adjustments = policy.adjustments();
        this.factors = new Compiled.Node[adjustments.size()];
        this.afterCaps = new boolean[adjustments.size()];
        this.adjustmentIds = new String[adjustments.size()];
        for (int i = 0; i < adjustments.size(); i++) {
            Policy.Adjustment a = adjustments.get(i);
            factors[i] = need(a.factor(), s);
            afterCaps[i] = a.stage() == Policy.Adjustment.Stage.AFTER_CAPS;
            adjustmentIds[i] = ("adjustment." + a.id()).intern();
        }
        List<Measure.Cap> caps = measure.caps();
        this.capWhen = new Compiled.Node[caps.size()];
        this.capAmount = new Compiled.Node[caps.size()];
        for (int i = 0; i < caps.size(); i++) {
            Measure.Cap cap = caps.get(i);
            capWhen[i] = cap.appliesWhen() == null ? null : need(cap.appliesWhen(), s);
            capAmount[i] = cap.kind() == Measure.CapKind.AMOUNT ? need(cap.amount(), s) : null;
        }
        if (measure.indicator()) {
            throw NOT_PLANNED;
        }
    }

    /** Thrown while planning a measure the plan does not cover. */
    private static final IllegalStateException NOT_PLANNED = new IllegalStateException("not planned");

    private static Compiled.Node need(Expr e, Compiled.Slots s) {
        Compiled.Node n = e == null ? null : Compiled.compile(e, s);
        if (n == null) {
            throw NOT_PLANNED;
        }
        return n;
    }

    /** The measure's plan, or {@code null} when its rules hold what a plan does not cover. */
    static DecisionPlan of(Policy policy, MeasureTexts texts, ResolvedParameters parameters) {
        FactSlots slots = texts.slots();
        Compiled.Slots s = new Compiled.Slots() {
            @Override
            public int fact(String name) {
                return slots.slot(name);
            }

            @Override
            public int parameter(String name) {
                return parameters.slot(name);
            }
        };
        try {
            return new DecisionPlan(policy, texts, s);
        } catch (IllegalStateException e) {
            if (e != NOT_PLANNED) {
                throw e;
            }
            return null;
        }
    }

    /** One decision's reads. */
    private static final class Frame extends Compiled.Frame {
        private final Subject subject;
        private final Policy policy;
        private final LocalDate asOf;
        private final ResolvedParameters.AtDate at;

        Frame(
                Object[] facts,
                int claimYear,
                Subject subject,
                Policy policy,
                LocalDate asOf,
                ResolvedParameters.AtDate at) {
            super(facts, at.bySlot(), claimYear);
            this.subject = subject;
            this.policy = policy;
            this.asOf = asOf;
            this.at = at;
        }

        /** As {@link Subject#field} gives it; the 亩均 grade (Jindong's adjustment) told by the name's identity. */
        @Override
        protected Object subject(String field) {
            return field == "mu_grade" ? subject.muGrade() : subject.field(field);
        }

        /** As {@link ClaimEvaluation#parameterAt} reads it without overrides. */
        @Override
        protected Object parameterAt(String name, LocalDate date) {
            if (date == asOf || date.equals(asOf)) {
                return at.get(name);
            }
            Parameter p = policy.parameters().get(name);
            return p == null ? null : p.valueAt(date);
        }
    }

    /**
     * The claim's decision, as {@link ClaimEvaluation#decide()} makes it for a claim without a city award in a request
     * without parameter overrides, or {@code null} when the generic evaluation must decide (see the class comment).
     *
     * @param facts the claim's typed facts, by slot
     * @param at the policy's parameters at {@code asOf}, or {@code null} when not resolved in advance
     * @param overlay the awards of the request's earlier claims
     */
    Decision decide(
            Claim claim,
            String claimId,
            Object[] facts,
            Subject subject,
            LocalDate asOf,
            ResolvedParameters.AtDate at,
            Ledger ledger,
            List<LedgerEntry> overlay) {
        if (at == null || claim.cityAward() != null) {
            return null;
        }
        return decide(
                claim, claimId, facts, subject, asOf, at, ledger, overlay, before(claim.year(), subject, asOf), null);
    }

    /**
     * The claim's decision as {@link #decide(Claim, String, Object[], Subject, LocalDate, ResolvedParameters.AtDate,
     * Ledger, List)} makes it, with the subject's and dates' built-in checks decided already ({@code before}, from
     * {@link #before}) and the ledger entry's keys made already ({@code ledgerKeys}, from {@link #ledgerKeys}; {@code
     * null}: made here).
     */
    Decision decide(
            Claim claim,
            String claimId,
            Object[] facts,
            Subject subject,
            LocalDate asOf,
            ResolvedParameters.AtDate at,
            Ledger ledger,
            List<LedgerEntry> overlay,
            String before,
            Map<String, String> ledgerKeys) {
        if (at == null || claim.cityAward() != null) {
            return null;
        }
        try {
            return run(claim, claimId, facts, subject, asOf, at, ledger, overlay, before, ledgerKeys);
        } catch (Compiled.Defer d) {
            return null;
        }
    }

    /**
     * What {@link #before} gives when none of its checks fails but the region's is unknown (a region not stated). Told
     * by identity.
     */
    static final String REGION_UNKNOWN = new String("region unknown");

    /**
     * The built-in checks that depend only on the claim's year, the subject and the as-of date (as {@link
     * ClaimEvaluation#checkBuiltIns} makes them: policy period, matter year, subject kind, region, in that order):
     * the id of the first that fails; else {@link #REGION_UNKNOWN} when the region's outcome is unknown; else {@code
     * null}.
     */
    String before(int year, Subject subject, LocalDate asOf) {
        if (!policy.coversYear(year)) {
            return prepared.period()[Outcome.FAIL.ordinal()].id();
        }
        if (policy.matterYearOffset() != null && year != asOf.getYear() - policy.matterYearOffset()) {
            return prepared.matterYear()[Outcome.FAIL.ordinal()].id();
        }
        if (!prepared.kindSupported()[subject.kind().ordinal()]) {
            return prepared.kind()[Outcome.FAIL.ordinal()].id();
        }
        Outcome region = region(subject);
        if (region == Outcome.FAIL) {
            return prepared.region().get(subject.kind())[Outcome.FAIL.ordinal()].id();
        }
        return region == Outcome.UNKNOWN ? REGION_UNKNOWN : null;
    }

    /** The keys a claim's ledger entry records, from its facts ({@link ClaimEvaluation#ledgerKeys}). */
    Map<String, String> ledgerKeys(Object[] facts) {
        return ClaimEvaluation.ledgerKeys(prepared, facts);
    }

    private Decision run(
            Claim claim,
            String claimId,
            Object[] facts,
            Subject subject,
            LocalDate asOf,
            ResolvedParameters.AtDate at,
            Ledger ledger,
            List<LedgerEntry> overlay,
            String before,
            Map<String, String> ledgerKeys) {
        // The built-in checks (ClaimEvaluation.checkBuiltIns), each noted as the generic path notes it: those on the
        // subject and the dates decided before, then those on the claim's facts.
        if (before != null && before != REGION_UNKNOWN) {
            return new Decision(claimId, Status.NOT_ELIGIBLE, null, before, null);
        }
        String failed = null;
        boolean unknown = before == REGION_UNKNOWN;
        int year = claim.year();
        if (rightKinds != null) {
            Object right = facts[slots.rightKind()];
            if (right == null) {
                unknown = true;
            } else if (!oneOf(rightKinds, right)) {
                failed = prepared.ipKind()[Outcome.FAIL.ordinal()].id();
            }
            if (policy.applicants().firstRightsHolderOnly()) {
                Object first = facts[slots.firstHolder()];
                if (first == null) {
                    unknown = true;
                } else if (!Boolean.TRUE.equals(first)) {
                    failed = failed != null ? failed : prepared.firstHolder()[Outcome.FAIL.ordinal()].id();
                }
            }
        }
        if (failed != null) {
            return new Decision(claimId, Status.NOT_ELIGIBLE, null, failed, null);
        }
        Frame f = new Frame(facts, year, subject, policy, asOf, at);
        for (int i = 0; i < conditions.length; i++) {
            int t = conditions[i].test(f);
            if (t < 0) {
                return null;
            }
            if (t == 0) {
                return new Decision(claimId, Status.NOT_ELIGIBLE, null, conditionIds[i], null);
            }
        }
        // Materials (ClaimEvaluation.checkMaterials): when stated, one not attached leaves the claim undecided.
        List<String> materials = claim.materials();
        if (materials != null) {
            List<String> needed = measure.materials();
            for (int i = 0; i < needed.size(); i++) {
                if (!materials.contains(needed.get(i))) {
                    unknown = true;
                    break;
                }
            }
        }
        Object awarded = award(f, facts, at);
        if (awarded instanceof String failedId) {
            return new Decision(claimId, Status.NOT_ELIGIBLE, null, failedId, null);
        }
        if (awarded == null) {
            return null;
        }
        BigDecimal base = (BigDecimal) awarded;
        BigDecimal amount = rounding.apply(base.max(BigDecimal.ZERO));
        // Before the caps: a factor of zero withholds the award.
        for (int i = 0; i < factors.length; i++) {
            if (!afterCaps[i]) {
                amount = adjust(amount, factors[i].eval(f));
                if (amount == null) {
                    return new Decision(claimId, Status.NOT_ELIGIBLE, null, adjustmentIds[i], null);
                }
            }
        }
        // The caps (ClaimEvaluation.applyCaps, amounts only).
        List<Measure.Cap> caps = measure.caps();
        boolean nothingEarlier = ledger == Ledger.EMPTY && overlay.isEmpty();
        for (int ci = 0; ci < capAmount.length; ci++) {
            Measure.Cap cap = caps.get(ci);
            if (capWhen[ci] != null) {
                int w = capWhen[ci].test(f);
                if (w < 0) {
                    return null;
                }
                if (w == 0) {
                    continue;
                }
            }
            int[] dims = prepared.capDims()[ci];
            Ledger.Scope scope = null;
            if (nothingEarlier) {
                if (!scopeStated(cap, dims, facts)) {
                    return undetermined(claimId);
                }
            } else {
                scope = scope(cap, dims, facts, subject, year);
                if (scope == null && cap.scoped()) {
                    return undetermined(claimId);
                }
            }
            if (cap.kind() == Measure.CapKind.YEARS) {
                if (!yearsLeft(cap, scope, year, nothingEarlier, ledger, overlay)) {
                    return new Decision(claimId, Status.NOT_ELIGIBLE, null, prepared.capIds()[ci], null);
                }
                continue;
            }
            if (cap.kind() != Measure.CapKind.AMOUNT) {
                // Once only: any earlier award in the scope denies.
                boolean used = !nothingEarlier && !ledger.entries(scope).isEmpty();
                for (int oi = 0; !used && oi < overlay.size(); oi++) {
                    used = scope.contains(overlay.get(oi));
                }
                if (used) {
                    return new Decision(claimId, Status.NOT_ELIGIBLE, null, prepared.capIds()[ci], null);
                }
                continue;
            }
            Object lv = capAmount[ci].eval(f);
            if (!(lv instanceof BigDecimal limit)) {
                return null;
            }
            BigDecimal used =
                    !cap.scoped() || nothingEarlier ? BigDecimal.ZERO : ClaimEvaluation.used(scope, ledger, overlay);
            BigDecimal room = (used.signum() == 0 ? limit : limit.subtract(used))
                    .max(BigDecimal.ZERO)
                    .setScale(rounding.scale(), java.math.RoundingMode.DOWN);
            if (cap.scoped() && room.signum() == 0) {
                return new Decision(claimId, Status.NOT_ELIGIBLE, null, prepared.capIds()[ci], null);
            }
            if (amount.compareTo(room) > 0) {
                amount = room;
            }
        }
        for (int i = 0; i < factors.length; i++) {
            if (afterCaps[i]) {
                amount = adjust(amount, factors[i].eval(f));
                if (amount == null) {
                    return new Decision(claimId, Status.NOT_ELIGIBLE, null, adjustmentIds[i], null);
                }
            }
        }
        if (unknown) {
            return undetermined(claimId);
        }
        BigDecimal finalAmount = rounding.apply(amount);
        return new Decision(
                claimId,
                Status.ELIGIBLE,
                finalAmount,
                null,
                new LedgerEntry(
                        policy.id(),
                        measure.id(),
                        subject.id(),
                        year,
                        finalAmount,
                        ledgerKeys != null ? ledgerKeys : ClaimEvaluation.ledgerKeys(prepared, facts)));
    }

    /** Whether {@code value} equals one of {@code kinds} (as the set's {@code contains}), tried by identity first. */
    private static boolean oneOf(String[] kinds, Object value) {
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == value) {
                return true;
            }
        }
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i].equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static Decision undetermined(String claimId) {
        return new Decision(claimId, Status.UNDETERMINED, null, null, null);
    }

    /**
     * The award rule's amount before caps ({@link ClaimEvaluation#award}); the id of the failed check when the rule
     * denies (no tier met, below the lowest step, no amount for the level); {@code null} when the generic evaluation
     * must decide.
     */
    private Object award(Frame f, Object[] facts, ResolvedParameters.AtDate at) {
        switch (awardKind) {
            case FIXED:
            case FORMULA:
                return number(award1.eval(f));
            case RATE:
            case PER_UNIT: {
                BigDecimal a = number(award1.eval(f));
                BigDecimal b = a == null ? null : number(award2.eval(f));
                return b == null ? null : a.multiply(b);
            }
            case TIERS:
                for (int i = 0; i < tierWhen.length; i++) {
                    Object w = tierWhen[i].eval(f);
                    if (w == Compiled.MISSING) {
                        return null;
                    }
                    if (Boolean.TRUE.equals(w)) {
                        return number(tierAmount[i].eval(f));
                    }
                }
                return "award.no-tier";
            case BY_LEVEL: {
                Object level = facts[levelSlot];
                if (level == null) {
                    return null;
                }
                Object table = at.bySlot()[tableSlot];
                if (!(table instanceof Map<?, ?> t) || !(t.get(level) instanceof BigDecimal v)) {
                    return "award.level";
                }
                return v;
            }
            case STEPS: {
                BigDecimal on = number(award1.eval(f));
                if (on == null) {
                    return null;
                }
                for (int i = 0; i < steps.length; i++) {
                    AwardRule.Step st = steps[i];
                    if (on.compareTo(st.min()) >= 0 && (st.max() == null || on.compareTo(st.max()) < 0)) {
                        return number(tierAmount[i].eval(f));
                    }
                }
                return "award.no-step";
            }
            default:
                // Set by the reviewer: the stated amount; not stated, the generic evaluation names it.
                return facts[levelSlot] instanceof BigDecimal d ? d : null;
        }
    }

    private static BigDecimal number(Object v) {
        return v instanceof BigDecimal d ? d : null;
    }

    /**
     * The amount times the factor, rounded ({@link ClaimEvaluation#adjust}); {@code null} when the factor is zero
     * (the award is withheld). A factor that is not there defers to the generic evaluation.
     */
    private BigDecimal adjust(BigDecimal amount, Object factorValue) {
        if (!(factorValue instanceof BigDecimal factor)) {
            throw Compiled.DEFER;
        }
        BigDecimal v = rounding.apply(factor.compareTo(BigDecimal.ONE) == 0 ? amount : amount.multiply(factor));
        return factor.signum() == 0 ? null : v;
    }

    /**
     * Whether a cap of years leaves room ({@link ClaimEvaluation#applyCaps}): the claim's year was supported before,
     * or fewer years than the cap were.
     */
    private static boolean yearsLeft(
            Measure.Cap cap,
            Ledger.Scope scope,
            int year,
            boolean nothingEarlier,
            Ledger ledger,
            List<LedgerEntry> overlay) {
        if (nothingEarlier) {
            return cap.years() > 0;
        }
        java.util.Set<Integer> years = new java.util.HashSet<>(ledger.years(scope));
        for (int i = 0; i < overlay.size(); i++) {
            LedgerEntry e = overlay.get(i);
            if (scope.contains(e)) {
                years.add(e.year());
            }
        }
        return years.contains(year) || years.size() < cap.years();
    }

    /** The subject's region check ({@link ClaimEvaluation#checkRegion}): pass, fail or unknown. */
    private Outcome region(Subject subject) {
        List<Policy.RegionRule> rules = policy.applicants().region();
        if (rules.isEmpty()) {
            return Outcome.PASS;
        }
        return ClaimEvaluation.regionOutcome(
                prepared.regionBases()[subject.kind().ordinal()],
                subject,
                policy.region().code(),
                null);
    }

    /** Whether every fact the cap is kept per is stated ({@link ClaimEvaluation#scopeStated}). */
    private static boolean scopeStated(Measure.Cap cap, int[] dims, Object[] facts) {
        for (int j = 0; j < dims.length; j++) {
            int dim = dims[j];
            if (dim != MeasureTexts.PER_SUBJECT && dim != MeasureTexts.PER_YEAR && (dim < 0 || facts[dim] == null)) {
                return false;
            }
        }
        return true;
    }

    /** The cap's scope for this claim ({@link ClaimEvaluation#scope}), or {@code null} when a fact is missing. */
    private Ledger.Scope scope(Measure.Cap cap, int[] dims, Object[] facts, Subject subject, int year) {
        String subj = null;
        Integer y = null;
        Map<String, String> keys = Map.of();
        for (int j = 0; j < dims.length; j++) {
            int dim = dims[j];
            if (dim == MeasureTexts.PER_SUBJECT) {
                subj = subject.id();
            } else if (dim == MeasureTexts.PER_YEAR) {
                y = ClaimEvaluation.year(year);
            } else {
                Object v = dim >= 0 ? facts[dim] : null;
                if (v == null) {
                    return null;
                }
                String d = cap.per().get(j);
                keys = ClaimEvaluation.withKey(keys, d, ClaimEvaluation.keyString(v));
            }
        }
        return new Ledger.Scope(policy.id(), cap.pool(), subj, y, keys);
    }
}

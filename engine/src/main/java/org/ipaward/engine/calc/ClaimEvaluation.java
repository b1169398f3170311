package org.ipaward.engine.calc;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ipaward.engine.calc.Check.Outcome;
import org.ipaward.engine.expr.EvalContext;
import org.ipaward.engine.expr.EvaluationException;
import org.ipaward.engine.expr.Expr;
import org.ipaward.engine.expr.Missing;
import org.ipaward.engine.internal.PolicyReader;
import org.ipaward.engine.model.AwardRule;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Measure.Cap;
import org.ipaward.engine.model.Parameter;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.Text;

/**
 * The evaluation of one claim: single-threaded, short-lived state behind the immutable calculator. One
 * implementation of the rules for both outputs: {@link #run()} records every check, cap, missing fact and
 * (when explaining) the trace into a {@link ClaimResult}; {@link #decide()} on an evaluation made with
 * {@code full} false walks the same code with that recording switched off (no check list, no cap results, no
 * texts, no missing-fact set) and keeps only what the outcome depends on: status, amount and the first failed
 * check.
 */
final class ClaimEvaluation implements EvalContext {
    private final Policy policy;
    private final Measure measure;
    private final MeasureTexts texts;
    private final MeasureTexts.Prepared prepared;
    private boolean anyFail;
    private boolean anyUnknown;
    private final Claim claim;
    private final String claimId;
    private final Object[] facts;
    private final FactSlots slots;
    private final Subject subject;
    private final LocalDate asOf;
    /** The policy's parameter values at {@link #asOf}, or {@code null} when not resolved in advance. */
    private final ResolvedParameters.AtDate atAsOf;

    private final Map<String, Object> overrides;
    private final Ledger ledger;
    private final List<LedgerEntry> overlay;
    private final boolean explain;
    /** Whether checks, caps and missing facts are recorded (the full result), or only the decision. */
    private final boolean full;
    /** The id of the first check that failed: the reason a denial names. */
    private String failed;

    private Status status;
    private BigDecimal base;
    private BigDecimal finalAmount;

    /** What only the full result records; {@code null} when only deciding. */
    private final Recorded rec;
    /** While explaining a formula: the parameters it read, as the explanation shows them. */
    private Set<String> parameterReads;

    ClaimEvaluation(
            Policy policy,
            MeasureTexts texts,
            Claim claim,
            String claimId,
            Object[] facts,
            Subject subject,
            LocalDate asOf,
            ResolvedParameters.AtDate atAsOf,
            Map<String, Object> overrides,
            Ledger ledger,
            List<LedgerEntry> overlay,
            boolean explain,
            boolean full) {
        this.policy = policy;
        this.texts = texts;
        this.prepared = texts.prepared();
        this.measure = texts.measure();
        this.claim = claim;
        this.claimId = claimId;
        this.facts = facts;
        this.slots = texts.slots();
        this.subject = subject;
        this.asOf = asOf;
        this.atAsOf = atAsOf;
        this.overrides = overrides;
        this.ledger = ledger;
        this.overlay = overlay;
        this.explain = explain && full;
        this.full = full;
        this.rec = full
                ? new Recorded(new ArrayList<>(texts.checkCapacity()), this.explain ? new ArrayList<>() : null)
                : null;
    }

    // ---- EvalContext ----

    @Override
    public Object fact(String name) {
        return slots.get(facts, name);
    }

    @Override
    public Object fact(int slot, String name) {
        return slots.get(facts, slot, name);
    }

    @Override
    public Object parameter(String name) {
        return parameterAt(name, asOf);
    }

    @Override
    public Object parameter(int slot, String name) {
        if (atAsOf != null && parameterReads == null && overrides.isEmpty()) {
            return atAsOf.get(slot, name);
        }
        return parameterAt(name, asOf);
    }

    @Override
    public Object parameterAt(String name, LocalDate date) {
        Object o = overrides.isEmpty() ? null : overrides.get(name);
        if (atAsOf != null && parameterReads == null && (date == asOf || date.equals(asOf))) {
            return o != null ? o : atAsOf.get(name);
        }
        Parameter p = policy.parameters().get(name);
        Object v = o != null ? o : p == null ? null : p.valueAt(date);
        if (parameterReads != null && p != null && v != null && !(v instanceof Map) && !(v instanceof List)) {
            String shown = v instanceof BigDecimal d
                    ? (p.kind() == Parameter.Kind.RATIO
                            ? Fmt.percent(d)
                            : p.kind() == Parameter.Kind.MONEY ? Fmt.yuan(d) : Fmt.number(d))
                    : v instanceof String t ? p.shownZh(t) : String.valueOf(v);
            parameterReads.add(p.label().zh() + (date.equals(asOf) ? "" : "（" + date + "）") + " = " + shown);
        }
        return v;
    }

    @Override
    public Object subject(String field) {
        return subject.field(field);
    }

    @Override
    public int claimYear() {
        return claim.year();
    }

    // ---- the evaluation ----

    /** Evaluates the claim and returns the full result (checks, caps, missing facts, trace when explaining). */
    ClaimResult run() {
        evaluate();
        return new ClaimResult(
                claimId,
                policy.id(),
                measure.id(),
                measure.title(),
                measure.clause(),
                claim.year(),
                status,
                finalAmount,
                base == null ? null : policy.rounding().apply(base),
                rec.tier,
                rec.tierLabel,
                Collections.unmodifiableList(rec.checks),
                rec.caps == null ? List.of() : Collections.unmodifiableList(rec.caps),
                rec.missing == null || rec.missing.isEmpty() ? List.of() : List.copyOf(rec.missing),
                rec.missingMaterials == null ? List.of() : Collections.unmodifiableList(rec.missingMaterials),
                rec.trace == null ? List.of() : Collections.unmodifiableList(rec.trace),
                ledgerEntry());
    }

    /** Evaluates the claim and returns the decision only: status, amount, the first failed check. */
    Decision decide() {
        evaluate();
        return new Decision(claimId, status, finalAmount, failed, ledgerEntry());
    }

    /** The entry an approval would record, once evaluated; {@code null} unless eligible. */
    LedgerEntry ledgerEntry() {
        return status == Status.ELIGIBLE
                ? new LedgerEntry(policy.id(), measure.id(), subject.id(), claim.year(), finalAmount, ledgerKeys())
                : null;
    }

    private void evaluate() {
        if (explain) {
            step("policy", texts.policyStepZh(), texts.policyStepEn(), measure.clause(), measure.quote(), null);
        }
        checkBuiltIns();
        List<Measure.Condition> conditions = measure.conditions();
        for (int i = 0; i < conditions.size() && !decided(); i++) {
            Object v = eval(conditions.get(i).when());
            check(prepared.conditions()[i][outcome(v).ordinal()], true);
        }
        if (!decided()) {
            checkMaterials();
            checkCityFirst();
        }

        BigDecimal amount = null;
        if (!anyFail) {
            base = award();
            if (base != null) {
                amount = policy.rounding().apply(base.max(BigDecimal.ZERO));
                amount = adjust(amount, Policy.Adjustment.Stage.BEFORE_CAPS);
            }
            if (amount != null) {
                amount = applyCaps(amount);
            }
            if (amount != null && !anyFail) {
                amount = adjust(amount, Policy.Adjustment.Stage.AFTER_CAPS);
            }
            if (amount != null && !anyFail) {
                amount = stack(amount);
            }
        }
        status = anyFail ? Status.NOT_ELIGIBLE : anyUnknown || amount == null ? Status.UNDETERMINED : Status.ELIGIBLE;
        finalAmount = status == Status.ELIGIBLE ? policy.rounding().apply(amount) : null;
        if (explain) {
            conclude(status, finalAmount);
        }
    }

    private void checkBuiltIns() {
        String applClause = texts.applicantsClause();
        Outcome period = policy.coversYear(claim.year()) ? Outcome.PASS : Outcome.FAIL;
        record(
                prepared.period(),
                "policy.period",
                texts.period(),
                texts.periodClause(),
                period,
                verbose(period) ? "事项年度 " + claim.year() : null);
        if (policy.matterYearOffset() != null) {
            int expected = asOf.getYear() - policy.matterYearOffset();
            Outcome o = claim.year() == expected ? Outcome.PASS : Outcome.FAIL;
            if (verbose(o)) {
                record(
                        "policy.matter-year",
                        new Text(
                                "申报事项须为 " + expected + " 年度（申报年度的上"
                                        + (policy.matterYearOffset() == 1
                                                ? "一"
                                                : String.valueOf(policy.matterYearOffset()))
                                        + "年度）的事项",
                                "The matter must be of " + expected + " (the previous year)"),
                        policy.cite() == null ? null : policy.cite().clause(),
                        o,
                        "事项年度 " + claim.year());
            } else {
                check(prepared.matterYear()[o.ordinal()], true);
            }
        }
        Outcome kind = prepared.kindSupported()[subject.kind().ordinal()] ? Outcome.PASS : Outcome.FAIL;
        record(
                prepared.kind(),
                "applicants.kind",
                texts.kind(),
                applClause,
                kind,
                verbose(kind) ? "主体类型为" + subject.kind().label().zh() : null);
        checkRegion(applClause);
        if (measure.indicator()) {
            check(prepared.indicator()[Outcome.FAIL.ordinal()], true);
        }
        if (measure.rightKinds() != null) {
            Object right = facts[slots.rightKind()];
            Outcome o = right == null
                    ? Outcome.UNKNOWN
                    : measure.rightKinds().contains(right) ? Outcome.PASS : Outcome.FAIL;
            if (right == null) {
                addMissing(PolicyReader.RIGHT_KIND);
            }
            record(
                    prepared.ipKind(),
                    "applicants.ip-kind",
                    texts.ipKind(),
                    applClause,
                    o,
                    right == null || !verbose(o) ? null : "种类为" + PolicyReader.ipKindZh(right.toString()));
            if (policy.applicants().firstRightsHolderOnly()) {
                Object first = facts[slots.firstHolder()];
                if (first == null) {
                    addMissing(PolicyReader.FIRST_HOLDER);
                }
                record(
                        prepared.firstHolder(),
                        "applicants.first-rights-holder",
                        MeasureTexts.FIRST_HOLDER,
                        applClause,
                        first == null ? Outcome.UNKNOWN : Boolean.TRUE.equals(first) ? Outcome.PASS : Outcome.FAIL,
                        null);
            }
        }
    }

    private void checkRegion(String clause) {
        List<Policy.RegionRule> rules = policy.applicants().region();
        if (rules.isEmpty()) {
            return;
        }
        // The bases of the rules for this kind of subject, in the rules' order (made once).
        Outcome best = regionOutcome(
                prepared.regionBases()[subject.kind().ordinal()],
                subject,
                policy.region().code(),
                this);
        if (best == Outcome.PASS && rec != null && rec.missing != null && !rec.missing.isEmpty()) {
            rec.missing.remove("subject.registered_region");
            rec.missing.remove("subject.household_region");
        }
        check(prepared.region().get(subject.kind())[best.ordinal()], true);
    }

    /**
     * The region check over the subject kind's bases, in order: pass at the first base within the policy's region
     * ({@code code} a prefix), unknown when a base it needs is blank and none passes — the blank field named to
     * {@code missing} when it is given — else fail. One copy for the generic evaluation and the decision plans.
     */
    static Outcome regionOutcome(Policy.RegionBasis[] bases, Subject subject, String code, ClaimEvaluation missing) {
        Outcome best = Outcome.FAIL;
        // indexed loops: no iterator per claim
        for (int ri = 0; ri < bases.length; ri++) {
            Outcome o;
            switch (bases[ri]) {
                case REGISTERED:
                    o = within(subject.registeredRegion(), code, "subject.registered_region", missing);
                    break;
                case HOUSEHOLD:
                    o = within(subject.householdRegion(), code, "subject.household_region", missing);
                    break;
                default:
                    o = Outcome.FAIL;
                    List<String> servedRegions = subject.servedRegions();
                    for (int si = 0; si < servedRegions.size(); si++) {
                        String served = servedRegions.get(si);
                        if (served != null && served.startsWith(code)) {
                            o = Outcome.PASS;
                        }
                    }
            }
            if (o == Outcome.PASS) {
                return Outcome.PASS;
            }
            if (o == Outcome.UNKNOWN) {
                best = Outcome.UNKNOWN;
            }
        }
        return best;
    }

    private static Outcome within(String region, String code, String field, ClaimEvaluation missing) {
        if (region == null || region.isBlank()) {
            if (missing != null) {
                missing.addMissing(field);
            }
            return Outcome.UNKNOWN;
        }
        return region.startsWith(code) ? Outcome.PASS : Outcome.FAIL;
    }

    private void checkMaterials() {
        if (claim.materials() == null && !measure.materials().isEmpty()) {
            if (explain) {
                step(
                        "materials",
                        "申报未列明所附材料，本次计算未核验材料（正式申报时须提交："
                                + measure.materials().stream()
                                        .map(m -> policy.materials()
                                                .get(m)
                                                .label()
                                                .zh())
                                        .collect(Collectors.joining("；"))
                                + "）",
                        "Materials were not stated and not checked",
                        texts.materialsClause(),
                        null,
                        null);
            }
            return;
        }
        if (measure.materials().isEmpty()) {
            return;
        }
        for (String m : measure.materials()) {
            if (!claim.materials().contains(m)) {
                if (!full) {
                    note("materials", Outcome.UNKNOWN);
                    return;
                }
                if (rec.missingMaterials == null) {
                    rec.missingMaterials = new ArrayList<>();
                }
                rec.missingMaterials.add(m);
            }
        }
        if (rec == null || rec.missingMaterials == null) {
            check(prepared.materials()[Outcome.PASS.ordinal()], true);
            return;
        }
        String names = rec.missingMaterials.stream()
                .map(m -> policy.materials().get(m).label().zh())
                .collect(Collectors.joining("、"));
        record("materials", texts.materials(), texts.materialsClause(), Outcome.UNKNOWN, "缺少：" + names);
    }

    private void checkCityFirst() {
        CityAward city = claim.cityAward();
        if (policy.stacking() == null || city == null || !Boolean.TRUE.equals(city.applicable())) {
            return;
        }
        Text t = MeasureTexts.CITY_FIRST;
        String clause = policy.stacking().cite() == null
                ? null
                : policy.stacking().cite().clause();
        if (city.amount() == null || city.needsDistrictMatch() == null) {
            if (city.amount() == null) {
                addMissing("city_award.amount");
            }
            if (city.needsDistrictMatch() == null) {
                addMissing("city_award.needs_district_match");
            }
            record("stacking.city-first", t, clause, Outcome.UNKNOWN, "待填写市级奖补结果");
        } else if (Boolean.TRUE.equals(city.needsDistrictMatch()) && city.districtShare() == null) {
            addMissing("city_award.district_share");
            record("stacking.city-first", t, clause, Outcome.UNKNOWN, "待填写区级应配套金额");
        } else {
            record("stacking.city-first", t, clause, Outcome.PASS, full ? "市级奖补 " + Fmt.yuan(city.amount()) : null);
        }
    }

    /** The amount of the award rule before caps, or {@code null} when it cannot be decided. */
    private BigDecimal award() {
        AwardRule rule = measure.award();
        String cl = measure.clause();
        String q = measure.quote();
        if (rule instanceof AwardRule.Fixed f) {
            BigDecimal v = number(f.amount());
            if (v != null) {
                if (explain)
                    step("award", text(rule, "按标准给予 " + Fmt.yuan(v)), "Fixed amount " + v.toPlainString(), cl, q, v);
            }
            return v;
        }
        if (rule instanceof AwardRule.ByLevel b) {
            Object level = fact(b.levelFact());
            Measure.Fact lf = measure.facts().get(b.levelFact());
            if (level == null) {
                addMissing(b.levelFact());
                return null;
            }
            Object table = parameter(b.table());
            if (!(table instanceof Map<?, ?> t) || !(t.get(level) instanceof BigDecimal v)) {
                fail(
                        "award.level",
                        full
                                ? new Text(
                                        "等级“" + Fmt.fact(lf, level) + "”在 " + asOf + " 无奖励标准",
                                        "no amount for the level")
                                : null,
                        cl);
                return null;
            }
            Parameter tp = policy.parameters().get(b.table());
            if (explain)
                step(
                        "award",
                        text(
                                rule,
                                lf.label().zh() + "为“" + Fmt.fact(lf, level) + "”，按"
                                        + tp.label().zh() + "给予 " + Fmt.yuan(v)),
                        lf.label().en() + " " + level + ": " + v.toPlainString(),
                        cl,
                        q,
                        v);
            return v;
        }
        if (rule instanceof AwardRule.Rate r) {
            BigDecimal base = number(r.base());
            BigDecimal rate = number(r.rate());
            if (base == null || rate == null) {
                return null;
            }
            BigDecimal v = base.multiply(rate);
            if (explain)
                step(
                        "award",
                        text(
                                rule,
                                describe(r.baseSource()) + " " + Fmt.yuan(base) + " × " + Fmt.percent(rate) + " = "
                                        + Fmt.yuan(v)),
                        r.baseSource() + " " + base.toPlainString() + " x " + rate.toPlainString() + " = "
                                + v.toPlainString(),
                        cl,
                        q,
                        v);
            return v;
        }
        if (rule instanceof AwardRule.PerUnit u) {
            BigDecimal count = number(u.count());
            BigDecimal unit = number(u.unitAmount());
            if (count == null || unit == null) {
                return null;
            }
            BigDecimal v = count.multiply(unit);
            if (explain)
                step(
                        "award",
                        text(
                                rule,
                                describe(u.countSource()) + " " + Fmt.number(count) + " × 每个 " + Fmt.yuan(unit) + " = "
                                        + Fmt.yuan(v)),
                        count.toPlainString() + " x " + unit.toPlainString() + " = " + v.toPlainString(),
                        cl,
                        q,
                        v);
            return v;
        }
        if (rule instanceof AwardRule.Formula f) {
            parameterReads = explain ? new LinkedHashSet<>() : null;
            BigDecimal v = number(f.amount());
            Set<String> reads = parameterReads;
            parameterReads = null;
            if (v != null && explain) {
                List<String> stated = statedValues(f.amount());
                List<String> inputs = new ArrayList<>(stated == null ? List.of() : stated);
                inputs.addAll(reads);
                BigDecimal shown = policy.rounding().apply(v);
                if (explain)
                    step(
                            "award",
                            f.text().zh() + "。其中 " + String.join("；", inputs) + "。计算得 "
                                    + (shown.compareTo(v) == 0
                                            ? Fmt.yuan(v)
                                            : Fmt.yuan(shown) + "（"
                                                    + v.setScale(8, java.math.RoundingMode.HALF_UP)
                                                            .stripTrailingZeros()
                                                            .toPlainString()
                                                    + "…，" + policy.rounding().zh() + "）"),
                            f.text().en() + ": " + v.toPlainString(),
                            cl,
                            q,
                            v);
            }
            return v;
        }
        if (rule instanceof AwardRule.Reviewer r) {
            Object v = fact(r.fact());
            if (v == null) {
                addMissing(r.fact());
                record(
                        "award.reviewer",
                        full
                                ? new Text(
                                        "金额由评审按《" + r.standard().zh() + "》核定",
                                        "Set by the reviewer under "
                                                + r.standard().en())
                                : null,
                        cl,
                        Outcome.UNKNOWN,
                        "待评审核定");
                return null;
            }
            BigDecimal d = (BigDecimal) v;
            if (explain)
                step(
                        "award",
                        "按《" + r.standard().zh() + "》经评审核定 " + Fmt.yuan(d),
                        "Set by the reviewer: " + d.toPlainString(),
                        cl,
                        q,
                        d);
            return d;
        }
        if (rule instanceof AwardRule.Steps s) {
            return steps(s, cl, q);
        }
        if (rule instanceof AwardRule.Tiers t) {
            return tiers(t, cl, q);
        }
        return null;
    }

    private BigDecimal steps(AwardRule.Steps s, String cl, String q) {
        BigDecimal on = number(s.on());
        if (on == null) {
            return null;
        }
        List<AwardRule.Step> steps = s.steps();
        for (int si = 0; si < steps.size(); si++) {
            AwardRule.Step st = steps.get(si);
            boolean inside = on.compareTo(st.min()) >= 0 && (st.max() == null || on.compareTo(st.max()) < 0);
            if (inside) {
                BigDecimal v = number(st.amount());
                if (v == null) {
                    return null;
                }
                if (rec != null) {
                    rec.tier = st.id();
                    rec.tierLabel = stepLabel(st);
                }
                if (explain)
                    step(
                            "award",
                            text(
                                    s,
                                    describe(s.onSource()) + "为 " + Fmt.number(on) + "，属“不少于 " + Fmt.number(st.min())
                                            + (st.max() == null ? "" : "、少于 " + Fmt.number(st.max())) + "”档，给予 "
                                            + Fmt.yuan(v)),
                            s.onSource() + " = " + on.toPlainString() + ", step " + st.id() + ": " + v.toPlainString(),
                            cl,
                            q,
                            v);
                return v;
            }
        }
        fail(
                "award.no-step",
                full
                        ? new Text(
                                describe(s.onSource()) + "为 " + Fmt.number(on) + "，未达到最低档（不少于 "
                                        + Fmt.number(s.steps().get(0).min()) + "）",
                                "below the lowest step")
                        : null,
                cl);
        return null;
    }

    /** A step's range as the applicant reads it: 不少于 10、少于 20. */
    private static Text stepLabel(AwardRule.Step st) {
        return new Text(
                "不少于 " + Fmt.number(st.min()) + (st.max() == null ? "" : "、少于 " + Fmt.number(st.max())),
                "at least " + st.min().toPlainString()
                        + (st.max() == null ? "" : ", below " + st.max().toPlainString()));
    }

    private BigDecimal tiers(AwardRule.Tiers t, String cl, String q) {
        List<AwardRule.Tier> all = t.tiers();
        for (int ti = 0; ti < all.size(); ti++) {
            AwardRule.Tier tr = all.get(ti);
            Object w = eval(tr.when());
            if (w instanceof Missing) {
                record(full ? "tier." + tr.id() : null, tr.label(), cl, Outcome.UNKNOWN, null);
                return null;
            }
            if (Boolean.TRUE.equals(w)) {
                BigDecimal v = number(tr.amount());
                if (v == null) {
                    return null;
                }
                if (rec != null) {
                    rec.tier = tr.id();
                    rec.tierLabel = tr.label();
                }
                if (explain)
                    step(
                            "award",
                            text(
                                    t,
                                    "达到“" + tr.label().zh() + "”（" + factValues(tr.when(), tr.whenSource()) + "），给予 "
                                            + Fmt.yuan(v)),
                            "Tier " + tr.id() + " met: " + v.toPlainString(),
                            cl,
                            q,
                            v);
                return v;
            }
            if (explain)
                step(
                        "tier",
                        "未达到“" + tr.label().zh() + "”（" + factValues(tr.when(), tr.whenSource()) + "）",
                        "Tier " + tr.id() + " not met",
                        cl,
                        null,
                        null);
        }
        fail(
                "award.no-tier",
                full
                        ? new Text(
                                "未达到任何档次："
                                        + t.tiers().stream()
                                                .map(x -> x.label().zh())
                                                .collect(Collectors.joining("；")),
                                "no tier is met")
                        : null,
                cl);
        return null;
    }

    private BigDecimal adjust(BigDecimal amount, Policy.Adjustment.Stage stage) {
        List<Policy.Adjustment> adjustments = policy.adjustments();
        for (int ai = 0; ai < adjustments.size(); ai++) {
            Policy.Adjustment a = adjustments.get(ai);
            if (a.stage() != stage) {
                continue;
            }
            BigDecimal factor = number(a.factor());
            if (factor == null) {
                record(
                        "adjustment." + a.id(),
                        a.text(),
                        a.cite() == null ? null : a.cite().clause(),
                        Outcome.UNKNOWN,
                        null);
                return null;
            }
            // A factor of one (亩均 grades A, B, unrated) leaves the amount, already rounded, as it is: no product.
            BigDecimal v =
                    policy.rounding().apply(factor.compareTo(BigDecimal.ONE) == 0 ? amount : amount.multiply(factor));
            if (factor.signum() == 0) {
                // A factor of zero withholds the award: a denial, and it names the adjustment that denied it.
                record(
                        "adjustment." + a.id(),
                        a.text(),
                        a.cite() == null ? null : a.cite().clause(),
                        Outcome.FAIL,
                        "系数为 0，不予奖补");
                return null;
            }
            if (explain)
                step(
                        "adjustment",
                        a.text().zh() + "：" + Fmt.yuan(amount) + " × " + Fmt.number(factor) + " = " + Fmt.yuan(v),
                        a.text().en() + ": x " + factor.toPlainString(),
                        a.cite() == null ? null : a.cite().clause(),
                        a.cite() == null ? null : a.cite().quote(),
                        v);
            amount = v;
        }
        return amount;
    }

    private BigDecimal applyCaps(BigDecimal amount) {
        List<Cap> all = measure.caps();
        for (int ci = 0; ci < all.size(); ci++) {
            Cap cap = all.get(ci);
            String id = prepared.capIds()[ci];
            Check[] capChecks = prepared.caps()[ci];
            if (cap.appliesWhen() != null) {
                Object w = eval(cap.appliesWhen());
                if (w instanceof Missing) {
                    check(capChecks[Outcome.UNKNOWN.ordinal()], true);
                    return null;
                }
                if (!Boolean.TRUE.equals(w)) {
                    continue;
                }
            }
            // With no earlier award at all (an empty ledger, no earlier claim in the request) nothing can count
            // against the cap: its scope is not built, only whether the facts it is kept per are stated.
            boolean nothingEarlier = ledger == Ledger.EMPTY && overlay.isEmpty();
            Ledger.Scope scope = nothingEarlier ? null : scope(cap, prepared.capDims()[ci]);
            if (nothingEarlier ? !scopeStated(cap, prepared.capDims()[ci]) : scope == null && cap.scoped()) {
                check(capChecks[Outcome.UNKNOWN.ordinal()], true);
                return null;
            }
            switch (cap.kind()) {
                case AMOUNT: {
                    BigDecimal limit = number(cap.amount());
                    if (limit == null) {
                        check(capChecks[Outcome.UNKNOWN.ordinal()], true);
                        return null;
                    }
                    BigDecimal used = !cap.scoped() || nothingEarlier ? BigDecimal.ZERO : used(scope, ledger, overlay);
                    // 最高不超过: room finer than the rounding unit is cut down, so rounding never lifts an award past it.
                    // Nothing used (most claims): the limit itself, without a subtraction of zero.
                    BigDecimal room = (used.signum() == 0 ? limit : limit.subtract(used))
                            .max(BigDecimal.ZERO)
                            .setScale(policy.rounding().scale(), java.math.RoundingMode.DOWN);
                    if (cap.scoped() && room.signum() == 0) {
                        if (full) {
                            capResult(new CapResult(cap.id(), cap.text(), "amount", limit, used, room, true));
                        }
                        record(
                                id,
                                cap.text(),
                                measure.clause(),
                                Outcome.FAIL,
                                full ? "上限 " + Fmt.yuan(limit) + "，已获 " + Fmt.yuan(used) + "，额度已用完" : null);
                        return null;
                    }
                    boolean bound = amount.compareTo(room) > 0;
                    if (full) {
                        capResult(new CapResult(cap.id(), cap.text(), "amount", limit, used, room, bound));
                    }
                    // The trace step below explains the cap; the check is kept for the record only.
                    check(capChecks[Outcome.PASS.ordinal()], false);
                    if (bound) {
                        if (explain)
                            step(
                                    "cap",
                                    "上限“" + cap.text().zh() + "”：上限 " + Fmt.yuan(limit)
                                            + (cap.scoped() ? "，已获 " + Fmt.yuan(used) + "，剩余 " + Fmt.yuan(room) : "")
                                            + "，核减为 " + Fmt.yuan(room),
                                    "Cap " + cap.id() + " binds: " + room.toPlainString(),
                                    measure.clause(),
                                    null,
                                    room);
                        amount = room;
                    } else if (explain) {
                        step(
                                "cap",
                                "上限“" + cap.text().zh() + "”：未超过（上限 " + Fmt.yuan(limit)
                                        + (cap.scoped() ? "，已获 " + Fmt.yuan(used) : "") + "）",
                                "Cap " + cap.id() + " holds",
                                measure.clause(),
                                null,
                                amount);
                    }
                    break;
                }
                case YEARS: {
                    Set<Integer> years = new java.util.TreeSet<>();
                    if (!nothingEarlier) {
                        years.addAll(ledger.years(scope));
                    }
                    for (LedgerEntry e : overlay) {
                        if (scope.contains(e)) {
                            years.add(e.year());
                        }
                    }
                    boolean ok = years.contains(claim.year()) || years.size() < cap.years();
                    if (full)
                        capResult(new CapResult(
                                cap.id(),
                                cap.text(),
                                "years",
                                BigDecimal.valueOf(cap.years()),
                                BigDecimal.valueOf(years.size()),
                                BigDecimal.valueOf(Math.max(0, cap.years() - years.size())),
                                !ok));
                    record(
                            id,
                            cap.text(),
                            measure.clause(),
                            ok ? Outcome.PASS : Outcome.FAIL,
                            !full
                                    ? null
                                    : "已获支持年度："
                                            + (years.isEmpty()
                                                    ? "无"
                                                    : years.stream()
                                                            .map(String::valueOf)
                                                            .collect(Collectors.joining("、"))));
                    if (!ok) {
                        return null;
                    }
                    break;
                }
                default: {
                    boolean used = !nothingEarlier && !ledger.entries(scope).isEmpty();
                    for (int oi = 0; !used && oi < overlay.size(); oi++) {
                        used = scope.contains(overlay.get(oi));
                    }
                    if (full)
                        capResult(new CapResult(
                                cap.id(),
                                cap.text(),
                                "once",
                                BigDecimal.ONE,
                                used ? BigDecimal.ONE : BigDecimal.ZERO,
                                used ? BigDecimal.ZERO : BigDecimal.ONE,
                                used));
                    record(
                            capChecks,
                            id,
                            cap.text(),
                            measure.clause(),
                            used ? Outcome.FAIL : Outcome.PASS,
                            used ? "此前已享受" : null);
                    if (used) {
                        return null;
                    }
                }
            }
        }
        return amount;
    }

    /**
     * What the ledger and the earlier claims of the request have used in the scope; the ledger's sum itself when
     * no earlier claim was awarded (adding zero would give the same value at the same scale, as a new object).
     */
    /**
     * What the ledger and the request's earlier claims ({@code overlay}) have used in the scope; one copy for the
     * generic evaluation and the decision plans.
     */
    static BigDecimal used(Ledger.Scope scope, Ledger ledger, List<LedgerEntry> overlay) {
        BigDecimal fromLedger = ledger.used(scope);
        return overlay.isEmpty() && fromLedger.scale() >= 0 ? fromLedger : fromLedger.add(overlayUsed(scope, overlay));
    }

    private static BigDecimal overlayUsed(Ledger.Scope scope, List<LedgerEntry> overlay) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < overlay.size(); i++) {
            LedgerEntry e = overlay.get(i);
            if (scope.contains(e)) {
                sum = sum.add(e.amount());
            }
        }
        return sum;
    }

    /** The cap's scope for this claim; {@code dims} are its {@code per} dimensions decoded once (MeasureTexts). */
    private Ledger.Scope scope(Cap cap, int[] dims) {
        String subj = null;
        Integer year = null;
        Map<String, String> keys = Map.of();
        for (int j = 0; j < dims.length; j++) {
            int dim = dims[j];
            if (dim == MeasureTexts.PER_SUBJECT) {
                subj = subject.id();
            } else if (dim == MeasureTexts.PER_YEAR) {
                year = year(claim.year());
            } else {
                String d = cap.per().get(j);
                Object v = dim >= 0 ? facts[dim] : fact(d);
                if (v == null) {
                    addMissing(d);
                    return null;
                }
                keys = withKey(keys, d, keyString(v));
            }
        }
        return new Ledger.Scope(policy.id(), cap.pool(), subj, year, keys);
    }

    /**
     * Whether every fact the cap is kept per is stated, as {@link #scope} finds it (naming the missing one), without
     * building the scope.
     */
    private boolean scopeStated(Cap cap, int[] dims) {
        for (int j = 0; j < dims.length; j++) {
            int dim = dims[j];
            if (dim != MeasureTexts.PER_SUBJECT && dim != MeasureTexts.PER_YEAR) {
                String d = cap.per().get(j);
                if ((dim >= 0 ? facts[dim] : fact(d)) == null) {
                    addMissing(d);
                    return false;
                }
            }
        }
        return true;
    }

    /** The valid matter years boxed once (a year above 127 would be a new {@code Integer} per cap otherwise). */
    private static final Integer[] YEARS = new Integer[2100 - 1980 + 1];

    static {
        for (int i = 0; i < YEARS.length; i++) {
            YEARS[i] = 1980 + i;
        }
    }

    static Integer year(int year) {
        return year >= 1980 && year <= 2100 ? YEARS[year - 1980] : Integer.valueOf(year);
    }

    /** The keys with one more: no map for none, an immutable one for one (the usual case), else insertion order. */
    static Map<String, String> withKey(Map<String, String> keys, String key, String value) {
        if (keys.isEmpty()) {
            return Map.of(key, value);
        }
        Map<String, String> out = keys instanceof LinkedHashMap<String, String> m ? m : new LinkedHashMap<>(keys);
        out.put(key, value);
        return out;
    }

    static String keyString(Object v) {
        return v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : String.valueOf(v);
    }

    private Map<String, String> ledgerKeys() {
        return ledgerKeys(prepared, facts);
    }

    /** The object keys a ledger entry records for a claim's typed facts. Shared with {@link DecisionPlan}. */
    static Map<String, String> ledgerKeys(MeasureTexts.Prepared prepared, Object[] facts) {
        Map<String, String> keys = Map.of();
        String[] dims = prepared.keyDims();
        int[] dimSlots = prepared.keyDimSlots();
        for (int i = 0; i < dims.length; i++) {
            String d = dims[i];
            Object v = dimSlots[i] >= 0 ? facts[dimSlots[i]] : null;
            if (v != null) {
                keys = withKey(keys, d, keyString(v));
            }
        }
        return keys;
    }

    private BigDecimal stack(BigDecimal amount) {
        Policy.Stacking s = policy.stacking();
        CityAward city = claim.cityAward();
        if (s == null || city == null || !Boolean.TRUE.equals(city.applicable())) {
            return amount;
        }
        if (city.amount() == null
                || city.needsDistrictMatch() == null
                || (city.needsDistrictMatch() && city.districtShare() == null)) {
            return amount; // the city-first check is UNKNOWN and names what is missing
        }
        String clause = s.cite() == null ? null : s.cite().clause();
        String quote = s.cite() == null ? null : s.cite().quote();
        if (!Boolean.TRUE.equals(city.needsDistrictMatch())) {
            if (explain)
                step(
                        "stacking",
                        "市级奖补 " + Fmt.yuan(city.amount()) + " 无需区级配套，区级奖补 " + Fmt.yuan(amount) + " 可叠加享受",
                        "City award needs no district match: district award stacks",
                        clause,
                        quote,
                        amount);
            return amount;
        }
        Object reading = parameter(s.matchReadingParameter());
        BigDecimal share = city.districtShare();
        BigDecimal v;
        if ("higher_of_totals".equals(reading)) {
            // Subject's total from both levels is the higher of the city award and the district award.
            v = amount.subtract(city.amount()).add(share).max(share);
            if (explain)
                step(
                        "stacking",
                        "市级奖补需区级配套（区级应配套 " + Fmt.yuan(share) + "），按就高不就低，企业所得合计取市级 " + Fmt.yuan(city.amount()) + " 与区级 "
                                + Fmt.yuan(amount) + " 之高者，区级实际拨付 " + Fmt.yuan(v),
                        "Match needed; higher of totals: district pays " + v.toPlainString(),
                        clause,
                        quote,
                        v);
        } else {
            v = amount.max(share);
            if (explain)
                step(
                        "stacking",
                        "市级奖补需区级配套，区级奖补视同配套，按就高不就低取区级奖补 " + Fmt.yuan(amount) + " 与应配套 " + Fmt.yuan(share) + " 之高者："
                                + Fmt.yuan(v),
                        "Match needed; district award counts as the match, higher of the two: " + v.toPlainString(),
                        clause,
                        quote,
                        v);
        }
        return v;
    }

    private void conclude(Status status, BigDecimal amount) {
        if (status == Status.ELIGIBLE) {
            if (explain)
                step(
                        "result",
                        "核定金额 " + Fmt.yuan(amount) + "（" + policy.rounding().zh() + "）",
                        "Amount " + amount.toPlainString() + " ("
                                + policy.rounding().en() + ")",
                        measure.clause(),
                        null,
                        amount);
        } else if (status == Status.NOT_ELIGIBLE) {
            String why = rec.checks.stream()
                    .filter(c -> c.outcome() == Outcome.FAIL)
                    .map(c -> c.text().zh() + (c.detail() == null ? "" : "（" + c.detail() + "）"))
                    .collect(Collectors.joining("；"));
            String failedClause = rec.checks.stream()
                    .filter(c -> c.outcome() == Outcome.FAIL && c.clause() != null)
                    .map(Check::clause)
                    .findFirst()
                    .orElse(measure.clause());
            if (explain) step("result", "不符合条件：" + why, "Not eligible", failedClause, null, null);
        } else {
            List<String> parts = new ArrayList<>();
            if (rec.missing != null && !rec.missing.isEmpty()) {
                parts.add("待补充：" + rec.missing.stream().map(this::label).collect(Collectors.joining("、")));
            }
            if (rec.missingMaterials != null) {
                parts.add("待补材料："
                        + rec.missingMaterials.stream()
                                .map(m -> policy.materials().get(m).label().zh())
                                .collect(Collectors.joining("、")));
            }
            if (explain)
                step("result", "暂无法判断，" + String.join("；", parts), "Cannot tell yet", measure.clause(), null, null);
        }
    }

    /**
     * A fact's label for the explanation: {@code 贷款年利息（loan_interest）}; a subject's field likewise
     * ({@code 亩均效益综合评价等级（subject.mu_grade）}).
     */
    String label(String name) {
        Measure.Fact f = measure.facts().get(name);
        if (f != null) {
            return f.label().zh() + "（" + name + "）";
        }
        Text s = Subject.fieldLabel(name);
        return s == null ? name : s.zh() + "（" + name + "）";
    }

    /**
     * The stated facts a condition reads, as 「label = value」 (the values it was decided on, in the applicant's
     * words); its source text when it reads none or a fact the measure does not declare (built-in facts).
     */
    private String factValues(Expr e, String source) {
        List<String> stated = statedValues(e);
        return stated == null || stated.isEmpty() ? source : String.join("；", stated);
    }

    /**
     * The facts an expression reads, each as 「label = value」 in the order it reads them (for a formula's
     * 「其中 …」 and a tier's values); null when it reads a fact the measure does not declare.
     */
    private List<String> statedValues(Expr e) {
        Set<String> used = new LinkedHashSet<>();
        e.collectFacts(used);
        List<String> out = new ArrayList<>();
        for (String name : used) {
            Measure.Fact f = measure.facts().get(name);
            if (f == null) {
                return null;
            }
            out.add(f.label().zh() + " = " + Fmt.fact(f, fact(name)));
        }
        return out;
    }

    private String describe(String source) {
        Measure.Fact f = measure.facts().get(source.trim());
        return f == null ? source : f.label().zh();
    }

    private static String text(AwardRule rule, String dflt) {
        return rule.text() == null ? dflt : rule.text().zh() + "：" + dflt;
    }

    // ---- helpers ----

    private Object eval(Expr e) {
        try {
            Object v = e.eval(this);
            if (v instanceof Missing m) {
                for (String n : m.names()) {
                    if (n.startsWith("parameter:")) {
                        fail(
                                "policy.parameter-missing",
                                full
                                        ? new Text(
                                                "参数“" + n.substring(10) + "”在 " + asOf + " 无有效值（未生效或已废止）",
                                                "parameter has no value at the as-of date")
                                        : null,
                                measure.clause());
                    } else {
                        addMissing(n);
                    }
                }
            }
            return v;
        } catch (EvaluationException ex) {
            fail(ex.key(), new Text(ex.getMessage(), ex.key()), measure.clause());
            return Missing.of("error");
        }
    }

    private BigDecimal number(Expr e) {
        Object v = eval(e);
        return v instanceof BigDecimal d ? d : null;
    }

    private static Outcome outcome(Object v) {
        return v instanceof Missing ? Outcome.UNKNOWN : Boolean.TRUE.equals(v) ? Outcome.PASS : Outcome.FAIL;
    }

    /** Whether a check's detail text is worth building: always when explaining, else only for non-passes. */
    private boolean verbose(Outcome o) {
        return explain || (full && o != Outcome.PASS);
    }

    private void fail(String id, Text text, String clause) {
        record(id, text, clause, Outcome.FAIL, null);
    }

    private void record(String id, Text text, String clause, Outcome outcome, String detail) {
        record(id, text, clause, outcome, detail, true);
    }

    /** A check made once when it has no detail (see {@link MeasureTexts.Prepared}), else made here. */
    private void record(Check[] prepared, String id, Text text, String clause, Outcome outcome, String detail) {
        if (detail == null) {
            check(prepared[outcome.ordinal()], true);
        } else {
            record(id, text, clause, outcome, detail, true);
        }
    }

    private void record(String id, Text text, String clause, Outcome outcome, String detail, boolean traced) {
        if (full) {
            check(new Check(id, text, clause, outcome, detail), traced);
        } else {
            note(id, outcome);
        }
    }

    /**
     * Whether only the decision is recorded and it is made: a check failed, so the claim is not eligible and the
     * first failure is known; no later check can change either, and the full path records them for the result.
     */
    private boolean decided() {
        return anyFail && !full;
    }

    /** Counts a check's outcome towards the status, and remembers the first failure. */
    private void note(String id, Outcome outcome) {
        if (outcome == Outcome.FAIL) {
            anyFail = true;
            if (failed == null) {
                failed = id;
            }
        } else if (outcome == Outcome.UNKNOWN) {
            anyUnknown = true;
        }
    }

    private void check(Check c, boolean traced) {
        Outcome outcome = c.outcome();
        note(c.id(), outcome);
        if (!full) {
            return;
        }
        Text text = c.text();
        String clause = c.clause();
        String detail = c.detail();
        rec.checks.add(c);
        if (explain && traced) {
            String mark = outcome == Outcome.PASS ? "✓ 满足" : outcome == Outcome.FAIL ? "✗ 不满足" : "？ 待补充";
            rec.trace.add(new TraceStep(
                    "check",
                    mark + "：" + text.zh() + (detail == null ? "" : "（" + detail + "）"),
                    outcome + ": " + text.en(),
                    clause,
                    null,
                    null));
        }
    }

    private void addMissing(String name) {
        if (!full) {
            return;
        }
        if (rec.missing == null) {
            rec.missing = new LinkedHashSet<>();
        }
        rec.missing.add(name);
    }

    private void capResult(CapResult r) {
        if (rec.caps == null) {
            rec.caps = new ArrayList<>(measure.caps().size());
        }
        rec.caps.add(r);
    }

    private void step(String kind, String zh, String en, String clause, String quote, BigDecimal amount) {
        if (explain) {
            rec.trace.add(new TraceStep(kind, zh, en, clause, quote, amount));
        }
    }

    /**
     * The full result's records, made only by {@link #run()}'s evaluations: the decision path leaves them out, so
     * its evaluation is smaller.
     */
    private static final class Recorded {
        final List<Check> checks;
        final List<TraceStep> trace;
        /** Made on first use: most claims hold no cap, miss nothing and are not explained. */
        List<CapResult> caps;
        /** Facts (and subject fields) whose absence leaves the claim undecided. */
        Set<String> missing;

        List<String> missingMaterials;
        String tier;
        Text tierLabel;

        Recorded(List<Check> checks, List<TraceStep> trace) {
            this.checks = checks;
            this.trace = trace;
        }
    }
}

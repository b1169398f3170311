package org.ipaward.engine.calc;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.InputException;
import org.ipaward.engine.Problem;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Parameter;
import org.ipaward.engine.model.Policy;

/**
 * Computes awards for claims: checks eligibility, applies the award rule, adjustments, caps against the
 * ledger and stacking, and explains every step with its clause. Immutable and thread-safe; evaluation
 * performs no I/O beyond the {@link Ledger} the caller passes.
 */
public final class Calculator {
    private final Map<String, Policy> policies;
    /**
     * Per policy id, per measure id: the measure prepared once — its policy, built-in check texts, fact slots and
     * the policy's parameters by date — so that a claim finds all it needs in two lookups. Ids are interned: a
     * claim naming them by literal (or interned) strings matches by identity.
     */
    private final Map<String, Map<String, Held>> held;
    /**
     * Per measure id, the measures of that id in every policy (ids are unique within a policy, rarely shared across
     * policies): a claim's measure found by one look-up, then its policy's id compared.
     */
    private final Map<String, Held[]> byMeasure;

    /**
     * A measure as the calculator holds it; {@code plan} decides its plain claims ({@code null} when its rules hold
     * what a plan does not cover).
     */
    record Held(Policy policy, String policyId, MeasureTexts texts, ResolvedParameters parameters, DecisionPlan plan) {}

    public Calculator(Collection<Policy> policies) {
        Map<String, Policy> m = new LinkedHashMap<>();
        Map<String, Map<String, Held>> hs = new HashMap<>();
        for (Policy p : policies) {
            if (m.put(p.id().intern(), p) != null) {
                throw new IllegalArgumentException("duplicate policy id: " + p.id());
            }
            ResolvedParameters parameters = new ResolvedParameters(p);
            Map<String, Held> byId = new HashMap<>();
            for (Measure measure : p.measures()) {
                MeasureTexts texts = MeasureTexts.of(p, measure);
                byId.put(
                        measure.id().intern(),
                        new Held(p, p.id().intern(), texts, parameters, DecisionPlan.of(p, texts, parameters)));
            }
            hs.put(p.id().intern(), byId);
        }
        this.policies = Map.copyOf(m);
        // HashMaps, never changed after this (final fields publish them safely): two of them are read per claim,
        // and a HashMap finds its bucket by a mask where Map.copyOf's table divides.
        this.held = hs;
        // Sparse (a quarter full at most): a measure's id is found in its own bucket, not down a chain.
        Map<String, Held[]> bm =
                new HashMap<>(4 * hs.values().stream().mapToInt(Map::size).sum());
        for (Map<String, Held> byId : hs.values()) {
            byId.forEach((id, h) -> bm.merge(id, new Held[] {h}, (a, b) -> {
                Held[] both = java.util.Arrays.copyOf(a, a.length + 1);
                both[a.length] = b[0];
                return both;
            }));
        }
        this.byMeasure = bm;
    }

    public Policy policy(String id) {
        return policies.get(id);
    }

    /**
     * Calculates every claim of the request in order; earlier claims count against the caps of later ones.
     *
     * @throws InputException when the request is not valid; nothing is calculated then
     */
    public Calculation calculate(CalculationRequest request) {
        Validated valid = validate(request);
        Subject subject = request.subject();
        List<LedgerEntry> overlay = List.of();
        ClaimResult[] results = new ClaimResult[valid.typed().length];
        BigDecimal total = BigDecimal.ZERO;
        // Most requests award under one policy: no map until a second policy awards.
        String onlyPolicy = null;
        BigDecimal onlyTotal = null;
        Map<String, BigDecimal> byPolicy = null;
        for (int i = 0; i < request.claims().size(); i++) {
            ClaimResult r = evaluation(request, valid, i, overlay, true).run();
            results[i] = r;
            if (r.status() == Status.ELIGIBLE) {
                if (overlay.isEmpty()) {
                    overlay = new ArrayList<>(request.claims().size() - i);
                }
                overlay.add(r.ledgerEntry());
                total = total.add(r.amount());
                if (byPolicy != null) {
                    byPolicy.merge(r.policy(), r.amount(), BigDecimal::add);
                } else if (onlyPolicy == null || onlyPolicy.equals(r.policy())) {
                    onlyPolicy = r.policy();
                    onlyTotal = onlyTotal == null ? r.amount() : onlyTotal.add(r.amount());
                } else {
                    byPolicy = new LinkedHashMap<>();
                    byPolicy.put(onlyPolicy, onlyTotal);
                    byPolicy.put(r.policy(), r.amount());
                }
            }
        }
        if (byPolicy == null) {
            byPolicy = onlyPolicy == null ? Collections.emptyMap() : Collections.singletonMap(onlyPolicy, onlyTotal);
        }
        return new Calculation(request.asOf(), subject.id(), List.of(results), total, byPolicy);
    }

    /**
     * Decides every claim of the request in order, as {@link #calculate} does — the same validation, checks,
     * award rules, adjustments, caps against the ledger (earlier claims counting against later ones) and
     * stacking — but records only the decision: status, amount and the first failed check, without the check
     * list, cap results, missing facts or trace. For replays and matching at scale, where only the outcome is
     * needed. A plain claim (all it needs stated, no parameter overrides, no city award) is decided by its
     * measure's decision plan, compiled when the calculator was built; any other, or one the plan gives way
     * on, by the generic evaluation {@link #calculate} uses.
     *
     * @return one decision per claim, in the request's order
     * @throws InputException when the request is not valid; nothing is decided then
     */
    public List<Decision> decide(CalculationRequest request) {
        if (request != null && request.claims().size() == 1) {
            return List.of(decideOne(request));
        }
        Validated valid = validate(request);
        int n = valid.typed().length;
        Decision[] out = new Decision[n];
        List<LedgerEntry> overlay = List.of();
        for (int i = 0; i < n; i++) {
            Decision d = valid.overrides().isEmpty()
                    ? planned(request, request.claims().get(i), i, valid.held()[i], valid.typed()[i], overlay)
                    : null;
            if (d == null) {
                d = evaluation(request, valid, i, overlay, false).decide();
            }
            out[i] = d;
            if (d.status() == Status.ELIGIBLE) {
                if (overlay.isEmpty()) {
                    overlay = new ArrayList<>(n - i);
                }
                overlay.add(d.ledgerEntry());
            }
        }
        return List.of(out);
    }

    /**
     * The request checked and typed once, for deciding more than once ({@link #decide(PreparedRequest)}): the same
     * validation as {@link #decide(CalculationRequest)}, the same problems when it fails, and its claims' facts typed
     * and bound to their measures' slots, the parameters at the as-of date resolved and the built-in checks on the
     * subject and the dates decided (see {@link PreparedRequest}).
     *
     * @throws InputException when the request is not valid, with the problems {@code decide(request)} would give
     */
    public PreparedRequest prepare(CalculationRequest request) {
        Validated valid = validate(request);
        int n = valid.typed().length;
        PreparedRequest.Bound[] bound = new PreparedRequest.Bound[n];
        for (int i = 0; i < n; i++) {
            Claim claim = request.claims().get(i);
            if (claim.materials() != null) {
                // Read when deciding: copied, so that the prepared request does not change with the caller's list.
                claim = new Claim(
                        claim.id(),
                        claim.policy(),
                        claim.measure(),
                        claim.year(),
                        claim.facts(),
                        java.util.Collections.unmodifiableList(new ArrayList<>(claim.materials())),
                        claim.cityAward());
            }
            Held h = valid.held()[i];
            Object[] typed = valid.typed()[i];
            DecisionPlan plan = h.plan();
            bound[i] = new PreparedRequest.Bound(
                    claim,
                    claimId(claim, i),
                    h,
                    typed,
                    h.parameters().at(request.asOf()),
                    plan == null ? null : plan.before(claim.year(), request.subject(), request.asOf()),
                    plan == null ? null : plan.ledgerKeys(typed));
        }
        return new PreparedRequest(this, request, bound, valid.overrides());
    }

    /**
     * Decides a prepared request's claims: exactly what {@link #decide(CalculationRequest)} gives for {@link
     * PreparedRequest#request()}, against its ledger as it is now, without checking and typing its facts again.
     *
     * @return one decision per claim, in the request's order
     * @throws IllegalArgumentException when another calculator prepared it
     */
    public List<Decision> decide(PreparedRequest prepared) {
        if (prepared.calculator != this) {
            throw new IllegalArgumentException("the request was prepared by another calculator");
        }
        PreparedRequest.Bound[] claims = prepared.claims;
        if (claims.length == 1) {
            return List.of(decide(prepared, claims[0], 0, List.of()));
        }
        Decision[] out = new Decision[claims.length];
        List<LedgerEntry> overlay = List.of();
        for (int i = 0; i < claims.length; i++) {
            Decision d = decide(prepared, claims[i], i, overlay);
            out[i] = d;
            if (d.status() == Status.ELIGIBLE) {
                if (overlay.isEmpty()) {
                    overlay = new ArrayList<>(claims.length - i);
                }
                overlay.add(d.ledgerEntry());
            }
        }
        return List.of(out);
    }

    /** A prepared request's i-th claim, by its measure's plan when it decides, else the generic evaluation. */
    private static Decision decide(
            PreparedRequest prepared, PreparedRequest.Bound b, int i, List<LedgerEntry> overlay) {
        CalculationRequest request = prepared.request;
        DecisionPlan plan = b.held().plan();
        Decision d = plan == null || !prepared.overrides.isEmpty()
                ? null
                : plan.decide(
                        b.claim(),
                        b.id(),
                        b.typed(),
                        request.subject(),
                        request.asOf(),
                        b.at(),
                        request.ledger(),
                        overlay,
                        b.before(),
                        b.ledgerKeys());
        return d != null
                ? d
                : evaluation(request, b.claim(), i, b.held(), b.typed(), prepared.overrides, overlay, false)
                        .decide();
    }

    /**
     * A single-claim request decided without the per-request arrays of {@link #validate(CalculationRequest)}. A
     * request in which the validation would find nothing to report — the usual one — is typed without a problem
     * list or any text ({@link #typedIfPlainlyValid}); any other is validated in full: the same checks in the same
     * order, the same problems.
     */
    private Decision decideOne(CalculationRequest request) {
        Claim claim = request.claims().get(0);
        Held h = held(claim);
        Object[] typed = h == null ? null : typedIfPlainlyValid(request, claim, h);
        if (typed == null) {
            return decideOneValidated(request);
        }
        Decision d = planned(request, claim, 0, h, typed, List.of());
        return d != null
                ? d
                : evaluation(request, claim, 0, h, typed, Map.of(), List.of(), false)
                        .decide();
    }

    /**
     * The claim decided by its measure's plan, in a request without parameter overrides; {@code null} when the
     * measure has no plan or the plan gives way to the generic evaluation.
     */
    private static Decision planned(
            CalculationRequest request, Claim claim, int i, Held h, Object[] typed, List<LedgerEntry> overlay) {
        DecisionPlan plan = h.plan();
        return plan == null
                ? null
                : plan.decide(
                        claim,
                        claimId(claim, i),
                        typed,
                        request.subject(),
                        request.asOf(),
                        h.parameters().at(request.asOf()),
                        request.ledger(),
                        overlay);
    }

    /**
     * The claim's typed facts when neither the request nor the claim holds anything the validation would report,
     * checked as {@link #checkRequest}, {@link #overrides} and {@link #validate(Claim, int, Map, Held, List)} do
     * but without making a problem; {@code null} when anything is off or unusual (parameter overrides, a city
     * award, a value to parse): then the full validation decides.
     */
    private static Object[] typedIfPlainlyValid(CalculationRequest request, Claim claim, Held h) {
        Subject subject = request.subject();
        if (request.asOf() == null
                || !request.parameterOverrides().isEmpty()
                || subject == null
                || subject.kind() == null
                || !validRegion(subject.registeredRegion())
                || !validRegion(subject.householdRegion())
                || claim.year() < 1980
                || claim.year() > 2100
                || claim.cityAward() != null) {
            return null;
        }
        List<String> served = subject.servedRegions();
        for (int i = 0; i < served.size(); i++) {
            if (!validRegion(served.get(i))) {
                return null;
            }
        }
        if (claim.materials() != null) {
            Map<String, ?> known = h.policy().materials();
            for (int i = 0; i < claim.materials().size(); i++) {
                if (!known.containsKey(claim.materials().get(i))) {
                    return null;
                }
            }
        }
        MeasureTexts texts = h.texts();
        Object[] typed = texts.slots().newValues();
        if (!typeBySlot(texts.slots(), claim.facts(), typed)) {
            return null;
        }
        impliedRightKind(texts, typed);
        return typed;
    }

    /** {@link #decideOne} when the request may hold a problem: validated in full, as {@link #decide} does. */
    private Decision decideOneValidated(CalculationRequest request) {
        List<Problem> problems = checkRequest(request);
        Map<String, Map<String, Object>> overrides = overrides(request.parameterOverrides(), problems);
        Claim claim = request.claims().get(0);
        Map<String, Held> measures = measures(claim);
        Held h = held(claim, measures);
        Object[] typed = validate(claim, 0, measures, h, problems);
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return evaluation(request, claim, 0, h, typed, overrides, List.of(), false)
                .decide();
    }

    /** The i-th claim's evaluation; {@code full} false records the decision only. */
    private ClaimEvaluation evaluation(
            CalculationRequest request, Validated valid, int i, List<LedgerEntry> overlay, boolean full) {
        return evaluation(
                request,
                request.claims().get(i),
                i,
                valid.held()[i],
                valid.typed()[i],
                valid.overrides(),
                overlay,
                full);
    }

    private static ClaimEvaluation evaluation(
            CalculationRequest request,
            Claim claim,
            int i,
            Held h,
            Object[] typed,
            Map<String, Map<String, Object>> overrides,
            List<LedgerEntry> overlay,
            boolean full) {
        Policy policy = h.policy();
        return new ClaimEvaluation(
                policy,
                h.texts(),
                claim,
                claimId(claim, i),
                typed,
                request.subject(),
                request.asOf(),
                h.parameters().at(request.asOf()),
                overrides.isEmpty() ? Map.of() : overrides.getOrDefault(policy.id(), Map.of()),
                request.ledger(),
                overlay,
                request.explain(),
                full);
    }

    /** A valid request's claims' measures and typed facts (by slot), and its parameter overrides (by policy). */
    private record Validated(Held[] held, Object[][] typed, Map<String, Map<String, Object>> overrides) {}

    /** Checks the whole request and types its facts; throws with every problem found. */
    private Validated validate(CalculationRequest request) {
        List<Problem> problems = checkRequest(request);
        Map<String, Map<String, Object>> overrides = overrides(request.parameterOverrides(), problems);
        Object[][] typed = new Object[request.claims().size()][];
        Held[] held = new Held[typed.length];
        for (int i = 0; i < typed.length; i++) {
            Claim claim = request.claims().get(i);
            Map<String, Held> measures = measures(claim);
            held[i] = held(claim, measures);
            typed[i] = validate(claim, i, measures, held[i], problems);
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return new Validated(held, typed, overrides);
    }

    /** A claim's policy's measures, or {@code null} when it names no known policy. */
    private Map<String, Held> measures(Claim claim) {
        return claim.policy() == null ? null : this.held.get(claim.policy());
    }

    /**
     * A claim's measure, found by its id first, or {@code null} when it names no known policy and measure. The ids
     * are interned: a claim naming them by literal (or interned) strings matches by identity, without comparing
     * characters.
     */
    private Held held(Claim claim) {
        String policy = claim.policy();
        Held[] candidates = claim.measure() == null ? null : byMeasure.get(claim.measure());
        if (candidates == null || policy == null) {
            return null;
        }
        for (Held h : candidates) {
            if (h.policyId() == policy || h.policyId().equals(policy)) {
                return h;
            }
        }
        return null;
    }

    /** A claim's measure, or {@code null} when it names no known measure. */
    private static Held held(Claim claim, Map<String, Held> measures) {
        return measures == null || claim.measure() == null ? null : measures.get(claim.measure());
    }

    /**
     * The request's own problems (as-of date, subject); throws at once when there is no request. The claims'
     * problems are added to the returned list after them.
     */
    private static List<Problem> checkRequest(CalculationRequest request) {
        List<Problem> problems = new ArrayList<>();
        if (request == null) {
            throw new InputException(Facts.problem(null, "request", "input.required", "请求不能为空", "request is required"));
        }
        if (request.asOf() == null) {
            problems.add(Facts.problem(null, "as_of", "input.required", "缺少计算基准日 as_of", "as_of is required"));
        }
        Subject subject = request.subject();
        if (subject == null || subject.kind() == null) {
            problems.add(Facts.problem(
                    null,
                    "subject.kind",
                    "input.required",
                    "缺少主体类型 subject.kind（enterprise, institution, other_org, person, service_agency）",
                    "subject.kind is required"));
        }
        if (subject != null) {
            checkRegion("subject.registered_region", subject.registeredRegion(), problems);
            checkRegion("subject.household_region", subject.householdRegion(), problems);
            List<String> served = subject.servedRegions();
            for (int i = 0; i < served.size(); i++) {
                checkRegion("subject.served_regions", served.get(i), problems);
            }
        }
        return problems;
    }

    /** A region is a GB/T 2260 code of 6 digits, or a township (9) or village (12) code below it. */
    private static void checkRegion(String field, String code, List<Problem> problems) {
        if (!validRegion(code)) {
            problems.add(Facts.problem(
                    null,
                    field,
                    "subject.bad-region",
                    "行政区划代码“" + code + "”无效：应为6位（区县）、9位或12位数字，如平谷区 110117",
                    "a region is a 6, 9 or 12 digit GB/T 2260 code"));
        }
    }

    /** Whether a region code is absent or valid: 6, 9 or 12 digits. */
    private static boolean validRegion(String code) {
        if (code == null) {
            return true;
        }
        int n = code.length();
        if (n != 6 && n != 9 && n != 12) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The ids of unnamed claims by position, made once: {@code claims[0]}, {@code claims[1]} … */
    private static final String[] POSITION_IDS = new String[32];

    static {
        for (int i = 0; i < POSITION_IDS.length; i++) {
            POSITION_IDS[i] = "claims[" + i + "]";
        }
    }

    private static String claimId(Claim c, int index) {
        return c.id() != null ? c.id() : index < POSITION_IDS.length ? POSITION_IDS[index] : "claims[" + index + "]";
    }

    /** Checks and types one claim's facts, given its policy's measures and its measure as found (or null). */
    private Object[] validate(Claim claim, int index, Map<String, Held> measures, Held h, List<Problem> problems) {
        String where = claimId(claim, index);
        Policy policy = h != null ? h.policy() : measures == null ? null : policies.get(claim.policy());
        if (policy == null) {
            problems.add(Facts.problem(
                    where,
                    "policy",
                    "claim.unknown-policy",
                    "未知政策“" + claim.policy() + "”，可用：" + policies.keySet(),
                    "unknown policy"));
            return null;
        }
        MeasureTexts texts = h == null ? null : h.texts();
        Measure measure = texts == null ? null : texts.measure();
        if (measure == null) {
            problems.add(Facts.problem(
                    where,
                    "measure",
                    "claim.unknown-measure",
                    "政策 " + policy.id() + " 没有措施“" + claim.measure() + "”",
                    "unknown measure"));
            return null;
        }
        if (claim.year() < 1980 || claim.year() > 2100) {
            problems.add(Facts.problem(
                    where, "year", "claim.bad-year", "事项年度“" + claim.year() + "”无效", "year must be 1980..2100"));
        }
        FactSlots slots = texts.slots();
        Object[] typed = slots.newValues();
        if (!typeBySlot(slots, claim.facts(), typed)) {
            java.util.Arrays.fill(typed, null);
            typeByEntry(slots, measure, claim.facts(), typed, where, problems);
        }
        impliedRightKind(texts, typed);
        if (claim.materials() != null) {
            for (String m : claim.materials()) {
                if (!policy.materials().containsKey(m)) {
                    problems.add(Facts.problem(
                            where,
                            "materials",
                            "claim.unknown-material",
                            "未知材料“" + m + "”，可用：" + policy.materials().keySet(),
                            "unknown material"));
                }
            }
        }
        CityAward city = claim.cityAward();
        if (city != null) {
            if (policy.stacking() == null) {
                problems.add(Facts.problem(
                        where,
                        "city_award",
                        "claim.no-stacking",
                        "政策 " + policy.id() + " 没有市区叠加规则，不应填写 city_award",
                        "policy has no stacking rule"));
            }
            for (BigDecimal d : new BigDecimal[] {city.amount(), city.districtShare()}) {
                if (d != null && (d.signum() < 0 || d.stripTrailingZeros().scale() > 2 || Facts.tooLarge(d))) {
                    problems.add(Facts.problem(
                            where,
                            "city_award",
                            "claim.city-amount",
                            "市级奖补金额“" + (Facts.tooLarge(d) ? d.toString() : d.toPlainString()) + "”须为非负、最多两位小数且在可计算范围内",
                            "amounts must be >= 0 with 2 decimals"));
                }
            }
        }
        return typed;
    }

    /** A measure that concerns a single kind of right implies it: a China Patent Award claim is about a patent. */
    private static void impliedRightKind(MeasureTexts texts, Object[] typed) {
        if (texts.singleRightKind() != null) {
            int slot = texts.slots().rightKind();
            if (typed[slot] == null) {
                typed[slot] = texts.singleRightKind();
            }
        }
    }

    /** The JDK maps whose {@code get} finds exactly the keys their entries hold (equal strings). */
    private static final Class<?> MAP1 = Map.of("a", 1).getClass();

    private static final Class<?> MAPN = Map.of("a", 1, "b", 2).getClass();

    private static boolean plainMap(Map<?, ?> m) {
        Class<?> c = m.getClass();
        return c == LinkedHashMap.class || c == HashMap.class || c == MAPN || c == MAP1;
    }

    /**
     * Types a claim's facts quietly: without a problem list or any text ({@link FactSlots#accept}). Returns {@code
     * false} when the map is of an unusual kind, holds a name the measure does not declare, or any value is not
     * plainly acceptable: then {@link #typeByEntry} types the facts again (the same values where accepted) and
     * words the problems, in the map's order.
     *
     * <p>The entries are walked rather than each declared fact looked up: facts are usually stated in the order
     * the measure declares them, so the next slot is tried by the name's identity first (no hashing) and a name
     * out of that order is found by its slot.
     */
    private static boolean typeBySlot(FactSlots slots, Map<String, Object> facts, Object[] typed) {
        return plainMap(facts) && slots.acceptAll(facts, typed);
    }

    /** Types a claim's facts in the map's order, reporting every unknown name and refused value. */
    private static void typeByEntry(
            FactSlots slots,
            Measure measure,
            Map<String, Object> facts,
            Object[] typed,
            String where,
            List<Problem> problems) {
        for (Map.Entry<String, Object> e : facts.entrySet()) {
            int slot = slots.slot(e.getKey());
            Measure.Fact f = slot < 0 ? null : slots.fact(slot);
            if (f == null) {
                problems.add(Facts.problem(
                        where,
                        "facts." + e.getKey(),
                        "claim.unknown-fact",
                        "措施 " + measure.id() + " 没有事实“" + e.getKey() + "”，可用："
                                + measure.facts().keySet(),
                        "the measure declares no such fact"));
                continue;
            }
            if (e.getValue() == null) {
                continue;
            }
            Object v = Facts.coerce(f, e.getValue(), where, problems);
            if (v != null) {
                typed[slot] = v;
            }
        }
    }

    private Map<String, Map<String, Object>> overrides(Map<String, Object> raw, List<Problem> problems) {
        if (raw.isEmpty()) {
            return Map.of();
        }
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            boolean found = false;
            for (Policy p : policies.values()) {
                Parameter param = p.parameters().get(e.getKey());
                if (param != null) {
                    found = true;
                    Object v = Facts.coerceParameter(param, e.getValue(), problems);
                    if (v != null) {
                        out.computeIfAbsent(p.id(), k -> new HashMap<>()).put(e.getKey(), v);
                    }
                }
            }
            if (!found) {
                problems.add(Facts.problem(
                        null,
                        "parameters." + e.getKey(),
                        "input.unknown-parameter",
                        "没有名为“" + e.getKey() + "”的参数",
                        "no such parameter"));
            }
        }
        return out;
    }
}

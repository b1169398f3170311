package org.ipaward.batch.register;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.ipaward.engine.InputException;
import org.ipaward.engine.Problem;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.calc.Check;
import org.ipaward.engine.calc.Claim;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.calc.Status;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.expr.Expr;
import org.ipaward.engine.expr.Missing;
import org.ipaward.engine.expr.Type;
import org.ipaward.engine.internal.PolicyReader;
import org.ipaward.engine.match.Matcher;
import org.ipaward.engine.match.MeasureMatch;
import org.ipaward.engine.model.AwardRule;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;

/**
 * Matches profiles against every measure of every policy in force at an as-of date, as {@link Matcher} does
 * (policy not expired, covering the matter year, indicators skipped), and decides with the known facts as the
 * {@link Calculator} does: for any profile its rows are what the engine gives.
 *
 * <p>Fast because the outcome of a measure depends only on what it reads: the subject's kind, whether each
 * region lies in the policy's district (the region rules compare a code's prefix), the subject fields its
 * expressions read (found in the compiled expressions; when that cannot be told for sure, every field), its own
 * known facts and its own materials on file. Outcomes are cached on exactly that key, in bounded thread-safe
 * maps; a miss is evaluated by the engine. Immutable apart from the caches; thread-safe.
 */
public final class BulkMatcher {
    /** Cache entries kept by default; past the bound a cache starts over. */
    public static final int DEFAULT_CACHE_SIZE = 200_000;

    private final LocalDate asOf;
    private final Calculator calculator;
    private final Matcher matcher;
    private final List<Plan> plans = new ArrayList<>();
    private final List<MeasureRef> measures = new ArrayList<>();
    private final int cacheSize;
    private final ConcurrentHashMap<String, Decision> factCache = new ConcurrentHashMap<>();
    /** Whole-profile outcomes of profiles with no known facts, keyed on what every plan reads plus materials. */
    private final ConcurrentHashMap<String, Decision[]> profileCache = new ConcurrentHashMap<>();

    private final LongAdder profileHits = new LongAdder();
    private final LongAdder profileMisses = new LongAdder();
    private final LongAdder engineCalls = new LongAdder();

    /**
     * How the caches did: profiles answered whole from the profile cache, profiles decided measure by measure
     * (with facts, or first of their key), and claims evaluated by the engine.
     */
    public record Stats(long profileHits, long profileMisses, long engineEvaluations) {}

    /** A measure in force, in output order. */
    public record MeasureRef(String policy, String measure, String titleZh, int year) {}

    public BulkMatcher(Collection<Policy> policies, LocalDate asOf) {
        this(policies, asOf, DEFAULT_CACHE_SIZE);
    }

    /** {@code cacheSize} 0 disables the caches: every pair is evaluated by the engine (for checking). */
    public BulkMatcher(Collection<Policy> policies, LocalDate asOf, int cacheSize) {
        this.asOf = asOf;
        this.calculator = new Calculator(policies);
        this.matcher = new Matcher(policies);
        this.cacheSize = cacheSize;
        for (Policy p : policies) {
            Integer year = Matcher.matterYear(p, asOf);
            if (year == null) {
                continue;
            }
            List<Measure> ms = p.measures().stream().filter(m -> !m.indicator()).toList();
            Plan plan = new Plan(p, year, ms, measures.size());
            plans.add(plan);
            for (Measure m : ms) {
                measures.add(new MeasureRef(p.id(), m.id(), m.title().zh(), year));
            }
        }
    }

    public LocalDate asOf() {
        return asOf;
    }

    /** The measures matched, in the order of every profile's rows. */
    public List<MeasureRef> measures() {
        return Collections.unmodifiableList(measures);
    }

    /** The subject fields (expression names) the measures of {@code policy} read besides kind and regions; {@code null}: all. */
    public Set<String> subjectFieldsRead(String policy) {
        for (Plan p : plans) {
            if (p.policy.id().equals(policy)) {
                return p.fields;
            }
        }
        throw new IllegalArgumentException("policy not in force: " + policy);
    }

    /** The cache counters so far. */
    public Stats stats() {
        return new Stats(profileHits.sum(), profileMisses.sum(), engineCalls.sum());
    }

    /** One row per measure in force, in {@link #measures()} order. */
    public List<MatchRow> match(ProfileRow profile) {
        Decision[] ds = decideCached(profile);
        List<MatchRow> out = new ArrayList<>(ds.length);
        for (Decision d : ds) {
            out.add(d.row(profile));
        }
        return out;
    }

    /**
     * The decisions for a profile, one per measure in force, through the whole-profile cache: a profile with no
     * known facts is decided by its key alone (what every plan reads of it, see {@link Plan#appendKey}, and its
     * materials on file), so the many profiles that share a key share one array of decisions. Profiles with facts
     * (mostly unique) go measure by measure.
     */
    Decision[] decideCached(ProfileRow profile) {
        if (cacheSize == 0) {
            profileMisses.increment();
            return decide(profile);
        }
        check(profile);
        StringBuilder sb = new StringBuilder(48);
        for (Plan plan : plans) {
            plan.appendKey(sb, profile);
            sb.append('\u0002');
        }
        List<String> mats = profile.materials();
        if (mats == null) {
            sb.append('\u0000');
        } else {
            for (String m : mats) {
                sb.append(m).append(';');
            }
        }
        String key = sb.toString();
        Map<String, String> known = profile.facts();
        Decision[] d = profileCache.get(key);
        if (d != null) {
            profileHits.increment();
        } else {
            profileMisses.increment();
            d = decide(
                    known.isEmpty()
                            ? profile
                            : new ProfileRow(
                                    profile.id(),
                                    profile.name(),
                                    profile.kind(),
                                    profile.registeredRegion(),
                                    profile.householdRegion(),
                                    profile.servedRegions(),
                                    profile.muGrade(),
                                    null,
                                    mats));
            if (profileCache.size() >= cacheSize) {
                profileCache.clear();
            }
            profileCache.put(key, d);
        }
        if (known.isEmpty()) {
            return d;
        }
        // with known facts: only the measures that declare one of them differ from the same profile without facts
        Decision[] out = d;
        Subject[] subject = {null};
        for (Plan plan : plans) {
            String planKey = null;
            for (int i = 0; i < plan.measures.size(); i++) {
                if (!plan.reads(i, known)) {
                    continue;
                }
                if (out == d) {
                    out = d.clone();
                }
                planKey = planKey == null ? plan.key(profile) : planKey;
                out[plan.offset + i] = withKnown(plan, i, planKey, profile, d[plan.offset + i], subject);
            }
        }
        return out;
    }

    /** The decisions for a profile, one per measure in force. */
    Decision[] decide(ProfileRow profile) {
        check(profile);
        Decision[] out = new Decision[measures.size()];
        Subject[] holder = {null};
        for (Plan plan : plans) {
            String key = plan.key(profile);
            Decision[] base = cacheSize > 0 ? plan.base.get(key) : null;
            if (base == null) {
                holder[0] = holder[0] == null ? profile.subject() : holder[0];
                base = base(plan, holder[0]);
                if (cacheSize > 0) {
                    if (plan.base.size() >= cacheSize) {
                        plan.base.clear();
                    }
                    plan.base.put(key, base);
                }
            }
            for (int i = 0; i < plan.measures.size(); i++) {
                if (profile.materials() == null && !plan.reads(i, profile.facts())) {
                    out[plan.offset + i] = base[i];
                    continue;
                }
                out[plan.offset + i] = withKnown(plan, i, key, profile, base[i], holder);
            }
        }
        return out;
    }

    /**
     * The decision for measure {@code i} of {@code plan} with the profile's facts and materials, from the fact
     * cache or the engine. {@code like} is a decision for the same subject key (only its profile-only match is
     * used).
     */
    private Decision withKnown(Plan plan, int i, String key, ProfileRow profile, Decision like, Subject[] subject) {
        Map<String, String> known = profile.facts();
        List<String> onFile = profile.materials();
        String[] ids = plan.factIds[i];
        Measure m = plan.measures.get(i);
        // the key: subject key, measure, its known facts (sorted by id) and its own materials on file
        StringBuilder sb = new StringBuilder(key.length() + 48)
                .append(key)
                .append('\u0003')
                .append(plan.offset + i);
        for (int j = 0; j < ids.length && !known.isEmpty(); j++) {
            String v = known.get(ids[j]);
            if (v != null) {
                sb.append('\u0001').append(ids[j]).append('=').append(v);
            }
        }
        sb.append('\u0002');
        if (onFile == null) {
            sb.append('\u0000');
        } else {
            for (String w : m.materials()) {
                if (onFile.contains(w)) {
                    sb.append(w).append(';');
                }
            }
        }
        String fk = sb.toString();
        Decision d = cacheSize > 0 ? factCache.get(fk) : null;
        if (d == null) {
            subject[0] = subject[0] == null ? profile.subject() : subject[0];
            d = withFacts(plan, i, subject[0], relevant(known, m), onFile, like);
            if (cacheSize > 0) {
                if (factCache.size() >= cacheSize) {
                    factCache.clear();
                }
                factCache.put(fk, d);
            }
        }
        return d;
    }

    private static Map<String, String> relevant(Map<String, String> facts, Measure m) {
        if (facts.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = null;
        for (Map.Entry<String, String> e : facts.entrySet()) {
            if (m.facts().containsKey(e.getKey())) {
                if (out == null) {
                    out = new TreeMap<>();
                }
                out.put(e.getKey(), e.getValue());
            }
        }
        return out == null ? Map.of() : out;
    }

    private static List<String> intersect(List<String> onFile, List<String> wanted) {
        List<String> out = new ArrayList<>();
        for (String w : wanted) {
            if (onFile.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    private static final Set<String> KIND_IDS =
            java.util.Arrays.stream(SubjectKind.values()).map(SubjectKind::id).collect(Collectors.toSet());

    /** Refuses what the engine would refuse for the whole request: an unknown kind or a malformed region code. */
    private static void check(ProfileRow p) {
        boolean ok = (KIND_IDS.contains(p.kind()) || SubjectKind.fromId(p.kind()) != null)
                && (p.registeredRegion() == null || RegisterSchema.region(p.registeredRegion()))
                && (p.householdRegion() == null || RegisterSchema.region(p.householdRegion()));
        for (int i = 0; ok && i < p.servedRegions().size(); i++) {
            String r = p.servedRegions().get(i);
            ok = r == null || RegisterSchema.region(r);
        }
        if (ok) {
            return;
        }
        List<String> bad = new ArrayList<>();
        if (SubjectKind.fromId(p.kind()) == null) {
            bad.add("kind “" + p.kind() + "”");
        }
        for (String r : regions(p)) {
            if (r != null && !RegisterSchema.region(r)) {
                bad.add("region “" + r + "”");
            }
        }
        throw new InputException(new Problem(
                null,
                0,
                p.id(),
                "subject",
                "profile.invalid",
                "主体 " + p.id() + " 的信息无效：" + String.join("、", bad),
                "invalid profile"));
    }

    private static List<String> regions(ProfileRow p) {
        List<String> out = new ArrayList<>(p.servedRegions());
        out.add(p.registeredRegion());
        out.add(p.householdRegion());
        return out;
    }

    // ---- evaluation by the engine (cache misses) ----

    private ClaimResult calc(Plan plan, Measure m, Subject subject, Map<String, Object> facts, List<String> materials) {
        engineCalls.increment();
        return calculator
                .calculate(new CalculationRequest(
                        asOf,
                        subject,
                        List.of(new Claim(m.id(), plan.policy.id(), m.id(), plan.year, facts, materials, null)),
                        null,
                        Map.of(),
                        false))
                .results()
                .get(0);
    }

    private Decision[] base(Plan plan, Subject subject) {
        Map<String, MeasureMatch> mm = new HashMap<>();
        for (MeasureMatch x : matcher.match(subject, asOf)) {
            if (x.policy().equals(plan.policy.id())) {
                mm.put(x.measure(), x);
            }
        }
        Decision[] out = new Decision[plan.measures.size()];
        for (int i = 0; i < out.length; i++) {
            Measure m = plan.measures.get(i);
            ClaimResult r = calc(plan, m, subject, Map.of(), null);
            out[i] = decision(plan, i, m, r, mm.get(m.id()), Set.of(), false);
        }
        return out;
    }

    /**
     * The engine's answer with the known facts. A value the engine refuses for this measure (an enum value of
     * another policy's fact of the same name) is left out for this measure, as if not known.
     */
    private Decision withFacts(
            Plan plan, int i, Subject subject, Map<String, String> raw, List<String> onFile, Decision base) {
        Measure m = plan.measures.get(i);
        Map<String, Object> facts = new LinkedHashMap<>(raw);
        List<String> materials = onFile == null ? null : intersect(onFile, new ArrayList<>(plan.materials));
        ClaimResult r;
        while (true) {
            try {
                r = calc(plan, m, subject, facts, materials);
                break;
            } catch (InputException e) {
                boolean dropped = false;
                for (Problem p : e.problems()) {
                    if (p.field() != null && p.field().startsWith("facts.")) {
                        dropped |= facts.remove(p.field().substring(6)) != null;
                    }
                }
                if (!dropped) {
                    throw e;
                }
            }
        }
        return decision(plan, i, m, r, base.match, facts.keySet(), onFile != null);
    }

    private Decision decision(
            Plan plan, int i, Measure m, ClaimResult r, MeasureMatch mm, Set<String> known, boolean materialsStated) {
        String policy = plan.policy.id();
        int index = plan.offset + i;
        if (r.status() == Status.NOT_ELIGIBLE) {
            List<Check> failed = r.failed();
            return new Decision(
                    index,
                    policy,
                    m.id(),
                    MatchRow.EXCLUDED,
                    null,
                    null,
                    null,
                    List.of(),
                    List.of(),
                    failed.stream().map(Check::id).toList(),
                    failed.stream()
                            .map(c -> c.text().zh() + (c.detail() == null ? "" : "（" + c.detail() + "）"))
                            .collect(Collectors.joining("；")),
                    mm);
        }
        List<String> mats = materialsStated ? r.missingMaterials() : m.materials();
        if (r.status() == Status.ELIGIBLE) {
            return new Decision(
                    index,
                    policy,
                    m.id(),
                    MatchRow.ELIGIBLE,
                    r.amount(),
                    r.amount(),
                    r.amount(),
                    List.of(),
                    List.copyOf(mats),
                    List.of(),
                    null,
                    mm);
        }
        Set<String> need = new LinkedHashSet<>();
        for (MeasureMatch.Need n : mm.needed()) {
            if (!known.contains(n.name())) {
                need.add(n.name());
            }
        }
        for (String f : r.missingFacts()) {
            if (!known.contains(f)) {
                need.add(f);
            }
        }
        return new Decision(
                index,
                policy,
                m.id(),
                MatchRow.POSSIBLE,
                null,
                mm.minAmount(),
                mm.maxAmount(),
                List.copyOf(need),
                List.copyOf(mats),
                List.of(),
                null,
                mm);
    }

    // ---- what a policy's measures read of the subject ----

    /** A policy in force with its measures, and the cache of profile-only outcomes by subject key. */
    private static final class Plan {
        final Policy policy;
        final int year;
        final List<Measure> measures;
        final int offset;
        /** Subject fields read by expressions, besides kind; {@code null}: cannot tell, so all. */
        final Set<String> fields;

        final Set<String> materials;
        final ConcurrentHashMap<String, Decision[]> base = new ConcurrentHashMap<>();
        private final String code;
        /** The fields of the key besides kind and regions, sorted, read once per profile. */
        private final String[] keyFields;
        /** Per measure, the ids of the facts it declares, sorted. */
        final String[][] factIds;

        /** Whether measure {@code i} declares one of the {@code known} facts. */
        boolean reads(int i, Map<String, String> known) {
            if (known.isEmpty()) {
                return false;
            }
            for (String id : factIds[i]) {
                if (known.containsKey(id)) {
                    return true;
                }
            }
            return false;
        }

        Plan(Policy policy, int year, List<Measure> measures, int offset) {
            this.policy = policy;
            this.year = year;
            this.measures = measures;
            this.offset = offset;
            this.code = policy.region().code();
            this.materials = policy.materials().keySet();
            this.fields = fieldsRead(policy, measures);
            Set<String> f = new TreeSet<>(fields == null ? PolicyReader.SUBJECT_FIELDS : fields);
            f.remove("kind");
            this.keyFields = f.toArray(new String[0]);
            this.factIds = new String[measures.size()][];
            for (int i = 0; i < factIds.length; i++) {
                factIds[i] = new TreeSet<>(measures.get(i).facts().keySet()).toArray(new String[0]);
            }
        }

        /**
         * The subject key: kind; for each of the registered, household and served regions whether it is absent,
         * inside the policy's district or outside (the region rules test a code's prefix; codes are checked well
         * formed before); and the raw value of every field an expression reads.
         */
        String key(ProfileRow p) {
            StringBuilder sb = new StringBuilder(24);
            appendKey(sb, p);
            return sb.toString();
        }

        void appendKey(StringBuilder sb, ProfileRow p) {
            sb.append(p.kind()).append('|').append(token(p.registeredRegion())).append(token(p.householdRegion()));
            boolean served = false;
            for (String s : p.servedRegions()) {
                served |= s != null && s.startsWith(code);
            }
            sb.append(served ? '+' : '-');
            Subject s = null;
            for (String name : keyFields) {
                Object v;
                switch (name) {
                    case "mu_grade":
                        v = p.muGrade();
                        break;
                    case "registered_region":
                        v = p.registeredRegion();
                        break;
                    case "household_region":
                        v = p.householdRegion();
                        break;
                    case "id":
                        v = p.id();
                        break;
                    case "name":
                        v = p.name();
                        break;
                    default:
                        s = s == null ? p.subject() : s;
                        v = s.field(name);
                }
                sb.append('\u0001').append(name).append('=').append(v == null ? "\u0000" : v.toString());
            }
        }

        private char token(String region) {
            return region == null ? '0' : region.startsWith(code) ? '+' : '-';
        }
    }

    static Set<String> fieldsRead(Policy p, List<Measure> measures) {
        List<Expr> exprs = new ArrayList<>();
        for (Policy.Adjustment a : p.adjustments()) {
            exprs.add(a.factor());
        }
        for (Measure m : measures) {
            m.conditions().forEach(c -> exprs.add(c.when()));
            AwardRule a = m.award();
            if (a instanceof AwardRule.Fixed f) {
                exprs.add(f.amount());
            } else if (a instanceof AwardRule.Rate r) {
                exprs.add(r.base());
                exprs.add(r.rate());
            } else if (a instanceof AwardRule.Steps s) {
                exprs.add(s.on());
                s.steps().forEach(st -> exprs.add(st.amount()));
            } else if (a instanceof AwardRule.Tiers t) {
                t.tiers().forEach(x -> {
                    exprs.add(x.when());
                    exprs.add(x.amount());
                });
            } else if (a instanceof AwardRule.PerUnit u) {
                exprs.add(u.count());
                exprs.add(u.unitAmount());
            } else if (a instanceof AwardRule.Formula f) {
                exprs.add(f.amount());
            } else if (!(a instanceof AwardRule.ByLevel
                    || a instanceof AwardRule.Reviewer
                    || a instanceof AwardRule.None)) {
                return null; // a rule kind this code does not know: read everything
            }
            for (Measure.Cap c : m.caps()) {
                exprs.add(c.amount());
                exprs.add(c.appliesWhen());
            }
        }
        Set<String> out = new LinkedHashSet<>();
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        for (Expr e : exprs) {
            if (!walk(e, out, seen)) {
                return null;
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * Collects the subject fields an expression tree reads, by reflection over its nodes; {@code false} when the
     * tree holds anything this walk does not understand, so the caller must assume every field is read.
     */
    private static boolean walk(Object o, Set<String> out, Map<Object, Boolean> seen) {
        if (o == null
                || o instanceof String
                || o instanceof Number
                || o instanceof Boolean
                || o instanceof Character
                || o instanceof Enum<?>
                || o instanceof Temporal
                || o instanceof Missing
                || o instanceof Type) {
            return true;
        }
        if (seen.put(o, Boolean.TRUE) != null) {
            return true;
        }
        if (o instanceof Collection<?> c) {
            for (Object x : c) {
                if (!walk(x, out, seen)) {
                    return false;
                }
            }
            return true;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!walk(e.getKey(), out, seen) || !walk(e.getValue(), out, seen)) {
                    return false;
                }
            }
            return true;
        }
        if (o instanceof Object[] arr) {
            for (Object x : arr) {
                if (!walk(x, out, seen)) {
                    return false;
                }
            }
            return true;
        }
        if (!(o instanceof Expr) || !o.getClass().getName().startsWith("org.ipaward.engine.expr.")) {
            return false;
        }
        boolean subjectRef = o.getClass().getSimpleName().equals("SubjectRef");
        boolean named = false;
        try {
            for (Class<?> k = o.getClass(); k != Expr.class && k != null; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    f.setAccessible(true);
                    Object v = f.get(o);
                    if (f.getType().isPrimitive()) {
                        continue;
                    }
                    if (subjectRef && f.getName().equals("field") && v instanceof String s) {
                        out.add(s);
                        named = true;
                    } else if (!walk(v, out, seen)) {
                        return false;
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
        return !subjectRef || named;
    }
}

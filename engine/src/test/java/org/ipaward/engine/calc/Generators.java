package org.ipaward.engine.calc;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.ipaward.engine.BundledPolicies;
import org.ipaward.engine.InputException;
import org.ipaward.engine.expr.EvalContext;
import org.ipaward.engine.expr.Expr;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Measure.Fact;
import org.ipaward.engine.model.Parameter;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.engine.testing.CaseRunner;
import org.ipaward.engine.testing.PolicyCase;

/** Generates claims for real policies: valid ones for the properties, and anything at all for robustness. */
final class Generators {
    /** Few texts, so that objects (projects, cases, marks) collide across claims and the ledger. */
    static final List<String> TEXTS = List.of("A", "B", "US", "JP");

    static final List<String> COUNTRIES = List.of("US", "JP", "DE", "FR", "CN", "KR");

    private Generators() {}

    // ---------------------------------------------------------------- valid input

    /**
     * The facts of a Jindong 二.1 patent-intensive claim (standard certified and implemented): invention patents
     * now and a year before (as given: a number, a text, anything), sales, revenue, patented-product sales, training.
     */
    static Map<String, Object> intensiveFacts(
            Object patents, Object previous, String sales, String revenue, String patentSales, String training) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("gbt29490_certified", true);
        facts.put("gbt29490_implemented", true);
        facts.put("invention_patents", patents);
        facts.put("invention_patents_prev_year", previous);
        facts.put("annual_sales", new BigDecimal(sales));
        facts.put("total_revenue", new BigDecimal(revenue));
        facts.put("patent_product_sales", new BigDecimal(patentSales));
        facts.put("training_rate", new BigDecimal(training));
        return facts;
    }

    /** A Jindong enterprise's 2023 patent-intensive claim with these facts and 亩均 grade, decided on 2024-03-01. */
    static CalculationRequest intensiveRequest(Map<String, Object> facts, String grade) {
        return new CalculationRequest(
                LocalDate.of(2024, 3, 1),
                new Subject("S", null, SubjectKind.ENTERPRISE, "330703", null, List.of(), grade),
                List.of(new Claim(null, "jindong-2023", "JD-patent-intensive", 2023, facts, null, null)),
                Ledger.EMPTY,
                Map.of(),
                false);
    }

    /** Every case of every bundled policy, read with its policy. */
    static List<PolicyCase> bundledCases() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(BundledPolicies.DIR)) {
            files = s.map(d -> d.resolve("policy.yaml"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
        List<PolicyCase> cases = new ArrayList<>();
        for (Path file : files) {
            Policy policy = BundledPolicies.get().stream()
                    .filter(p -> Path.of(p.file())
                            .toAbsolutePath()
                            .normalize()
                            .equals(file.toAbsolutePath().normalize()))
                    .findFirst()
                    .orElseThrow();
            cases.addAll(CaseRunner.readCases(policy, CaseRunner.caseFiles(file)));
        }
        return cases;
    }

    /**
     * {@code n} single-claim requests with a ledger, each generated from the seed {@code seed + 7i} for i = 0, 1, …
     * and kept when the calculator accepts it.
     */
    static List<CalculationRequest> acceptedRequests(Calculator calc, List<Policy> policies, long seed, int n) {
        List<CalculationRequest> requests = new ArrayList<>(n);
        for (int i = 0; requests.size() < n; i++) {
            Choices c = Choices.of(new Random(seed + 7 * i));
            Policy p = c.pick(policies);
            Measure m = c.pick(p.measures());
            int year = matterYear(c, p);
            CalculationRequest r = new CalculationRequest(
                    asOf(c, p, year),
                    subject(c, p, m, "S1"),
                    List.of(new Claim(null, p.id(), m.id(), year, facts(c, m, 5), null, null)),
                    Ledger.of(ledger(c, p, p.measures(), "S1", year, c.below(4))),
                    Map.of(),
                    false);
            try {
                calc.decide(r);
                requests.add(r);
            } catch (InputException e) {
                // only accepted requests
            }
        }
        return requests;
    }

    /** The matter years a policy covers, and an as-of date in the round that claims them. */
    static int matterYear(Choices c, Policy p) {
        int from = p.effectiveFrom().getYear();
        int to = p.effectiveTo() == null ? from + 2 : p.effectiveTo().getYear();
        return c.between(from, to);
    }

    static LocalDate asOf(Choices c, Policy p, int year) {
        int offset = p.matterYearOffset() == null ? 0 : p.matterYearOffset();
        return LocalDate.of(year + offset, c.between(1, 12), c.between(1, 28));
    }

    static Subject subject(Choices c, Policy p, Measure m, String id) {
        List<SubjectKind> kinds =
                new ArrayList<>(c.chance(90) ? m.subjects() : p.applicants().kinds());
        SubjectKind kind = kinds.isEmpty() ? SubjectKind.ENTERPRISE : c.pick(kinds);
        String code = c.chance(95) ? p.region().code() : "999999";
        List<String> grades = grades(p);
        return new Subject(id, "生成主体", kind, code, code, List.of(code), grades.isEmpty() ? null : c.pick(grades));
    }

    /** Subject grades that every adjustment of the policy can evaluate (or none, when it has no adjustments). */
    static List<String> grades(Policy p) {
        if (p.adjustments().isEmpty()) {
            return List.of();
        }
        Set<String> candidates = new TreeSet<>();
        for (Parameter param : p.parameters().values()) {
            if (param.kind() == Parameter.Kind.TABLE) {
                param.values().values().forEach(v -> {
                    if (v instanceof Map<?, ?> t) {
                        t.keySet().forEach(k -> candidates.add(String.valueOf(k)));
                    }
                });
            }
        }
        List<String> out = new ArrayList<>();
        for (String g : candidates) {
            Subject s = new Subject("x", null, SubjectKind.ENTERPRISE, null, null, null, g);
            boolean ok = p.adjustments().stream().allMatch(a -> {
                try {
                    return a.factor().eval(new Context(p, s, LocalDate.now(), 2025, Map.of(), Map.of()))
                            instanceof BigDecimal;
                } catch (RuntimeException e) {
                    return false;
                }
            });
            if (ok) {
                out.add(g);
            }
        }
        return out;
    }

    /** Valid facts for every declared fact, each left out with {@code omitPercent} chance. */
    static Map<String, Object> facts(Choices c, Measure m, int omitPercent) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Fact f : m.facts().values()) {
            if (!c.chance(omitPercent)) {
                out.put(f.name(), value(c, f, m));
            }
        }
        return out;
    }

    /**
     * Numbers at the edges the rules are written at and past what a {@code long} holds: small counts around the
     * tiers' thresholds (3, 5, 10 and one either side), round amounts and one 分 below them, and large values of
     * 17 and 18 integer digits (the most a stated number may have), whose sums, products and scaled forms leave a
     * {@code long}.
     */
    static final List<BigDecimal> EDGES = Stream.of(
                    "0",
                    "1",
                    "2",
                    "3",
                    "4",
                    "5",
                    "6",
                    "9",
                    "10",
                    "11",
                    "19",
                    "20",
                    "21",
                    "99",
                    "100",
                    "101",
                    "0.01",
                    "99.99",
                    "100.00",
                    "4999999.99",
                    "5000000",
                    "5000000.00",
                    "1600000",
                    "1599999.99",
                    "8000000",
                    "99999999999999999",
                    "100000000000000000",
                    "100000000000000001",
                    "999999999999999999",
                    "999999999999999999.99",
                    "123456789012345678.9",
                    "922337203685477580.7")
            .map(BigDecimal::new)
            .toList();

    /**
     * Facts for every declared fact like {@link #facts}, but numbers mostly at the {@linkplain #EDGES edges} (and
     * whole numbers stated as {@code Integer} where they fit, as JSON readers give them), a money fact sometimes a
     * fifth of another one stated before it (exactly, or one 分 off: the 20% share conditions), so that every
     * comparison the decision plans compile meets its boundary and its overflow.
     */
    static Map<String, Object> edgeFacts(Choices c, Measure m, int omitPercent) {
        Map<String, Object> out = new LinkedHashMap<>();
        BigDecimal earlierMoney = null;
        BigDecimal earlierCount = null;
        for (Fact f : m.facts().values()) {
            if (c.chance(omitPercent)) {
                continue;
            }
            Object v = value(c, f, m);
            if (v instanceof BigDecimal d && c.chance(80)) {
                int scale = f.type() == Measure.FactType.INTEGER ? 0 : f.type() == Measure.FactType.MONEY ? 2 : 4;
                BigDecimal e;
                if (earlierMoney != null && f.type() == Measure.FactType.MONEY && c.chance(40)) {
                    e = earlierMoney
                            .multiply(new BigDecimal("0.2"))
                            .add(new BigDecimal(c.between(-1, 1)).movePointLeft(2));
                } else if (earlierCount != null && scale == 0 && c.chance(60)) {
                    // A count a few below an earlier one: growths around the tiers' thresholds (2, 3, 5).
                    e = earlierCount.subtract(BigDecimal.valueOf(c.between(0, 7)));
                } else {
                    e = c.pick(EDGES);
                }
                e = clamp(e.setScale(scale, java.math.RoundingMode.DOWN), f);
                if (c.chance(30)) {
                    e = e.setScale(0, java.math.RoundingMode.DOWN).setScale(c.below(scale + 1));
                }
                v = e;
                if (scale == 0
                        && e.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0
                        && e.signum() >= 0
                        && c.chance(50)) {
                    v = e.intValueExact();
                }
            }
            if (v instanceof BigDecimal d && f.type() == Measure.FactType.MONEY) {
                earlierMoney = d;
            }
            if (f.type() == Measure.FactType.INTEGER && earlierCount == null) {
                earlierCount = v instanceof Integer k ? BigDecimal.valueOf(k) : (BigDecimal) v;
            }
            out.put(f.name(), v);
        }
        return out;
    }

    /** A valid value of a fact: its type, within its bounds. */
    static Object value(Choices c, Fact f, Measure m) {
        switch (f.type()) {
            case MONEY:
                return number(c, f, 2);
            case DECIMAL:
                return number(c, f, 4);
            case INTEGER:
                return number(c, f, 0);
            case PERCENT:
                return c.chance(70) ? clamp(new BigDecimal(100), f) : number(c, f, 2);
            case BOOLEAN:
                return c.chance(f.name().equals("first_rights_holder") ? 92 : 85);
            case ENUM:
                if (f.name().equals("right_kind") && m.rightKinds() != null && c.chance(90)) {
                    return c.pick(new ArrayList<>(m.rightKinds()));
                }
                return c.pick(new ArrayList<>(f.values().keySet()));
            case TEXT:
                return c.pick(TEXTS);
            case DATE:
                return LocalDate.of(2020, 1, 1).plusDays(c.below(2500));
            default: {
                List<String> out = new ArrayList<>();
                for (String s : COUNTRIES) {
                    if (c.chance(30)) {
                        out.add(s);
                    }
                }
                return out;
            }
        }
    }

    private static BigDecimal number(Choices c, Fact f, int scale) {
        BigDecimal lo = f.min() == null ? BigDecimal.ZERO : f.min();
        BigDecimal v;
        if (f.max() != null) {
            BigDecimal span = f.max().subtract(lo);
            v = lo.add(span.multiply(BigDecimal.valueOf(c.below(10_001))).divide(BigDecimal.valueOf(10_000)));
        } else {
            int digits = scale == 0 ? c.between(0, 3) : c.between(0, 8);
            long whole = c.below((int) Math.min(Integer.MAX_VALUE, (long) Math.pow(10, digits)));
            v = lo.add(BigDecimal.valueOf(whole));
            if (scale > 0 && c.chance(50)) {
                v = v.add(BigDecimal.valueOf(c.below((int) Math.pow(10, scale)), scale));
            }
        }
        return clamp(v.setScale(scale, java.math.RoundingMode.DOWN), f);
    }

    private static BigDecimal clamp(BigDecimal v, Fact f) {
        if (f.max() != null && v.compareTo(f.max()) > 0) {
            v = f.max();
        }
        if (f.min() != null && v.compareTo(f.min()) < 0) {
            v = f.min();
        }
        return v;
    }

    /** A random bigger value of a numeric fact, within its bounds (or the same value when at the max). */
    static BigDecimal larger(Choices c, Fact f, BigDecimal v) {
        int scale = f.type() == Measure.FactType.INTEGER ? 0 : 2;
        BigDecimal step = c.chance(50)
                ? BigDecimal.ONE.movePointLeft(scale)
                : BigDecimal.valueOf(c.below(c.chance(50) ? 100 : 1_000_000) + 1L);
        return clamp(v.add(step), f);
    }

    /** Overrides of the policy's switches: text parameters with options, and booleans. */
    static Map<String, Object> switches(Choices c, Policy p) {
        Map<String, Object> out = new HashMap<>();
        for (Parameter param : p.parameters().values()) {
            if (param.kind() == Parameter.Kind.TEXT && param.options() != null && c.chance(30)) {
                out.put(param.name(), c.pick(param.options()));
            } else if (param.kind() == Parameter.Kind.BOOLEAN && c.chance(20)) {
                out.put(param.name(), c.chance(50));
            }
        }
        return out;
    }

    /** Earlier awards to the subject under the given measures, with object keys drawn from the claims' pools. */
    static List<LedgerEntry> ledger(Choices c, Policy p, List<Measure> measures, String subject, int year, int n) {
        List<LedgerEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Measure m = c.pick(measures);
            Map<String, String> keys = new HashMap<>();
            for (Measure.Cap cap : m.caps()) {
                for (String d : cap.per()) {
                    Fact f = m.facts().get(d);
                    if (f != null) {
                        keys.put(d, keyString(value(c, f, m)));
                    }
                }
            }
            BigDecimal amount = BigDecimal.valueOf(c.below(c.chance(50) ? 200_000 : 2_000_000), c.chance(50) ? 0 : 2);
            out.add(new LedgerEntry(p.id(), m.id(), c.chance(90) ? subject : "other", year - c.below(3), amount, keys));
        }
        return out;
    }

    /** How the calculator writes an object key in the ledger. */
    static String keyString(Object v) {
        return v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : String.valueOf(v);
    }

    // ---------------------------------------------------------------- anything at all

    /** Any JSON-ish value: nulls, booleans, integers of any width, decimals huge and tiny, doubles, texts, lists, maps. */
    static Object junk(Choices c, int depth) {
        switch (c.below(depth > 2 ? 12 : 15)) {
            case 0:
                return null;
            case 1:
                return c.chance(50);
            case 2:
                return (int) c.anyLong();
            case 3:
                return c.anyLong();
            case 4:
                return new BigInteger(Long.toString(c.anyLong())).pow(c.between(1, 40));
            case 5:
                return BigDecimal.valueOf(c.anyLong(), c.between(-400, 400));
            case 6:
                return c.pick(Arrays.asList(0.1d, -0.0d, Double.NaN, Double.POSITIVE_INFINITY, 1e308, 3.0f, 2.5e-300));
            case 7:
                return c.pick(List.of(
                        "1e999999999",
                        "-1e999999999",
                        "1e-999999999",
                        "9".repeat(400),
                        "0." + "0".repeat(300) + "1",
                        "-0.001",
                        "-1",
                        "1,000,000.005",
                        " 12 ",
                        "NaN",
                        "Infinity",
                        "0x10",
                        "",
                        " ",
                        "是",
                        "否",
                        "true",
                        "false",
                        "2025-02-30",
                        "2025-12-31",
                        "+999999999-12-31",
                        "null",
                        "1e10",
                        "100.00",
                        "１２３"));
            case 8:
                return c.anyString(40);
            case 9:
                return Long.toString(c.anyLong()) + (c.chance(50) ? "." + c.below(1000) : "");
            case 10:
                return c.pick(TEXTS);
            case 11:
                return c.pick(COUNTRIES);
            case 12: {
                List<Object> l = new ArrayList<>();
                int n = c.below(4);
                for (int i = 0; i < n; i++) {
                    l.add(junk(c, depth + 1));
                }
                return l;
            }
            case 13: {
                Map<String, Object> m = new HashMap<>();
                int n = c.below(3);
                for (int i = 0; i < n; i++) {
                    m.put(c.anyString(5), junk(c, depth + 1));
                }
                return m;
            }
            default:
                return List.of("US", "JP");
        }
    }

    /** A request that may be valid, half valid, or nonsense in any field. */
    static CalculationRequest anyRequest(Choices c, List<Policy> policies) {
        Policy p = c.pick(policies);
        Measure m = c.pick(p.measures());
        int year = c.chance(80) ? matterYear(c, p) : (int) c.anyLong();
        LocalDate asOf =
                c.chance(3) ? null : c.chance(80) ? asOf(c, p, Math.max(1980, Math.min(2100, year))) : randomDate(c);
        Subject subject = c.chance(3) ? null : c.chance(70) ? subject(c, p, m, "S1") : anySubject(c);
        List<Claim> claims = new ArrayList<>();
        int n = c.below(5);
        for (int i = 0; i < n; i++) {
            claims.add(anyClaim(c, policies, c.chance(70) ? p : c.pick(policies), year));
        }
        List<LedgerEntry> ledger = ledger(
                c,
                p,
                p.measures(),
                subject == null ? "S1" : subject.id(),
                Math.max(1980, Math.min(2100, year)),
                c.below(4));
        Map<String, Object> overrides = new HashMap<>();
        if (c.chance(30)) {
            overrides.putAll(switches(c, p));
        }
        if (c.chance(20)) {
            List<String> names = new ArrayList<>(p.parameters().keySet());
            names.add(c.anyString(8));
            overrides.put(c.pick(names), junk(c, 0));
        }
        return new CalculationRequest(asOf, subject, claims, Ledger.of(ledger), overrides, c.chance(50));
    }

    static Claim anyClaim(Choices c, List<Policy> policies, Policy p, int year) {
        Measure m = c.pick(p.measures());
        Map<String, Object> facts = c.chance(60) ? facts(c, m, 30) : new HashMap<>();
        List<String> names = new ArrayList<>(m.facts().keySet());
        int junkFacts = c.chance(50) ? c.between(1, 3) : 0;
        for (int i = 0; i < junkFacts; i++) {
            String name = names.isEmpty() || c.chance(20) ? c.anyString(10) : c.pick(names);
            facts.put(name, junk(c, 0));
        }
        List<String> materials = null;
        if (c.chance(40)) {
            materials = new ArrayList<>(c.chance(80) ? m.materials() : List.of());
            if (c.chance(30) && !materials.isEmpty()) {
                materials.remove(c.below(materials.size()));
            }
            if (c.chance(10)) {
                materials.add(c.chance(50) ? null : c.anyString(6));
            }
        }
        CityAward city = null;
        if (c.chance(25)) {
            city = new CityAward(
                    c.chance(20) ? null : c.chance(60),
                    c.chance(20) ? null : anyAmount(c),
                    c.chance(20) ? null : c.chance(50),
                    c.chance(30) ? null : anyAmount(c));
        }
        String policyId = c.chance(95) ? p.id() : c.chance(50) ? null : c.anyString(8);
        String measureId = c.chance(95)
                ? m.id()
                : c.chance(50) ? null : c.pick(policies).measures().get(0).id();
        int y = c.chance(85) ? year : (int) c.anyLong();
        return new Claim(c.chance(50) ? null : "c" + c.below(100), policyId, measureId, y, facts, materials, city);
    }

    private static BigDecimal anyAmount(Choices c) {
        switch (c.below(5)) {
            case 0:
                return new BigDecimal("1e999999999");
            case 1:
                return BigDecimal.valueOf(c.anyLong(), c.between(-30, 30));
            case 2:
                return BigDecimal.valueOf(-c.below(1000));
            default:
                return BigDecimal.valueOf(c.below(2_000_000), c.below(3));
        }
    }

    private static Subject anySubject(Choices c) {
        SubjectKind kind = c.chance(10) ? null : c.pick(Arrays.asList(SubjectKind.values()));
        List<String> served = new ArrayList<>();
        if (c.chance(50)) {
            served.add(c.anyString(8));
        }
        return new Subject(
                c.chance(10) ? null : c.anyString(6),
                c.chance(50) ? null : c.anyString(6),
                kind,
                c.chance(30) ? null : c.anyString(8),
                c.chance(50) ? null : c.anyString(8),
                served,
                c.chance(30) ? null : c.anyString(3));
    }

    private static LocalDate randomDate(Choices c) {
        return LocalDate.of(c.between(1900, 2200), c.between(1, 12), c.between(1, 28));
    }

    // ---------------------------------------------------------------- an independent evaluation context

    /** Evaluates a policy's expressions the way the documentation says, independently of the calculator. */
    record Context(
            Policy policy,
            Subject subject,
            LocalDate asOf,
            int year,
            Map<String, Object> facts,
            Map<String, Object> overrides)
            implements EvalContext {
        @Override
        public Object fact(String name) {
            return facts.get(name);
        }

        @Override
        public Object parameter(String name) {
            return parameterAt(name, asOf);
        }

        @Override
        public Object parameterAt(String name, LocalDate date) {
            if (overrides.containsKey(name)) {
                return overrides.get(name);
            }
            Parameter p = policy.parameters().get(name);
            return p == null ? null : p.valueAt(date);
        }

        @Override
        public Object subject(String field) {
            return subject.field(field);
        }

        @Override
        public int claimYear() {
            return year;
        }

        Object eval(Expr e) {
            return e.eval(this);
        }
    }
}

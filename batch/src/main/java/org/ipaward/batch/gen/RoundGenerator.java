package org.ipaward.batch.gen;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.ipaward.batch.claims.ClaimRow;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.calc.Claim;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.engine.testing.CaseReader;
import org.ipaward.engine.testing.PolicyCase;

/**
 * Realistic synthetic rounds of any size, the same for the same seed. The claims are drawn from the policies'
 * own test cases (so every fact is one the measure declares, with a value the engine accepts) and varied:
 * amounts and counts scaled within the declared bounds, other allowed values of choice facts, now and then a
 * fact left out (undetermined) or a material missing; subjects of the kinds and districts the cases use, a
 * few of them applying again and again for several measures (so yearly, total and once-only caps bite);
 * object names (projects, cases, marks …) repeating within a subject now and then, and shared keys (an
 * alliance, a patent, a service station) repeating across subjects. Each policy's round is one window
 * (March–April of the filing year its cases use); applications are emitted in submission order.
 *
 * <p>Streams: only the templates and a few counters are held, never the rows, so a million rows take no more
 * memory than ten.
 */
public final class RoundGenerator {
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    /** A claim of a case, with the subject profile it was stated for. */
    private record Template(Policy policy, Measure measure, int year, Claim claim, Subject profile) {}

    /** One policy's round: its window and its templates grouped by subject profile. */
    private record PolicyRound(
            Policy policy,
            Instant opens,
            Instant closes,
            List<String> profiles,
            Map<String, List<Template>> byProfile,
            Map<String, Subject> profileOf,
            Set<String> crossKeys,
            Set<String> subjectKeys) {}

    private final List<PolicyRound> rounds = new ArrayList<>();
    private final long seed;

    /** Rounds for {@code policies} drawn from {@code cases} (per policy id). */
    public RoundGenerator(List<Policy> policies, Map<String, List<PolicyCase>> cases, long seed) {
        this.seed = seed;
        for (Policy p : policies) {
            List<PolicyCase> cs = cases.getOrDefault(p.id(), List.of());
            rounds.add(round(p, cs));
        }
        rounds.sort((a, b) -> a.opens.compareTo(b.opens));
    }

    /** Rounds for bundled policies, by id, from their bundled cases. */
    public static RoundGenerator bundled(List<String> policyIds, long seed) {
        List<Policy> all = PolicyLoader.loadBundled();
        List<Policy> chosen = new ArrayList<>();
        for (String id : policyIds) {
            Policy p = all.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
            if (p == null) {
                throw new IllegalArgumentException("no bundled policy " + id);
            }
            chosen.add(p);
        }
        Map<String, List<PolicyCase>> cases = new HashMap<>();
        for (Policy p : chosen) {
            cases.put(p.id(), bundledCases(p.id()));
        }
        return new RoundGenerator(chosen, cases, seed);
    }

    /** The cases bundled with a policy ({@code policies/<id>/cases/*.yaml} on the class path). */
    public static List<PolicyCase> bundledCases(String policyId) {
        URL url = RoundGenerator.class.getClassLoader().getResource("policies/" + policyId + "/cases");
        if (url == null) {
            return List.of();
        }
        try {
            Path dir = PolicyLoader.classPathFolder(url);
            List<PolicyCase> out = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".yaml"))
                        .sorted()
                        .toList()) {
                    out.addAll(CaseReader.read(Files.readString(f), f.toString(), policyId));
                }
            }
            return out;
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the bundled cases of " + policyId, e);
        }
    }

    private static PolicyRound round(Policy p, List<PolicyCase> cases) {
        // The filing day most cases are computed at fixes the round; cases of other days are left out.
        Map<Integer, Integer> years = new TreeMap<>();
        for (PolicyCase c : cases) {
            years.merge(c.request().asOf().getYear(), 1, Integer::sum);
        }
        int filing = years.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(LocalDate.now().getYear());
        Map<String, List<Template>> byProfile = new LinkedHashMap<>();
        Map<String, Subject> profileOf = new HashMap<>();
        for (PolicyCase c : cases) {
            if (c.request().asOf().getYear() != filing
                    || !c.request().parameterOverrides().isEmpty()) {
                continue;
            }
            Subject s = c.request().subject();
            String key = profileKey(s);
            for (Claim cl : c.request().claims()) {
                if (cl.policy() != null && !cl.policy().equals(p.id())) {
                    continue;
                }
                Measure m = p.measure(cl.measure());
                if (m == null) {
                    continue;
                }
                byProfile.computeIfAbsent(key, k -> new ArrayList<>()).add(new Template(p, m, cl.year(), cl, s));
                profileOf.putIfAbsent(key, s);
            }
        }
        if (byProfile.isEmpty()) {
            throw new IllegalArgumentException("policy " + p.id() + " has no cases to draw claims from");
        }
        Set<String> cross = new HashSet<>();
        Set<String> scoped = new HashSet<>();
        for (Measure m : p.measures()) {
            for (Measure.Cap cap : m.caps()) {
                for (String d : cap.per()) {
                    if (!d.equals("subject") && !d.equals("year")) {
                        (cap.per().contains("subject") ? scoped : cross).add(d);
                    }
                }
            }
        }
        Instant opens = LocalDate.of(filing, 3, 1)
                .atTime(LocalTime.of(9, 0))
                .atZone(BEIJING)
                .toInstant();
        Instant closes = LocalDate.of(filing, 4, 30)
                .atTime(LocalTime.of(17, 0))
                .atZone(BEIJING)
                .toInstant();
        return new PolicyRound(
                p, opens, closes, new ArrayList<>(byProfile.keySet()), byProfile, profileOf, cross, scoped);
    }

    private static String profileKey(Subject s) {
        return s.kind() + "|" + s.registeredRegion() + "|" + s.householdRegion() + "|" + s.servedRegions() + "|"
                + s.muGrade();
    }

    /** Generates {@code claims} rows in submission order, split between the policies in proportion to their cases. */
    public long generate(long claims, Consumer<ClaimRow> sink) {
        long[] share = new long[rounds.size()];
        long templates = 0;
        for (PolicyRound r : rounds) {
            templates += r.byProfile.values().stream().mapToInt(List::size).sum();
        }
        long left = claims;
        for (int i = 0; i < rounds.size(); i++) {
            int t = rounds.get(i).byProfile.values().stream()
                    .mapToInt(List::size)
                    .sum();
            share[i] = i == rounds.size() - 1 ? left : claims * t / templates;
            left -= share[i];
        }
        long n = 0;
        for (int i = 0; i < rounds.size(); i++) {
            n += generate(rounds.get(i), share[i], seed * 31 + i, sink);
        }
        return n;
    }

    private long generate(PolicyRound r, long claims, long seed, Consumer<ClaimRow> sink) {
        if (claims <= 0) {
            return 0;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        long apps = Math.max(1, claims * 10 / 17); // 1.7 claims per application on average
        long subjects = Math.max(1, apps * 2 / 3);
        long span = r.closes.getEpochSecond() - r.opens.getEpochSecond();
        String prefix =
                r.policy.id().startsWith("pinggu") ? "PG" : r.policy.id().startsWith("jindong") ? "JD" : "R";
        int filing = r.opens.atZone(BEIJING).getYear();
        long written = 0;
        for (long a = 0; written < claims; a++) {
            // Submissions spread over the window, in order, a little faster towards the deadline.
            double f = Math.min(1.0, (double) a / apps);
            double shaped = 1 - (1 - f) * (1 - f) * 0.4 - (1 - f) * 0.6;
            Instant at = r.opens.plusSeconds((long) (span * Math.max(0, Math.min(1, shaped))));
            // Popular subjects apply more often: index ~ subjects × u^1.6.
            double u = rnd.nextDouble();
            long subjectNo = (long) (subjects * Math.pow(u, 1.6));
            SubjectProfile sp = subject(r, subjectNo);
            List<Template> pool = r.byProfile.get(sp.profile);
            int k = 1 + (rnd.nextInt(10) < 6 ? 0 : rnd.nextInt(10) < 7 ? 1 : 2);
            k = (int) Math.min(k, claims - written);
            String appNo = String.format("%s%d-%08d", prefix, filing, a + 1);
            for (int seq = 1; seq <= k; seq++) {
                Template t = pool.get(subjectTemplate(sp, rnd, pool.size()));
                sink.accept(row(r, t, sp, appNo, at, seq, rnd));
                written++;
            }
        }
        return written;
    }

    /** A subject: derived from its number alone, so it need not be stored. */
    private record SubjectProfile(long no, String id, String name, Subject profileSubject, String profile, int bias) {}

    private SubjectProfile subject(PolicyRound r, long no) {
        SplittableRandom s = new SplittableRandom(
                seed * 1_000_003L + no * 7919L + r.policy.id().hashCode());
        String profile = r.profiles.get(s.nextInt(r.profiles.size()));
        // weight the profiles by how many claims they allow
        if (s.nextInt(3) > 0) {
            int total = r.byProfile.values().stream().mapToInt(List::size).sum();
            int pick = s.nextInt(total);
            for (Map.Entry<String, List<Template>> e : r.byProfile.entrySet()) {
                pick -= e.getValue().size();
                if (pick < 0) {
                    profile = e.getKey();
                    break;
                }
            }
        }
        Subject ps = r.profileOf.get(profile);
        String id;
        String name;
        if (ps.kind() == SubjectKind.PERSON) {
            id = String.format(
                    "%s%04d%02d%02d%03d%d",
                    ps.householdRegion() == null ? "110117" : ps.householdRegion(),
                    1960 + s.nextInt(45),
                    1 + s.nextInt(12),
                    1 + s.nextInt(28),
                    s.nextInt(1000),
                    s.nextInt(10));
            name = SURNAMES[s.nextInt(SURNAMES.length)] + GIVEN[s.nextInt(GIVEN.length)];
        } else {
            String region = ps.registeredRegion() == null ? "110117" : ps.registeredRegion();
            StringBuilder sb = new StringBuilder(ps.kind() == SubjectKind.INSTITUTION ? "12" : "91").append(region);
            for (int i = 0; i < 10; i++) {
                sb.append(USCC.charAt(s.nextInt(USCC.length())));
            }
            id = sb.toString();
            String place = region.startsWith("1101") ? "北京" : "金华";
            name = switch (ps.kind()) {
                case INSTITUTION -> place + WORDS[s.nextInt(WORDS.length)] + "研究院";
                case OTHER_ORG -> place + WORDS[s.nextInt(WORDS.length)] + "行业协会";
                case SERVICE_AGENCY -> place + WORDS[s.nextInt(WORDS.length)] + "知识产权代理有限公司";
                default ->
                    place
                            + WORDS[s.nextInt(WORDS.length)]
                            + WORDS[s.nextInt(WORDS.length)]
                            + TRADES[s.nextInt(TRADES.length)];
            };
        }
        return new SubjectProfile(no, id, name, ps, profile, s.nextInt(1 << 20));
    }

    /** A subject keeps coming back to the same few measures: half its claims are of its two favourites. */
    private static int subjectTemplate(SubjectProfile sp, SplittableRandom rnd, int size) {
        if (rnd.nextBoolean()) {
            return (sp.bias + (rnd.nextBoolean() ? 0 : 7)) % size;
        }
        return rnd.nextInt(size);
    }

    private ClaimRow row(
            PolicyRound r, Template t, SubjectProfile sp, String appNo, Instant at, int seq, SplittableRandom rnd) {
        Map<String, Object> facts = new LinkedHashMap<>();
        boolean drop = rnd.nextInt(100) < 4 && !t.claim.facts().isEmpty();
        String dropped = null;
        if (drop) {
            List<String> names = new ArrayList<>(t.claim.facts().keySet());
            dropped = names.get(rnd.nextInt(names.size()));
        }
        for (Map.Entry<String, Object> e : t.claim.facts().entrySet()) {
            if (e.getKey().equals(dropped)) {
                continue;
            }
            Measure.Fact f = t.measure.facts().get(e.getKey());
            facts.put(e.getKey(), f == null ? e.getValue() : vary(r, f, e.getValue(), sp, rnd));
        }
        List<String> materials = new ArrayList<>(t.measure.materials());
        int m = rnd.nextInt(100);
        if (m < 3) {
            materials = null;
        } else if (m < 10 && !materials.isEmpty()) {
            materials.remove(rnd.nextInt(materials.size()));
        }
        Subject p = sp.profileSubject;
        return new ClaimRow(
                appNo,
                at,
                seq,
                sp.id,
                sp.name,
                p.kind(),
                p.registeredRegion(),
                p.householdRegion(),
                p.servedRegions(),
                p.muGrade(),
                r.policy.id(),
                t.measure.id(),
                t.year,
                facts,
                materials == null ? null : List.copyOf(materials),
                null);
    }

    private static final BigDecimal[] SCALES = {
        new BigDecimal("0.3"),
        new BigDecimal("0.5"),
        new BigDecimal("0.8"),
        BigDecimal.ONE,
        BigDecimal.ONE,
        new BigDecimal("1.2"),
        new BigDecimal("1.5"),
        new BigDecimal("2"),
        new BigDecimal("3")
    };

    private Object vary(PolicyRound r, Measure.Fact f, Object v, SubjectProfile sp, SplittableRandom rnd) {
        switch (f.type()) {
            case MONEY: {
                BigDecimal d = decimal(v);
                if (d == null || d.signum() == 0 || rnd.nextInt(10) < 3) {
                    return v;
                }
                BigDecimal x = d.multiply(SCALES[rnd.nextInt(SCALES.length)]);
                // amounts as people state them: to the hundred yuan when large, to the yuan when small
                x = x.compareTo(new BigDecimal("10000")) >= 0
                        ? x.divide(new BigDecimal("100"), 0, RoundingMode.HALF_UP)
                                .multiply(new BigDecimal("100"))
                        : x.setScale(0, RoundingMode.HALF_UP);
                return clamp(f, x);
            }
            case INTEGER: {
                BigDecimal d = decimal(v);
                if (d == null || rnd.nextInt(10) < 4) {
                    return v;
                }
                BigDecimal x = d.add(BigDecimal.valueOf(rnd.nextInt(7) - 3)).max(BigDecimal.ZERO);
                return clamp(f, x);
            }
            case ENUM:
                if (rnd.nextInt(10) < 3 && !f.values().isEmpty()) {
                    List<String> vs = new ArrayList<>(f.values().keySet());
                    return vs.get(rnd.nextInt(vs.size()));
                }
                return v;
            case BOOLEAN:
                return rnd.nextInt(100) < 4 && v instanceof Boolean b ? !b : v;
            case TEXT: {
                String s = String.valueOf(v);
                if (r.crossKeys.contains(f.name())) {
                    // shared across subjects: a handful of alliances and stations, patents and marks now and then
                    // reused
                    int shared = f.name().contains("alliance")
                                    || f.name().contains("station")
                                    || f.name().contains("zone")
                                    || f.name().contains("market")
                                    || f.name().contains("site")
                            ? 40
                            : 0;
                    if (shared > 0) {
                        return s + "（" + (1 + rnd.nextInt(shared)) + "）";
                    }
                    return rnd.nextInt(100) < 3
                            ? s + "-" + rnd.nextInt(100)
                            : s + "-" + (100 + rnd.nextInt(1_000_000_000));
                }
                if (r.subjectKeys.contains(f.name())) {
                    // within a subject: the same project or case now and then claimed again
                    return s + "-" + (1 + rnd.nextInt(4));
                }
                return v;
            }
            default:
                return v;
        }
    }

    private static BigDecimal clamp(Measure.Fact f, BigDecimal x) {
        if (f.min() != null && x.compareTo(f.min()) < 0) {
            x = f.min();
        }
        if (f.max() != null && x.compareTo(f.max()) > 0) {
            x = f.max();
        }
        return x;
    }

    private static BigDecimal decimal(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static final String USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "涛", "明", "超", "霞"};
    private static final String[] WORDS = {
        "华科", "中晟", "金瑞", "博远", "恒信", "联创", "智达", "东方", "新元", "正泰", "鼎盛", "汇丰", "天润", "宏图", "卓越", "启明", "永安", "嘉禾",
        "瑞丰", "银河", "长城", "蓝海", "青峰", "明德"
    };
    private static final String[] TRADES = {
        "科技有限公司", "生物科技有限公司", "电子有限公司", "新材料股份有限公司", "食品有限公司", "机械制造有限公司", "信息技术有限公司", "农业发展有限公司"
    };
}

package org.ipaward.cli;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ipaward.cli.JsonInput.Node;
import org.ipaward.engine.InputException;
import org.ipaward.engine.Problem;
import org.ipaward.engine.calc.Calculation;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.calc.CityAward;
import org.ipaward.engine.calc.Claim;
import org.ipaward.engine.calc.Ledger;
import org.ipaward.engine.calc.LedgerEntry;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;

/**
 * Maps a JSON input (the shape of a policy case without {@code name} and {@code expect}) to a
 * {@link CalculationRequest}. Every problem names the file, the line, the field path, the value and the rule;
 * all problems of the input are collected before anything is calculated.
 */
final class RequestReader {
    static final List<String> TOP = List.of("as_of", "subject", "ledger", "parameters", "claims");
    static final List<String> SUBJECT =
            List.of("id", "name", "kind", "registered_region", "household_region", "served_regions", "mu_grade");
    static final List<String> CLAIM = List.of("id", "policy", "measure", "year", "facts", "materials", "city_award");
    static final List<String> LEDGER = List.of("policy", "measure", "subject", "year", "amount", "keys");
    static final List<String> CITY = List.of("applicable", "amount", "needs_district_match", "district_share");

    private final JsonInput.Parsed doc;
    private final Collection<Policy> policies;
    private final List<Problem> problems = new ArrayList<>();
    /** The engine names a claim by its id, or {@code claims[i]}: back to the index, for field paths. */
    private final Map<String, Integer> claimIndex = new HashMap<>();

    private RequestReader(JsonInput.Parsed doc, Collection<Policy> policies) {
        this.doc = doc;
        this.policies = policies;
    }

    /**
     * Reads a calculation request and calculates it. The engine's own checks of the claims (declared facts,
     * types, bounds, materials) run even when the file has other problems, so that every problem is listed at once.
     *
     * @throws InputException with every problem found, placed in the file
     */
    static Result calculate(
            String text, String file, Calculator calculator, Collection<Policy> policies, LocalDate today) {
        RequestReader r = new RequestReader(JsonInput.parse(text, file), policies);
        CalculationRequest req = r.request(today);
        Calculation calculation = null;
        if (req != null && req.subject() != null && req.subject().kind() != null) {
            try {
                calculation = calculator.calculate(req);
            } catch (InputException e) {
                r.problems.addAll(r.place(e).problems());
            }
        }
        if (!r.problems.isEmpty()) {
            r.problems.sort(Comparator.comparingInt(Problem::line));
            throw new InputException(r.problems);
        }
        return new Result(req, calculation);
    }

    /** A request and its calculation. */
    record Result(CalculationRequest request, Calculation calculation) {}

    /** A subject profile for matching, from {@code {"as_of", "subject"}} or a bare subject object. */
    record Profile(Subject subject, LocalDate asOf) {}

    static Profile profile(String text, String file, LocalDate asOfOption, LocalDate today) {
        RequestReader r = new RequestReader(JsonInput.parse(text, file), List.of());
        Node root = r.doc.root();
        Subject subject = null;
        LocalDate asOf = asOfOption;
        if (!root.isObject()) {
            r.add(
                    "",
                    "input.not-an-object",
                    "输入应为 JSON 对象（主体，或含 subject 的对象），实际为“" + root.show() + "”",
                    "the input must be an object");
        } else if (root.fields().containsKey("subject")) {
            // A calculation file works too: matching reads its subject and as-of date and leaves the claims aside.
            r.only(root, TOP);
            LocalDate d = r.date(root, "as_of");
            asOf = asOf != null ? asOf : d;
            subject = r.subject(root.fields().get("subject"));
        } else {
            subject = r.subject(root);
        }
        if (!r.problems.isEmpty()) {
            throw new InputException(r.problems);
        }
        return new Profile(subject, asOf == null ? today : asOf);
    }

    /** The engine's problems, placed in the input file with full field paths and lines. */
    private InputException place(InputException e) {
        List<Problem> out = new ArrayList<>();
        for (Problem p : e.problems()) {
            String path = p.field();
            String where = p.where();
            if (where != null && claimIndex.containsKey(where)) {
                String prefix = "claims[" + claimIndex.get(where) + "]";
                path = path == null ? prefix : prefix + "." + path;
                where = where.startsWith("claims[") ? null : where;
            }
            out.add(new Problem(doc.file(), doc.line(path), where, path, p.key(), p.zh(), p.en()));
        }
        return new InputException(out);
    }

    // ---- the request ----

    private CalculationRequest request(LocalDate today) {
        Node root = doc.root();
        if (!root.isObject()) {
            add("", "input.not-an-object", "输入应为 JSON 对象，实际为“" + root.show() + "”", "the input must be an object");
            return null;
        }
        only(root, TOP);
        Map<String, Node> f = root.fields();
        LocalDate asOf = date(root, "as_of");
        Subject subject = null;
        if (f.get("subject") == null) {
            add("subject", "input.required", "缺少申报主体 subject", "subject is required");
        } else {
            subject = subject(f.get("subject"));
        }
        String subjectId = subject == null ? "subject" : subject.id();
        List<LedgerEntry> ledger = ledger(f.get("ledger"), subjectId);
        Map<String, Object> parameters = parameters(f.get("parameters"));
        List<Claim> claims = claims(f.get("claims"));
        return new CalculationRequest(
                asOf == null ? today : asOf, subject, claims, Ledger.of(ledger), parameters, true);
    }

    private Subject subject(Node n) {
        if (!object(n, "主体")) {
            return null;
        }
        only(n, SUBJECT);
        Node kn = n.fields().get("kind");
        String kindText = string(n, "kind");
        SubjectKind kind = null;
        if (kn == null || kn.isNull()) {
            add(child(n, "kind"), "input.required", "缺少主体类型 kind，可选：" + kinds(), "kind is required");
        } else if (kindText != null) {
            kind = SubjectKind.fromId(kindText);
            if (kind == null) {
                add(
                        child(n, "kind"),
                        "subject.unknown-kind",
                        "未知主体类型“" + kindText + "”，可选：" + kinds(),
                        "unknown subject kind");
            }
        }
        List<String> served = strings(n, "served_regions");
        return new Subject(
                string(n, "id"),
                string(n, "name"),
                kind,
                region(n, "registered_region"),
                region(n, "household_region"),
                served,
                string(n, "mu_grade"));
    }

    private static String kinds() {
        return Arrays.stream(SubjectKind.values())
                .map(k -> k.id() + "（" + k.label().zh() + "）")
                .collect(Collectors.joining("、"));
    }

    private String region(Node n, String key) {
        Node v = n.fields().get(key);
        if (v != null && v.value() instanceof BigDecimal d) {
            add(
                    v.path(),
                    "input.region-not-text",
                    "行政区划代码“" + d.toPlainString() + "”须写成带引号的文本，如 \"110117\"",
                    "region codes are text");
            return null;
        }
        return string(n, key);
    }

    private List<LedgerEntry> ledger(Node n, String subjectId) {
        List<LedgerEntry> out = new ArrayList<>();
        if (n == null || n.isNull() || !list(n, "已获奖补台账")) {
            return out;
        }
        for (Node e : n.items()) {
            if (!object(e, "台账记录")) {
                continue;
            }
            only(e, LEDGER);
            String policy = required(e, "policy", "政策编号");
            String measure = required(e, "measure", "措施编号");
            Integer year = year(e);
            BigDecimal amount = money(e, "amount", true);
            String subj = has(e, "subject") ? string(e, "subject") : subjectId;
            Map<String, String> keys = new LinkedHashMap<>();
            Node k = e.fields().get("keys");
            if (k != null && !k.isNull() && object(k, "对象键")) {
                for (Map.Entry<String, Node> kv : k.fields().entrySet()) {
                    Object v = kv.getValue().value();
                    if (v instanceof String s) {
                        keys.put(kv.getKey(), s);
                    } else if (v instanceof BigDecimal d) {
                        keys.put(kv.getKey(), d.stripTrailingZeros().toPlainString());
                    } else {
                        add(
                                kv.getValue().path(),
                                "input.not-text",
                                "“" + kv.getValue().show() + "”应为文本",
                                "must be text");
                    }
                }
            }
            // A misspelt ledger entry would silently miss every cap scope and overpay: refuse it.
            Policy known = policy == null
                    ? null
                    : policies.stream()
                            .filter(p -> p.id().equals(policy))
                            .findFirst()
                            .orElse(null);
            if (policy != null && known == null) {
                add(
                        e.path() + ".policy",
                        "ledger.unknown-policy",
                        "台账记录的政策“" + policy + "”不存在，可用："
                                + policies.stream().map(Policy::id).toList(),
                        "unknown policy in the ledger");
            } else if (known != null && measure != null && known.measure(measure) == null) {
                add(
                        e.path() + ".measure",
                        "ledger.unknown-measure",
                        "台账记录的措施“" + measure + "”不是政策 " + policy + " 的措施",
                        "unknown measure in the ledger");
            }
            if (policy != null && measure != null && year != null && amount != null) {
                out.add(new LedgerEntry(policy, measure, subj == null ? subjectId : subj, year, amount, keys));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parameters(Node n) {
        if (n == null || n.isNull() || !object(n, "参数覆盖")) {
            return Map.of();
        }
        return (Map<String, Object>) n.plain();
    }

    private List<Claim> claims(Node n) {
        List<Claim> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            add("claims", "input.required", "缺少申报事项 claims（至少一项）", "claims is required");
            return out;
        }
        if (!list(n, "申报事项")) {
            return out;
        }
        if (n.items().isEmpty()) {
            add(n.path(), "input.required", "申报事项 claims 为空，至少应有一项", "at least one claim is required");
        }
        for (int i = 0; i < n.items().size(); i++) {
            Node c = n.items().get(i);
            Claim claim = claim(c, i);
            if (claim != null) {
                out.add(claim);
                // The engine names a claim without id by its place in the request, which skips broken claims.
                String id = claim.id() != null ? claim.id() : "claims[" + (out.size() - 1) + "]";
                if (claimIndex.putIfAbsent(id, i) != null) {
                    add(
                            child(c, "id"),
                            "input.duplicate-claim-id",
                            "申报编号“" + id + "”重复，每项申报的 id 须唯一",
                            "claim ids must be unique");
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Claim claim(Node n, int index) {
        if (!object(n, "申报事项")) {
            return null;
        }
        only(n, CLAIM);
        String id = string(n, "id");
        String measure = required(n, "measure", "措施编号");
        String policy = has(n, "policy") ? required(n, "policy", "政策编号") : inferPolicy(n, measure);
        Integer year = year(n);
        Map<String, Object> facts = Map.of();
        Node fn = n.fields().get("facts");
        if (fn != null && !fn.isNull() && object(fn, "事实")) {
            facts = (Map<String, Object>) fn.plain();
        }
        List<String> materials =
                has(n, "materials") && !n.fields().get("materials").isNull() ? strings(n, "materials") : null;
        CityAward city = null;
        Node cn = n.fields().get("city_award");
        if (cn != null && !cn.isNull() && object(cn, "市级奖补结果")) {
            only(cn, CITY);
            city = new CityAward(
                    bool(cn, "applicable"),
                    money(cn, "amount", false),
                    bool(cn, "needs_district_match"),
                    money(cn, "district_share", false));
        }
        if (measure == null || year == null || policy == null) {
            return null;
        }
        return new Claim(id, policy, measure, year, facts, materials, city);
    }

    /** Measure ids are unique across the bundled policies, so a claim may leave out its policy. */
    private String inferPolicy(Node claim, String measure) {
        if (measure == null) {
            return null;
        }
        List<String> found = policies.stream()
                .filter(p -> p.measure(measure) != null)
                .map(Policy::id)
                .toList();
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            add(
                    child(claim, "measure"),
                    "claim.unknown-measure",
                    "未知措施“" + measure + "”，已加载的政策中都没有该措施（可用 ipaward policies 查看）",
                    "unknown measure");
        } else {
            add(
                    child(claim, "policy"),
                    "input.required",
                    "措施“" + measure + "”见于多项政策 " + found + "，须写明 policy",
                    "policy is required");
        }
        return null;
    }

    // ---- typed fields ----

    private boolean object(Node n, String what) {
        if (n.isObject()) {
            return true;
        }
        add(n.path(), "input.not-an-object", what + "应为 JSON 对象 {…}，实际为“" + n.show() + "”", "must be an object");
        return false;
    }

    private boolean list(Node n, String what) {
        if (n.value() instanceof List) {
            return true;
        }
        add(n.path(), "input.not-a-list", what + "应为 JSON 数组 […]，实际为“" + n.show() + "”", "must be an array");
        return false;
    }

    private void only(Node n, List<String> allowed) {
        for (Map.Entry<String, Node> e : n.fields().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                add(
                        e.getValue().path(),
                        "input.unknown-field",
                        "未知字段“" + e.getKey() + "”，可用字段：" + allowed,
                        "unknown field");
            }
        }
    }

    private static boolean has(Node n, String key) {
        return n.fields().containsKey(key);
    }

    private static String child(Node n, String key) {
        return n.path().isEmpty() ? key : n.path() + "." + key;
    }

    private String string(Node n, String key) {
        Node v = n.fields().get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.value() instanceof String s) {
            return s;
        }
        add(v.path(), "input.not-text", "“" + v.show() + "”应为文本（加双引号）", "must be text");
        return null;
    }

    private String required(Node n, String key, String what) {
        String s = string(n, key);
        if (s == null && (!has(n, key) || n.fields().get(key).isNull())) {
            add(child(n, key), "input.required", "缺少" + what + " " + key, key + " is required");
        }
        return s;
    }

    private Integer year(Node n) {
        Node v = n.fields().get("year");
        if (v == null || v.isNull()) {
            add(child(n, "year"), "input.required", "缺少事项年度 year（如 2025）", "year is required");
            return null;
        }
        if (v.value() instanceof BigDecimal d
                && d.stripTrailingZeros().scale() <= 0
                && d.abs().compareTo(BigDecimal.valueOf(9999)) <= 0) {
            return d.intValueExact();
        }
        add(v.path(), "input.not-a-year", "事项年度“" + v.show() + "”应为四位整数年份（不加引号），如 2025", "year must be a whole number");
        return null;
    }

    private BigDecimal money(Node n, String key, boolean required) {
        Node v = n.fields().get(key);
        if (v == null || v.isNull()) {
            if (required) {
                add(child(n, key), "input.required", "缺少金额 " + key, key + " is required");
            }
            return null;
        }
        BigDecimal d = null;
        if (v.value() instanceof BigDecimal b) {
            d = b;
        } else if (v.value() instanceof String s) {
            try {
                d = new BigDecimal(s.trim().replace(",", ""));
            } catch (NumberFormatException e) {
                d = null;
            }
        }
        if (d == null || d.signum() < 0 || d.stripTrailingZeros().scale() > 2) {
            add(
                    v.path(),
                    "input.not-money",
                    "金额“" + v.show() + "”应为非负数、最多两位小数（元）",
                    "money: a non-negative decimal with at most 2 places");
            return null;
        }
        return d;
    }

    private Boolean bool(Node n, String key) {
        Node v = n.fields().get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.value() instanceof Boolean b) {
            return b;
        }
        add(v.path(), "input.not-boolean", "“" + v.show() + "”应为 true 或 false（不加引号）", "must be true or false");
        return null;
    }

    private List<String> strings(Node n, String key) {
        Node v = n.fields().get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!list(v, key)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Node item : v.items()) {
            if (item.value() instanceof String s) {
                out.add(s);
            } else {
                add(item.path(), "input.not-text", "列表项“" + item.show() + "”应为文本（加双引号）", "list items must be text");
            }
        }
        return out;
    }

    private LocalDate date(Node n, String key) {
        Node v = n.fields().get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.value() instanceof String s) {
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        add(
                v.path(),
                "input.not-a-date",
                "日期“" + v.show() + "”应写成 \"YYYY-MM-DD\"，如 \"2026-03-01\"",
                "must be a YYYY-MM-DD date");
        return null;
    }

    private void add(String path, String key, String zh, String en) {
        problems.add(new Problem(
                doc.file(), doc.line(path), null, path == null || path.isEmpty() ? null : path, key, zh, en));
    }
}

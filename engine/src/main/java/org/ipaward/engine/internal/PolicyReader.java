package org.ipaward.engine.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ipaward.engine.expr.Expr;
import org.ipaward.engine.expr.ExpressionException;
import org.ipaward.engine.expr.Scope;
import org.ipaward.engine.expr.Type;
import org.ipaward.engine.model.AwardRule;
import org.ipaward.engine.model.Cite;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Measure.Cap;
import org.ipaward.engine.model.Measure.CapKind;
import org.ipaward.engine.model.Measure.Fact;
import org.ipaward.engine.model.Measure.FactType;
import org.ipaward.engine.model.Parameter;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.engine.model.Text;

/** Reads one policy file into the model, checking everything that can be checked before a claim arrives. */
public final class PolicyReader {
    /** The kinds of IP right a policy may name ({@code applicants.ip_kinds}, the {@code right_kind} fact). */
    public static final List<String> IP_KINDS =
            List.of("patent", "trademark", "copyright", "geographical_indication", "trade_secret", "other");

    public static final String RIGHT_KIND = "right_kind";
    /** The readings of 就高不就低 the calculator implements; see docs/policy-format.md. */
    public static final List<String> STACKING_READINGS = List.of("higher_of", "higher_of_totals");

    public static final String FIRST_HOLDER = "first_rights_holder";

    private final Problems problems;
    private Map<String, Parameter> parameters = Map.of();

    public PolicyReader(Problems problems) {
        this.problems = problems;
    }

    public Policy read(YNode root) {
        YMap top = YMap.of(root, problems, "");
        if (top == null) {
            return null;
        }
        top.only(
                "policy",
                "applicants",
                "materials",
                "parameters",
                "interpretations",
                "measures",
                "adjustments",
                "stacking",
                "indicators");
        YMap meta = top.map("policy", true);
        if (meta == null) {
            return null;
        }
        meta.only(
                "id",
                "title",
                "authority",
                "region",
                "document_number",
                "published",
                "effective",
                "status",
                "source",
                "currency",
                "rounding",
                "matter_year_offset",
                "cite");
        String id = meta.string("id", true);
        if (id != null && !id.matches("[a-z0-9][a-z0-9-]*")) {
            meta.problem("id", "policy.bad-id", "政策编号只能含小写字母、数字和连字符", "lowercase letters, digits and '-' only");
        }
        Text title = meta.text("title", true);
        Text authority = meta.text("authority", true);
        Policy.Region region = readRegion(meta.map("region", true));
        LocalDate published = meta.date("published", false);
        YMap eff = meta.map("effective", true);
        LocalDate from = null;
        LocalDate to = null;
        Cite effectiveCite = null;
        if (eff != null) {
            eff.only("from", "to", "cite");
            from = eff.date("from", true);
            to = eff.date("to", false);
            effectiveCite = readCite(eff.map("cite", false));
            if (from != null && to != null && to.isBefore(from)) {
                eff.problem("to", "policy.bad-period", "失效日期早于生效日期", "effective.to is before effective.from");
            }
        }
        Policy.Status status = enumValue(meta, "status", Policy.Status.class, true);
        String currency = meta.string("currency", false);
        if (currency != null && !currency.equals("CNY")) {
            meta.problem("currency", "policy.currency", "仅支持人民币 CNY", "only CNY is supported");
        }
        Policy.Rounding rounding = readRounding(meta.map("rounding", true));
        Integer offset = meta.integer("matter_year_offset", false);
        Cite cite = readCite(meta.map("cite", false));

        Map<String, Policy.Material> materials = readMaterials(top.map("materials", false));
        Policy.Applicants applicants = readApplicants(top.map("applicants", true));
        parameters = readParameters(top.map("parameters", false));
        List<Policy.Adjustment> adjustments = readAdjustments(top.list("adjustments", false));
        Policy.Stacking stacking = readStacking(top.map("stacking", false));
        List<Policy.Indicator> indicators = readIndicators(top.list("indicators", false));
        List<Measure.Interpretation> interpretations = readInterpretations(top, "interpretations");

        List<Measure> measures = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YNode n : top.list("measures", true)) {
            Measure m = readMeasure(n, applicants, materials);
            if (m != null) {
                if (!ids.add(m.id())) {
                    problems.add(n, "measures", "measure.duplicate-id", "措施编号重复：" + m.id(), "duplicate measure id");
                }
                measures.add(m);
            }
        }
        problems.where(null);
        if (!problems.isEmpty() || id == null) {
            return null;
        }
        return new Policy(
                id,
                title,
                authority,
                region,
                meta.string("document_number", false),
                published,
                from,
                to,
                status,
                meta.string("source", false),
                rounding,
                offset,
                cite,
                effectiveCite,
                applicants,
                materials,
                parameters,
                interpretations,
                List.copyOf(measures),
                adjustments,
                stacking,
                indicators,
                problems.file());
    }

    private Policy.Region readRegion(YMap m) {
        if (m == null) {
            return null;
        }
        m.only("code", "zh", "en");
        String code = m.string("code", true);
        if (code != null && !code.matches("\\d{6}")) {
            m.problem("code", "policy.region-code", "区划代码应为6位数字（GB/T 2260）", "a 6-digit GB/T 2260 code is expected");
        }
        String zh = m.string("zh", true);
        return zh == null ? null : new Policy.Region(code, new Text(zh, m.string("en", false)));
    }

    private Policy.Rounding readRounding(YMap m) {
        if (m == null) {
            return null;
        }
        m.only("scale", "mode");
        Integer scale = m.integer("scale", true);
        String mode = m.string("mode", true);
        RoundingMode rm = null;
        if (mode != null) {
            try {
                rm = RoundingMode.valueOf(mode);
            } catch (IllegalArgumentException e) {
                m.problem("mode", "policy.rounding-mode", "未知舍入方式“" + mode + "”，如 HALF_UP", "unknown rounding mode");
            }
        }
        if (scale != null && (scale < 0 || scale > 2)) {
            m.problem("scale", "policy.rounding-scale", "舍入位数应为0到2（元、角、分）", "scale must be 0..2");
        }
        return scale == null || rm == null ? null : new Policy.Rounding(scale, rm);
    }

    private Cite readCite(YMap m) {
        if (m == null) {
            return null;
        }
        m.only("clause", "quote");
        return new Cite(m.string("clause", true), m.string("quote", false));
    }

    private Map<String, Policy.Material> readMaterials(YMap m) {
        Map<String, Policy.Material> out = new LinkedHashMap<>();
        if (m == null) {
            return out;
        }
        for (String key : m.entries().keySet()) {
            YMap mm = m.map(key, true);
            if (mm == null) {
                continue;
            }
            mm.only("zh", "en", "clause");
            String zh = mm.string("zh", true);
            if (zh != null) {
                out.put(
                        key,
                        new Policy.Material(key, new Text(zh, mm.string("en", false)), mm.string("clause", false)));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private Policy.Applicants readApplicants(YMap m) {
        if (m == null) {
            return new Policy.Applicants(EnumSet.allOf(SubjectKind.class), List.of(), false, null, null);
        }
        m.only("kinds", "region", "first_rights_holder_only", "ip_kinds", "cite");
        Set<SubjectKind> kinds = kinds(m, "kinds");
        List<Policy.RegionRule> rules = new ArrayList<>();
        for (YNode n : m.list("region", false)) {
            YMap r = YMap.of(n, problems, m.child("region"));
            if (r == null) {
                continue;
            }
            r.only("basis", "kinds");
            Policy.RegionBasis basis = enumValue(r, "basis", Policy.RegionBasis.class, true);
            Set<SubjectKind> rk = r.has("kinds") ? kinds(r, "kinds") : kinds;
            if (basis != null) {
                rules.add(new Policy.RegionRule(basis, rk));
            }
        }
        Set<String> ip = null;
        if (m.has("ip_kinds")) {
            ip = new LinkedHashSet<>(m.strings("ip_kinds"));
            for (String k : ip) {
                if (!IP_KINDS.contains(k)) {
                    m.problem(
                            "ip_kinds", "applicants.ip-kind", "未知知识产权种类“" + k + "”，可用：" + IP_KINDS, "unknown IP kind");
                }
            }
        }
        return new Policy.Applicants(
                kinds,
                List.copyOf(rules),
                m.bool("first_rights_holder_only", false),
                ip,
                readCite(m.map("cite", false)));
    }

    private Set<SubjectKind> kinds(YMap m, String key) {
        Set<SubjectKind> out = EnumSet.noneOf(SubjectKind.class);
        for (String s : m.strings(key)) {
            SubjectKind k = SubjectKind.fromId(s);
            if (k == null) {
                m.problem(
                        key,
                        "applicants.unknown-kind",
                        "未知主体类型“" + s + "”，可用：enterprise, institution, other_org, person, service_agency",
                        "unknown subject kind");
            } else {
                out.add(k);
            }
        }
        return out;
    }

    private Map<String, Parameter> readParameters(YMap m) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        if (m == null) {
            return out;
        }
        for (String name : m.entries().keySet()) {
            problems.where("parameter " + name);
            YMap p = m.map(name, true);
            if (p == null) {
                continue;
            }
            p.only("label", "type", "unit", "options", "cite", "values");
            if (!name.matches("[a-z][a-z0-9_]*")) {
                p.problem("label", "parameter.bad-name", "参数名只能含小写字母、数字和下划线", "lowercase, digits and '_' only");
            }
            Parameter.Kind kind = enumValue(p, "type", Parameter.Kind.class, true);
            // options: a list of values, or a map of values to their labels ({zh, en}) for explanations
            List<String> options = null;
            Map<String, Text> optionLabels = Map.of();
            YNode optionsNode = p.node("options");
            if (optionsNode != null && optionsNode.isMap()) {
                YMap om = p.map("options", true);
                Map<String, Text> labels = new LinkedHashMap<>();
                for (String v : om.entries().keySet()) {
                    labels.put(v, om.text(v, true));
                }
                options = List.copyOf(labels.keySet());
                optionLabels = Collections.unmodifiableMap(labels);
            } else if (p.has("options")) {
                options = List.copyOf(p.strings("options"));
            }
            YMap values = p.map("values", true);
            TreeMap<LocalDate, Object> dated = new TreeMap<>();
            if (values != null && kind != null) {
                LocalDate last = null;
                Map<String, Integer> lines = values.self().keyLines();
                for (Map.Entry<String, YNode> e : values.entries().entrySet()) {
                    LocalDate d = values.parseDate(e.getValue(), e.getKey(), values.child(e.getKey()));
                    if (d == null) {
                        continue;
                    }
                    if (last != null && !d.isAfter(last)) {
                        problems.add(
                                lines.getOrDefault(e.getKey(), 0),
                                values.child(e.getKey()),
                                "parameter.dates-order",
                                "日期须按先后顺序排列",
                                "dated values must be in ascending order");
                    }
                    last = d;
                    dated.put(
                            d,
                            e.getValue().isNull()
                                    ? null
                                    : paramValue(kind, options, e.getValue(), values.child(e.getKey())));
                }
                if (dated.isEmpty()) {
                    values.problem("values", "parameter.no-values", "参数至少需要一个带日期的值", "at least one dated value");
                }
            }
            if (kind != null) {
                out.put(
                        name,
                        new Parameter(
                                name,
                                p.text("label", true),
                                kind,
                                p.string("unit", false),
                                options,
                                optionLabels,
                                readCite(p.map("cite", true)),
                                Collections.unmodifiableNavigableMap(dated)));
            }
        }
        problems.where(null);
        return Collections.unmodifiableMap(out);
    }

    private Object paramValue(Parameter.Kind kind, List<String> options, YNode n, String field) {
        switch (kind) {
            case TABLE: {
                YMap t = YMap.of(n, problems, field);
                if (t == null) {
                    return null;
                }
                Map<String, BigDecimal> table = new LinkedHashMap<>();
                for (Map.Entry<String, YNode> e : t.entries().entrySet()) {
                    BigDecimal d = scalarDecimal(e.getValue(), t.child(e.getKey()));
                    if (d != null) {
                        table.put(e.getKey(), d);
                    }
                }
                return Collections.unmodifiableMap(table);
            }
            case LIST: {
                if (!n.isList()) {
                    problems.add(n, field, "yaml.not-a-list", "此处应为列表", "a list is expected");
                    return null;
                }
                List<String> l = new ArrayList<>();
                for (YNode i : n.items()) {
                    if (!i.isScalar()) {
                        problems.add(i, field, "yaml.not-a-scalar", "列表项应为单个值", "list items must be values");
                        return null;
                    }
                    l.add(i.text());
                }
                return List.copyOf(l);
            }
            case TEXT: {
                String s = n.text();
                if (s != null && options != null && !options.contains(s)) {
                    problems.add(
                            n,
                            field,
                            "parameter.bad-option",
                            "“" + s + "”不在可选值" + options + "中",
                            "value not among options");
                }
                return s;
            }
            case BOOLEAN: {
                String s = n.text();
                if (!"true".equals(s) && !"false".equals(s)) {
                    problems.add(n, field, "yaml.bad-boolean", "应为 true 或 false", "true or false expected");
                    return null;
                }
                return Boolean.valueOf(s);
            }
            case DATE:
                try {
                    return LocalDate.parse(n.text());
                } catch (RuntimeException e) {
                    problems.add(n, field, "yaml.bad-date", "日期无效，应为 YYYY-MM-DD", "invalid date");
                    return null;
                }
            default: {
                BigDecimal d = scalarDecimal(n, field);
                if (d != null && kind == Parameter.Kind.RATIO && (d.signum() < 0 || d.compareTo(BigDecimal.TEN) > 0)) {
                    problems.add(
                            n,
                            field,
                            "parameter.ratio-range",
                            "比例应写成小数（50% 写作 0.5）",
                            "ratios are decimals: 50% is 0.5");
                }
                return d;
            }
        }
    }

    private BigDecimal scalarDecimal(YNode n, String field) {
        if (!n.isScalar()) {
            problems.add(n, field, "yaml.not-a-scalar", "此处应为数值", "a number is expected");
            return null;
        }
        return YMap.parseDecimal(n, n.text(), field, problems);
    }

    private List<Policy.Adjustment> readAdjustments(List<YNode> nodes) {
        List<Policy.Adjustment> out = new ArrayList<>();
        Scope scope = scope(Map.of());
        for (YNode n : nodes) {
            YMap a = YMap.of(n, problems, "adjustments");
            if (a == null) {
                continue;
            }
            a.only("id", "kind", "factor", "stage", "zh", "en", "cite");
            String kind = a.string("kind", true);
            if (kind != null && !kind.equals("factor")) {
                a.problem("kind", "adjustment.kind", "调整方式仅支持 factor（系数）", "only kind: factor is supported");
            }
            String src = a.string("factor", true);
            Expr factor = compile(a, "factor", src, scope, Type.NUMBER);
            Policy.Adjustment.Stage stage = a.has("stage")
                    ? enumValue(a, "stage", Policy.Adjustment.Stage.class, true)
                    : Policy.Adjustment.Stage.BEFORE_CAPS;
            String zh = a.string("zh", true);
            if (factor != null && zh != null) {
                out.add(new Policy.Adjustment(
                        a.string("id", true),
                        factor,
                        src,
                        stage,
                        new Text(zh, a.string("en", false)),
                        readCite(a.map("cite", false))));
            }
        }
        return List.copyOf(out);
    }

    private Policy.Stacking readStacking(YMap m) {
        if (m == null) {
            return null;
        }
        m.only("kind", "match_reading", "zh", "en", "cite");
        String kind = m.string("kind", true);
        if (kind != null && !kind.equals("city_first")) {
            m.problem("kind", "stacking.kind", "叠加规则仅支持 city_first", "only kind: city_first is supported");
        }
        String reading = m.string("match_reading", true);
        if (reading != null) {
            Parameter p = parameters.get(reading);
            if (p == null || p.kind() != Parameter.Kind.TEXT) {
                m.problem("match_reading", "stacking.reading", "match_reading 须为文本型参数名", "must name a text parameter");
            } else if (p.options() == null || !STACKING_READINGS.containsAll(p.options())) {
                m.problem(
                        "match_reading",
                        "stacking.reading-options",
                        "参数 " + reading + " 须声明 options，且只能取 " + STACKING_READINGS,
                        "options must be among " + STACKING_READINGS);
            }
        }
        String zh = m.has("zh") ? m.string("zh", true) : null;
        return new Policy.Stacking(
                reading,
                zh == null ? new Text("优先申报市级政策，就高不就低", "") : new Text(zh, m.string("en", false)),
                readCite(m.map("cite", false)));
    }

    private List<Policy.Indicator> readIndicators(List<YNode> nodes) {
        List<Policy.Indicator> out = new ArrayList<>();
        for (YNode n : nodes) {
            YMap a = YMap.of(n, problems, "indicators");
            if (a == null) {
                continue;
            }
            a.only("id", "zh", "en", "target", "unit", "clause");
            String zh = a.string("zh", true);
            if (zh != null) {
                out.add(new Policy.Indicator(
                        a.string("id", true),
                        new Text(zh, a.string("en", false)),
                        a.decimal("target", false),
                        a.string("unit", false),
                        a.string("clause", false)));
            }
        }
        return List.copyOf(out);
    }

    private Measure readMeasure(YNode node, Policy.Applicants applicants, Map<String, Policy.Material> materials) {
        YMap m = YMap.of(node, problems, "measures");
        if (m == null) {
            return null;
        }
        String id = m.string("id", true);
        problems.where(id);
        m.only(
                "id",
                "title",
                "clause",
                "quote",
                "category",
                "subjects",
                "rights",
                "facts",
                "conditions",
                "award",
                "caps",
                "materials",
                "interpretations",
                "indicator");
        Text title = m.text("title", true);
        String clause = m.string("clause", true);
        String quote = m.string("quote", true);
        Measure.Category category = enumValue(m, "category", Measure.Category.class, true);
        Set<SubjectKind> subjects = m.has("subjects") ? kinds(m, "subjects") : applicants.kinds();
        for (SubjectKind k : subjects) {
            if (!applicants.kinds().contains(k)) {
                m.problem(
                        "subjects",
                        "measure.subject-outside",
                        "主体类型“" + k.id() + "”不在政策适用对象内",
                        "subject kind outside applicants.kinds");
            }
        }
        Map<String, Fact> facts = new LinkedHashMap<>();
        Set<String> rightKinds = null;
        YMap rights = m.map("rights", false);
        if (rights != null) {
            rights.only("kinds");
            rightKinds = new LinkedHashSet<>(rights.strings("kinds"));
            for (String k : rightKinds) {
                if (!IP_KINDS.contains(k)) {
                    rights.problem("kinds", "measure.ip-kind", "未知知识产权种类“" + k + "”", "unknown IP kind");
                } else if (applicants.ipKinds() != null && !applicants.ipKinds().contains(k)) {
                    rights.problem(
                            "kinds",
                            "measure.ip-kind-scope",
                            "“" + k + "”不在政策支持的知识产权种类内",
                            "IP kind outside applicants.ip_kinds");
                }
            }
            Map<String, Text> rk = new LinkedHashMap<>();
            for (String k : IP_KINDS) {
                rk.put(k, new Text(ipKindZh(k), k));
            }
            facts.put(
                    RIGHT_KIND,
                    new Fact(
                            RIGHT_KIND,
                            FactType.ENUM,
                            new Text("知识产权种类", "Kind of IP right"),
                            null,
                            null,
                            null,
                            null,
                            rk,
                            true));
            facts.put(
                    FIRST_HOLDER,
                    new Fact(
                            FIRST_HOLDER,
                            FactType.BOOLEAN,
                            new Text("是否第一权利人", "First rights holder"),
                            null,
                            null,
                            null,
                            null,
                            null,
                            true));
        }
        YMap fm = m.map("facts", false);
        if (fm != null) {
            for (String name : fm.entries().keySet()) {
                Fact f = readFact(name, fm.map(name, true));
                if (f == null) {
                    continue;
                }
                if (parameters.containsKey(name)) {
                    fm.problem(name, "measure.name-clash", "事实名“" + name + "”与参数同名", "fact and parameter share a name");
                }
                if (facts.containsKey(name)) {
                    fm.problem(name, "measure.name-clash", "事实名“" + name + "”为系统保留", "reserved fact name");
                }
                facts.put(name, f);
            }
        }
        Scope scope = scope(facts);
        List<Measure.Condition> conditions = new ArrayList<>();
        Set<String> condIds = new HashSet<>();
        for (YNode n : m.list("conditions", false)) {
            YMap c = YMap.of(n, problems, m.child("conditions"));
            if (c == null) {
                continue;
            }
            c.only("id", "when", "zh", "en");
            String cid = c.string("id", true);
            if (cid != null && !condIds.add(cid)) {
                c.problem("id", "measure.duplicate-condition", "条件编号重复：" + cid, "duplicate condition id");
            }
            String src = c.string("when", true);
            Expr when = compile(c, "when", src, scope, Type.BOOLEAN);
            String zh = c.string("zh", true);
            if (when != null && zh != null && cid != null) {
                conditions.add(new Measure.Condition(cid, when, src, new Text(zh, c.string("en", false)), c.line()));
            }
        }
        boolean indicator = m.bool("indicator", false);
        AwardRule award = readAward(m.map("award", true), scope, facts);
        if (award instanceof AwardRule.None && !indicator) {
            m.problem(
                    "award",
                    "measure.no-award",
                    "award.kind 为 none 的措施须标明 indicator: true",
                    "kind none requires indicator: true");
        }
        List<Cap> caps = new ArrayList<>();
        for (YNode n : m.list("caps", false)) {
            Cap cap = readCap(n, m.child("caps"), scope, facts, id);
            if (cap != null) {
                caps.add(cap);
            }
        }
        checkCapsCanBind(m, award, caps);
        List<String> mats = m.strings("materials");
        for (String mat : mats) {
            if (!materials.containsKey(mat)) {
                m.problem(
                        "materials",
                        "measure.unknown-material",
                        "材料“" + mat + "”不在政策的 materials 目录中",
                        "material not in the catalogue");
            }
        }
        List<Measure.Interpretation> interps = readInterpretations(m, "interpretations");
        if (id == null || title == null || award == null || category == null) {
            return null;
        }
        return new Measure(
                id,
                title,
                clause,
                quote,
                category,
                Collections.unmodifiableSet(subjects),
                rightKinds == null ? null : Collections.unmodifiableSet(rightKinds),
                Collections.unmodifiableMap(facts),
                List.copyOf(conditions),
                award,
                List.copyOf(caps),
                List.copyOf(mats),
                List.copyOf(interps),
                indicator,
                m.line());
    }

    private List<Measure.Interpretation> readInterpretations(YMap m, String key) {
        List<Measure.Interpretation> out = new ArrayList<>();
        for (YNode n : m.list(key, false)) {
            YMap i = YMap.of(n, problems, m.child(key));
            if (i == null) {
                continue;
            }
            i.only("id", "parameter", "zh", "en");
            String p = i.string("parameter", true);
            if (p != null && !parameters.containsKey(p)) {
                i.problem(
                        "parameter",
                        "measure.unknown-parameter",
                        "解释开关“" + p + "”不是已声明的参数",
                        "switch is not a declared parameter");
            }
            String zh = i.string("zh", true);
            if (zh != null) {
                out.add(new Measure.Interpretation(i.string("id", true), p, new Text(zh, i.string("en", false))));
            }
        }
        return List.copyOf(out);
    }

    public static String ipKindZh(String k) {
        switch (k) {
            case "patent":
                return "专利";
            case "trademark":
                return "商标";
            case "copyright":
                return "著作权";
            case "geographical_indication":
                return "地理标志";
            case "trade_secret":
                return "商业秘密";
            default:
                return "其他";
        }
    }

    private Fact readFact(String name, YMap f) {
        if (f == null) {
            return null;
        }
        f.only("type", "label", "help", "unit", "min", "max", "values");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            f.problem("type", "fact.bad-name", "事实名只能含小写字母、数字和下划线", "lowercase, digits and '_' only");
        }
        FactType type = enumValue(f, "type", FactType.class, true);
        Map<String, Text> values = null;
        if (type == FactType.ENUM) {
            YMap vm = f.map("values", true);
            if (vm != null) {
                values = new LinkedHashMap<>();
                for (String v : vm.entries().keySet()) {
                    values.put(v, vm.text(v, true));
                }
            }
        } else if (f.has("values")) {
            f.problem("values", "fact.values", "只有 enum 类型可以列出 values", "only enum facts have values");
        }
        BigDecimal min = f.decimal("min", false);
        BigDecimal max = f.decimal("max", false);
        if (type == FactType.MONEY && min == null) {
            min = BigDecimal.ZERO;
        }
        if (type == FactType.PERCENT) {
            min = min == null ? BigDecimal.ZERO : min;
            max = max == null ? BigDecimal.valueOf(100) : max;
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            f.problem("min", "fact.bounds", "min 大于 max", "min is greater than max");
        }
        Text label = f.text("label", true);
        if (type == null || label == null || (type == FactType.ENUM && values == null)) {
            return null;
        }
        return new Fact(
                name,
                type,
                label,
                f.text("help", false),
                f.string("unit", false),
                min,
                max,
                values == null ? null : Collections.unmodifiableMap(values),
                false);
    }

    private AwardRule readAward(YMap a, Scope scope, Map<String, Fact> facts) {
        if (a == null) {
            return null;
        }
        String kind = a.string("kind", true);
        if (kind == null) {
            return null;
        }
        String textZh = a.has("zh") ? a.string("zh", true) : null;
        Text text = textZh == null ? null : new Text(textZh, a.string("en", false));
        switch (kind) {
            case "fixed": {
                a.only("kind", "amount", "zh", "en");
                String src = a.string("amount", true);
                Expr e = compile(a, "amount", src, scope, Type.NUMBER);
                return e == null ? null : new AwardRule.Fixed(e, src, text);
            }
            case "by_level": {
                a.only("kind", "level", "amounts", "zh", "en");
                String level = a.string("level", true);
                String table = a.string("amounts", true);
                Fact lf = level == null ? null : facts.get(level);
                Parameter tp = table == null ? null : parameters.get(table);
                if (level != null && (lf == null || lf.type() != FactType.ENUM)) {
                    a.problem(
                            "level",
                            "award.level",
                            "level 须为本措施的 enum 事实",
                            "level must be an enum fact of the measure");
                    return null;
                }
                if (table != null && (tp == null || tp.kind() != Parameter.Kind.TABLE)) {
                    a.problem("amounts", "award.amounts", "amounts 须为 table 型参数", "amounts must be a table parameter");
                    return null;
                }
                if (lf == null || tp == null) {
                    return null;
                }
                for (Map.Entry<LocalDate, Object> e : tp.values().entrySet()) {
                    if (e.getValue() instanceof Map<?, ?> t
                            && !t.keySet().equals(lf.values().keySet())) {
                        a.problem(
                                "amounts",
                                "award.levels-mismatch",
                                "参数 " + table + " 在 " + e.getKey() + " 的键 " + t.keySet() + " 与等级 "
                                        + lf.values().keySet() + " 不一致",
                                "table keys differ from the level's values");
                    }
                }
                return new AwardRule.ByLevel(level, table, text);
            }
            case "rate": {
                a.only("kind", "base", "rate", "zh", "en");
                String bs = a.string("base", true);
                String rs = a.string("rate", true);
                Expr b = compile(a, "base", bs, scope, Type.NUMBER);
                Expr r = compile(a, "rate", rs, scope, Type.NUMBER);
                return b == null || r == null ? null : new AwardRule.Rate(b, bs, r, rs, text);
            }
            case "per_unit": {
                a.only("kind", "count", "unit_amount", "zh", "en");
                String cs = a.string("count", true);
                String us = a.string("unit_amount", true);
                Expr c = compile(a, "count", cs, scope, Type.NUMBER);
                Expr u = compile(a, "unit_amount", us, scope, Type.NUMBER);
                return c == null || u == null ? null : new AwardRule.PerUnit(c, cs, u, us, text);
            }
            case "formula": {
                a.only("kind", "amount", "zh", "en");
                String src = a.string("amount", true);
                Expr e = compile(a, "amount", src, scope, Type.NUMBER);
                if (text == null) {
                    a.problem(
                            "zh",
                            "award.formula-text",
                            "formula 须用 zh 说明计算方法",
                            "a formula needs zh text explaining it");
                }
                return e == null ? null : new AwardRule.Formula(e, src, text);
            }
            case "reviewer": {
                a.only("kind", "fact", "standard", "zh", "en");
                String fact = a.string("fact", true);
                Fact f = fact == null ? null : facts.get(fact);
                if (fact != null && (f == null || f.type() != FactType.MONEY)) {
                    a.problem(
                            "fact",
                            "award.reviewer-fact",
                            "fact 须为本措施的 money 事实",
                            "fact must be a money fact of the measure");
                }
                Text std = a.text("standard", true);
                return f == null || std == null ? null : new AwardRule.Reviewer(fact, std, text);
            }
            case "none":
                a.only("kind", "zh", "en");
                return new AwardRule.None(text);
            case "steps":
                a.only("kind", "on", "steps", "zh", "en");
                return readSteps(a, scope, text);
            case "tiers":
                a.only("kind", "tiers", "zh", "en");
                return readTiers(a, scope, text);
            default:
                a.problem(
                        "kind",
                        "award.unknown-kind",
                        "未知奖补方式“" + kind
                                + "”，可用：fixed, by_level, rate, steps, tiers, per_unit, formula, reviewer, none",
                        "unknown award kind");
                return null;
        }
    }

    private AwardRule readSteps(YMap a, Scope scope, Text text) {
        String os = a.string("on", true);
        Expr on = compile(a, "on", os, scope, Type.NUMBER);
        List<AwardRule.Step> steps = new ArrayList<>();
        List<YNode> stepNodes = new ArrayList<>();
        for (YNode n : a.list("steps", true)) {
            YMap s = YMap.of(n, problems, a.child("steps"));
            if (s == null) {
                continue;
            }
            s.only("id", "min", "max", "amount");
            String as = s.string("amount", true);
            Expr amt = compile(s, "amount", as, scope, Type.NUMBER);
            BigDecimal min = s.decimal("min", true);
            String id = s.string("id", true);
            if (amt != null && min != null && id != null) {
                steps.add(new AwardRule.Step(id, min, s.decimal("max", false), amt, as));
                stepNodes.add(n);
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            AwardRule.Step s = steps.get(i);
            String field = a.child("steps");
            if (s.max() != null && s.max().compareTo(s.min()) <= 0) {
                problems.add(
                        stepNodes.get(i),
                        field,
                        "award.step-empty",
                        "档次“" + s.id() + "”的 max 不大于 min",
                        "step max must exceed min");
            }
            if (i + 1 < steps.size()) {
                AwardRule.Step next = steps.get(i + 1);
                if (s.max() == null) {
                    problems.add(
                            stepNodes.get(i),
                            field,
                            "award.step-overlap",
                            "档次“" + s.id() + "”无上限，却不是最后一档，与“" + next.id() + "”重叠",
                            "open step must be last");
                } else if (s.max().compareTo(next.min()) > 0) {
                    problems.add(
                            stepNodes.get(i + 1),
                            field,
                            "award.step-overlap",
                            "档次“" + s.id() + "”与“" + next.id() + "”重叠",
                            "steps overlap");
                } else if (s.max().compareTo(next.min()) < 0) {
                    problems.add(
                            stepNodes.get(i + 1),
                            field,
                            "award.step-gap",
                            "档次“" + s.id() + "”与“" + next.id() + "”之间有空档 [" + s.max() + ", " + next.min() + ")",
                            "gap between steps");
                }
            }
        }
        if (steps.isEmpty()) {
            a.problem("steps", "award.no-steps", "至少需要一个档次", "at least one step");
            return null;
        }
        return on == null ? null : new AwardRule.Steps(on, os, List.copyOf(steps), text);
    }

    private AwardRule readTiers(YMap a, Scope scope, Text text) {
        List<AwardRule.Tier> tiers = new ArrayList<>();
        List<YNode> tierNodes = new ArrayList<>();
        for (YNode n : a.list("tiers", true)) {
            YMap t = YMap.of(n, problems, a.child("tiers"));
            if (t == null) {
                continue;
            }
            t.only("id", "zh", "en", "when", "amount");
            String ws = t.string("when", true);
            String as = t.string("amount", true);
            Expr when = compile(t, "when", ws, scope, Type.BOOLEAN);
            Expr amt = compile(t, "amount", as, scope, Type.NUMBER);
            String zh = t.string("zh", true);
            String id = t.string("id", true);
            if (when != null && amt != null && zh != null && id != null) {
                tiers.add(new AwardRule.Tier(id, new Text(zh, t.string("en", false)), when, ws, amt, as));
                tierNodes.add(n);
            }
        }
        if (tiers.isEmpty()) {
            a.problem("tiers", "award.no-tiers", "至少需要一个档次", "at least one tier");
            return null;
        }
        BigDecimal prev = null;
        for (int i = 0; i < tiers.size(); i++) {
            AwardRule.Tier t = tiers.get(i);
            BigDecimal v = constant(t.amount());
            if (v != null && prev != null && v.compareTo(prev) > 0) {
                problems.add(
                        tierNodes.get(i),
                        a.child("tiers"),
                        "award.tier-order",
                        "档次须从高到低排列：“" + t.id() + "”高于前一档",
                        "tiers must be listed highest first");
            }
            if (v != null) {
                prev = v;
            }
        }
        return new AwardRule.Tiers(List.copyOf(tiers), text);
    }

    private Cap readCap(YNode n, String path, Scope scope, Map<String, Fact> facts, String measureId) {
        YMap c = YMap.of(n, problems, path);
        if (c == null) {
            return null;
        }
        c.only("id", "amount", "years", "once", "per", "applies_when", "pool", "zh", "en");
        String id = c.string("id", true);
        List<String> per = c.strings("per");
        for (String d : per) {
            if (!d.equals("subject") && !d.equals("year") && !facts.containsKey(d)) {
                c.problem(
                        "per",
                        "cap.unknown-scope",
                        "范围“" + d + "”既不是 subject、year，也不是本措施的事实",
                        "per must be subject, year or a fact");
            }
        }
        CapKind kind;
        Expr amount = null;
        String src = c.string("amount", false);
        int years = 0;
        boolean once = c.bool("once", false);
        int set = (src != null ? 1 : 0) + (c.has("years") ? 1 : 0) + (once ? 1 : 0);
        if (set != 1) {
            c.problem("amount", "cap.kind", "上限须且只能给出 amount、years、once 之一", "exactly one of amount, years, once");
            return null;
        }
        if (src != null) {
            kind = CapKind.AMOUNT;
            amount = compile(c, "amount", src, scope, Type.NUMBER);
        } else if (once) {
            kind = CapKind.ONCE;
            if (per.isEmpty()) {
                c.problem("per", "cap.scope-required", "once 须给出 per 范围", "once needs a per scope");
            }
        } else {
            kind = CapKind.YEARS;
            Integer y = c.integer("years", true);
            years = y == null ? 0 : y;
            if (years < 1) {
                c.problem("years", "cap.years", "years 须为正整数", "years must be positive");
            }
            if (per.isEmpty()) {
                c.problem("per", "cap.scope-required", "years 须给出 per 范围", "years needs a per scope");
            }
        }
        String aw = c.string("applies_when", false);
        Expr applies = aw == null ? null : compile(c, "applies_when", aw, scope, Type.BOOLEAN);
        List<String> pool =
                c.has("pool") ? List.copyOf(c.strings("pool")) : List.of(measureId == null ? "" : measureId);
        String zh = c.string("zh", true);
        if (id == null || zh == null || (kind == CapKind.AMOUNT && amount == null)) {
            return null;
        }
        return new Cap(
                id,
                kind,
                amount,
                src,
                years,
                List.copyOf(per),
                applies,
                pool,
                new Text(zh, c.string("en", false)),
                c.line());
    }

    /** A per-claim cap at or above the most the award rule can ever give can never bind: an error. */
    private void checkCapsCanBind(YMap m, AwardRule award, List<Cap> caps) {
        BigDecimal most = maxAward(award);
        if (most == null) {
            return;
        }
        for (Cap cap : caps) {
            if (cap.kind() != CapKind.AMOUNT || cap.scoped()) {
                continue;
            }
            BigDecimal limit = constant(cap.amount());
            if (limit != null && limit.compareTo(most) >= 0) {
                problems.add(
                        cap.line(),
                        "caps." + cap.id(),
                        "cap.never-binds",
                        "上限“" + cap.id() + "”为 " + limit.toPlainString() + "，不低于本措施最高金额 " + most.toPlainString()
                                + "，永远不会生效",
                        "cap can never bind");
            }
        }
    }

    private BigDecimal maxAward(AwardRule award) {
        if (award instanceof AwardRule.Fixed f) {
            return constant(f.amount());
        }
        if (award instanceof AwardRule.ByLevel b) {
            BigDecimal most = null;
            for (Object v : parameters.get(b.table()).values().values()) {
                if (v instanceof Map<?, ?> t) {
                    for (Object d : t.values()) {
                        most = most == null || ((BigDecimal) d).compareTo(most) > 0 ? (BigDecimal) d : most;
                    }
                }
            }
            return most;
        }
        return null;
    }

    /** The value of an expression that reads no fact and no subject field, or {@code null}. */
    private BigDecimal constant(Expr e) {
        Set<String> used = new HashSet<>();
        e.collectFacts(used);
        if (!used.isEmpty()) {
            return null;
        }
        return new FactFreeContext(parameters, null, null, 0).number(e);
    }

    private Expr compile(YMap at, String key, String src, Scope scope, Type type) {
        if (src == null) {
            return null;
        }
        try {
            return Expr.compile(src, scope, type);
        } catch (ExpressionException e) {
            at.problem(key, e.key(), e.getMessage() + "：" + src, "");
            return null;
        }
    }

    private Scope scope(Map<String, Fact> facts) {
        Map<String, Parameter> params = parameters;
        return new Scope() {
            @Override
            public Symbol resolve(String name) {
                Fact f = facts.get(name);
                if (f != null) {
                    return new Symbol(Kind.FACT, factType(f.type()));
                }
                Parameter p = params.get(name);
                return p == null ? null : new Symbol(Kind.PARAMETER, p.kind().type());
            }

            @Override
            public Type subjectField(String field) {
                return SUBJECT_FIELDS.contains(field) ? Type.TEXT : null;
            }

            // Positions in declaration order: the calculator numbers a measure's facts and a policy's parameters
            // the same way (FactSlots, ResolvedParameters), and checks the name held at a slot before using it.
            @Override
            public int factSlot(String name) {
                return position(facts.keySet(), name);
            }

            @Override
            public int parameterSlot(String name) {
                return position(params.keySet(), name);
            }

            @Override
            public Set<String> allowedValues(String name) {
                Fact f = facts.get(name);
                if (f != null && f.values() != null) {
                    return f.values().keySet();
                }
                Parameter p = params.get(name);
                return p != null && p.options() != null ? new LinkedHashSet<>(p.options()) : null;
            }
        };
    }

    private static int position(Set<String> names, String name) {
        int i = 0;
        for (String n : names) {
            if (n.equals(name)) {
                return i;
            }
            i++;
        }
        return -1;
    }

    public static final Set<String> SUBJECT_FIELDS =
            Set.of("kind", "mu_grade", "registered_region", "household_region", "id", "name");

    public static Type factType(FactType t) {
        switch (t) {
            case BOOLEAN:
                return Type.BOOLEAN;
            case ENUM:
            case TEXT:
                return Type.TEXT;
            case DATE:
                return Type.DATE;
            case LIST:
                return Type.LIST;
            default:
                return Type.NUMBER;
        }
    }

    private <E extends Enum<E>> E enumValue(YMap m, String key, Class<E> type, boolean required) {
        String s = m.string(key, required);
        if (s == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name().toLowerCase(Locale.ROOT));
            }
            m.problem(key, "yaml.bad-value", "“" + s + "”不是可用值，可用：" + names, "not one of the allowed values");
            return null;
        }
    }
}

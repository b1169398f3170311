package org.ipaward.batch.register;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ipaward.engine.InputException;
import org.ipaward.engine.Problem;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;

/**
 * The columns of a register (主体登记库) and how cells become a checked {@link ProfileRow}: the fixed subject
 * columns, and fact columns whose header is the id of a fact some measure of the policies declares. A header
 * cell may be the stable id ({@code registered_region}), the Chinese label ({@code 注册登记地区划代码}) or both
 * ({@code 注册登记地区划代码（registered_region）}). Errors name the file, row, column, value and rule, in Chinese
 * with the English key. Immutable and thread-safe; CSV and XLSX readers and the Spark job share it.
 */
public final class RegisterSchema {
    /** The subject columns, in the order files are written. */
    public enum Column {
        ID("id", "统一社会信用代码/身份证号"),
        NAME("name", "名称"),
        KIND("kind", "主体类型"),
        REGISTERED_REGION("registered_region", "注册登记地区划代码"),
        HOUSEHOLD_REGION("household_region", "户籍所在地区划代码"),
        SERVED_REGIONS("served_regions", "服务区域区划代码"),
        MU_GRADE("mu_grade", "亩均效益评价等级"),
        MATERIALS("materials", "已备材料");

        private final String id;
        private final String zh;

        Column(String id, String zh) {
            this.id = id;
            this.zh = zh;
        }

        public String id() {
            return id;
        }

        public String zh() {
            return zh;
        }
    }

    /** Grades of the 亩均效益 evaluation; {@code unrated}: not evaluated. */
    public static final Set<String> MU_GRADES = Set.of("A", "B", "C", "D", "unrated");

    private final Map<String, List<Measure.Fact>> facts = new TreeMap<>();
    private final Map<String, String> factByLabel = new LinkedHashMap<>();
    private final Set<String> materials = new LinkedHashSet<>();
    private final Map<String, String> materialByLabel = new LinkedHashMap<>();

    private RegisterSchema(Collection<Policy> policies) {
        Set<String> ambiguous = new LinkedHashSet<>();
        for (Policy p : policies) {
            for (Measure m : p.measures()) {
                for (Measure.Fact f : m.facts().values()) {
                    facts.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f);
                    String prev = factByLabel.putIfAbsent(f.label().zh(), f.name());
                    if (prev != null && !prev.equals(f.name())) {
                        ambiguous.add(f.label().zh());
                    }
                }
            }
            for (Policy.Material mat : p.materials().values()) {
                materials.add(mat.id());
                String prev = materialByLabel.putIfAbsent(mat.label().zh(), mat.id());
                if (prev != null && !prev.equals(mat.id())) {
                    materialByLabel.put(mat.label().zh(), null);
                }
            }
        }
        ambiguous.forEach(factByLabel::remove);
        materialByLabel.values().removeIf(v -> v == null);
    }

    public static RegisterSchema of(Collection<Policy> policies) {
        return new RegisterSchema(policies);
    }

    /** Every fact id a register may carry as a column. */
    public Set<String> factIds() {
        return facts.keySet();
    }

    /** The header cell written for a column id: {@code 名称（name）}; a fact column shows its label. */
    public String headerCell(String id) {
        for (Column c : Column.values()) {
            if (c.id.equals(id)) {
                return c.zh + "（" + id + "）";
            }
        }
        List<Measure.Fact> fs = facts.get(id);
        return fs == null ? id : fs.get(0).label().zh() + "（" + id + "）";
    }

    /** A file's header, resolved: for every cell, a subject column or a fact id. */
    public static final class Header {
        private final Column[] columns;
        private final String[] factIds;
        private final String[] cells;

        private Header(Column[] columns, String[] factIds, String[] cells) {
            this.columns = columns;
            this.factIds = factIds;
            this.cells = cells;
        }

        public int size() {
            return cells.length;
        }
    }

    /**
     * Resolves a header row.
     *
     * @throws InputException naming the cell that is no known column (with the fact ids allowed), a repeated
     *     column, or a missing required column ({@code id}, {@code kind})
     */
    public Header header(List<String> raw, String file) {
        List<Problem> problems = new ArrayList<>();
        Column[] cols = new Column[raw.size()];
        String[] fids = new String[raw.size()];
        String[] cells = new String[raw.size()];
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String cell =
                    raw.get(i) == null ? "" : raw.get(i).replace("\uFEFF", "").strip();
            cells[i] = cell;
            String id = cell;
            int open = Math.max(cell.lastIndexOf('（'), cell.lastIndexOf('('));
            if (open > 0 && (cell.endsWith("）") || cell.endsWith(")"))) {
                id = cell.substring(open + 1, cell.length() - 1).strip();
            }
            Column col = column(id);
            String fact = null;
            if (col == null) {
                fact = facts.containsKey(id) ? id : factByLabel.get(id);
            }
            if (col == null && fact == null) {
                if (cell.isEmpty()) {
                    problems.add(problem(
                            file,
                            1,
                            "列 " + (i + 1),
                            "register.empty-header",
                            "表头第 " + (i + 1) + " 列为空",
                            "empty header cell"));
                } else {
                    problems.add(problem(
                            file,
                            1,
                            cell,
                            "register.unknown-column",
                            "未知的列“" + cell + "”：应为主体信息列 " + columnIds() + " 或某项措施使用的事实编号，如 "
                                    + String.join(
                                            "、",
                                            facts.keySet().stream().limit(8).toList()) + " 等",
                            "not a subject column nor a fact id used by a measure"));
                }
                continue;
            }
            String key = col != null ? col.id : fact;
            if (!seen.add(key)) {
                problems.add(
                        problem(file, 1, cell, "register.duplicate-column", "列“" + key + "”重复", "column given twice"));
            }
            cols[i] = col;
            fids[i] = fact;
        }
        for (Column req : new Column[] {Column.ID, Column.KIND}) {
            if (!seen.contains(req.id)) {
                problems.add(problem(
                        file,
                        1,
                        req.id,
                        "register.missing-column",
                        "缺少必填列“" + req.zh + "（" + req.id + "）”",
                        "required column missing"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return new Header(cols, fids, cells);
    }

    private static Column column(String id) {
        for (Column c : Column.values()) {
            if (c.id.equals(id) || c.zh.equals(id)) {
                return c;
            }
        }
        return null;
    }

    private static List<String> columnIds() {
        List<String> out = new ArrayList<>();
        for (Column c : Column.values()) {
            out.add(c.id);
        }
        return out;
    }

    /**
     * One data row as a checked profile. {@code row} is the row number in the file (the header is row 1).
     *
     * @throws InputException naming file, row, column, value and rule for every bad cell of the row
     */
    public ProfileRow row(Header h, List<String> cells, String file, long row) {
        List<Problem> problems = null;
        String id = null;
        String name = null;
        String kind = null;
        String reg = null;
        String hh = null;
        List<String> served = List.of();
        String grade = null;
        Map<String, String> known = null;
        List<String> mats = null;
        if (cells.size() > h.size()) {
            for (int i = h.size(); i < cells.size(); i++) {
                if (cells.get(i) != null && !cells.get(i).isBlank()) {
                    problems = add(
                            problems,
                            problem(
                                    file,
                                    row,
                                    "列 " + (i + 1),
                                    "register.extra-cell",
                                    "第 " + (i + 1) + " 列“" + cells.get(i) + "”没有表头",
                                    "cell beyond the header"));
                    break;
                }
            }
        }
        for (int i = 0; i < h.size(); i++) {
            String v = i < cells.size() && cells.get(i) != null ? cells.get(i).strip() : "";
            if (v.isEmpty()) {
                continue;
            }
            Column c = h.columns[i];
            String col = h.cells[i];
            if (c == null) {
                String f = h.factIds[i];
                Problem p = checkFact(f, v, file, row, col);
                if (p != null) {
                    problems = add(problems, p);
                } else {
                    if (known == null) {
                        known = new LinkedHashMap<>();
                    }
                    known.put(f, v);
                }
                continue;
            }
            switch (c) {
                case ID:
                    id = v;
                    break;
                case NAME:
                    name = v;
                    break;
                case KIND: {
                    String kid = KIND_IDS.get(v);
                    if (kid != null) {
                        kind = kid;
                        break;
                    }
                    SubjectKind k = SubjectKind.fromId(v);
                    if (k == null) {
                        for (SubjectKind x : SubjectKind.values()) {
                            if (x.label().zh().equals(v)) {
                                k = x;
                            }
                        }
                    }
                    if (k == null) {
                        problems = add(
                                problems,
                                problem(
                                        file,
                                        row,
                                        col,
                                        "register.bad-kind",
                                        "主体类型“" + v + "”无效，可选：enterprise 企业、institution 事业单位、other_org 其他组织、person 自然人、"
                                                + "service_agency 知识产权服务机构",
                                        "not a subject kind"));
                    } else {
                        kind = k.id();
                    }
                    break;
                }
                case REGISTERED_REGION:
                case HOUSEHOLD_REGION:
                    if (!region(v)) {
                        problems = add(problems, badRegion(file, row, col, v));
                    } else if (c == Column.REGISTERED_REGION) {
                        reg = v;
                    } else {
                        hh = v;
                    }
                    break;
                case SERVED_REGIONS: {
                    List<String> out = new ArrayList<>();
                    for (String s : split(v)) {
                        if (!region(s)) {
                            problems = add(problems, badRegion(file, row, col, s));
                        }
                        out.add(s);
                    }
                    served = out;
                    break;
                }
                case MU_GRADE: {
                    String g = v.length() == 1 ? v.toUpperCase(java.util.Locale.ROOT) : v;
                    if ("未参评".equals(g)) {
                        g = "unrated";
                    }
                    if (!MU_GRADES.contains(g)) {
                        problems = add(
                                problems,
                                problem(
                                        file,
                                        row,
                                        col,
                                        "register.bad-mu-grade",
                                        "亩均效益评价等级“" + v + "”无效，可选：A、B、C、D、unrated（未参评），不知道时留空",
                                        "grade is A, B, C, D or unrated"));
                    }
                    grade = g;
                    break;
                }
                default: {
                    List<String> out = new ArrayList<>();
                    for (String s : split(v)) {
                        String m = materials.contains(s) ? s : materialByLabel.get(s);
                        if (m == null) {
                            problems = add(
                                    problems,
                                    problem(
                                            file,
                                            row,
                                            col,
                                            "register.unknown-material",
                                            "未知材料“" + s + "”，可用：" + materials,
                                            "unknown material"));
                        } else if (!out.contains(m)) {
                            out.add(m);
                        }
                    }
                    mats = out;
                }
            }
        }
        if (id == null) {
            problems = add(
                    problems, problem(file, row, "id", "register.missing-id", "缺少统一社会信用代码或身份证号（id）", "id is required"));
        }
        if (kind == null
                && (problems == null || problems.stream().noneMatch(p -> "register.bad-kind".equals(p.key())))) {
            problems = add(
                    problems, problem(file, row, "kind", "register.missing-kind", "缺少主体类型（kind）", "kind is required"));
        }
        if (problems != null) {
            throw new InputException(problems);
        }
        return new ProfileRow(id, name, kind, reg, hh, served, grade, known, mats);
    }

    /** Whether a cell is a GB/T 2260 code of 6 (county), 9 (township) or 12 (village) digits, as the engine checks. */
    public static boolean region(String code) {
        boolean ok = code.length() == 6 || code.length() == 9 || code.length() == 12;
        for (int i = 0; ok && i < code.length(); i++) {
            ok = code.charAt(i) >= '0' && code.charAt(i) <= '9';
        }
        return ok;
    }

    /** Kind ids to themselves, to skip the enum scan for the common cell. */
    private static final Map<String, String> KIND_IDS = java.util.Arrays.stream(SubjectKind.values())
            .collect(java.util.stream.Collectors.toMap(SubjectKind::id, SubjectKind::id));

    private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[;；,，、\\s]+");

    private static List<String> split(String v) {
        List<String> out = new ArrayList<>();
        boolean plain = true;
        for (int i = 0; plain && i < v.length(); i++) {
            char c = v.charAt(i);
            plain = c != '；' && c != ',' && c != '，' && c != '、' && c != ' ' && (c < '\t' || c > '\r');
        }
        if (plain) {
            // only ';' separates: the same pieces as the pattern gives
            int from = 0;
            for (int c = v.indexOf(';'); c >= 0; c = v.indexOf(';', from)) {
                if (c > from) {
                    out.add(v.substring(from, c));
                }
                from = c + 1;
            }
            if (from < v.length()) {
                out.add(v.substring(from));
            }
            return out;
        }
        for (String s : SEPARATORS.split(v)) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * A light check of a fact cell against the declarations of the measures that use the fact: the value must
     * suit at least one of them. The engine remains the judge for each measure: a value one measure refuses (an
     * enum value of another policy) is left out for that measure only.
     */
    private Problem checkFact(String fact, String v, String file, long row, String col) {
        List<Measure.Fact> decls = facts.get(fact);
        String why = null;
        for (Measure.Fact f : decls) {
            why = whyNot(f, v);
            if (why == null) {
                return null;
            }
        }
        return problem(
                file,
                row,
                col,
                "register.bad-fact",
                "事实“" + decls.get(0).label().zh() + "（" + fact + "）”的值“" + v + "”无效：" + why,
                "value does not suit the fact's type");
    }

    private static String whyNot(Measure.Fact f, String v) {
        switch (f.type()) {
            case MONEY:
            case INTEGER:
            case DECIMAL:
            case PERCENT: {
                BigDecimal d;
                try {
                    d = new BigDecimal(v.replace(",", ""));
                } catch (NumberFormatException e) {
                    return "应为数值";
                }
                if (d.precision() - d.scale() > 15) {
                    return "数值过大";
                }
                if (f.type() == Measure.FactType.INTEGER
                        && d.stripTrailingZeros().scale() > 0) {
                    return "应为整数";
                }
                if (f.type() == Measure.FactType.MONEY && d.stripTrailingZeros().scale() > 2) {
                    return "金额最多两位小数";
                }
                if (f.min() != null && d.compareTo(f.min()) < 0) {
                    return "小于最小值 " + f.min().toPlainString();
                }
                if (f.max() != null && d.compareTo(f.max()) > 0) {
                    return "大于最大值 " + f.max().toPlainString();
                }
                return null;
            }
            case BOOLEAN:
                return v.equals("true") || v.equals("false") || v.equals("是") || v.equals("否")
                        ? null
                        : "应为 true/false（是/否）";
            case ENUM:
                return f.values().containsKey(v) ? null : "可选：" + f.values().keySet();
            case TEXT:
                return v.length() <= 500 ? null : "文本不超过500字";
            case DATE:
                try {
                    LocalDate.parse(v);
                    return null;
                } catch (DateTimeParseException e) {
                    return "应为 YYYY-MM-DD 日期";
                }
            default:
                return "列表类事实不能写在登记库中";
        }
    }

    private static Problem badRegion(String file, long row, String col, String v) {
        return problem(
                file,
                row,
                col,
                "register.bad-region",
                "行政区划代码“" + v + "”无效：应为6位（区县）、9位或12位数字，如平谷区 110117",
                "a region is a 6, 9 or 12 digit GB/T 2260 code");
    }

    private static List<Problem> add(List<Problem> list, Problem p) {
        List<Problem> out = list == null ? new ArrayList<>() : list;
        out.add(p);
        return out;
    }

    static Problem problem(String file, long row, String column, String key, String zh, String en) {
        return new Problem(
                file, (int) Math.min(row, Integer.MAX_VALUE), row > 0 ? "第 " + row + " 行" : null, column, key, zh, en);
    }
}

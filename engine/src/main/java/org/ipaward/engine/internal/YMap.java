package org.ipaward.engine.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ipaward.engine.Problem;
import org.ipaward.engine.model.Text;

/** A YAML mapping read with typed getters that report problems instead of throwing. */
public final class YMap {
    private final YNode self;
    private final Map<String, YNode> entries;
    private final Problems problems;
    private final String path;

    private YMap(YNode self, Map<String, YNode> entries, Problems problems, String path) {
        this.self = self;
        this.entries = entries;
        this.problems = problems;
        this.path = path;
    }

    /** Reads {@code node} as a map, or reports it and returns {@code null}. */
    public static YMap of(YNode node, Problems problems, String path) {
        if (node == null || !node.isMap()) {
            problems.add(node, path, "yaml.not-a-map", "此处应为映射（键: 值）", "a mapping is expected");
            return null;
        }
        List<YNode> dups = new ArrayList<>();
        Map<String, YNode> e = node.entries(dups);
        for (YNode d : dups) {
            problems.add(d, path + "." + d.text(), "yaml.duplicate-key", "重复的键", "duplicate key");
        }
        return new YMap(node, e, problems, path);
    }

    public int line() {
        return self.line();
    }

    public String path() {
        return path;
    }

    public String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public Map<String, YNode> entries() {
        return entries;
    }

    public boolean has(String key) {
        YNode n = entries.get(key);
        return n != null && !n.isNull();
    }

    /** Reports every key not in {@code allowed}: a typo must never be silently ignored. */
    public YMap only(String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (Map.Entry<String, YNode> e : entries.entrySet()) {
            if (!ok.contains(e.getKey())) {
                problems.add(
                        e.getValue(),
                        child(e.getKey()),
                        "yaml.unknown-field",
                        "未知字段“" + e.getKey() + "”，可用字段：" + new TreeSet<>(Arrays.asList(allowed)),
                        "unknown field");
            }
        }
        return this;
    }

    public YNode node(String key) {
        YNode n = entries.get(key);
        return n == null || n.isNull() ? null : n;
    }

    public YNode required(String key) {
        YNode n = node(key);
        if (n == null) {
            problems.add(self, child(key), "yaml.required", "缺少必填字段“" + key + "”", "required field is missing");
        }
        return n;
    }

    public YMap map(String key, boolean required) {
        YNode n = required ? required(key) : node(key);
        return n == null ? null : of(n, problems, child(key));
    }

    public List<YNode> list(String key, boolean required) {
        YNode n = required ? required(key) : node(key);
        if (n == null) {
            return List.of();
        }
        if (!n.isList()) {
            problems.add(n, child(key), "yaml.not-a-list", "此处应为列表", "a list is expected");
            return List.of();
        }
        return n.items();
    }

    public String string(String key, boolean required) {
        YNode n = required ? required(key) : node(key);
        if (n == null) {
            return null;
        }
        if (!n.isScalar()) {
            problems.add(n, child(key), "yaml.not-a-scalar", "此处应为单个值", "a single value is expected");
            return null;
        }
        if (required && n.text().isBlank()) {
            problems.add(n, child(key), "yaml.required", "必填字段“" + key + "”不能为空白", "required field is blank");
            return null;
        }
        return n.text();
    }

    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (YNode n : list(key, false)) {
            if (n.isScalar()) {
                out.add(n.text());
            } else {
                problems.add(n, child(key), "yaml.not-a-scalar", "列表项应为单个值", "list items must be values");
            }
        }
        return out;
    }

    public Text text(String key, boolean required) {
        YMap m = map(key, required);
        if (m == null) {
            return null;
        }
        m.only("zh", "en");
        String zh = m.string("zh", true);
        return zh == null ? null : new Text(zh, m.string("en", false));
    }

    public LocalDate date(String key, boolean required) {
        String s = string(key, required);
        return s == null ? null : parseDate(node(key), s, child(key));
    }

    public LocalDate parseDate(YNode at, String s, String field) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            problems.add(at, field, "yaml.bad-date", "日期“" + s + "”无效，应为 YYYY-MM-DD", "invalid date, use YYYY-MM-DD");
            return null;
        }
    }

    public BigDecimal decimal(String key, boolean required) {
        String s = string(key, required);
        return s == null ? null : parseDecimal(node(key), s, child(key), problems);
    }

    public static BigDecimal parseDecimal(YNode at, String s, String field, Problems problems) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            problems.add(at, field, "yaml.bad-number", "“" + s + "”不是数值", "not a number");
            return null;
        }
    }

    public Integer integer(String key, boolean required) {
        BigDecimal d = decimal(key, required);
        if (d == null) {
            return null;
        }
        try {
            return d.intValueExact();
        } catch (ArithmeticException e) {
            problems.add(node(key), child(key), "yaml.bad-integer", "“" + d + "”不是整数", "not a whole number");
            return null;
        }
    }

    public boolean bool(String key, boolean dflt) {
        String s = string(key, false);
        if (s == null) {
            return dflt;
        }
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        problems.add(node(key), child(key), "yaml.bad-boolean", "应为 true 或 false", "true or false expected");
        return dflt;
    }

    /** Reports a problem at this map. */
    public void problem(String key, String errKey, String zh, String en) {
        YNode n = node(key);
        problems.add(n == null ? self : n, child(key), errKey, zh, en);
    }

    /** Accessor for the problems sink, for nested readers. */
    public Problems problems() {
        return problems;
    }

    /** Converts to a {@link Problem} builder context, for callers that report themselves. */
    public YNode self() {
        return self;
    }
}

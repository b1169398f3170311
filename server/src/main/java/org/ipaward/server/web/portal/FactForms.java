package org.ipaward.server.web.portal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ipaward.engine.internal.PolicyReader;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Text;
import org.ipaward.server.error.ApiException;

/**
 * A measure's facts as form fields, typed from the policy model (label, help, unit, bounds, choices), and
 * the form's strings back to the values the engine takes. Field names are {@code f.<fact>}, element ids
 * {@code c<seq>-f-<fact>}.
 */
final class FactForms {
    static final String PREFIX = "f.";

    private static final Pattern CLAIM_FIELD = Pattern.compile("claims\\[(\\d+)]\\.(facts|materials)\\.(.+)");

    private FactForms() {}

    /** One choice of a select. */
    public record Option(String id, Text label) {}

    /** One fact as a form field. */
    public record Field(
            String id,
            String name,
            String input,
            Text label,
            Text help,
            String unit,
            String min,
            String max,
            boolean required,
            List<Option> options,
            String value,
            ApiException.FieldProblem error,
            boolean flagged) {}

    /** Where a problem or a return item points: a fact or a material of one claim (seq 0: every claim). */
    public record Target(int seq, boolean fact, String name) {
        String anchor() {
            return "c" + seq + (fact ? "-f-" : "-m-") + name;
        }
    }

    /** The facts shown for a measure: all it declares but a kind of right the measure implies. */
    static List<Measure.Fact> shown(Measure m) {
        List<Measure.Fact> out = new ArrayList<>();
        for (Measure.Fact f : m.facts().values()) {
            if (f.name().equals(PolicyReader.RIGHT_KIND)
                    && m.rightKinds() != null
                    && m.rightKinds().size() == 1) {
                continue;
            }
            out.add(f);
        }
        return out;
    }

    static Field field(
            int seq,
            Measure m,
            Measure.Fact f,
            Set<String> required,
            String value,
            ApiException.FieldProblem error,
            boolean flagged) {
        List<Option> options = new ArrayList<>();
        String input =
                switch (f.type()) {
                    case MONEY, DECIMAL, PERCENT -> "decimal";
                    case INTEGER -> "integer";
                    case BOOLEAN -> "boolean";
                    case ENUM -> "enum";
                    case DATE -> "date";
                    case LIST -> "list";
                    default -> "text";
                };
        if (f.values() != null) {
            // the kind of right offers only the kinds this measure supports (the calculator does the same)
            boolean rightKind = f.name().equals(PolicyReader.RIGHT_KIND) && m != null && m.rightKinds() != null;
            f.values().forEach((id, label) -> {
                if (!rightKind || m.rightKinds().contains(id)) {
                    options.add(new Option(id, label));
                }
            });
        }
        String unit = f.unit();
        if (unit == null && f.type() == Measure.FactType.MONEY) {
            unit = "yuan";
        }
        return new Field(
                "c" + seq + "-f-" + f.name(),
                PREFIX + f.name(),
                input,
                f.label(),
                f.help(),
                unit,
                f.min() == null ? null : f.min().toPlainString(),
                f.max() == null ? null : f.max().toPlainString(),
                required.contains(f.name()),
                options,
                value,
                error,
                flagged);
    }

    /** A stored value as the form shows it. */
    static String shownValue(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof List<?> l) {
            return String.join("\n", l.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    /**
     * The facts of a claim from the form: an empty field is left out (not stated yet); numbers become
     * decimals when they read as one, a percentage with or without its sign ({@code 100%} is 100) (else the
     * text goes to the engine, which names the rule it breaks).
     */
    static Map<String, Object> parse(Measure m, Map<String, String> form, Map<String, Object> before) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (before != null) {
            before.forEach((k, v) -> {
                if (!m.facts().containsKey(k)) {
                    out.put(k, v);
                }
            });
        }
        for (Measure.Fact f : m.facts().values()) {
            String raw = form.get(PREFIX + f.name());
            if (raw == null) {
                if (before != null && before.containsKey(f.name())) {
                    out.put(f.name(), before.get(f.name()));
                }
                continue;
            }
            String s = raw.strip();
            if (s.isEmpty()) {
                continue;
            }
            out.put(f.name(), value(f, s));
        }
        return out;
    }

    private static Object value(Measure.Fact f, String s) {
        switch (f.type()) {
            case MONEY:
            case INTEGER:
            case DECIMAL:
            case PERCENT:
                String n = s.replace(",", "").replace("，", "");
                if (f.type() == Measure.FactType.PERCENT && (n.endsWith("%") || n.endsWith("％"))) {
                    // "100%" is the same number as "100": percentages are stated in percent
                    n = n.substring(0, n.length() - 1).strip();
                }
                try {
                    return new BigDecimal(n);
                } catch (NumberFormatException e) {
                    return s;
                }
            case BOOLEAN:
                return "true".equals(s) ? Boolean.TRUE : "false".equals(s) ? Boolean.FALSE : s;
            case LIST: {
                List<String> l = new ArrayList<>();
                for (String line : s.split("[\\r\\n]+")) {
                    if (!line.isBlank()) {
                        l.add(line.strip());
                    }
                }
                return l;
            }
            default:
                return s;
        }
    }

    /** Where a service's field path points ({@code claims[1].facts.loan_interest}, {@code materials.x}), or null. */
    static Target target(String field) {
        if (field == null) {
            return null;
        }
        Matcher m = CLAIM_FIELD.matcher(field);
        if (m.matches()) {
            return new Target(Integer.parseInt(m.group(1)), "facts".equals(m.group(2)), m.group(3));
        }
        if (field.startsWith("facts.")) {
            return new Target(0, true, field.substring("facts.".length()));
        }
        if (field.startsWith("materials.")) {
            return new Target(0, false, field.substring("materials.".length()));
        }
        return null;
    }
}

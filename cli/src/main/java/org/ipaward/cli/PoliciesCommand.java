package org.ipaward.cli;

import static org.ipaward.cli.Out.cite;
import static org.ipaward.cli.Out.obj;
import static org.ipaward.cli.Out.text;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ipaward.engine.model.AwardRule;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.engine.model.Text;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "policies",
        mixinStandardHelpOptions = true,
        description = {
            "列出政策及其措施：编号、名称、条款、类别、奖励方式 (list policies and their measures)",
            "",
            "json 格式另含原文引用、事实及其类型、上限、材料和解释说明 (json adds the quote, facts, caps, materials, interpretations)"
        })
final class PoliciesCommand implements Callable<Integer> {
    enum Format {
        table,
        json
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    PolicyOptions policies;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "输出格式：table（默认）或 json (output format; default ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        List<Policy> loaded = policies.load();
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            Out.json(
                    out,
                    obj("policies", loaded.stream().map(PoliciesCommand::policy).toList()));
        } else {
            table(out, loaded);
        }
        out.flush();
        return 0;
    }

    private static void table(PrintWriter out, List<Policy> loaded) {
        boolean first = true;
        for (Policy p : loaded) {
            if (!first) {
                out.println();
            }
            first = false;
            out.println(p.title().zh() + "（" + p.id() + "）");
            out.println("  " + p.title().en());
            out.println("  状态：" + p.status().label().zh() + "　有效期：" + period(p) + "　地区："
                    + p.region().name().zh() + "（" + p.region().code() + "）" + "　制定机关："
                    + p.authority().zh());
            out.println("  措施 " + p.measures().size() + " 项：");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"措施编号", "名称", "条款", "类别", "奖励方式"});
            for (Measure m : p.measures()) {
                rows.add(new String[] {
                    m.id(),
                    m.title().zh(),
                    cite(m.clause()),
                    m.category() == null ? "" : m.category().label().zh(),
                    m.indicator() ? "工作指标（不设资金）" : awardKind(m.award()).zh()
                });
            }
            Out.table(out, "  ", rows);
        }
    }

    static String period(Policy p) {
        return (p.effectiveFrom() == null ? "未定" : p.effectiveFrom().toString()) + " 至 "
                + (p.effectiveTo() == null ? "长期" : p.effectiveTo().toString());
    }

    static Text awardKind(AwardRule a) {
        if (a instanceof AwardRule.Fixed) {
            return new Text("定额", "fixed");
        } else if (a instanceof AwardRule.ByLevel) {
            return new Text("按等级定额", "by_level");
        } else if (a instanceof AwardRule.Rate) {
            return new Text("按比例", "rate");
        } else if (a instanceof AwardRule.Steps) {
            return new Text("按数量分档", "steps");
        } else if (a instanceof AwardRule.Tiers) {
            return new Text("按条件分档", "tiers");
        } else if (a instanceof AwardRule.PerUnit) {
            return new Text("按件（国）计", "per_unit");
        } else if (a instanceof AwardRule.Formula) {
            return new Text("按公式", "formula");
        } else if (a instanceof AwardRule.Reviewer) {
            return new Text("评审核定", "reviewer");
        }
        return new Text("不设资金", "none");
    }

    private static String lower(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }

    static Map<String, Object> policy(Policy p) {
        return obj(
                "id", p.id(),
                "title", text(p.title()),
                "authority", text(p.authority()),
                "status", lower(p.status()),
                "status_label", text(p.status().label()),
                "effective", obj("from", str(p.effectiveFrom()), "to", str(p.effectiveTo())),
                "published", str(p.published()),
                "document_number", p.documentNumber(),
                "region",
                        obj(
                                "code",
                                p.region().code(),
                                "zh",
                                p.region().name().zh(),
                                "en",
                                p.region().name().en()),
                "source", p.source(),
                "matter_year_offset", p.matterYearOffset(),
                "cite",
                        p.cite() == null
                                ? null
                                : obj(
                                        "clause",
                                        p.cite().clause(),
                                        "quote",
                                        p.cite().quote()),
                "measures", p.measures().stream().map(m -> measure(p, m)).toList());
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    static Map<String, Object> measure(Policy p, Measure m) {
        Text kind = awardKind(m.award());
        Map<String, Object> facts = new LinkedHashMap<>();
        for (Measure.Fact f : m.facts().values()) {
            Map<String, Object> values = null;
            if (f.values() != null) {
                values = new LinkedHashMap<>();
                for (Map.Entry<String, Text> e : f.values().entrySet()) {
                    values.put(e.getKey(), text(e.getValue()));
                }
            }
            facts.put(
                    f.name(),
                    obj(
                            "type", lower(f.type()),
                            "label", text(f.label()),
                            "help", text(f.help()),
                            "unit", f.unit(),
                            "min", plain(f.min()),
                            "max", plain(f.max()),
                            "values", values,
                            "implicit", f.implicit()));
        }
        return obj(
                "id", m.id(),
                "title", text(m.title()),
                "clause", m.clause(),
                "quote", m.quote(),
                "category", lower(m.category()),
                "category_label",
                        m.category() == null ? null : text(m.category().label()),
                "subjects", m.subjects().stream().map(SubjectKind::id).sorted().toList(),
                "rights", m.rightKinds() == null ? null : List.copyOf(m.rightKinds()),
                "award",
                        obj(
                                "kind",
                                kind.en(),
                                "zh",
                                kind.zh(),
                                "text",
                                text(m.award().text())),
                "indicator", m.indicator(),
                "facts", facts,
                "conditions",
                        m.conditions().stream()
                                .map(c -> obj(
                                        "id",
                                        c.id(),
                                        "when",
                                        c.source(),
                                        "zh",
                                        c.text().zh(),
                                        "en",
                                        c.text().en()))
                                .toList(),
                "caps",
                        m.caps().stream()
                                .map(c -> obj(
                                        "id", c.id(),
                                        "kind", lower(c.kind()),
                                        "zh", c.text() == null ? null : c.text().zh(),
                                        "en", c.text() == null ? null : c.text().en(),
                                        "amount", c.amountSource(),
                                        "years", c.kind() == Measure.CapKind.YEARS ? c.years() : null,
                                        "per", c.per(),
                                        "pool", c.pool()))
                                .toList(),
                "materials",
                        m.materials().stream()
                                .map(id -> {
                                    Policy.Material mat = p.materials().get(id);
                                    return obj(
                                            "id",
                                            id,
                                            "zh",
                                            mat == null ? null : mat.label().zh(),
                                            "en",
                                            mat == null ? null : mat.label().en(),
                                            "clause",
                                            mat == null ? null : mat.clause());
                                })
                                .toList(),
                "interpretations",
                        m.interpretations().stream()
                                .map(i -> obj(
                                        "id",
                                        i.id(),
                                        "parameter",
                                        i.parameter(),
                                        "zh",
                                        i.text().zh(),
                                        "en",
                                        i.text().en()))
                                .toList());
    }

    private static String plain(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }
}

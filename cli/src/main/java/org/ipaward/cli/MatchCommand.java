package org.ipaward.cli;

import static org.ipaward.cli.Out.cite;
import static org.ipaward.cli.Out.obj;
import static org.ipaward.cli.Out.text;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.ipaward.engine.match.Matcher;
import org.ipaward.engine.match.MeasureMatch;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.Text;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "match",
        mixinStandardHelpOptions = true,
        description = {
            "政策计算器：按主体情况列出可能申报的措施、金额范围及尚需提供的事实与材料"
                    + " (list the measures a subject may qualify for, the amount range, and what is still needed)",
            "",
            "输入为 JSON：{\"as_of\", \"subject\": {…}} 或直接为主体对象 (input: {as_of, subject} or a bare subject)。",
            "",
            "退出码 (exit codes)：0 已列出；2 输入或用法错误 (input or usage error)。"
        })
final class MatchCommand implements Callable<Integer> {
    enum Format {
        table,
        json
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOption input;

    @Mixin
    PolicyOptions policies;

    @Option(
            names = "--as-of",
            paramLabel = "DATE",
            description = "计算基准日 YYYY-MM-DD，优先于输入中的 as_of；缺省为今天 (as-of date; overrides the input; default today)")
    LocalDate asOf;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "输出格式：table（默认）或 json (output format; default ${DEFAULT-VALUE})")
    Format format;

    @Option(
            names = "--all",
            description = "同时列出已被排除的措施及不符合的条件 (also list measures ruled out, with the failed condition)")
    boolean all;

    @Override
    public Integer call() {
        String text = input.read();
        List<Policy> loaded = policies.load();
        RequestReader.Profile profile = RequestReader.profile(text, input.name(), asOf, LocalDate.now());
        List<MeasureMatch> matches = new Matcher(loaded).match(profile.subject(), profile.asOf());
        Map<String, Policy> byId = new LinkedHashMap<>();
        loaded.forEach(p -> byId.put(p.id(), p));
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            Out.json(out, json(profile, matches, byId));
        } else {
            table(out, profile, matches, byId);
        }
        out.flush();
        return 0;
    }

    /** The range as a clerk reads it: {@code 50,000.00 元}, {@code 100,000.00 – 200,000.00 元}, {@code ≤ 300,000.00 元}, or the note. */
    static String range(MeasureMatch m) {
        BigDecimal lo = m.minAmount();
        BigDecimal hi = m.maxAmount();
        if (hi == null) {
            return m.amountNote() == null ? "按实际核定" : m.amountNote().zh();
        }
        if (lo == null || lo.signum() == 0) {
            return "≤ " + Out.yuan(hi);
        }
        if (lo.compareTo(hi) == 0) {
            return Out.yuan(hi);
        }
        return Out.yuan(lo).replace(" 元", "") + " – " + Out.yuan(hi);
    }

    private static int year(Policy p, LocalDate asOf) {
        return asOf.getYear() - (p.matterYearOffset() == null ? 0 : p.matterYearOffset());
    }

    private void table(
            PrintWriter out, RequestReader.Profile profile, List<MeasureMatch> matches, Map<String, Policy> byId) {
        out.println("政策计算器：可能申报的措施 (measures the subject may qualify for)");
        out.println("主体："
                + (profile.subject().name() == null
                        ? profile.subject().id()
                        : profile.subject().name()) + "（"
                + profile.subject().kind().label().zh() + "）　计算基准日：" + profile.asOf());
        long possible = matches.stream().filter(MeasureMatch::possible).count();
        out.printf("可能符合 %d 项；已排除 %d 项%s%n", possible, matches.size() - possible, all ? "" : "（加 --all 查看）");
        if (matches.isEmpty()) {
            out.println("没有覆盖该事项年度的有效政策。");
        }
        for (Policy p : byId.values()) {
            List<MeasureMatch> mine =
                    matches.stream().filter(m -> m.policy().equals(p.id())).toList();
            List<MeasureMatch> yes =
                    mine.stream().filter(MeasureMatch::possible).toList();
            if (mine.isEmpty()) {
                continue;
            }
            out.println();
            out.println(p.title().zh() + "（" + p.id() + "，" + p.status().label().zh() + "）　事项年度 "
                    + year(p, profile.asOf()));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"措施编号", "名称", "条款", "金额范围"});
            yes.forEach(m -> rows.add(new String[] {m.measure(), m.title().zh(), cite(m.clause()), range(m)}));
            if (yes.isEmpty()) {
                String why = mine.get(0).failed().isEmpty()
                        ? ""
                        : "，如：" + failed(mine.get(0)).substring(2);
                out.println("  （本主体情况下没有可能符合的措施" + why + (all ? "" : "；加 --all 查看各项原因") + "）");
            } else {
                Out.table(out, "  ", rows);
                out.println();
                out.println("  尚需提供 (still needed)：");
                for (MeasureMatch m : yes) {
                    out.println("  " + m.measure());
                    String needs = m.needed().stream().map(n -> n.label().zh()).collect(Collectors.joining("；"));
                    out.println("      事实：" + (needs.isEmpty() ? "无" : needs));
                    String mats = m.materials().stream().map(Text::zh).collect(Collectors.joining("；"));
                    out.println("      材料：" + (mats.isEmpty() ? "无" : mats));
                }
            }
            if (all) {
                List<MeasureMatch> no = mine.stream().filter(m -> !m.possible()).toList();
                if (!no.isEmpty()) {
                    out.println();
                    out.println("  已排除 (ruled out)：");
                    List<String[]> ex = new ArrayList<>();
                    for (MeasureMatch m : no) {
                        ex.add(new String[] {m.measure(), m.title().zh(), cite(m.clause()), failed(m)});
                    }
                    Out.table(out, "  ", ex);
                }
            }
        }
    }

    private static String failed(MeasureMatch m) {
        return m.failed().stream()
                .map(c -> "✗ " + c.text().zh() + (c.detail() == null ? "" : "（" + c.detail() + "）"))
                .collect(Collectors.joining("；"));
    }

    private Map<String, Object> json(
            RequestReader.Profile profile, List<MeasureMatch> matches, Map<String, Policy> byId) {
        List<Object> rows = new ArrayList<>();
        for (MeasureMatch m : matches) {
            if (!m.possible() && !all) {
                continue;
            }
            Policy p = byId.get(m.policy());
            rows.add(obj(
                    "policy", m.policy(),
                    "policy_title", text(m.policyTitle()),
                    "policy_status", m.policyStatus().name().toLowerCase(java.util.Locale.ROOT),
                    "year", year(p, profile.asOf()),
                    "measure", m.measure(),
                    "title", text(m.title()),
                    "clause", m.clause(),
                    "category",
                            m.category() == null ? null : m.category().name().toLowerCase(java.util.Locale.ROOT),
                    "possible", m.possible(),
                    "min_amount", Out.money(m.minAmount()),
                    "max_amount", Out.money(m.maxAmount()),
                    "amount_range", range(m),
                    "amount_note", text(m.amountNote()),
                    "needed",
                            m.needed().stream()
                                    .map(n -> obj(
                                            "name",
                                            n.name(),
                                            "zh",
                                            n.label().zh(),
                                            "en",
                                            n.label().en()))
                                    .toList(),
                    "materials", m.materials().stream().map(Out::text).toList(),
                    "failed", m.failed().stream().map(CalcJson::check).toList()));
        }
        return obj(
                "as_of", profile.asOf().toString(),
                "subject", profile.subject().id(),
                "possible", matches.stream().filter(MeasureMatch::possible).count(),
                "ruled_out", matches.stream().filter(m -> !m.possible()).count(),
                "measures", rows);
    }
}

package org.ipaward.cli;

import static org.ipaward.cli.Out.cite;
import static org.ipaward.cli.Out.yuan;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipaward.engine.calc.Calculation;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.calc.Check;
import org.ipaward.engine.calc.CityAward;
import org.ipaward.engine.calc.Claim;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.calc.Fmt;
import org.ipaward.engine.calc.Status;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.calc.TraceStep;
import org.ipaward.engine.model.AwardRule;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;

/**
 * A calculation explained in Chinese for a bureau clerk: per claim the measure and clause, the outcome, the
 * amount in 元, every step numbered with its clause, the source text quoted once, what failed and what is
 * still missing; then the totals.
 */
final class TextReport {
    private static final String RULE = "────────────────────────────────────────────────────────────";
    private static final Map<String, String> SUBJECT_FIELDS = Map.of(
            "subject.registered_region", "主体注册登记地行政区划代码（subject.registered_region）",
            "subject.household_region", "自然人户籍所在地行政区划代码（subject.household_region）",
            "subject.mu_grade", "亩均效益综合评价结果（subject.mu_grade：A/B/C/D，未参评填 unrated）",
            "subject.kind", "主体类型（subject.kind）",
            "city_award.amount", "市级奖补金额（city_award.amount）",
            "city_award.needs_district_match", "市级奖补是否需区级配套（city_award.needs_district_match）",
            "city_award.district_share", "区级应配套金额（city_award.district_share）");

    private final Calculator calculator;
    private final PrintWriter out;

    TextReport(Calculator calculator, PrintWriter out) {
        this.calculator = calculator;
        this.out = out;
    }

    void print(Calculation c, CalculationRequest request) {
        Subject subject = request.subject();
        out.println("知识产权奖补计算说明");
        out.println("申报主体：" + describe(subject));
        out.println("计算基准日：" + c.asOf());
        long ok = count(c, Status.ELIGIBLE);
        long no = count(c, Status.NOT_ELIGIBLE);
        long wait = count(c, Status.UNDETERMINED);
        out.printf("共 %d 项申报：符合条件 %d 项，不符合条件 %d 项，暂无法判断 %d 项%n", c.results().size(), ok, no, wait);
        for (int i = 0; i < c.results().size(); i++) {
            out.println();
            out.println(RULE);
            claim(i + 1, c.results().get(i), request.claims().get(i));
        }
        out.println();
        out.println(RULE);
        out.println("合计（符合条件的申报）：" + yuan(c.total()));
        c.totalByPolicy().forEach((id, amount) -> {
            Policy p = calculator.policy(id);
            out.println("  " + (p == null ? id : p.title().zh() + "（" + id + "）") + "：" + yuan(amount));
        });
        if (wait > 0) {
            out.println("另有 " + wait + " 项暂无法判断，补齐上列事实或材料后可重新计算。");
        }
    }

    private static long count(Calculation c, Status s) {
        return c.results().stream().filter(r -> r.status() == s).count();
    }

    private static String describe(Subject s) {
        StringBuilder sb = new StringBuilder();
        sb.append(s.name() == null ? "（未填名称）" : s.name());
        sb.append("（编号 ").append(s.id());
        if (s.kind() != null) {
            sb.append("，").append(s.kind().label().zh());
        }
        if (s.registeredRegion() != null) {
            sb.append("，注册地 ").append(s.registeredRegion());
        }
        if (s.householdRegion() != null) {
            sb.append("，户籍地 ").append(s.householdRegion());
        }
        if (!s.servedRegions().isEmpty()) {
            sb.append("，服务地区 ").append(String.join("、", s.servedRegions()));
        }
        if (s.muGrade() != null) {
            sb.append("，亩均效益评价 ").append(s.muGrade()).append(" 类");
        }
        return sb.append("）").toString();
    }

    private void claim(int n, ClaimResult r, Claim claim) {
        Policy p = calculator.policy(r.policy());
        Measure m = p == null ? null : p.measure(r.measure());
        out.println("【" + n + "】" + r.title().zh() + cite(r.clause()) + "　申报编号 " + r.claimId());
        out.println("    政策：" + (p == null ? r.policy() : p.title().zh() + "（" + r.policy() + "）") + "　措施编号 "
                + r.measure());
        out.println("    事项年度：" + r.year());
        out.println("    结论：" + r.status().label().zh());
        if (r.status() == Status.ELIGIBLE) {
            String base = r.baseAmount() != null && r.baseAmount().compareTo(r.amount()) != 0
                    ? "（按奖励规则计得 " + yuan(r.baseAmount()) + "，经下列系数、上限或配套调整）"
                    : "";
            out.println("    核定金额：" + yuan(r.amount()) + base);
        }
        if (r.tier() != null) {
            out.println("    档次：" + tierLabel(m, r.tier()));
        }
        facts(m, claim);
        if (!r.trace().isEmpty()) {
            out.println("    计算过程：");
            Set<String> quoted = new HashSet<>();
            int i = 0;
            for (TraceStep s : r.trace()) {
                String num = String.format("%6s", (++i) + ". ");
                out.println(num + s.zh() + cite(s.clause()));
                if (s.quote() != null && !s.quote().isBlank() && quoted.add(s.quote())) {
                    out.println("        原文" + cite(s.clause()) + "：“" + s.quote() + "”");
                }
            }
        }
        List<Check> failed = r.failed();
        if (!failed.isEmpty()) {
            out.println("    不符合的条件：");
            for (Check c : failed) {
                out.println("      ✗ " + c.text().zh() + cite(c.clause())
                        + (c.detail() == null ? "" : "（" + c.detail() + "）") + "  [" + c.id() + "]");
            }
        }
        if (!r.missingFacts().isEmpty()) {
            out.println("    待补充的事实：");
            for (String f : r.missingFacts()) {
                out.println("      - " + factLabel(m, f));
            }
        }
        if (!r.missingMaterials().isEmpty()) {
            out.println("    待补充的材料：");
            for (String id : r.missingMaterials()) {
                Policy.Material mat = p == null ? null : p.materials().get(id);
                out.println("      - " + (mat == null ? id : mat.label().zh() + cite(mat.clause()) + "（" + id + "）"));
            }
        }
    }

    /** What the claim states, as the clerk checks it against the documents. */
    private void facts(Measure m, Claim claim) {
        if (claim.facts().isEmpty() && claim.cityAward() == null) {
            out.println("    申报事实：（未填写）");
            return;
        }
        out.println("    申报事实：");
        for (Map.Entry<String, Object> e : claim.facts().entrySet()) {
            Measure.Fact f = m == null ? null : m.facts().get(e.getKey());
            String label = f == null ? e.getKey() : f.label().zh();
            out.println("      - " + label + "：" + Fmt.fact(f, typed(f, e.getValue())));
        }
        CityAward city = claim.cityAward();
        if (city != null) {
            StringBuilder sb = new StringBuilder("      - 市级奖补：");
            sb.append(
                    Boolean.TRUE.equals(city.applicable())
                            ? "同一事项适用市级政策"
                            : Boolean.FALSE.equals(city.applicable()) ? "不适用市级政策" : "是否适用未填");
            if (city.amount() != null) {
                sb.append("，市级奖补 ").append(yuan(city.amount()));
            }
            if (city.needsDistrictMatch() != null) {
                sb.append(city.needsDistrictMatch() ? "，需区级配套" : "，无需区级配套");
            }
            if (city.districtShare() != null) {
                sb.append("，区级应配套 ").append(yuan(city.districtShare()));
            }
            out.println(sb);
        }
    }

    /** A stated value as the engine reads it, for display: money written as text is still money. */
    private static Object typed(Measure.Fact f, Object v) {
        if (f != null && v instanceof String s) {
            switch (f.type()) {
                case MONEY:
                case INTEGER:
                case DECIMAL:
                case PERCENT:
                    try {
                        return new BigDecimal(s.trim().replace(",", ""));
                    } catch (NumberFormatException e) {
                        return v;
                    }
                default:
                    return v;
            }
        }
        return v;
    }

    private static String tierLabel(Measure m, String tier) {
        if (m != null && m.award() instanceof AwardRule.Tiers t) {
            for (AwardRule.Tier x : t.tiers()) {
                if (x.id().equals(tier)) {
                    return x.label().zh() + "（" + tier + "）";
                }
            }
        }
        if (m != null && m.award() instanceof AwardRule.Steps st) {
            for (AwardRule.Step x : st.steps()) {
                if (x.id().equals(tier)) {
                    return "[" + Fmt.number(x.min()) + ", " + (x.max() == null ? "∞" : Fmt.number(x.max())) + ")（"
                            + tier + "）";
                }
            }
        }
        return tier;
    }

    static String factLabel(Measure m, String name) {
        String s = SUBJECT_FIELDS.get(name);
        if (s != null) {
            return s;
        }
        Measure.Fact f = m == null ? null : m.facts().get(name);
        if (f == null) {
            return name;
        }
        String help = f.help() == null ? "" : "；" + f.help().zh();
        return f.label().zh() + "（" + name + "，" + typeZh(f) + help + "）";
    }

    static String typeZh(Measure.Fact f) {
        switch (f.type()) {
            case MONEY:
                return "金额，元";
            case INTEGER:
                return "整数";
            case DECIMAL:
                return "数值";
            case PERCENT:
                return "百分数 0–100";
            case BOOLEAN:
                return "是/否 true/false";
            case ENUM:
                return "可选："
                        + String.join(
                                "、",
                                f.values().entrySet().stream()
                                        .map(e ->
                                                e.getKey() + " " + e.getValue().zh())
                                        .toList());
            case DATE:
                return "日期 YYYY-MM-DD";
            case LIST:
                return "文本列表";
            default:
                return "文本";
        }
    }
}

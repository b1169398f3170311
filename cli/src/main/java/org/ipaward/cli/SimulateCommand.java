package org.ipaward.cli;

import static org.ipaward.cli.Out.money;
import static org.ipaward.cli.Out.obj;
import static org.ipaward.cli.Out.text;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.ipaward.batch.claims.ClaimRow;
import org.ipaward.batch.claims.ClaimsFile;
import org.ipaward.batch.replay.Budget;
import org.ipaward.batch.replay.Comparison;
import org.ipaward.batch.replay.Replay;
import org.ipaward.batch.replay.ReplayResult;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.Problem;
import org.ipaward.engine.model.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "回放一个申报批次：按提交顺序逐项计算，计入台账上限与批次预算规则；可将征求意见稿与现行版本对比"
                    + " (what-if replay of a round: claims in submission order with ledger caps and the budget rule;"
                    + " a draft side by side with the version in force)",
            "",
            "申报明细为 CSV 或 XLSX，列与工作台“导出申报明细”相同（表头可用英文 id 或中文）。"
                    + " Claims: CSV or XLSX in the columns staff export (headers as ids or in Chinese).",
            "",
            "退出码 (exit codes)：0 已回放；2 输入或用法错误 (input or usage error)。"
        })
final class SimulateCommand implements Callable<Integer> {
    enum Format {
        table,
        json,
        xlsx
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--claims",
            required = true,
            paramLabel = "FILE",
            description = "申报明细文件 .csv 或 .xlsx (the round's claims: .csv or .xlsx)")
    Path claims;

    @Option(
            names = "--policy",
            paramLabel = "POLICY",
            description = "现行政策：policy.yaml 路径或内置政策 id，可重复；缺省为全部内置政策"
                    + " (policy in force: a policy.yaml or a bundled id, repeatable; default: all bundled)")
    List<String> policy;

    @Option(
            names = "--against",
            paramLabel = "DRAFT",
            description = "对比的征求意见稿 policy.yaml：同一批申报在两个版本下并列比较"
                    + " (a draft policy.yaml to compare with the version in force on the same claims)")
    Path against;

    @Option(names = "--budget", paramLabel = "YUAN", description = "批次预算（元）(the round's budget in yuan)")
    BigDecimal budget;

    @Option(
            names = "--budget-rule",
            paramLabel = "RULE",
            description = "预算规则：pro_rata 按比例（有预算时的缺省）或 stop 超出即停止审批"
                    + " (budget rule: pro_rata, the default with a budget, or stop)")
    String budgetRule;

    @Option(
            names = "--as-of",
            paramLabel = "DATE",
            description = "计算基准日 YYYY-MM-DD；缺省为各申报的提交日 (as-of date; default: each application's submission day)")
    LocalDate asOf;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description =
                    "输出格式：table（默认）、json 或 xlsx（需 --out）(output: table, json or xlsx with --out; default ${DEFAULT-VALUE})")
    Format format;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            description = "输出文件；缺省为标准输出 (output file; default standard output)")
    Path out;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "并行线程数；缺省为处理器核数 (threads; default: the number of cores)")
    Integer threads;

    @Option(
            names = "--top",
            paramLabel = "N",
            defaultValue = "20",
            description = "表格中列出增减最多的申报主体数 (applicants listed in the table; default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--applicants", description = "JSON/XLSX 中列出每个申报主体的合计 (list every applicant's totals in JSON/XLSX)")
    boolean applicants;

    @Option(
            names = {"-q", "--quiet"},
            description = "不显示进度条 (no progress bar)")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PoiLogging.quiet();
        Budget b = budget();
        if (format == Format.xlsx && out == null) {
            throw new Errors.UserError("XLSX 输出须用 --out 指定文件 (xlsx output needs --out FILE) [usage]");
        }
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1 || n > 256) {
            throw new Errors.UserError("--threads 应为 1–256 (threads must be 1..256) [usage]");
        }
        // The policies (base and draft) are loaded on another thread while the claims are read; a policy problem is
        // still the one reported when both the policies and the claims are bad, as when they were loaded first.
        java.util.concurrent.FutureTask<List<List<Policy>>> loading = new java.util.concurrent.FutureTask<>(() -> {
            List<Policy> loaded = basePolicies();
            return java.util.Arrays.asList(loaded, against == null ? null : draftPolicies(loaded));
        });
        Thread loader = new Thread(loading, "ipaward-policies");
        loader.setDaemon(true);
        loader.start();
        boolean progress = !quiet && System.console() != null;

        List<ClaimRow> rows = new ArrayList<>();
        try (ProgressBar pb = progress ? Progress.bar("读取申报 (reading)", -1) : null) {
            ClaimsFile.read(claims, r -> {
                rows.add(r);
                if (pb != null && rows.size() % 10_000 == 0) {
                    pb.stepTo(rows.size());
                }
            });
        } catch (RuntimeException e) {
            policies(loading); // a policy problem first
            throw e;
        }
        List<List<Policy>> policies = policies(loading);
        List<Policy> base = policies.get(0);
        List<Policy> draft = policies.get(1);
        Replay.Options options = new Replay.Options(b, asOf, n);
        ReplayResult a;
        ReplayResult d = null;
        try (ProgressBar pb =
                progress ? Progress.bar("回放 (replay)", (long) rows.size() * (draft == null ? 1 : 2)) : null) {
            Replay.Progress p = pb == null ? Replay.Progress.NONE : pb::stepBy;
            a = Replay.run(base, rows, options, p);
            if (draft != null) {
                d = Replay.run(draft, rows, options, p);
            }
        }
        Comparison c = d == null ? null : Comparison.of(a, d);
        switch (format) {
            case json -> json(a, c);
            case xlsx -> xlsx(a, c);
            default -> table(a, c);
        }
        return 0;
    }

    /** What the loading thread gave, or the problem it met, thrown here as if met on this thread. */
    private static List<List<Policy>> policies(java.util.concurrent.FutureTask<List<List<Policy>>> loading) {
        try {
            return loading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(cause);
        }
    }

    private Budget budget() {
        Budget.Rule rule = budgetRule == null ? null : Budget.Rule.of(budgetRule);
        if (budgetRule != null && rule == null) {
            throw new Errors.UserError("预算规则“" + budgetRule + "”无效，可选 pro_rata、stop、none"
                    + " (budget rule must be pro_rata, stop or none) [simulate.bad-budget-rule]");
        }
        if (budget != null
                && (budget.signum() < 0 || budget.stripTrailingZeros().scale() > 2)) {
            throw new Errors.UserError("预算“" + budget.toPlainString() + "”应为不小于 0、最多两位小数的金额"
                    + " (the budget is an amount >= 0 with at most 2 decimals) [simulate.bad-budget]");
        }
        if (rule == null) {
            rule = budget == null ? Budget.Rule.NONE : Budget.Rule.PRO_RATA;
        }
        if (rule != Budget.Rule.NONE && budget == null) {
            throw new Errors.UserError("预算规则 " + rule.id() + " 需要 --budget 指定预算"
                    + " (a budget rule needs --budget) [simulate.budget-required]");
        }
        return rule == Budget.Rule.NONE ? Budget.none() : new Budget(rule, budget);
    }

    private List<Policy> basePolicies() {
        if (policy == null || policy.isEmpty()) {
            return PolicyLoader.loadBundled();
        }
        List<Policy> bundled = null;
        List<Policy> out = new ArrayList<>();
        for (String p : policy) {
            Path path = Path.of(p);
            if (p.endsWith(".yaml") || p.endsWith(".yml") || Files.isDirectory(path)) {
                out.addAll(PolicyLoader.load(List.of(path)));
                continue;
            }
            if (bundled == null) {
                bundled = PolicyLoader.loadBundled();
            }
            Policy found =
                    bundled.stream().filter(x -> x.id().equals(p)).findFirst().orElse(null);
            if (found == null) {
                throw new Errors.UserError("没有内置政策“" + p + "”，可用："
                        + bundled.stream().map(Policy::id).collect(Collectors.joining("、"))
                        + " (no such bundled policy) [simulate.unknown-policy]");
            }
            out.add(found);
        }
        return out;
    }

    /** The base policies with the draft in place of the version it drafts (same id, or the only policy). */
    private List<Policy> draftPolicies(List<Policy> base) {
        List<Policy> drafts = PolicyLoader.load(List.of(against));
        List<Policy> out = new ArrayList<>(base);
        for (Policy dp : drafts) {
            int i = indexOf(out, dp.id());
            if (i < 0 && base.size() == 1) {
                i = 0;
                dp = Policies.withId(dp, base.get(0).id());
            }
            if (i < 0) {
                throw new Errors.UserError("征求意见稿的政策 id“" + dp.id() + "”与所回放的政策（"
                        + base.stream().map(Policy::id).collect(Collectors.joining("、"))
                        + "）都不同；请用 --policy 指定它替代的政策"
                        + " (the draft's id matches no replayed policy; name the version it replaces with --policy)"
                        + " [simulate.against-id]");
            }
            out.set(i, dp);
        }
        return out;
    }

    private static int indexOf(List<Policy> ps, String id) {
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    // ---- output ----

    private PrintWriter writer() throws IOException {
        if (out == null) {
            return spec.commandLine().getOut();
        }
        return new PrintWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8));
    }

    private static String rule(Budget b) {
        return switch (b.rule()) {
            case PRO_RATA -> "按比例分配 (pro_rata)";
            case STOP -> "超出预算即停止审批 (stop)";
            default -> "不设预算 (none)";
        };
    }

    private void table(ReplayResult a, Comparison c) throws IOException {
        PrintWriter w = writer();
        w.println("批次回放 (round replay)：" + claims.getFileName() + "；政策 (policies)：" + String.join("、", policyIds(a))
                + (against == null ? "" : "；对比稿 (draft)：" + against.getFileName()));
        summary(w, c == null ? "" : "现行版本 (in force) ", a);
        if (c != null) {
            summary(w, "征求意见稿 (draft) ", c.draft());
            w.printf("差额 (draft − in force)：所需 %s；实付 %s%n", signed(c.neededChange()), signed(c.paidChange()));
            w.println();
            w.println("按措施对比 (by measure)：");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"措施", "名称", "现行符合", "现行所需", "意见稿符合", "意见稿所需", "差额"});
            for (Comparison.MeasureDiff m : c.measures()) {
                rows.add(new String[] {
                    m.measure(),
                    m.title() == null ? "" : m.title().zh(),
                    m.inBase() ? String.valueOf(m.baseEligible()) : "（无此措施）",
                    m.inBase() ? Out.yuan(m.baseNeeded()) : "—",
                    m.inDraft() ? String.valueOf(m.draftEligible()) : "（无此措施）",
                    m.inDraft() ? Out.yuan(m.draftNeeded()) : "—",
                    signed(m.change())
                });
            }
            Out.table(w, "  ", rows);
            w.println();
            w.printf(
                    "增加的申报主体 (applicants who gain)：%d 个；减少的 (who lose)：%d 个%n",
                    c.gains().size(), c.losses().size());
            applicantDiffs(w, "增加最多 (largest gains)：", c.gains());
            applicantDiffs(w, "减少最多 (largest losses)：", c.losses());
        } else {
            w.println();
            w.println("按类别 (by category)：");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"类别", "事项", "符合", "所需金额", "实付金额"});
            for (ReplayResult.CategoryTotal t : a.categories()) {
                rows.add(new String[] {
                    t.label().zh() + " " + t.category(),
                    String.valueOf(t.claims()),
                    String.valueOf(t.eligible()),
                    Out.yuan(t.needed()),
                    Out.yuan(t.paid())
                });
            }
            Out.table(w, "  ", rows);
            w.println();
            w.println("按措施 (by measure)：");
            rows = new ArrayList<>();
            rows.add(new String[] {"措施", "名称", "事项", "符合", "不符合", "暂无法判断", "所需金额", "实付金额"});
            for (ReplayResult.MeasureTotal m : a.measures()) {
                rows.add(new String[] {
                    m.measure(),
                    m.title() == null ? "（政策中无此措施）" : m.title().zh(),
                    String.valueOf(m.claims()),
                    String.valueOf(m.eligible()),
                    String.valueOf(m.notEligible()),
                    String.valueOf(m.undetermined()),
                    Out.yuan(m.needed()),
                    Out.yuan(m.paid())
                });
            }
            Out.table(w, "  ", rows);
            List<ReplayResult.ApplicantTotal> topPaid = a.applicants().values().stream()
                    .filter(x -> x.paid().signum() > 0)
                    .sorted((x, y) -> y.paid().compareTo(x.paid()))
                    .limit(top)
                    .toList();
            if (!topPaid.isEmpty()) {
                w.println();
                w.println("获奖补最多的申报主体 (applicants paid most)：");
                rows = new ArrayList<>();
                rows.add(new String[] {"主体", "名称", "事项", "符合", "所需金额", "实付金额"});
                for (ReplayResult.ApplicantTotal t : topPaid) {
                    rows.add(new String[] {
                        t.subjectId(),
                        t.name() == null ? "" : t.name(),
                        String.valueOf(t.claims()),
                        String.valueOf(t.eligible()),
                        Out.yuan(t.needed()),
                        Out.yuan(t.paid())
                    });
                }
                Out.table(w, "  ", rows);
            }
        }
        problems(w, a);
        w.flush();
        if (out != null) {
            w.close();
        }
    }

    private void applicantDiffs(PrintWriter w, String title, List<Comparison.ApplicantDiff> ds) {
        if (ds.isEmpty()) {
            return;
        }
        w.println(title);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"主体", "名称", "现行实付", "意见稿实付", "差额"});
        for (Comparison.ApplicantDiff d : ds.subList(0, Math.min(top, ds.size()))) {
            rows.add(new String[] {
                d.subjectId(),
                d.name() == null ? "" : d.name(),
                Out.yuan(d.basePaid()),
                Out.yuan(d.draftPaid()),
                signed(d.change())
            });
        }
        Out.table(w, "  ", rows);
    }

    private static String signed(BigDecimal d) {
        return (d.signum() > 0 ? "+" : "") + Out.yuan(d);
    }

    private void summary(PrintWriter w, String label, ReplayResult r) {
        w.printf(
                "%s申报 %d 件、事项 %d 项 (applications, claims)：符合 %d，不符合 %d，暂无法判断 %d",
                label,
                r.applications(),
                r.claims(),
                r.count("eligible"),
                r.count("not_eligible"),
                r.count("undetermined"));
        if (r.count("invalid") > 0) {
            w.printf("，输入有误 %d", r.count("invalid"));
        }
        if (r.count("unknown_measure") > 0) {
            w.printf("，政策中无此措施 %d", r.count("unknown_measure"));
        }
        if (r.count("skipped") > 0) {
            w.printf("，未回放的政策 %d", r.count("skipped"));
        }
        w.println();
        w.printf("  预算规则 (budget rule)：%s", rule(r.budget()));
        if (r.budget().amount() != null) {
            w.printf("，预算 (budget) %s", Out.yuan(r.budget().amount()));
        }
        w.println();
        w.printf(
                "  所需金额 (budget needed)：%s；核定 (committed)：%s；实付 (paid)：%s%n",
                Out.yuan(r.needed()), Out.yuan(r.committed()), Out.yuan(r.paid()));
        if (r.factor() != null) {
            w.printf("  按比例系数 (pro-rata factor)：%s%n", r.factor().toPlainString());
        }
        if (r.refusedApplications() > 0) {
            w.printf(
                    "  因预算用尽未予审批 (refused by the budget)：申报 %d 件、事项 %d 项%n",
                    r.refusedApplications(), r.refusedClaims());
        }
        if (r.decided() != null) {
            w.printf("  明细中已核定金额合计 (awarded as decided)：%s%n", Out.yuan(r.decided()));
        }
    }

    private static void problems(PrintWriter w, ReplayResult r) {
        if (r.problemCount() == 0) {
            return;
        }
        w.println();
        w.printf("输入有误的申报（前 %d 条，共 %d 条）(input problems)：%n", r.problems().size(), r.problemCount());
        for (Problem p : r.problems()) {
            w.println("  " + p.format());
        }
    }

    private static List<String> policyIds(ReplayResult r) {
        return r.measures().stream()
                .map(ReplayResult.MeasureTotal::policy)
                .distinct()
                .toList();
    }

    private void json(ReplayResult a, Comparison c) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("claims_file", claims.toString());
        root.put(
                "budget",
                obj("rule", a.budget().rule().id(), "amount", money(a.budget().amount())));
        root.put(c == null ? "result" : "in_force", json(a));
        if (c != null) {
            root.put("draft", json(c.draft()));
            root.put("draft_file", against.toString());
            List<Object> measures = new ArrayList<>();
            for (Comparison.MeasureDiff m : c.measures()) {
                measures.add(obj(
                        "policy", m.policy(),
                        "measure", m.measure(),
                        "title", text(m.title()),
                        "in_force", m.inBase(),
                        "in_draft", m.inDraft(),
                        "in_force_eligible", m.baseEligible(),
                        "draft_eligible", m.draftEligible(),
                        "in_force_needed", money(m.baseNeeded()),
                        "draft_needed", money(m.draftNeeded()),
                        "change", money(m.change())));
            }
            root.put(
                    "comparison",
                    obj(
                            "needed_change", money(c.neededChange()),
                            "paid_change", money(c.paidChange()),
                            "measures", measures,
                            "gains", diffs(c.gains()),
                            "losses", diffs(c.losses())));
        }
        PrintWriter w = writer();
        Out.json(w, root);
        w.flush();
        if (out != null) {
            w.close();
        }
    }

    private static List<Object> diffs(List<Comparison.ApplicantDiff> ds) {
        List<Object> out = new ArrayList<>(ds.size());
        for (Comparison.ApplicantDiff d : ds) {
            out.add(obj(
                    "subject",
                    d.subjectId(),
                    "name",
                    d.name(),
                    "in_force_paid",
                    money(d.basePaid()),
                    "draft_paid",
                    money(d.draftPaid()),
                    "change",
                    money(d.change())));
        }
        return out;
    }

    private Map<String, Object> json(ReplayResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("applications", r.applications());
        m.put("claims", r.claims());
        m.put("by_status", r.byStatus());
        m.put("needed", money(r.needed()));
        m.put("committed", money(r.committed()));
        m.put("pro_rata_factor", r.factor() == null ? null : r.factor().toPlainString());
        m.put("paid", money(r.paid()));
        m.put("refused_applications", r.refusedApplications());
        m.put("refused_claims", r.refusedClaims());
        m.put("awarded_as_decided", money(r.decided()));
        List<Object> cats = new ArrayList<>();
        for (ReplayResult.CategoryTotal t : r.categories()) {
            cats.add(obj(
                    "category", t.category(),
                    "label", text(t.label()),
                    "claims", t.claims(),
                    "eligible", t.eligible(),
                    "needed", money(t.needed()),
                    "paid", money(t.paid())));
        }
        m.put("categories", cats);
        List<Object> ms = new ArrayList<>();
        for (ReplayResult.MeasureTotal t : r.measures()) {
            ms.add(obj(
                    "policy", t.policy(),
                    "measure", t.measure(),
                    "title", text(t.title()),
                    "category", t.category(),
                    "known", t.known(),
                    "claims", t.claims(),
                    "eligible", t.eligible(),
                    "not_eligible", t.notEligible(),
                    "undetermined", t.undetermined(),
                    "needed", money(t.needed()),
                    "paid", money(t.paid())));
        }
        m.put("measures", ms);
        if (applicants) {
            List<Object> as = new ArrayList<>();
            for (ReplayResult.ApplicantTotal t : r.applicants().values()) {
                as.add(obj(
                        "subject", t.subjectId(),
                        "name", t.name(),
                        "claims", t.claims(),
                        "eligible", t.eligible(),
                        "needed", money(t.needed()),
                        "paid", money(t.paid())));
            }
            m.put("applicants", as);
        }
        List<Object> ps = new ArrayList<>();
        for (Problem p : r.problems()) {
            ps.add(obj("where", p.where(), "field", p.field(), "key", p.key(), "zh", p.zh(), "en", p.en()));
        }
        m.put("problem_count", r.problemCount());
        m.put("problems", ps);
        return m;
    }

    private void xlsx(ReplayResult a, Comparison c) throws IOException {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200)) {
            Sheet s = new Sheet(wb.createSheet("汇总 summary"));
            s.row("项目 (item)", "现行版本 (in force)", c == null ? null : "征求意见稿 (draft)");
            ReplayResult d = c == null ? null : c.draft();
            s.row("申报 (applications)", a.applications(), d == null ? null : d.applications());
            s.row("事项 (claims)", a.claims(), d == null ? null : d.claims());
            for (String st : a.byStatus().keySet()) {
                s.row("状态 " + st, a.count(st), d == null ? null : d.count(st));
            }
            s.row("预算规则 (rule)", a.budget().rule().id(), null);
            s.row("预算 (budget)", money(a.budget().amount()), null);
            s.row("所需金额 (needed)", money(a.needed()), d == null ? null : money(d.needed()));
            s.row("核定 (committed)", money(a.committed()), d == null ? null : money(d.committed()));
            s.row(
                    "按比例系数 (factor)",
                    a.factor() == null ? null : a.factor().toPlainString(),
                    d == null || d.factor() == null ? null : d.factor().toPlainString());
            s.row("实付 (paid)", money(a.paid()), d == null ? null : money(d.paid()));
            s.row("因预算未审批的申报 (refused)", a.refusedApplications(), d == null ? null : d.refusedApplications());

            Sheet m = new Sheet(wb.createSheet("按措施 by measure"));
            if (c == null) {
                m.row(
                        "政策 policy",
                        "措施 measure",
                        "名称 title",
                        "类别 category",
                        "事项 claims",
                        "符合 eligible",
                        "不符合 not eligible",
                        "暂无法判断 undetermined",
                        "所需金额 needed",
                        "实付金额 paid");
                for (ReplayResult.MeasureTotal t : a.measures()) {
                    m.row(
                            t.policy(),
                            t.measure(),
                            t.title() == null ? "（政策中无此措施）" : t.title().zh(),
                            t.category(),
                            t.claims(),
                            t.eligible(),
                            t.notEligible(),
                            t.undetermined(),
                            money(t.needed()),
                            money(t.paid()));
                }
            } else {
                m.row(
                        "政策 policy",
                        "措施 measure",
                        "名称 title",
                        "现行有此措施 in force",
                        "意见稿有此措施 in draft",
                        "现行符合",
                        "意见稿符合",
                        "现行所需 needed",
                        "意见稿所需 draft needed",
                        "差额 change");
                for (Comparison.MeasureDiff t : c.measures()) {
                    m.row(
                            t.policy(),
                            t.measure(),
                            t.title() == null ? null : t.title().zh(),
                            t.inBase() ? "是" : "否",
                            t.inDraft() ? "是" : "否",
                            t.baseEligible(),
                            t.draftEligible(),
                            money(t.baseNeeded()),
                            money(t.draftNeeded()),
                            money(t.change()));
                }
            }
            Sheet k = new Sheet(wb.createSheet("按类别 by category"));
            k.row("类别 category", "名称", "事项 claims", "符合 eligible", "所需金额 needed", "实付金额 paid");
            for (ReplayResult.CategoryTotal t : a.categories()) {
                k.row(t.category(), t.label().zh(), t.claims(), t.eligible(), money(t.needed()), money(t.paid()));
            }
            if (c != null) {
                diffSheet(new Sheet(wb.createSheet("增加 gains")), c.gains());
                diffSheet(new Sheet(wb.createSheet("减少 losses")), c.losses());
            }
            if (applicants || c == null) {
                Sheet ap = new Sheet(wb.createSheet("申报主体 applicants"));
                ap.row("主体 subject", "名称 name", "事项 claims", "符合 eligible", "所需金额 needed", "实付金额 paid");
                for (ReplayResult.ApplicantTotal t : a.applicants().values()) {
                    if (ap.full()) {
                        break;
                    }
                    ap.row(t.subjectId(), t.name(), t.claims(), t.eligible(), money(t.needed()), money(t.paid()));
                }
            }
            try (OutputStream os = Files.newOutputStream(out)) {
                wb.write(os);
            }
        }
    }

    private static void diffSheet(Sheet s, List<Comparison.ApplicantDiff> ds) {
        s.row("主体 subject", "名称 name", "现行实付 in force", "意见稿实付 draft", "差额 change");
        for (Comparison.ApplicantDiff d : ds) {
            if (s.full()) {
                break;
            }
            s.row(d.subjectId(), d.name(), money(d.basePaid()), money(d.draftPaid()), money(d.change()));
        }
    }

    /** A sheet filled row by row; money as exact text, counts as numbers. */
    private static final class Sheet {
        private final SXSSFSheet sheet;
        private int next;

        Sheet(SXSSFSheet sheet) {
            this.sheet = sheet;
        }

        boolean full() {
            return next >= 1_048_576;
        }

        void row(Object... cells) {
            var r = sheet.createRow(next++);
            for (int i = 0; i < cells.length; i++) {
                Object v = cells[i];
                if (v instanceof Integer n) {
                    r.createCell(i).setCellValue(n);
                } else if (v instanceof Long n) {
                    r.createCell(i).setCellValue(n);
                } else if (v != null) {
                    r.createCell(i).setCellValue(v.toString());
                }
            }
        }
    }
}

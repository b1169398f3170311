package org.ipaward.server.round;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.Text;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Rounds over HTTP. Staff see budgets and who changed what; applicants see a round's window, notice and
 * measures; anyone, signed in or not, sees the rounds open now or soon under {@code /api/public/rounds}.
 */
@RestController
@Tag(name = "申报批次 Rounds")
public class RoundController {
    static final String ADMINS = "hasAnyRole('POLICY_ADMIN', 'SYSTEM_ADMIN')";
    static final String STAFF =
            "hasAnyRole('ACCEPTOR', 'REVIEWER', 'APPROVER', 'FINANCE', 'POLICY_ADMIN', 'SYSTEM_ADMIN', 'AUDITOR')";

    /** A round as shown to signed-in users; budget and bookkeeping fields are {@code null} for applicants. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RoundView(
            long id,
            String policyId,
            Text policyTitle,
            String policyStatus,
            long policyVersionId,
            String policyVersionLabel,
            String policySha256,
            int year,
            int matterYear,
            String title,
            String notice,
            String opensAt,
            String closesAt,
            String windowText,
            String status,
            String phase,
            String phaseLabel,
            boolean accepting,
            List<String> measures,
            Map<String, String> measureTitles,
            int publicityDays,
            String budget,
            String budgetRule,
            String budgetRuleLabel,
            Long applications,
            String createdBy,
            String createdAt,
            String updatedBy,
            String updatedAt,
            String closedBy,
            String closedAt,
            BudgetView budgetSummary) {}

    /** A round's budget against the ledger, money as strings in yuan. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BudgetView(
            long roundId,
            String budgetRule,
            String budget,
            String reserved,
            String approved,
            String paid,
            String committed,
            String remaining,
            String excess,
            boolean overBudget,
            String proRataFactor,
            long entries,
            String effect,
            String effectEn,
            List<MeasureBudgetView> measures) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MeasureBudgetView(
            String measureId,
            String title,
            long entries,
            String reserved,
            String approved,
            String paid,
            String committed) {}

    /** A round as anyone may see it: what, for which policy, when, and the notice; no money. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PublicRoundView(
            long id,
            String policyId,
            Text policyTitle,
            int year,
            int matterYear,
            String title,
            String notice,
            String opensAt,
            String closesAt,
            String windowText,
            String phase,
            String phaseLabel,
            List<MeasureRef> measures) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MeasureRef(String id, Text title, String clause) {}

    private final RoundService rounds;
    private final PolicyRegistry policies;

    public RoundController(RoundService rounds, PolicyRegistry policies) {
        this.rounds = rounds;
        this.policies = policies;
    }

    @PostMapping("/api/rounds")
    @PreAuthorize(ADMINS)
    @Operation(
            summary = "开启申报批次（按政策当前版本）",
            description =
                    "Open a round for the current version of a policy. year is the filing year (申报年度); matters are of year − matter_year_offset. Audited as round.open")
    public ResponseEntity<RoundView> create(@RequestBody RoundService.RoundRequest body) {
        Round r = rounds.create(body);
        return ResponseEntity.status(HttpStatus.CREATED).body(view(r, true, true));
    }

    @PutMapping("/api/rounds/{id}")
    @PreAuthorize(ADMINS)
    @Operation(
            summary = "修改申报批次（名称、通知、时间窗口、预算、规则、公示期；无申报时可改措施）",
            description =
                    "Edit a round: title, notice, window, budget, budget rule, publicity days; measures only while it has no applications. Audited as round.update")
    public RoundView update(@PathVariable("id") long id, @RequestBody RoundService.RoundRequest body) {
        return view(rounds.update(id, body), true, true);
    }

    @PostMapping("/api/rounds/{id}/close")
    @PreAuthorize(ADMINS)
    @Operation(
            summary = "关闭申报批次（不再接受申报）",
            description = "Close a round: no more applications whatever the window says. Audited as round.close")
    public RoundView close(@PathVariable("id") long id) {
        return view(rounds.close(id), true, true);
    }

    @GetMapping("/api/rounds")
    @PreAuthorize("isAuthenticated()")
    @Operation(
            summary = "申报批次列表（可按政策、年度、状态、是否正在申报、关键词筛选）",
            description = "Rounds, filtered by policy_id, year, status (open|closed), open_now=true and q; paged")
    public PageResult<RoundView> list(
            @RequestParam(name = "policy_id", required = false) String policyId,
            @RequestParam(name = "year", required = false) Integer year,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "open_now", required = false) Boolean openNow,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "size", required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        boolean staff = Actor.require().isStaff();
        return rounds.list(new RoundService.Filter(policyId, year, status, openNow, q), paging, Instant.now())
                .map(r -> view(r, staff, false));
    }

    @GetMapping("/api/rounds/{id}")
    @PreAuthorize("isAuthenticated()")
    @Operation(
            summary = "申报批次详情（工作人员可见预算执行情况）",
            description =
                    "One round; staff also see the budget against the ledger (reserved, approved, paid, remaining)")
    public RoundView get(@PathVariable("id") long id) {
        UserAccount u = Actor.require();
        return view(rounds.get(id), u.isStaff(), u.isStaff());
    }

    @GetMapping("/api/rounds/{id}/budget")
    @PreAuthorize(STAFF)
    @Operation(
            summary = "申报批次预算执行情况（含按措施汇总、超预算与按比例核减系数）",
            description =
                    "A round's budget against the ledger, per measure, with the over-budget flag and pro-rata factor")
    public BudgetView budget(@PathVariable("id") long id) {
        Round r = rounds.get(id);
        return budgetView(r, rounds.budget(id));
    }

    @GetMapping("/api/public/rounds")
    @Operation(
            summary = "正在申报和即将开始的批次（无需登录）",
            description =
                    "Rounds open now or opening later, with notice and window; no budget details; no sign-in needed")
    public List<PublicRoundView> publicRounds() {
        Instant now = Instant.now();
        List<PublicRoundView> out = new ArrayList<>();
        for (Round r : rounds.openAndUpcoming(now)) {
            Policy p = policies.version(r.policyVersionId()).policy();
            List<MeasureRef> measures = new ArrayList<>();
            for (String id : r.measures()) {
                Measure m = p.measure(id);
                measures.add(
                        new MeasureRef(id, m == null ? new Text(id, id) : m.title(), m == null ? null : m.clause()));
            }
            String phase = r.phase(now);
            out.add(new PublicRoundView(
                    r.id(),
                    r.policyId(),
                    p.title(),
                    r.year(),
                    rounds.matterYear(r),
                    r.title(),
                    r.notice(),
                    Inputs.iso(r.opensAt()),
                    Inputs.iso(r.closesAt()),
                    windowText(r),
                    phase,
                    phaseLabel(phase),
                    measures));
        }
        return out;
    }

    private RoundView view(Round r, boolean staff, boolean withBudget) {
        Instant now = Instant.now();
        PolicyRegistry.Version v = policies.version(r.policyVersionId());
        Policy p = v.policy();
        Map<String, String> titles = new LinkedHashMap<>();
        for (String id : r.measures()) {
            Measure m = p.measure(id);
            titles.put(id, m == null ? id : m.title().zh());
        }
        RoundService.Meta meta = staff ? rounds.meta(r.id()) : null;
        String phase = r.phase(now);
        return new RoundView(
                r.id(),
                r.policyId(),
                p.title(),
                p.status().name().toLowerCase(java.util.Locale.ROOT),
                v.id(),
                v.label(),
                v.sha256(),
                r.year(),
                rounds.matterYear(r),
                r.title(),
                r.notice(),
                Inputs.iso(r.opensAt()),
                Inputs.iso(r.closesAt()),
                windowText(r),
                r.status(),
                phase,
                phaseLabel(phase),
                r.accepting(now),
                r.measures(),
                titles,
                r.publicityDays(),
                staff ? Inputs.money(r.budget()) : null,
                staff ? r.budgetRule() : null,
                staff ? ruleLabel(r.budgetRule()) : null,
                staff ? rounds.applications(r.id()) : null,
                meta == null ? null : meta.createdBy(),
                meta == null ? null : Inputs.iso(meta.createdAt()),
                meta == null ? null : meta.updatedBy(),
                meta == null ? null : Inputs.iso(meta.updatedAt()),
                meta == null ? null : meta.closedBy(),
                meta == null ? null : Inputs.iso(meta.closedAt()),
                withBudget ? budgetView(r, rounds.budget(r.id())) : null);
    }

    private BudgetView budgetView(Round r, BudgetSummary b) {
        Policy p = policies.version(r.policyVersionId()).policy();
        List<MeasureBudgetView> measures = new ArrayList<>();
        for (BudgetSummary.MeasureTotal m : b.measures()) {
            Measure measure = p.measure(m.measureId());
            measures.add(new MeasureBudgetView(
                    m.measureId(),
                    measure == null ? m.measureId() : measure.title().zh(),
                    m.entries(),
                    Inputs.money(m.reserved()),
                    Inputs.money(m.approved()),
                    Inputs.money(m.paid()),
                    Inputs.money(m.committed())));
        }
        String zh;
        String en;
        if (b.overBudget() && Round.PRO_RATA.equals(b.budgetRule())) {
            zh = "已超出预算 " + Inputs.money(b.excess()) + " 元；按比例核减规则，拨付时各项奖励乘以系数 "
                    + b.proRataFactor().toPlainString();
            en = "over budget by " + Inputs.money(b.excess())
                    + " yuan; under the pro-rata rule every award is multiplied by "
                    + b.proRataFactor().toPlainString() + " at payment";
        } else if (b.overBudget()) {
            zh = "已超出预算 " + Inputs.money(b.excess()) + " 元；按停止审批规则，不再批准新的奖励";
            en = "over budget by " + Inputs.money(b.excess())
                    + " yuan; under the stop rule no further awards are approved";
        } else if (Round.STOP.equals(b.budgetRule())
                && b.remaining().signum() == 0
                && b.budget().signum() >= 0) {
            zh = "预算已用完；按停止审批规则，不再批准新的奖励";
            en = "the budget is used up; under the stop rule no further awards are approved";
        } else {
            zh = "预算 " + Inputs.money(b.budget()) + " 元，已占用 " + Inputs.money(b.committed()) + " 元，剩余 "
                    + Inputs.money(b.remaining()) + " 元";
            en = "budget " + Inputs.money(b.budget()) + " yuan, committed " + Inputs.money(b.committed())
                    + " yuan, remaining " + Inputs.money(b.remaining()) + " yuan";
        }
        BigDecimal factor = b.proRataFactor();
        return new BudgetView(
                b.roundId(),
                b.budgetRule(),
                Inputs.money(b.budget()),
                Inputs.money(b.reserved()),
                Inputs.money(b.approved()),
                Inputs.money(b.paid()),
                Inputs.money(b.committed()),
                Inputs.money(b.remaining()),
                Inputs.money(b.excess()),
                b.overBudget(),
                factor == null ? null : factor.toPlainString(),
                b.entries(),
                zh,
                en,
                measures);
    }

    static String windowText(Round r) {
        return Inputs.shown(r.opensAt()) + " 至 " + Inputs.shown(r.closesAt()) + "（北京时间）";
    }

    static String phaseLabel(String phase) {
        return switch (phase) {
            case "upcoming" -> "未开始";
            case "accepting" -> "申报中";
            case "ended" -> "已截止";
            default -> "已关闭";
        };
    }

    static String ruleLabel(String rule) {
        return Round.PRO_RATA.equals(rule) ? "超预算时按比例核减" : "预算用完即停止审批";
    }
}

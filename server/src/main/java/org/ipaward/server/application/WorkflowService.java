package org.ipaward.server.application;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipaward.engine.calc.Calculation;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.calc.Fmt;
import org.ipaward.engine.calc.Status;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.Text;
import org.ipaward.server.application.ApplicationDtos.ActionInput;
import org.ipaward.server.application.ApplicationDtos.ClaimDecision;
import org.ipaward.server.application.ApplicationDtos.ReturnItem;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.calendar.WorkCalendar;
import org.ipaward.server.config.Json;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.ledger.LedgerService;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves applications through the workflow defined in {@code workflow.yaml}: checks the role, the state, the
 * reason and the four-eyes rule, applies the transition's effect on the ledger, and records an event and an
 * audit record carrying a hash of the application, its facts, the policy version and the engine version.
 */
@Service
public class WorkflowService {
    static final int DEFAULT_RETURN_DAYS = 10;

    private final Applications apps;
    private final ApplicationService service;
    private final Workflow workflow;
    private final RoundService rounds;
    private final Computation computation;
    private final LedgerService ledger;
    private final WorkCalendar calendar;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final Clock clock;

    public WorkflowService(
            Applications apps,
            ApplicationService service,
            Workflow workflow,
            RoundService rounds,
            Computation computation,
            LedgerService ledger,
            WorkCalendar calendar,
            AuditLog audit,
            JdbcClient jdbc,
            Clock clock) {
        this.apps = apps;
        this.service = service;
        this.workflow = workflow;
        this.rounds = rounds;
        this.computation = computation;
        this.ledger = ledger;
        this.calendar = calendar;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Actions the payment list drives; through the generic endpoint they would leave the payments behind. */
    static final java.util.Set<String> PAYMENT_ACTIONS =
            java.util.Set.of("list_payment", "mark_paid", "mark_failed", "reissue");

    /** Takes a workflow action for whoever asks (API, portal, workbench) and answers as asked. */
    @Transactional
    public <T> T act(long id, String action, ActionInput in, ApplicationService.Answer<T> answer) {
        workflow.transition(action).ifPresent(t -> requireRole(Actor.require(), t));
        if (PAYMENT_ACTIONS.contains(action)) {
            throw ApiException.conflict(
                    "workflow.use_payments",
                    "拨付相关操作请在拨付清单中办理（POST /api/rounds/{id}/payment-batches，/api/payments/{id}/paid|failed|reissue）",
                    "payment steps are taken on the payment list");
        }
        perform(id, action, in);
        return answer.of(service, id);
    }

    /**
     * Performs one action and returns the application's row as the action left it (as it is, for a repeat that
     * changes nothing); for callers that do not need the view (batches, publicity, payment lists, a direct
     * submission's brief).
     */
    @Transactional
    public Applications.App perform(long id, String action, ActionInput input) {
        ActionInput in = input == null ? new ActionInput(null, null, null, null, null) : input;
        UserAccount user = Actor.require();
        Workflow.Transition t = workflow.transition(action)
                .orElseThrow(() -> ApiException.invalid(
                        "action",
                        action,
                        "workflow.unknown_action",
                        "未知操作；可用操作："
                                + String.join(
                                        "、",
                                        workflow.transitions().stream()
                                                .map(Workflow.Transition::action)
                                                .toList()),
                        "unknown action"));
        // The role first: whoever may not take the action learns nothing, not even whether the id exists.
        requireRole(user, t);
        Applications.App app = apps.lock(id);
        if (t.roles().contains(Role.APPLICANT)) {
            service.requireFiler(user, app);
        }
        // A repeat of the action just taken (double click, retry) changes nothing and answers the same.
        if (app.state().equals(t.to()) && !t.from().contains(app.state())) {
            List<Applications.Event> events = apps.events(id);
            Applications.Event last = events.isEmpty() ? null : events.get(events.size() - 1);
            if (last != null && last.action().equals(action) && last.actorId() != null && last.actorId() == user.id()) {
                return app;
            }
        }
        if (!t.from().contains(app.state())) {
            throw ApiException.conflict(
                    "workflow.invalid_transition",
                    "申报当前为“" + workflow.state(app.state()).zh() + "”，不能执行“" + t.zh() + "”",
                    "the application is " + app.state() + "; “" + t.en() + "” is not possible");
        }
        if (in.version() != null && in.version() != app.version()) {
            throw ApiException.conflict(
                    "concurrent.modification", "申报已被他人处理，请刷新后重试", "the application changed; reload and retry");
        }
        String reason = in.reason() == null ? null : in.reason().strip();
        if (t.reasonRequired() && (reason == null || reason.length() < 2)) {
            throw ApiException.invalid(
                    "reason", in.reason(), "workflow.reason_required", "“" + t.zh() + "”须填写理由", "a reason is required");
        }
        if (t.fourEyes() && app.reviewerId() != null && app.reviewerId() == user.id()) {
            throw ApiException.forbidden(
                    "workflow.four_eyes",
                    "审核人与批准人不能为同一人（四眼原则）",
                    "the approver must be a different person from the reviewer (four eyes)");
        }
        Round round = rounds.get(app.roundId());
        Map<String, Object> columns = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        Contents contents = null; // what a submission read and wrote, for the snapshot hash
        switch (action) {
            case "submit" -> {
                rounds.requireOpen(round, ReceivedAt.now(clock));
                contents = submit(app, round, columns);
            }
            case "resubmit" -> {
                if (app.returnDeadline() != null && LocalDate.now(clock).isAfter(app.returnDeadline())) {
                    throw ApiException.conflict(
                            "workflow.deadline_passed",
                            "补正期限 " + app.returnDeadline() + " 已过，不能再提交，请联系受理人员",
                            "the correction deadline " + app.returnDeadline() + " has passed");
                }
                contents = submit(app, round, columns);
            }
            case "return" -> returnFor(app, round, in, columns, details);
            case "review_approve" -> reserve(app, round, in, user, columns, details);
            case "approve" -> {
                ledger.move(id, "reserved", "approved");
                columns.put("approver_id", user.id());
            }
            case "send_back", "reject", "review_reject", "objection_reject" -> {
                int released = ledger.release(id);
                details.put("released_entries", released);
                if (!"review_reject".equals(action)) {
                    apps.clearDecision(id);
                    columns.put("approved_total", null);
                }
                if ("review_reject".equals(action)) {
                    columns.put("reviewer_id", user.id());
                }
            }
            case "publicise" -> {
                LocalDate ends = calendar.addWorkingDays(LocalDate.now(clock), round.publicityDays());
                columns.put("publicity_ends", ends);
                details.put("publicity_ends", ends.toString());
            }
            case "confirm" -> closePublicity(app);
            case "objection_amend" -> amend(app, round, in, details, columns);
            case "mark_paid" -> ledger.move(id, "approved", "paid");
            default -> {}
        }
        Applications.App after = apps.update(id, t.to(), columns);
        PolicyRegistry.Version v = computation.version(round);
        String hash = contents != null
                ? snapshotHash(after, v, contents.claims(), contents.materials())
                : snapshotHash(after, v, apps.claimInputs(id), apps.materials(id));
        details.put("policy", v.policyId());
        details.put("policy_sha256", v.sha256());
        details.put("engine_version", v.engineVersion());
        apps.event(
                id,
                action,
                app.state(),
                t.to(),
                user.id(),
                user.displayName(),
                actingRole(user, t).name(),
                reason,
                details,
                hash);
        Map<String, Object> auditDetails = new LinkedHashMap<>(details);
        auditDetails.put("no", app.no());
        auditDetails.put("from", app.state());
        auditDetails.put("to", t.to());
        auditDetails.put("snapshot_hash", hash);
        if (reason != null) {
            auditDetails.put("reason", reason);
        }
        audit.record(
                user.id(),
                user.username(),
                actingRole(user, t).name(),
                "application." + action,
                "application",
                id,
                auditDetails);
        return after;
    }

    private static void requireRole(UserAccount user, Workflow.Transition t) {
        if (t.roles().stream().noneMatch(user::has)) {
            throw ApiException.forbidden(
                    "access.denied",
                    "“" + t.zh() + "”须由"
                            + String.join("或", t.roles().stream().map(Role::zh).toList()) + "办理",
                    "“" + t.en() + "” is for "
                            + String.join(
                                    " or ", t.roles().stream().map(Role::en).toList()));
        }
    }

    private static Role actingRole(UserAccount user, Workflow.Transition t) {
        for (Role r : Role.values()) {
            if (t.roles().contains(r) && user.has(r)) {
                return r;
            }
        }
        return user.primaryRole();
    }

    /** A submission's claims as it stored them (with their new estimates) and the materials it checked. */
    private record Contents(List<Applications.ClaimRow> claims, List<Applications.Material> materials) {}

    /**
     * Submission: every claim must be decidable from the facts and materials given. Returns the claims as stored
     * (their estimates written) and the materials, so the snapshot hash need not read them again.
     */
    private Contents submit(Applications.App app, Round round, Map<String, Object> columns) {
        List<Applications.ClaimRow> claims = apps.claimInputs(app.id());
        List<Applications.Material> materials = apps.materials(app.id());
        Calculation calc = computation.run(
                round,
                app.subjectId(),
                claims,
                materials,
                ledger.snapshot(round.policyId(), app.id()),
                LocalDate.now(clock),
                true);
        List<ApiException.FieldProblem> problems = new ArrayList<>();
        Policy policy = computation.version(round).policy();
        Set<String> subjectFields = new HashSet<>();
        for (int i = 0; i < calc.results().size(); i++) {
            ClaimResult r = calc.results().get(i);
            Measure measure = policy.measure(claims.get(i).measure());
            for (String f : r.missingFacts()) {
                Text subjectLabel = Subject.fieldLabel(f);
                if (subjectLabel != null) {
                    // the subject's own field (亩均效益等级…): filled in once, on the subject profile, for every claim
                    if (subjectFields.add(f)) {
                        problems.add(new ApiException.FieldProblem(
                                f,
                                null,
                                "subject.field_missing",
                                "请在“主体信息”中填写：" + subjectLabel.zh() + "（" + f + "）",
                                "fill in the " + subjectLabel.en() + " (" + f + ") in the subject profile"));
                    }
                    continue;
                }
                Measure.Fact fact = measure == null ? null : measure.facts().get(f);
                problems.add(new ApiException.FieldProblem(
                        "claims[" + (i + 1) + "].facts." + f,
                        null,
                        "claim.fact_missing",
                        "请填写：" + (fact == null ? f : fact.label().zh() + "（" + f + "）"),
                        "missing fact "
                                + (fact == null || fact.label().en() == null
                                        ? f
                                        : fact.label().en() + " (" + f + ")")));
            }
            for (String m : r.missingMaterials()) {
                Policy.Material material = policy.materials().get(m);
                problems.add(new ApiException.FieldProblem(
                        "claims[" + (i + 1) + "].materials." + m,
                        null,
                        "claim.material_missing",
                        "请上传材料：" + (material == null ? m : material.label().zh() + "（" + m + "）"),
                        "missing material "
                                + (material == null || material.label().en() == null
                                        ? m
                                        : material.label().en() + " (" + m + ")")));
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "application.incomplete",
                    "申报尚不完整：" + problems.get(0).message() + (problems.size() > 1 ? " 等 " + problems.size() + " 项" : ""),
                    "the application is incomplete (" + problems.size() + " items)",
                    problems);
        }
        columns.put("estimate_total", service.storeClaimEstimates(ApplicationService.ids(claims), calc));
        // A resubmission keeps the first submission's time: parameters are read as of that day.
        columns.put("submitted_at", app.submittedAt() != null ? app.submittedAt() : ReceivedAt.now(clock));
        columns.put("return_items", null);
        columns.put("return_deadline", null);
        List<Applications.ClaimRow> stored = new ArrayList<>(claims.size());
        for (int i = 0; i < claims.size(); i++) {
            stored.add(withEstimate(claims.get(i), calc.results().get(i)));
        }
        return new Contents(stored, materials);
    }

    /**
     * A claim as {@link ApplicationService#storeClaimEstimates} leaves it: its status and amount as the column
     * keeps them (two decimals, rounded as PostgreSQL's {@code numeric} rounds a tie: away from zero). The stored
     * result is not carried: the snapshot hash does not use it.
     */
    static Applications.ClaimRow withEstimate(Applications.ClaimRow c, ClaimResult r) {
        BigDecimal amount = r.amount() == null ? null : r.amount().setScale(2, RoundingMode.HALF_UP);
        return new Applications.ClaimRow(
                c.id(),
                c.seq(),
                c.measure(),
                c.matterYear(),
                c.facts(),
                c.cityAward(),
                r.status().id(),
                amount,
                null,
                c.reviewedAmount(),
                c.reviewReason(),
                c.finalAmount(),
                c.ledgerSnapshot());
    }

    /** A claim's fact or material named by a return item: {@code claims[2].facts.x}, {@code facts.x}, {@code materials.k}. */
    private static final java.util.regex.Pattern RETURN_TARGET =
            java.util.regex.Pattern.compile("^(?:claims\\[(\\d{1,4})\\]\\.)?(facts|materials)\\.([A-Za-z0-9_]+)$");

    private static final java.util.regex.Pattern RETURN_CLAIM =
            java.util.regex.Pattern.compile("^claims\\[(\\d{1,4})\\].*");

    /**
     * Each return item that names a claim, a fact or a material must name one this application has: the applicant
     * is shown the item as the thing to fix, so an item naming claim 9 of a two-claim application, or a fact its
     * measure does not ask, would be a request nobody can meet. Items naming anything else (the subject's own
     * fields, free text) are kept as given.
     */
    private static void checkReturnItems(List<ReturnItem> items, List<Applications.ClaimRow> claims, Policy policy) {
        for (int i = 0; i < items.size(); i++) {
            String field =
                    items.get(i).field() == null ? "" : items.get(i).field().strip();
            java.util.regex.Matcher target = RETURN_TARGET.matcher(field);
            java.util.regex.Matcher claim = RETURN_CLAIM.matcher(field);
            Integer seq = target.matches() && target.group(1) != null
                    ? Integer.valueOf(target.group(1))
                    : claim.matches() ? Integer.valueOf(claim.group(1)) : null;
            if (seq != null && claims.stream().noneMatch(c -> c.seq() == seq)) {
                throw unknownItem(
                        i,
                        field,
                        "本申报没有第 " + seq + " 项事项（共 " + claims.size() + " 项）",
                        "the application has no claim " + seq + " (it has " + claims.size() + ")");
            }
            if (!target.matches()) {
                continue;
            }
            String name = target.group(3);
            boolean fact = "facts".equals(target.group(2));
            boolean known = false;
            for (Applications.ClaimRow c : claims) {
                if (seq != null && c.seq() != seq) {
                    continue;
                }
                Measure m = policy.measure(c.measure());
                known |= m != null
                        && (fact ? m.facts().containsKey(name) : m.materials().contains(name));
            }
            if (!known && !fact && seq == null) {
                known = policy.materials().containsKey(name);
            }
            if (!known) {
                throw unknownItem(
                        i,
                        field,
                        fact ? "事项的措施没有名为“" + name + "”的事实" : "事项的措施不要求名为“" + name + "”的材料",
                        fact
                                ? "the claim's measure has no fact " + name
                                : "the claim's measure asks for no material " + name);
            }
        }
    }

    private static ApiException unknownItem(int i, String field, String zh, String en) {
        return ApiException.invalid(
                "items[" + i + "].field",
                field,
                "workflow.return_item_unknown",
                "退回补正的事项“" + field + "”不存在：" + zh,
                "the item to fix \"" + field + "\" does not exist: " + en);
    }

    private void returnFor(
            Applications.App app,
            Round round,
            ActionInput in,
            Map<String, Object> columns,
            Map<String, Object> details) {
        List<ReturnItem> items = in.items();
        if (items == null || items.isEmpty()) {
            throw ApiException.invalid(
                    "items",
                    null,
                    "workflow.return_items_required",
                    "退回补正须列明需要补正的字段或材料",
                    "name the fields or materials to fix");
        }
        checkReturnItems(
                items, apps.claims(app.id()), computation.version(round).policy());
        LocalDate today = LocalDate.now(clock);
        LocalDate deadline =
                in.deadline() != null ? in.deadline() : calendar.addWorkingDays(today, DEFAULT_RETURN_DAYS);
        if (!deadline.isAfter(today)) {
            throw ApiException.invalid(
                    "deadline",
                    in.deadline(),
                    "workflow.deadline_past",
                    "补正期限须晚于今天",
                    "the deadline must be after today");
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (ReturnItem i : items) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", i.field());
            m.put("note", i.note());
            list.add(m);
        }
        columns.put("return_items", list);
        columns.put("return_deadline", deadline);
        details.put("items", list);
        details.put("deadline", deadline.toString());
    }

    /**
     * Review passed: compute every claim with the engine against the ledger under the policy's lock, apply
     * the reviewer's changes (each with a reason; never above the engine's amount, which already holds
     * every cap), hold the round's budget rule, and reserve the awards.
     */
    private void reserve(
            Applications.App app,
            Round round,
            ActionInput in,
            UserAccount user,
            Map<String, Object> columns,
            Map<String, Object> details) {
        ledger.lock(round.policyId());
        Map<Integer, ClaimDecision> decisions = new HashMap<>();
        List<Applications.ClaimRow> claims = apps.claims(app.id());
        if (in.claims() != null) {
            for (ClaimDecision d : in.claims()) {
                Applications.ClaimRow c = claim(claims, d.seq());
                if (d.reason() == null || d.reason().strip().length() < 2) {
                    throw ApiException.invalid(
                            "claims[" + d.seq() + "].reason",
                            d.reason(),
                            "review.reason_required",
                            "调整金额或事实须填写理由（至少 2 个字）",
                            "a change needs a reason (at least 2 characters)");
                }
                org.ipaward.server.error.PlainMoney.require("claims[" + d.seq() + "].amount", d.amount());
                if (d.facts() != null && !d.facts().isEmpty()) {
                    ApplicationService.checkMoney(
                            d.seq(), computation.policy(round).measure(c.measure()), d.facts());
                    Map<String, Object> facts = new LinkedHashMap<>(c.facts());
                    facts.putAll(d.facts());
                    apps.setFacts(c.id(), facts);
                }
                decisions.put(d.seq(), d);
            }
            claims = apps.claims(app.id());
        }
        LedgerService.Snapshot snapshot = ledger.snapshot(round.policyId(), app.id());
        Calculation calc = computation.run(
                round, app.subjectId(), claims, apps.materials(app.id()), snapshot, computation.asOf(app), true);
        BigDecimal total = BigDecimal.ZERO;
        List<Map<String, Object>> changes = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            Applications.ClaimRow c = claims.get(i);
            ClaimResult r = calc.results().get(i);
            ClaimDecision d = decisions.get(c.seq());
            BigDecimal engine = r.status() == Status.ELIGIBLE ? r.amount() : BigDecimal.ZERO.setScale(2);
            BigDecimal reviewed = null;
            String reason = null;
            if (d != null && d.amount() != null) {
                reviewed = d.amount();
                reason = d.reason().strip();
                if (reviewed.signum() < 0 || reviewed.scale() > 2) {
                    throw ApiException.invalid(
                            "claims[" + c.seq() + "].amount",
                            reviewed,
                            "review.amount_invalid",
                            "金额须不小于 0、最多两位小数",
                            "amount must be 0 or more with at most 2 decimals");
                }
                if (reviewed.compareTo(engine) > 0) {
                    throw ApiException.invalid(
                            "claims[" + c.seq() + "].amount",
                            reviewed.toPlainString(),
                            "review.amount_above_engine",
                            "审核金额不能高于按政策核定的 " + Fmt.yuan(engine) + "（已含全部上限）",
                            "the amount cannot exceed the " + Fmt.amount(engine)
                                    + " yuan worked out under the policy (all caps applied)");
                }
                reviewed = reviewed.setScale(2);
                changes.add(Map.of(
                        "seq",
                        c.seq(),
                        "engine",
                        engine.toPlainString(),
                        "reviewed",
                        reviewed.toPlainString(),
                        "reason",
                        reason));
            } else if (d != null) {
                reason = d.reason().strip();
                changes.add(
                        Map.of("seq", c.seq(), "facts", d.facts() == null ? Map.of() : d.facts(), "reason", reason));
            }
            BigDecimal fin = reviewed != null ? reviewed : engine;
            apps.saveDecision(
                    c.id(), r.status().id(), r.amount(), ResultJson.of(r), reviewed, reason, fin, snapshot.seen());
            if (fin.signum() > 0 && r.ledgerEntry() != null) {
                ledger.reserve(r.ledgerEntry(), fin, app.id(), c.id(), round.id());
            }
            total = total.add(fin);
        }
        BigDecimal committed = ledger.committed(round.id());
        if ("stop".equals(round.budgetRule()) && committed.compareTo(round.budget()) > 0) {
            throw ApiException.conflict(
                    "budget.exhausted",
                    "本批次预算 " + Fmt.yuan(round.budget()) + "，核定本申报 " + Fmt.yuan(total) + "后合计 " + Fmt.yuan(committed)
                            + "，将超出预算；按本批次规则停止审批",
                    "the round's budget " + Fmt.amount(round.budget()) + " yuan would be exceeded ("
                            + Fmt.amount(committed) + " yuan); approvals stop under the round's rule");
        }
        columns.put("reviewer_id", user.id());
        columns.put("approved_total", total);
        details.put("approved_total", total.toPlainString());
        details.put("round_committed", committed.toPlainString());
        if (committed.compareTo(round.budget()) > 0) {
            details.put("over_budget", true);
        }
        if (!changes.isEmpty()) {
            details.put("changes", changes);
        }
    }

    private static Applications.ClaimRow claim(List<Applications.ClaimRow> claims, int seq) {
        return claims.stream()
                .filter(x -> x.seq() == seq)
                .findFirst()
                .orElseThrow(() -> ApiException.invalid(
                        "claims.seq", seq, "claim.not_found", "该申报没有第 " + seq + " 项", "no such claim"));
    }

    private void closePublicity(Applications.App app) {
        LocalDate today = LocalDate.now(clock);
        if (app.publicityEnds() != null && !today.isAfter(app.publicityEnds())) {
            throw ApiException.conflict(
                    "publicity.not_ended",
                    "公示期至 " + app.publicityEnds() + " 结束，期满后方可确认",
                    "publicity runs until " + app.publicityEnds());
        }
        long open = jdbc.sql("select count(*) from objection where application_id = ? and status = 'open'")
                .param(app.id())
                .query(Long.class)
                .single();
        if (open > 0) {
            throw ApiException.conflict(
                    "publicity.open_objections", "尚有 " + open + " 件异议未处理，处理后方可确认", open + " objection(s) still open");
        }
    }

    /** An upheld objection lowers amounts: the old awards are released and the new ones held. */
    private void amend(
            Applications.App app,
            Round round,
            ActionInput in,
            Map<String, Object> details,
            Map<String, Object> columns) {
        if (in.claims() == null || in.claims().isEmpty()) {
            throw ApiException.invalid(
                    "claims", null, "objection.amounts_required", "请填写调整后的金额", "give the changed amounts");
        }
        ledger.lock(round.policyId());
        List<Applications.ClaimRow> claims = apps.claims(app.id());
        List<Map<String, Object>> entries = ledger.ofApplication(app.id());
        List<Map<String, Object>> changes = new ArrayList<>();
        for (ClaimDecision d : in.claims()) {
            Applications.ClaimRow c = claim(claims, d.seq());
            BigDecimal now = c.finalAmount() == null ? BigDecimal.ZERO : c.finalAmount();
            org.ipaward.server.error.PlainMoney.require("claims[" + d.seq() + "].amount", d.amount());
            if (d.amount() == null
                    || d.amount().signum() < 0
                    || d.amount().scale() > 2
                    || d.amount().compareTo(now) > 0) {
                throw ApiException.invalid(
                        "claims[" + d.seq() + "].amount",
                        d.amount(),
                        "objection.amount_invalid",
                        "调整后的金额须在 0 至原核定金额 " + Fmt.yuan(now) + "之间",
                        "the changed amount must be between 0 and " + Fmt.amount(now) + " yuan");
            }
            BigDecimal amount = d.amount().setScale(2);
            String reason = (d.reason() == null ? in.reason() : d.reason()).strip();
            apps.amend(c.id(), amount, reason);
            changes.add(Map.of(
                    "seq", d.seq(), "from", now.toPlainString(), "to", amount.toPlainString(), "reason", reason));
            for (Map<String, Object> e : entries) {
                if (((Number) e.get("claim_id")).longValue() == c.id() && !"released".equals(e.get("status"))) {
                    jdbc.sql("update ledger_entry set amount = ? where id = ?")
                            .params(amount, ((Number) e.get("id")).longValue())
                            .update();
                }
            }
        }
        BigDecimal total = apps.claims(app.id()).stream()
                .map(c -> c.finalAmount() == null ? BigDecimal.ZERO : c.finalAmount())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        columns.put("approved_total", total);
        details.put("changes", changes);
        details.put("approved_total", total.toPlainString());
    }

    /**
     * The hash recorded with each transition: the application's identity and state, each claim's measure,
     * facts and amounts, the materials' SHA-256, the policy version's SHA-256 and the engine version.
     */
    String snapshotHash(
            Applications.App app,
            PolicyRegistry.Version v,
            List<Applications.ClaimRow> claimRows,
            List<Applications.Material> materials) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", app.id());
        s.put("no", app.no());
        s.put("round", app.roundId());
        s.put("subject", app.subjectId());
        s.put("state", app.state());
        s.put("approved_total", app.approvedTotal());
        List<Object> claims = new ArrayList<>();
        for (Applications.ClaimRow c : claimRows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", c.seq());
            m.put("measure", c.measure());
            m.put("matter_year", c.matterYear());
            m.put("facts", c.facts());
            m.put("city_award", c.cityAward());
            m.put("engine_amount", c.engineAmount());
            m.put("reviewed_amount", c.reviewedAmount());
            m.put("final_amount", c.finalAmount());
            claims.add(m);
        }
        s.put("claims", claims);
        s.put("materials", materials.stream().map(Applications.Material::sha256).toList());
        s.put("policy_sha256", v.sha256());
        s.put("engine_version", v.engineVersion());
        return org.ipaward.server.crypto.Sha256.hex(Json.canonical(s));
    }
}

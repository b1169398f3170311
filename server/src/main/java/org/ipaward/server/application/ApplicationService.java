package org.ipaward.server.application;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.ipaward.engine.calc.Calculation;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.calc.Fmt;
import org.ipaward.engine.calc.Ledger;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.server.application.ApplicationDtos.ApplicationBrief;
import org.ipaward.server.application.ApplicationDtos.ApplicationInput;
import org.ipaward.server.application.ApplicationDtos.ApplicationSummary;
import org.ipaward.server.application.ApplicationDtos.ApplicationView;
import org.ipaward.server.application.ApplicationDtos.ClaimInput;
import org.ipaward.server.application.ApplicationDtos.ClaimView;
import org.ipaward.server.application.ApplicationDtos.EventView;
import org.ipaward.server.application.ApplicationDtos.Label;
import org.ipaward.server.application.ApplicationDtos.MaterialView;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.file.FileStore;
import org.ipaward.server.file.StoredFile;
import org.ipaward.server.ledger.LedgerService;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.subject.SubjectService;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;

/**
 * Applications while the applicant works on them: drafts with claims, the engine's live estimate, materials;
 * and everyone's views of them. State changes go through {@link WorkflowService}.
 */
@Service
public class ApplicationService {
    static final Set<String> EDITABLE = Set.of("draft", "returned");
    static final String POWER_OF_ATTORNEY = "power_of_attorney";

    private final Applications apps;
    private final RoundService rounds;
    private final SubjectService subjects;
    private final Computation computation;
    private final LedgerService ledger;
    private final FileStore files;
    private final Workflow workflow;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final DuplicateClaims duplicates;

    public ApplicationService(
            Applications apps,
            RoundService rounds,
            SubjectService subjects,
            Computation computation,
            LedgerService ledger,
            FileStore files,
            Workflow workflow,
            AuditLog audit,
            JdbcClient jdbc,
            Clock clock,
            DuplicateClaims duplicates) {
        this.duplicates = duplicates;
        this.apps = apps;
        this.rounds = rounds;
        this.subjects = subjects;
        this.computation = computation;
        this.ledger = ledger;
        this.files = files;
        this.workflow = workflow;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * How a change is answered: with the whole application ({@link #VIEW}, what the portal shows) or with its
     * brief ({@link #BRIEF}, for API clients that send {@code Prefer: return=minimal}). Read in the change's
     * transaction, after the change.
     */
    public static final class Answer<T> {
        private final BiFunction<ApplicationService, Long, T> read;

        private Answer(BiFunction<ApplicationService, Long, T> read) {
            this.read = read;
        }

        T of(ApplicationService service, long id) {
            return read.apply(service, id);
        }
    }

    public static final Answer<ApplicationView> VIEW = new Answer<>(ApplicationService::view);
    public static final Answer<ApplicationBrief> BRIEF = new Answer<>(ApplicationService::briefOf);
    /** No answer, for pages that redirect after the change. */
    public static final Answer<Void> NONE = new Answer<>((service, id) -> null);

    /** A result of {@link #create}: the answer, and whether this call made the application (false for a repeat). */
    public record Created<T>(T answer, boolean created) {}

    /**
     * Creates a draft. With an idempotency key, a repeat of the same request (double click, retry) returns
     * the application the first made instead of making another.
     */
    @Transactional
    public <T> Created<T> create(ApplicationInput in, String idempotencyKey, Answer<T> answer) {
        Draft d = createDraft(in, idempotencyKey, true);
        return new Created<>(answer.of(this, d.id()), d.created());
    }

    /** A draft made (or found again by its idempotency key) by {@link #createDraft}. */
    public record Draft(long id, boolean created) {}

    /** Refuses an idempotency key that is not 1–100 characters (400 {@code idempotency.invalid}); null passes. */
    static void requireIdempotencyKey(String key) {
        if (key != null && (key.isBlank() || key.length() > 100)) {
            throw ApiException.invalid(
                    "Idempotency-Key", key, "idempotency.invalid", "幂等键须为 1–100 个字符", "must be 1–100 characters");
        }
    }

    /**
     * Creates a draft: checks the applicant, the round (open), the subject (own, or a client of the agency)
     * and the claims, then writes the application, its claims, the agency's power of attorney, the event and
     * the audit record. With {@code estimate} the engine checks the facts and the estimate is stored first;
     * without it the caller must run the engine in the same transaction (a direct submission does, at submit).
     * A repeat with the same idempotency key finds the first application and changes nothing.
     */
    @Transactional
    public Draft createDraft(ApplicationInput in, String idempotencyKey, boolean estimate) {
        UserAccount user = Actor.require();
        if (!user.has(Role.APPLICANT)) {
            throw ApiException.forbidden(
                    "application.applicants_only", "只有申报人可以创建申报", "only applicants create applications");
        }
        if (idempotencyKey != null) {
            requireIdempotencyKey(idempotencyKey);
            var existing = apps.byIdempotencyKey(user.id(), idempotencyKey);
            if (existing.isPresent()) {
                return new Draft(existing.get().id(), false);
            }
        }
        if (in.roundId() == null) {
            throw ApiException.invalid("round_id", null, "input.required", "请选择申报批次", "round_id is required");
        }
        Round round = rounds.get(in.roundId());
        rounds.requireOpen(round, ReceivedAt.now(clock));
        long subjectId = in.subjectId() != null ? in.subjectId() : ownSubject(user);
        if (!subjects.canFileFor(user, subjectId)) {
            throw ApiException.forbidden(
                    "access.denied",
                    "无权为该主体申报（代理申报须先登记委托书）",
                    "you may not file for this subject (an agency needs a power of attorney on file)");
        }
        Long agencyId = user.subjectId() != null && user.subjectId() != subjectId ? user.subjectId() : null;
        List<Applications.NewClaim> claims = claims(round, in.claims());
        // Validate through the engine before writing anything: bad facts are refused with field paths.
        Calculation calc = !estimate
                ? null
                : computation.run(
                        round,
                        subjectId,
                        rows(claims),
                        List.of(),
                        ledger.snapshot(round.policyId(), -1),
                        computation.asOf(null),
                        false);
        Applications.Inserted app =
                apps.insert(round.id(), subjectId, user.id(), agencyId, idempotencyKey, round.year());
        long id = app.id();
        List<Long> claimIds = apps.insertClaims(id, claims);
        if (agencyId != null) {
            subjects.agencyPoaFile(agencyId, subjectId).ifPresent(f -> apps.attach(id, null, POWER_OF_ATTORNEY, f));
        }
        if (calc != null) {
            storeEstimate(id, claimIds, calc);
        }
        apps.event(
                id,
                "create",
                null,
                "draft",
                user.id(),
                user.displayName(),
                user.primaryRole().name(),
                null,
                Map.of(),
                "-".repeat(64));
        audit.record(
                "application.create",
                "application",
                id,
                Map.of("no", app.no(), "round", round.id(), "subject", subjectId, "claims", claims.size()));
        return new Draft(id, true);
    }

    /** Replaces the claims of a draft or a returned application (optimistic: the version must match). */
    @Transactional
    public <T> T update(long id, ApplicationInput in, Answer<T> answer) {
        UserAccount user = Actor.require();
        Applications.App app = apps.lock(id);
        requireFiler(user, app);
        requireEditable(app, "修改申报内容", "the application cannot be edited in state ");
        if (in.version() != null && in.version() != app.version()) {
            throw ApiException.conflict(
                    "concurrent.modification", "申报已被修改，请刷新后重试", "the application changed; reload and retry");
        }
        Round round = rounds.get(app.roundId());
        List<Applications.NewClaim> claims = claims(round, in.claims());
        Calculation calc = computation.run(
                round,
                app.subjectId(),
                rows(claims),
                apps.materials(id),
                ledger.snapshot(round.policyId(), id),
                computation.asOf(null),
                false);
        apps.replaceClaims(id, claims);
        apps.touch(id, storeClaimEstimates(claimIds(id), calc));
        audit.record("application.update", "application", id, Map.of("claims", claims.size()));
        return answer.of(this, id);
    }

    /** The engine's estimate now, against the current ledger, without saving anything. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> estimate(long id) {
        Applications.App app = readable(id);
        Round round = rounds.get(app.roundId());
        Calculation calc = computation.run(
                round,
                app.subjectId(),
                apps.claimInputs(id),
                apps.materials(id),
                ledger.snapshot(round.policyId(), id),
                computation.asOf(app),
                false);
        return calc.results().stream().map(ResultJson::of).toList();
    }

    /**
     * Re-derives every decided amount from what was stored with it — the policy text (by its hash), the facts,
     * the ledger entries the calculator saw, the as-of date — and says whether the engine gives the same.
     */
    @Transactional(readOnly = true)
    public Map<String, Object> rederive(long id) {
        Applications.App app = readable(id);
        Round round = rounds.get(app.roundId());
        List<Applications.ClaimRow> claims = apps.claims(id);
        List<Map<String, Object>> out = new ArrayList<>();
        boolean all = true;
        for (Applications.ClaimRow c : claims) {
            if (c.ledgerSnapshot() == null) {
                continue;
            }
            Ledger l = LedgerService.fromSnapshot(c.ledgerSnapshot());
            Calculation calc = computation.run(
                    round, app.subjectId(), List.of(c), apps.materials(id), l, computation.asOf(app), true);
            BigDecimal again = calc.results().get(0).amount();
            boolean same = again == null
                    ? c.engineAmount() == null
                    : c.engineAmount() != null && again.compareTo(c.engineAmount()) == 0;
            all &= same;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", c.seq());
            m.put("measure", c.measure());
            m.put("stored_engine_amount", ResultJson.money(c.engineAmount()));
            m.put("rederived_amount", ResultJson.money(again));
            m.put("final_amount", ResultJson.money(c.finalAmount()));
            m.put("matches", same);
            out.add(m);
        }
        var v = computation.version(round);
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("application", app.no());
        res.put("policy", v.policyId());
        res.put("policy_sha256", v.sha256());
        res.put("engine_version", v.engineVersion());
        res.put("as_of", computation.asOf(app).toString());
        res.put("matches", all);
        res.put("claims", out);
        return res;
    }

    /** Stores an upload and attaches it as a material of this kind (to one claim, or to the application). */
    @Transactional
    public <T> T attach(long id, String kind, Integer claimSeq, MultipartFile file, Answer<T> answer) {
        UserAccount user = Actor.require();
        Applications.App app = apps.lock(id);
        requireFiler(user, app);
        requireEditable(app, "上传材料", "materials cannot be changed in state ");
        Round round = rounds.get(app.roundId());
        requireMaterialKind(computation.policy(round), "kind", kind);
        Long claimId = null;
        if (claimSeq != null) {
            claimId = apps.claimId(id, claimSeq)
                    .orElseThrow(() -> ApiException.invalid(
                            "claim_seq", claimSeq, "claim.not_found", "该申报没有这一项", "no such claim in this application"));
        }
        attachFile(id, claimId, kind, file, user);
        refreshEstimateAndTouch(app, round);
        return answer.of(this, id);
    }

    /** 400 {@code material.kind} unless the kind is in the policy's catalogue of materials (or a power of attorney, or other). */
    static void requireMaterialKind(Policy policy, String field, String kind) {
        if (kind == null
                || !(policy.materials().containsKey(kind) || POWER_OF_ATTORNEY.equals(kind) || "other".equals(kind))) {
            throw ApiException.invalid(
                    field,
                    kind,
                    "material.kind",
                    "材料类型须为本政策材料目录中的一项：" + String.join("、", policy.materials().keySet()),
                    "kind must be one of the policy's materials: "
                            + String.join(", ", policy.materials().keySet()));
        }
    }

    /**
     * Stores an upload ({@code file.upload}) and attaches it to the application as a material of this kind
     * ({@code application.material_attach}); the caller has checked the filer, the state and the kind.
     */
    void attachFile(long id, Long claimId, String kind, MultipartFile file, UserAccount user) {
        attachFiles(id, List.of(new Upload(claimId, kind, file)), user);
    }

    /** An upload to attach as a material: its claim (null for the whole application) and kind. */
    record Upload(Long claimId, String kind, MultipartFile file) {}

    /**
     * As {@link #attachFile} for several uploads, in the order given, with one statement for their files and
     * one for their materials.
     */
    void attachFiles(long id, List<Upload> uploads, UserAccount user) {
        if (uploads.isEmpty()) {
            return;
        }
        List<StoredFile> stored =
                files.storeAll(uploads.stream().map(Upload::file).toList(), user);
        List<Applications.NewMaterial> materials = new ArrayList<>(uploads.size());
        for (int i = 0; i < uploads.size(); i++) {
            materials.add(new Applications.NewMaterial(
                    uploads.get(i).claimId(),
                    uploads.get(i).kind(),
                    stored.get(i).id()));
        }
        List<Long> ids = apps.attachAll(id, materials);
        for (int i = 0; i < uploads.size(); i++) {
            StoredFile f = stored.get(i);
            audit.record(
                    "application.material_attach",
                    "application",
                    id,
                    Map.of(
                            "material",
                            ids.get(i),
                            "kind",
                            uploads.get(i).kind(),
                            "sha256",
                            f.sha256(),
                            "size",
                            f.size()));
        }
    }

    /** Removes a material from a draft or a returned application. */
    @Transactional
    public <T> T detach(long id, long materialId, Answer<T> answer) {
        detachOnly(id, materialId);
        return answer.of(this, id);
    }

    private void detachOnly(long id, long materialId) {
        UserAccount user = Actor.require();
        Applications.App app = apps.lock(id);
        requireFiler(user, app);
        requireEditable(app, "删除材料", "materials cannot be changed in state ");
        if (apps.detach(id, materialId) == 0) {
            throw ApiException.notFound("material", materialId);
        }
        refreshEstimateAndTouch(app, rounds.get(app.roundId()));
        audit.record("application.material_remove", "application", id, Map.of("material", materialId));
    }

    private void requireEditable(Applications.App app, String zh, String en) {
        if (!EDITABLE.contains(app.state())) {
            throw ApiException.conflict(
                    "application.not_editable",
                    "当前状态“" + workflow.state(app.state()).zh() + "”下不能" + zh,
                    en + app.state());
        }
    }

    /** The file of one material, for someone allowed to see the application. */
    @Transactional
    public Applications.Material material(long id, long materialId) {
        readable(id);
        Applications.Material m = apps.materials(id).stream()
                .filter(x -> x.id() == materialId)
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("material", materialId));
        audit.record(
                "application.material_download",
                "application",
                id,
                Map.of("material", materialId, "sha256", m.sha256()));
        return m;
    }

    /** The application states whose estimate a recalculation refreshes (nothing is reserved or decided yet). */
    public static final List<String> RECALCULABLE = List.of("draft", "submitted", "returned", "under_review");

    /** An estimate before and after {@link #reestimate}. */
    public record Reestimate(String no, BigDecimal before, BigDecimal after) {
        public boolean changed() {
            return before == null ? after != null : after == null || before.compareTo(after) != 0;
        }

        /** After minus before (a missing total counts as 0). */
        public BigDecimal delta() {
            return (after == null ? BigDecimal.ZERO : after).subtract(before == null ? BigDecimal.ZERO : before);
        }
    }

    /**
     * Runs the engine again for an open application (draft, submitted, returned or under review) against the
     * current ledger and stores the new estimate, as every save does; nothing else changes (not the version, so
     * the applicant's next save is not refused). A changed estimate is audited ({@code
     * application.reestimate}). 409 when the application has moved on to a state with reserved or decided awards.
     */
    @Transactional
    public Reestimate reestimate(long id) {
        Applications.App app = apps.lock(id);
        if (!RECALCULABLE.contains(app.state())) {
            throw ApiException.conflict(
                    "application.not_recalculable",
                    "当前状态“" + workflow.state(app.state()).zh() + "”下不重新测算（金额已预留或已决定）",
                    "not recalculated in state " + app.state() + " (the award is reserved or decided)");
        }
        Round round = rounds.get(app.roundId());
        try {
            refreshEstimate(app, round);
        } catch (Computation.Refused a) {
            // a job's failure list shows one message: name the fields in it
            String fields = String.join(
                    "、",
                    a.errors().stream().map(p -> p.field() + "：" + p.message()).toList());
            String fieldsEn = String.join(
                    "; ",
                    a.errors().stream()
                            .map(p -> p.field() + ": " + p.messageEn())
                            .toList());
            throw new ApiException(
                    a.status(),
                    a.key(),
                    "申报内容有误，无法测算（" + fields + "）",
                    "the application's facts are invalid, so it cannot be estimated (" + fieldsEn + ")",
                    a.errors());
        }
        BigDecimal after = jdbc.sql("select estimate_total from application where id = ?")
                .param(id)
                .query(BigDecimal.class)
                .optional()
                .orElse(null);
        Reestimate r = new Reestimate(app.no(), app.estimateTotal(), after);
        if (r.changed()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("no", app.no());
            details.put("before", ResultJson.money(r.before()));
            details.put("after", ResultJson.money(r.after()));
            audit.record("application.reestimate", "application", id, details);
        }
        return r;
    }

    void refreshEstimate(Applications.App app, Round round) {
        List<Applications.ClaimRow> claims = apps.claimInputs(app.id());
        storeEstimate(app.id(), ids(claims), calculateNow(app, round, claims));
    }

    /** As {@link #refreshEstimate}, then a new version of the application (its total written with it). */
    private void refreshEstimateAndTouch(Applications.App app, Round round) {
        List<Applications.ClaimRow> claims = apps.claimInputs(app.id());
        apps.touch(app.id(), storeClaimEstimates(ids(claims), calculateNow(app, round, claims)));
    }

    /** The engine's answer for the application's claims now, against the current ledger (nothing stored). */
    private Calculation calculateNow(Applications.App app, Round round, List<Applications.ClaimRow> claims) {
        return computation.run(
                round,
                app.subjectId(),
                claims,
                apps.materials(app.id()),
                ledger.snapshot(round.policyId(), app.id()),
                computation.asOf(app),
                false);
    }

    /**
     * What {@link #reestimate} would give now, without storing or auditing anything: the stored estimate and the
     * one against the current policy and ledger (a per-year cap used by an award decided since, say), for the
     * applicant's page of a draft or returned application, where submitting recalculates. Empty when the
     * application is not {@link #RECALCULABLE} or its facts cannot be estimated (the page names those problems).
     */
    @Transactional(readOnly = true)
    public java.util.Optional<Reestimate> previewReestimate(long id) {
        Applications.App app = readable(id);
        if (!RECALCULABLE.contains(app.state())) {
            return java.util.Optional.empty();
        }
        Calculation calc;
        try {
            calc = calculateNow(app, rounds.get(app.roundId()), apps.claimInputs(id));
        } catch (Computation.Refused e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Reestimate(app.no(), app.estimateTotal(), total(calc)));
    }

    /** The application's total of a calculation: the sum of the claims' amounts (a claim without one adds 0). */
    static BigDecimal total(Calculation calc) {
        BigDecimal total = BigDecimal.ZERO;
        for (ClaimResult r : calc.results()) {
            if (r.amount() != null) {
                total = total.add(r.amount());
            }
        }
        return total;
    }

    static List<Long> ids(List<Applications.ClaimRow> claims) {
        return claims.stream().map(Applications.ClaimRow::id).toList();
    }

    /** The application's claims' ids, in sequence order. */
    private List<Long> claimIds(long id) {
        return apps.claimMeasures(id).stream()
                .map(Applications.ClaimMeasure::id)
                .toList();
    }

    /** Stores each claim's result (claims in sequence order, as calculated) and the application's total. */
    void storeEstimate(long id, List<Long> claimIds, Calculation calc) {
        BigDecimal total = storeClaimEstimates(claimIds, calc);
        jdbc.sql("update application set estimate_total = ? where id = ?")
                .params(total, id)
                .update();
    }

    /**
     * Stores each claim's result (claims in sequence order, as calculated) and returns the application's total,
     * for a caller that writes it with its own update of the application.
     */
    BigDecimal storeClaimEstimates(List<Long> claimIds, Calculation calc) {
        List<Applications.Estimate> estimates = new ArrayList<>();
        for (int i = 0; i < claimIds.size(); i++) {
            ClaimResult r = calc.results().get(i);
            estimates.add(new Applications.Estimate(claimIds.get(i), r.status().id(), r.amount(), ResultJson.of(r)));
        }
        apps.saveEstimates(estimates);
        return total(calc);
    }

    /** The measures a round offers, by title with the id an API client sends: 中国专利奖奖励（PG-patent-award）. */
    private static String offered(Policy policy, Round round, boolean zh) {
        List<String> out = new ArrayList<>();
        for (String id : round.measures()) {
            Measure m = policy.measure(id);
            String title = m == null ? null : zh ? m.title().zh() : m.title().en();
            out.add(title == null || title.isBlank() ? id : zh ? title + "（" + id + "）" : title + " (" + id + ")");
        }
        return String.join(zh ? "、" : ", ", out);
    }

    private List<Applications.NewClaim> claims(Round round, List<ClaimInput> in) {
        if (in == null || in.isEmpty()) {
            throw ApiException.invalid("claims", null, "claims.required", "至少申报一项措施", "at least one claim is required");
        }
        Policy policy = computation.policy(round);
        int year = rounds.matterYear(round);
        List<Applications.NewClaim> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            ClaimInput c = in.get(i);
            Measure m = policy.measure(c.measure());
            if (m == null || !round.measures().contains(c.measure())) {
                throw ApiException.invalid(
                        "claims[" + (i + 1) + "].measure",
                        c.measure(),
                        "claim.measure_not_offered",
                        "本批次不受理该措施；可申报：" + offered(policy, round, true),
                        "this round does not offer the measure; offered: " + offered(policy, round, false));
            }
            checkIdentifiers(i + 1, c.facts());
            checkMoney(i + 1, m, c.facts());
            if (c.cityAward() != null) {
                org.ipaward.server.error.PlainMoney.require(
                        "claims[" + (i + 1) + "].city_award.amount",
                        c.cityAward().get("amount"));
                org.ipaward.server.error.PlainMoney.require(
                        "claims[" + (i + 1) + "].city_award.district_share",
                        c.cityAward().get("district_share"));
            }
            out.add(new Applications.NewClaim(
                    i + 1, c.measure(), year, c.facts() == null ? Map.of() : c.facts(), c.cityAward()));
        }
        return out;
    }

    /**
     * A money fact is written as a plain number: {@code 1e5} (which the engine would read as 100000) is refused,
     * naming the fact and the value, before anything is stored.
     */
    static void checkMoney(int seq, Measure m, Map<String, Object> facts) {
        if (facts == null || m == null) {
            return;
        }
        for (Map.Entry<String, Object> f : facts.entrySet()) {
            Measure.Fact fact = m.facts().get(f.getKey());
            if (fact != null && fact.type() == Measure.FactType.MONEY) {
                org.ipaward.server.error.PlainMoney.require("claims[" + seq + "].facts." + f.getKey(), f.getValue());
            }
        }
    }

    /**
     * Identifier facts are checked as the standards define them: a patent number's ZC 0006-2003 check digit,
     * a trademark registration number's form. A wrong one is refused before anything is stored.
     */
    public static void checkIdentifiers(int seq, Map<String, Object> facts) {
        if (facts == null) {
            return;
        }
        for (Map.Entry<String, Object> f : facts.entrySet()) {
            if (!(f.getValue() instanceof String v) || v.isBlank()) {
                continue;
            }
            org.ipaward.server.subject.ids.IdCheck<?> check = null;
            if (f.getKey().equals("patent_number") || f.getKey().endsWith("_patent_number")) {
                check = org.ipaward.server.subject.ids.PatentNumbers.check(v);
            } else if (f.getKey().equals("mark_number") || f.getKey().equals("trademark_number")) {
                check = org.ipaward.server.subject.ids.Trademarks.checkNumber(v);
            }
            if (check != null && check.error()) {
                throw ApiException.invalid(
                        "claims[" + seq + "].facts." + f.getKey(), v, check.key(), check.message(), check.messageEn());
            }
        }
    }

    private static List<Applications.ClaimRow> rows(List<Applications.NewClaim> claims) {
        List<Applications.ClaimRow> out = new ArrayList<>();
        for (Applications.NewClaim c : claims) {
            out.add(new Applications.ClaimRow(
                    -c.seq(),
                    c.seq(),
                    c.measure(),
                    c.matterYear(),
                    c.facts(),
                    c.cityAward(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null));
        }
        return out;
    }

    private static long ownSubject(UserAccount user) {
        if (user.subjectId() == null) {
            throw ApiException.invalid(
                    "subject_id",
                    null,
                    "subject.required",
                    "请先登记申报主体信息（企业或个人），再创建申报",
                    "register your subject (organisation or person) before applying");
        }
        return user.subjectId();
    }

    void requireFiler(UserAccount user, Applications.App app) {
        if (!(user.has(Role.APPLICANT)
                && (subjects.canFileFor(user, app.subjectId()) || app.createdBy() == user.id()))) {
            throw ApiException.forbidden(
                    "access.denied", "无权执行此操作或查看此数据", "you are not allowed to do this or see this data");
        }
    }

    /** The application, if the current user may see it; 403 otherwise (404 when it does not exist). */
    public Applications.App readable(long id) {
        UserAccount user = Actor.require();
        Applications.App app = apps.get(id);
        if (!canRead(user, app)) {
            throw ApiException.forbidden(
                    "access.denied", "无权执行此操作或查看此数据", "you are not allowed to do this or see this data");
        }
        return app;
    }

    boolean canRead(UserAccount user, Applications.App app) {
        return user.isStaff() || app.createdBy() == user.id() || subjects.canFileFor(user, app.subjectId());
    }

    /**
     * The application in brief — number, state, version, estimate and the materials still missing — for API
     * clients that ask for a minimal answer ({@code Prefer: return=minimal}); {@link #view} is the full one.
     */
    @Transactional(readOnly = true)
    public ApplicationBrief brief(long id) {
        readable(id);
        return briefOf(id);
    }

    /** {@link #brief} without the access check, for a caller that has just checked it (in its transaction). */
    ApplicationBrief briefOf(long id) {
        return briefOf(apps.get(id));
    }

    /** {@link #briefOf(long)} of a row the caller has just read or written in its transaction. */
    ApplicationBrief briefOf(Applications.App app) {
        long id = app.id();
        List<String> missing = List.of();
        if (EDITABLE.contains(app.state())) {
            Policy policy = computation.policy(rounds.get(app.roundId()));
            List<Applications.Material> materials = apps.materials(id);
            Set<String> m = new LinkedHashSet<>();
            for (Applications.ClaimMeasure c : apps.claimMeasures(id)) {
                Measure measure = policy.measure(c.measure());
                if (measure != null) {
                    List<String> have = Computation.materialsFor(c.id(), materials);
                    measure.materials().stream().filter(k -> !have.contains(k)).forEach(m::add);
                }
            }
            missing = List.copyOf(m);
        }
        Workflow.State s = workflow.state(app.state());
        return new ApplicationBrief(
                app.id(),
                app.no(),
                app.subjectId(),
                new Label(s.id(), s.zh(), s.en()),
                app.version(),
                ResultJson.money(app.estimateTotal()),
                missing);
    }

    @Transactional(readOnly = true)
    public ApplicationView view(long id) {
        UserAccount user = Actor.require();
        Applications.App app = readable(id);
        Round round = rounds.get(app.roundId());
        Policy policy = computation.policy(round);
        List<Applications.ClaimRow> claims = apps.claims(id);
        List<Applications.Material> materials = apps.materials(id);
        List<Applications.Event> events = apps.events(id);
        // other applicants' claims are named: staff only, and computed only when they look
        Map<Long, List<DuplicateClaims.Duplicate>> dups =
                SubjectService.seesAnySubject(user) ? duplicates.ofApplication(id) : null;
        Map<Long, Integer> seqOf = new HashMap<>();
        List<ClaimView> cv = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        for (Applications.ClaimRow c : claims) {
            seqOf.put(c.id(), c.seq());
            Measure m = policy.measure(c.measure());
            Map<String, String> title = m == null ? null : ResultJson.text(m.title());
            missing.addAll(computation.missingMaterials(round, c, materials));
            cv.add(new ClaimView(
                    c.id(),
                    c.seq(),
                    c.measure(),
                    title,
                    m == null ? null : m.clause(),
                    c.matterYear(),
                    c.facts(),
                    c.cityAward(),
                    c.engineStatus(),
                    ResultJson.money(c.engineAmount()),
                    ResultJson.money(c.reviewedAmount()),
                    c.reviewReason(),
                    ResultJson.money(c.finalAmount()),
                    withDecision(c, events),
                    dups == null ? null : dups.getOrDefault(c.id(), List.of())));
        }
        List<MaterialView> mv = new ArrayList<>();
        for (Applications.Material m : materials) {
            Policy.Material cat = policy.materials().get(m.kind());
            mv.add(new MaterialView(
                    m.id(),
                    m.claimId() == null ? null : seqOf.get(m.claimId()),
                    m.kind(),
                    cat != null ? cat.label().zh() : POWER_OF_ATTORNEY.equals(m.kind()) ? "授权委托书" : "其他材料",
                    m.fileId(),
                    m.filename(),
                    m.contentType(),
                    m.size(),
                    m.sha256(),
                    m.attachedAt()));
        }
        List<EventView> ev = new ArrayList<>();
        for (Applications.Event e : events) {
            String label = "create".equals(e.action())
                    ? "创建草稿"
                    : workflow.transition(e.action())
                            .map(Workflow.Transition::zh)
                            .orElse(e.action());
            ev.add(new EventView(
                    e.action(),
                    label,
                    e.fromState(),
                    e.toState(),
                    workflow.state(e.toState()).zh(),
                    e.actorName(),
                    e.role(),
                    e.reason(),
                    e.details(),
                    e.snapshotHash(),
                    e.at()));
        }
        List<Label> actions = new ArrayList<>();
        boolean filer = user.has(Role.APPLICANT) && canRead(user, app) && !user.isStaff();
        for (Workflow.Transition t : workflow.available(app.state(), user.roles())) {
            boolean applicantAction = t.roles().contains(Role.APPLICANT);
            if (applicantAction && !filer) {
                continue;
            }
            actions.add(new Label(t.action(), t.zh(), t.en()));
        }
        Workflow.State s = workflow.state(app.state());
        return new ApplicationView(
                app.id(),
                app.no(),
                round.id(),
                round.title(),
                round.policyId(),
                app.subjectId(),
                subjects.name(app.subjectId()),
                app.agencyId(),
                new Label(s.id(), s.zh(), s.en()),
                app.submittedAt(),
                app.returnItems(),
                app.returnDeadline(),
                ResultJson.money(app.estimateTotal()),
                ResultJson.money(app.approvedTotal()),
                app.publicityEnds(),
                app.createdAt(),
                app.updatedAt(),
                app.version(),
                cv,
                mv,
                List.copyOf(missing),
                ev,
                actions);
    }

    /**
     * The engine's result, with every later change of the amount appended to the trace, so that the explanation
     * ends at the amount awarded: the reviewer's (if any), then each upheld objection's (as the history records
     * them since the last review), then — should the history not account for the final amount — the final amount.
     */
    private static Map<String, Object> withDecision(Applications.ClaimRow c, List<Applications.Event> events) {
        if (c.engineResult() == null) {
            return null;
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        String reviewReason = c.reviewReason();
        List<Map<String, Object>> amendments = new ArrayList<>();
        for (Applications.Event e : events) {
            if ("review_approve".equals(e.action())) {
                Map<String, Object> change = change(e, c.seq());
                reviewReason = change != null && change.get("reason") != null
                        ? change.get("reason").toString()
                        : c.reviewReason();
                amendments.clear();
            } else if ("objection_amend".equals(e.action())) {
                Map<String, Object> change = change(e, c.seq());
                if (change != null && change.get("to") != null) {
                    Map<String, Object> a = new LinkedHashMap<>(change);
                    if (a.get("reason") == null) {
                        a.put("reason", e.reason());
                    }
                    amendments.add(a);
                }
            }
        }
        BigDecimal last = c.engineAmount();
        if (c.reviewedAmount() != null
                && c.engineAmount() != null
                && c.reviewedAmount().compareTo(c.engineAmount()) != 0) {
            steps.add(step(
                    "review",
                    "审核调整：按政策核定 " + Fmt.yuan(c.engineAmount()) + "，审核核定 " + Fmt.yuan(c.reviewedAmount()) + "；理由："
                            + reviewReason,
                    "Reviewer's change: " + Fmt.amount(c.engineAmount()) + " under the policy, "
                            + Fmt.amount(c.reviewedAmount()) + " after review; reason: " + reviewReason,
                    c.reviewedAmount()));
            last = c.reviewedAmount();
        } else if (c.reviewedAmount() != null) {
            last = c.reviewedAmount();
        }
        for (Map<String, Object> a : amendments) {
            BigDecimal from =
                    a.get("from") == null ? last : new BigDecimal(a.get("from").toString());
            BigDecimal to = new BigDecimal(a.get("to").toString());
            steps.add(step(
                    "objection",
                    "异议成立，调整金额：由 " + Fmt.yuan(from) + "调整为 " + Fmt.yuan(to) + "；理由：" + a.get("reason"),
                    "Objection upheld, amount changed from " + Fmt.amount(from) + " to " + Fmt.amount(to) + "; reason: "
                            + a.get("reason"),
                    to));
            last = to;
        }
        if (c.finalAmount() != null && last != null && c.finalAmount().compareTo(last) != 0) {
            steps.add(step(
                    "decision",
                    "核定金额调整为 " + Fmt.yuan(c.finalAmount()),
                    "Amount changed to " + Fmt.amount(c.finalAmount()),
                    c.finalAmount()));
        }
        Map<String, Object> r = new LinkedHashMap<>(c.engineResult());
        if (!steps.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object> trace = new ArrayList<>((List<Object>) r.getOrDefault("trace", List.of()));
            trace.addAll(steps);
            r.put("trace", trace);
        }
        return r;
    }

    /** The change an event's details record for claim {@code seq} ({@code details.changes[]}), or null. */
    private static Map<String, Object> change(Applications.Event e, int seq) {
        if (e.details() == null || !(e.details().get("changes") instanceof List<?> changes)) {
            return null;
        }
        Map<String, Object> found = null;
        for (Object o : changes) {
            if (o instanceof Map<?, ?> m && m.get("seq") instanceof Number n && n.intValue() == seq) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) m;
                found = typed;
            }
        }
        return found;
    }

    private static Map<String, Object> step(String kind, String zh, String en, BigDecimal amount) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("kind", kind);
        step.put("zh", zh);
        step.put("en", en);
        step.put("clause", null);
        step.put("quote", null);
        step.put("amount", ResultJson.money(amount));
        return step;
    }

    /** Applications the user may see, newest first, with filters. */
    @Transactional(readOnly = true)
    public PageResult<ApplicationSummary> list(Long roundId, String state, Long subjectId, String q, Paging paging) {
        UserAccount user = Actor.require();
        StringBuilder where = new StringBuilder(" where true");
        List<Object> params = new ArrayList<>();
        if (!user.isStaff()) {
            // = any(array(...)): the clients are read once, so each branch can use its index (application_created_by,
            // application_subject) and the planner combines them; "in (select ...)" inside the "or" made it scan
            where.append(" and (a.created_by = ? or a.subject_id = ?"
                    + " or a.subject_id = any(array(select client_id from agency_client where agency_id = ?)))");
            params.add(user.id());
            params.add(user.subjectId() == null ? -1L : user.subjectId());
            params.add(user.subjectId() == null ? -1L : user.subjectId());
        }
        if (roundId != null) {
            where.append(" and a.round_id = ?");
            params.add(roundId);
        }
        if (state != null && !state.isBlank()) {
            List<String> states = List.of(state.split(","));
            for (String s : states) {
                workflowState(s);
            }
            where.append(" and a.state in (")
                    .append(String.join(",", states.stream().map(x -> "?").toList()))
                    .append(")");
            params.addAll(states);
        }
        if (subjectId != null) {
            where.append(" and a.subject_id = ?");
            params.add(subjectId);
        }
        if (q != null && !q.isBlank()) {
            where.append(" and (a.no ilike ? or s.name ilike ? or s.uscc ilike ?)");
            String like = "%" + q.replace("%", "").replace("_", "") + "%";
            params.add(like);
            params.add(like);
            params.add(like);
        }
        String from = " from application a join subject s on s.id = a.subject_id join round r on r.id = a.round_id";
        long total = jdbc.sql("select count(*)" + from + where)
                .params(params)
                .query(Long.class)
                .single();
        List<Object> pp = new ArrayList<>(params);
        pp.add(paging.size());
        pp.add(paging.offset());
        List<ApplicationSummary> items = jdbc.sql("select a.*, s.name as subject_name, r.policy_id,"
                        + " (select count(*) from claim c where c.application_id = a.id) as claim_count"
                        + from
                        + where
                        + " order by a.updated_at desc, a.id desc limit ? offset ?")
                .params(pp)
                .query((rs, n) -> {
                    Applications.App a = Applications.app(rs, n);
                    Workflow.State s = workflow.state(a.state());
                    return new ApplicationSummary(
                            a.id(),
                            a.no(),
                            a.roundId(),
                            rs.getString("policy_id"),
                            a.subjectId(),
                            rs.getString("subject_name"),
                            new Label(s.id(), s.zh(), s.en()),
                            rs.getInt("claim_count"),
                            ResultJson.money(a.estimateTotal()),
                            ResultJson.money(a.approvedTotal()),
                            a.submittedAt(),
                            a.updatedAt());
                })
                .list();
        return new PageResult<>(items, total, paging.page(), paging.size());
    }

    private void workflowState(String s) {
        try {
            workflow.state(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(
                    "state",
                    s,
                    "state.unknown",
                    "未知状态；可选："
                            + String.join(
                                    "、",
                                    workflow.states().stream()
                                            .map(Workflow.State::id)
                                            .toList()),
                    "unknown state");
        }
    }
}

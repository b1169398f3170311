package org.ipaward.server.web.workbench;

import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.Text;
import org.ipaward.server.application.ApplicationDtos.ActionInput;
import org.ipaward.server.application.ApplicationDtos.ApplicationView;
import org.ipaward.server.application.ApplicationDtos.ClaimDecision;
import org.ipaward.server.application.ApplicationDtos.ClaimView;
import org.ipaward.server.application.ApplicationDtos.Label;
import org.ipaward.server.application.ApplicationDtos.ReturnItem;
import org.ipaward.server.application.ApplicationService;
import org.ipaward.server.application.Applications;
import org.ipaward.server.application.Computation;
import org.ipaward.server.application.Workflow;
import org.ipaward.server.application.WorkflowService;
import org.ipaward.server.calendar.WorkCalendar;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.ledger.LedgerService;
import org.ipaward.server.publicity.PublicityService;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.settings.Settings;
import org.ipaward.server.subject.SubjectService;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The review screen ({@code /workbench/applications/{id}}): the applicant, each claim's facts and the
 * materials with an inline preview on one side, the engine's calculation with its trace, caps and the
 * round's budget on the other, the history below, and the actions this user may take in this state.
 */
@Controller("wbReviewController")
public class ReviewController {
    /** Actions with their own pages (objections on the publicity page, payments on the finance pages). */
    static final java.util.Set<String> NOT_HERE = java.util.Set.of(
            "objection_amend", "objection_reject", "list_payment", "mark_paid", "mark_failed", "reissue");

    static final String STAFF = "hasAnyRole('ACCEPTOR','REVIEWER','APPROVER','POLICY_ADMIN','AUDITOR','SYSTEM_ADMIN')";

    /** One stated fact of a claim, for the page: how to show its value, and the field path to return it. */
    public record FactRow(
            String name, Text label, String kind, Object value, Text valueLabel, String unit, String field) {}

    /** A material a claim's measure requires, whether it is attached, and the field path to return it. */
    public record Required(String kind, Text label, boolean present, String field) {}

    /** A claim on the page: the stored view, its facts and required materials. */
    public record ClaimPanel(ClaimView claim, Text title, List<FactRow> facts, List<Required> materials) {}

    /** A material on the page with its label and preview. */
    public record MaterialPanel(MaterialPreview.Preview preview, Text label, Integer claimSeq) {}

    /** An action form: the transition and whether it needs a reason. */
    public record ActionForm(String action, Text label, boolean reason, boolean fourEyes, String to) {}

    private final ApplicationService applications;
    private final WorkflowService workflowService;
    private final Workflow workflow;
    private final Applications apps;
    private final RoundService rounds;
    private final Computation computation;
    private final SubjectService subjects;
    private final LedgerService ledger;
    private final PublicityService publicity;
    private final MaterialPreview previews;
    private final WorkCalendar calendar;
    private final Settings settings;
    private final Pages pages;
    private final Clock clock;

    public ReviewController(
            ApplicationService applications,
            WorkflowService workflowService,
            Workflow workflow,
            Applications apps,
            RoundService rounds,
            Computation computation,
            SubjectService subjects,
            LedgerService ledger,
            PublicityService publicity,
            MaterialPreview previews,
            WorkCalendar calendar,
            Settings settings,
            Pages pages,
            Clock clock) {
        this.applications = applications;
        this.workflowService = workflowService;
        this.workflow = workflow;
        this.apps = apps;
        this.rounds = rounds;
        this.computation = computation;
        this.subjects = subjects;
        this.ledger = ledger;
        this.publicity = publicity;
        this.previews = previews;
        this.calendar = calendar;
        this.settings = settings;
        this.pages = pages;
        this.clock = clock;
    }

    @GetMapping("/workbench/applications/{id}")
    @PreAuthorize(STAFF)
    public String review(@PathVariable long id, Model model, HttpServletResponse response) {
        if (!SubjectService.seesAnySubject(Actor.require())) {
            // a policy administrator alone: the page shows the subject, which is not theirs to see; say so and
            // where their figures are instead of a bare refusal
            response.setStatus(HttpStatus.FORBIDDEN.value());
            return "workbench/no-access";
        }
        fill(model, id);
        return "workbench/review";
    }

    /** Takes a workflow action from the review screen; a refusal re-renders the screen with the input kept. */
    @PostMapping("/workbench/applications/{id}/actions/{action}")
    @PreAuthorize("hasAnyRole('ACCEPTOR','REVIEWER','APPROVER')")
    public String act(
            @PathVariable long id,
            @PathVariable String action,
            @RequestParam MultiValueMap<String, String> form,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            if (NOT_HERE.contains(action)) {
                throw ApiException.invalid(
                        "action",
                        action,
                        "wb.action_elsewhere",
                        "该操作不在审核页办理（公示、异议与拨付各有页面）",
                        "this action is taken on the publicity or payment pages");
            }
            ActionInput in = input(action, form);
            if (repeated(id, action, in)) {
                return "redirect:/workbench/applications/" + id;
            }
            workflowService.act(id, action, in, ApplicationService.NONE);
        } catch (RuntimeException e) {
            ApiException problem = Pages.problem(e);
            fill(model, id);
            Pages.refuse(model, response, problem);
            model.addAttribute("failedAction", action);
            model.addAttribute("form", form.toSingleValueMap());
            model.addAttribute("checked", form.getOrDefault("item", List.of()));
            return "workbench/review";
        }
        redirect.addFlashAttribute("notice", pages.msg("wb.review.done", actionName(action)));
        return "redirect:/workbench/applications/" + id;
    }

    /**
     * Checks the page's version before anything else, so a page someone else has acted on since it was
     * loaded gets 409 "已被他人处理" whatever happened meanwhile (the service checks again under its lock).
     * The same action just taken by the same person (a double click) is not an error: true.
     */
    private boolean repeated(long id, String action, ActionInput in) {
        Applications.App now = applications.readable(id);
        if (in.version() == null || in.version() == now.version()) {
            return false;
        }
        List<Applications.Event> events = apps.events(id);
        Applications.Event last = events.isEmpty() ? null : events.get(events.size() - 1);
        Long me = Actor.require().id();
        if (last != null && last.action().equals(action) && me.equals(last.actorId())) {
            return true;
        }
        throw ApiException.conflict(
                "concurrent.modification",
                "申报已被他人处理（您打开页面后它已发生变化），请刷新后重试",
                "the application was handled by someone else since you opened the page; reload and retry");
    }

    private String actionName(String action) {
        return workflow.transition(action)
                .map(t -> org.ipaward.server.web.ui.Ui.english() ? t.en() : t.zh())
                .orElse(action);
    }

    /** The action's input from the form: reason, version, return items and deadline, per-claim amounts. */
    static ActionInput input(String action, MultiValueMap<String, String> form) {
        String reason = Pages.value(form, "reason");
        Integer version = null;
        String v = Pages.value(form, "version");
        if (v != null) {
            try {
                version = Integer.valueOf(v);
            } catch (NumberFormatException e) {
                throw ApiException.invalid("version", v, "input.type", "版本号须为整数", "version must be an integer");
            }
        }
        List<ReturnItem> items = null;
        LocalDate deadline = null;
        List<ClaimDecision> claims = null;
        if ("return".equals(action)) {
            items = new ArrayList<>();
            for (String field : form.getOrDefault("item", List.of())) {
                if (field == null || field.isBlank()) {
                    continue;
                }
                String note = Pages.value(form, "note:" + field);
                items.add(new ReturnItem(field.strip(), note));
            }
            String d = Pages.value(form, "deadline");
            if (d != null) {
                try {
                    deadline = LocalDate.parse(d);
                } catch (DateTimeParseException e) {
                    throw ApiException.invalid(
                            "deadline", d, "input.date", "日期格式应为 2026-03-31", "a date like 2026-03-31");
                }
            }
        }
        if ("review_approve".equals(action)) {
            claims = new ArrayList<>();
            for (String key : form.keySet()) {
                if (!key.matches("amount_\\d{1,3}")) {
                    continue;
                }
                int seq = Integer.parseInt(key.substring("amount_".length()));
                String amount = Pages.value(form, key);
                String why = Pages.value(form, "reason_" + seq);
                if (amount == null && why == null) {
                    continue;
                }
                BigDecimal a = null;
                if (amount != null) {
                    try {
                        a = new BigDecimal(amount.replace(",", ""));
                    } catch (NumberFormatException e) {
                        throw ApiException.invalid(
                                "claims[" + seq + "].amount",
                                amount,
                                "review.amount_invalid",
                                "金额须为不小于 0、最多两位小数的数字（元）",
                                "an amount in yuan, 0 or more, at most 2 decimals");
                    }
                }
                claims.add(new ClaimDecision(seq, a, why, null));
            }
            if (claims.isEmpty()) {
                claims = null;
            }
        }
        return new ActionInput(reason, items, deadline, claims, version);
    }

    /** The screen's model. */
    void fill(Model model, long id) {
        UserAccount user = Actor.require();
        ApplicationView view = applications.view(id);
        Applications.App app = apps.get(id);
        Round round = rounds.get(app.roundId());
        Policy policy = computation.policy(round);
        List<Applications.Material> materials = apps.materials(id);
        Map<Long, Integer> seqOf = new HashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> itemLabels = new LinkedHashMap<>(); // a return item's path → what a person calls it
        policy.materials().forEach((k, m) -> labels.put(k, pick(m.label())));
        // the subject's fields a measure reads (subject.mu_grade …), as people name them
        for (String f : org.ipaward.engine.calc.Subject.FIELD_REFERENCES) {
            labels.put(f, pick(org.ipaward.engine.calc.Subject.fieldLabel(f)));
        }
        List<ClaimPanel> claims = new ArrayList<>();
        for (ClaimView c : view.claims()) {
            seqOf.put(c.id(), c.seq());
            Measure m = policy.measure(c.measure());
            List<FactRow> facts = new ArrayList<>();
            List<Required> required = new ArrayList<>();
            Map<String, Measure.Fact> declared = m == null ? Map.of() : m.facts();
            List<String> names = new ArrayList<>();
            declared.forEach((name, f) -> {
                if (!f.implicit()) {
                    names.add(name);
                }
            });
            if (c.facts() != null) {
                c.facts().keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
            }
            String prefix = "claims[" + c.seq() + "]";
            for (String name : names) {
                Measure.Fact f = declared.get(name);
                Object value = c.facts() == null ? null : c.facts().get(name);
                labels.put(name, f == null ? name : pick(f.label()));
                facts.add(fact(name, f, value, prefix + ".facts." + name));
                itemLabels.put(prefix + ".facts." + name, labels.get(name));
            }
            if (m != null) {
                for (String kind : m.materials()) {
                    boolean present = materials.stream()
                            .anyMatch(x -> x.kind().equals(kind) && (x.claimId() == null || x.claimId() == c.id()));
                    Policy.Material pm = policy.materials().get(kind);
                    required.add(new Required(
                            kind,
                            pm == null ? new Text(kind, kind) : pm.label(),
                            present,
                            prefix + ".materials." + kind));
                    itemLabels.put(prefix + ".materials." + kind, pm == null ? kind : pick(pm.label()));
                }
            }
            claims.add(new ClaimPanel(c, m == null ? new Text(c.measure(), c.measure()) : m.title(), facts, required));
        }
        List<MaterialPanel> mats = new ArrayList<>();
        for (Applications.Material m : materials) {
            Policy.Material pm = policy.materials().get(m.kind());
            Text label = pm == null ? null : pm.label(); // the page names a power of attorney or other material
            mats.add(
                    new MaterialPanel(previews.preview(m), label, m.claimId() == null ? null : seqOf.get(m.claimId())));
        }
        List<ActionForm> actions = new ArrayList<>();
        for (Label l : view.actions()) {
            if (NOT_HERE.contains(l.id())) {
                continue;
            }
            workflow.transition(l.id())
                    .ifPresent(t -> actions.add(new ActionForm(
                            t.action(), new Text(t.zh(), t.en()), t.reasonRequired(), t.fourEyes(), t.to())));
        }
        boolean fourEyes = user.has(Role.APPROVER)
                && "reviewed".equals(app.state())
                && app.reviewerId() != null
                && app.reviewerId() == user.id();
        LocalDate today = LocalDate.now(clock.withZone(ClockConfig.ZONE));
        model.addAttribute("app", view);
        model.addAttribute(
                "duplicateClaims",
                view.claims().stream()
                        .filter(c -> c.duplicates() != null && !c.duplicates().isEmpty())
                        .count());
        model.addAttribute("queueTab", queueTab(app.state()));
        model.addAttribute("round", round);
        model.addAttribute("subject", subjects.get(app.subjectId(), user));
        model.addAttribute("claims", claims);
        model.addAttribute("materials", mats);
        model.addAttribute("labels", labels);
        model.addAttribute("itemLabels", itemLabels);
        model.addAttribute("actions", actions);
        model.addAttribute("fourEyes", fourEyes);
        model.addAttribute("ledger", ledger.ofApplication(id));
        model.addAttribute("budget", rounds.budget(round.id()));
        model.addAttribute("objections", publicity.forApplication(id));
        model.addAttribute("defaultDeadline", calendar.addWorkingDays(today, settings.returnDeadlineDays()));
        model.addAttribute("returnDays", settings.returnDeadlineDays());
        model.addAttribute("today", today);
        model.addAttribute("maxPages", MaterialPreview.MAX_PAGES);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of());
            model.addAttribute("checked", List.of());
            model.addAttribute("fieldErrors", Map.of());
        }
    }

    /**
     * The queue the breadcrumb leads back to: the state's own tab where the workbench has one, else 全部 (all) —
     * later states (paid, rejected, withdrawn…) have no tab of their own.
     */
    static String queueTab(String state) {
        return Queues.TABS.contains(state) ? state : "all";
    }

    private static String pick(Text t) {
        return t == null ? null : org.ipaward.server.web.ui.Ui.english() && t.en() != null ? t.en() : t.zh();
    }

    private static FactRow fact(String name, Measure.Fact f, Object value, String field) {
        Text label = f == null ? new Text(name, name) : f.label();
        if (f == null || value == null) {
            return new FactRow(name, label, value == null ? "none" : "text", value, null, null, field);
        }
        return switch (f.type()) {
            case BOOLEAN ->
                new FactRow(
                        name, label, "bool", Boolean.TRUE.equals(value) || "true".equals(value), null, f.unit(), field);
            case MONEY -> new FactRow(name, label, money(value) ? "money" : "text", value, null, null, field);
            case ENUM -> {
                Text v = f.values() == null ? null : f.values().get(String.valueOf(value));
                yield new FactRow(name, label, v == null ? "text" : "enum", value, v, f.unit(), field);
            }
            case LIST ->
                new FactRow(
                        name,
                        label,
                        "text",
                        value instanceof List<?> l
                                ? String.join(
                                        "、", l.stream().map(String::valueOf).toList())
                                : value,
                        null,
                        f.unit(),
                        field);
            default -> new FactRow(name, label, "text", value, null, f.unit(), field);
        };
    }

    private static boolean money(Object v) {
        try {
            new BigDecimal(String.valueOf(v));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // ---- material previews ------------------------------------------------------------------------

    @GetMapping("/workbench/applications/{id}/materials/{materialId}/image")
    @PreAuthorize(STAFF)
    public ResponseEntity<byte[]> image(@PathVariable long id, @PathVariable long materialId) {
        Applications.Material m = previews.material(id, materialId, true);
        byte[] bytes = previews.image(m);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(m.contentType()))
                .cacheControl(CacheControl.maxAge(10, TimeUnit.MINUTES).cachePrivate())
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline")
                .body(bytes);
    }

    @GetMapping("/workbench/applications/{id}/materials/{materialId}/pages/{page}")
    @PreAuthorize(STAFF)
    public ResponseEntity<byte[]> page(@PathVariable long id, @PathVariable long materialId, @PathVariable int page) {
        Applications.Material m = previews.material(id, materialId, page == 1);
        return previews.page(m, page)
                .map(png -> ResponseEntity.ok()
                        .contentType(MediaType.IMAGE_PNG)
                        .cacheControl(CacheControl.maxAge(10, TimeUnit.MINUTES).cachePrivate())
                        .header(HttpHeaders.CONTENT_DISPOSITION, "inline")
                        .body(png))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }
}

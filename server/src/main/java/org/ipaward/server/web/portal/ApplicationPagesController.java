package org.ipaward.server.web.portal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.match.Matcher;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.Text;
import org.ipaward.server.application.ApplicationDtos.ActionInput;
import org.ipaward.server.application.ApplicationDtos.ApplicationInput;
import org.ipaward.server.application.ApplicationDtos.ApplicationView;
import org.ipaward.server.application.ApplicationDtos.ClaimInput;
import org.ipaward.server.application.ApplicationDtos.ClaimView;
import org.ipaward.server.application.ApplicationDtos.EventView;
import org.ipaward.server.application.ApplicationDtos.MaterialView;
import org.ipaward.server.application.ApplicationService;
import org.ipaward.server.application.WorkflowService;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.payment.PaymentService;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.web.FormErrors;
import org.ipaward.server.web.ui.Ui;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One application for its applicant: per claim the facts as typed form fields with inline validation and
 * the live estimate, the materials checklist with upload and removal, submit / resubmit / withdraw, the
 * timeline like a parcel tracker, and for a returned application exactly what to fix.
 */
@Controller
@PreAuthorize("hasRole('APPLICANT')")
public class ApplicationPagesController {
    /** The steps an application goes through, as the timeline shows them. */
    static final List<String> STEPS = List.of("submit", "accept", "review", "approve", "publicise", "pay");

    static final Set<String> APPLICANT_ACTIONS = Set.of("submit", "resubmit", "withdraw");
    static final Set<String> NOTICE_STATES =
            Set.of("approved", "publicised", "confirmed", "payment_listed", "paid", "payment_failed");

    /** A step of the tracker: done, current, todo, or stopped (the application ended there). */
    public record Step(String id, String status) {}

    /** A material kind of a claim's checklist, with what is uploaded. */
    public record MaterialRow(
            String id,
            String kind,
            Text label,
            boolean required,
            List<MaterialView> files,
            boolean flagged,
            ApiException.FieldProblem error) {}

    /** One claim as the page shows it. */
    public record ClaimSection(
            int seq,
            String measure,
            Text title,
            String clause,
            List<FactForms.Field> fields,
            Map<String, Object> result,
            List<MaterialRow> materials) {}

    /** Something to fix or still missing, linked to its field or material on the page. */
    public record FixItem(String anchor, Text label, Text measure, boolean fact, String note, String raw) {}

    /**
     * A field of the applicant's subject (亩均效益等级…) that a claim needs: filled in on the subject profile, which
     * {@code href} links to when the application is the user's own subject's ({@code null} for an agency's client).
     */
    public record SubjectFix(String field, Text label, String href) {}

    /** An event of the timeline. */
    public record TimelineEvent(
            Instant at,
            String action,
            String toState,
            String role,
            String reason,
            String deadline,
            String publicityEnds,
            List<FixItem> items) {}

    private final ApplicationService applications;
    private final WorkflowService workflow;
    private final RoundService rounds;
    private final PolicyRegistry policies;
    private final PaymentService payments;
    private final MessageSource messages;
    private final Ui ui;

    public ApplicationPagesController(
            ApplicationService applications,
            WorkflowService workflow,
            RoundService rounds,
            PolicyRegistry policies,
            PaymentService payments,
            MessageSource messages,
            Ui ui) {
        this.ui = ui;
        this.applications = applications;
        this.workflow = workflow;
        this.rounds = rounds;
        this.policies = policies;
        this.payments = payments;
        this.messages = messages;
    }

    @GetMapping("/portal/applications/{id}")
    public String page(@PathVariable("id") long id, Model model) {
        return render(id, model, Map.of(), Map.of(), List.of());
    }

    /** Saves one claim's facts (htmx on change, or the save button); a bad value changes nothing. */
    @PostMapping("/portal/applications/{id}/claims/{seq}")
    public String saveClaim(
            @PathVariable("id") long id,
            @PathVariable("seq") int seq,
            @RequestParam Map<String, String> form,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes flash) {
        boolean htmx = request.getHeader("HX-Request") != null;
        ApplicationView v = applications.view(id);
        Policy policy = policy(v);
        Map<String, ApiException.FieldProblem> errors = new LinkedHashMap<>();
        try {
            List<ClaimInput> claims = new ArrayList<>();
            boolean found = false;
            for (ClaimView c : v.claims()) {
                Map<String, Object> facts = c.facts();
                if (c.seq() == seq) {
                    found = true;
                    Measure m = policy.measure(c.measure());
                    facts = m == null ? facts : FactForms.parse(m, form, c.facts());
                }
                claims.add(new ClaimInput(c.measure(), facts, c.cityAward()));
            }
            if (!found) {
                throw ApiException.notFound("claim", seq);
            }
            applications.update(id, new ApplicationInput(null, null, claims, null), ApplicationService.NONE);
        } catch (ApiException e) {
            if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.FORBIDDEN) {
                throw e;
            }
            Forms.refused(e, model, response);
            errors.putAll(FormErrors.problems(e.errors(), f -> anchorOf(f, seq)));
        }
        if (errors.isEmpty() && !model.containsAttribute("problem")) {
            if (htmx) {
                render(id, model, Map.of(), Map.of(), List.of());
                model.addAttribute("c", section(model, seq));
                model.addAttribute("saved", true);
                model.addAttribute("oob", true);
                return "portal/claim :: claim-update";
            }
            flash.addFlashAttribute("flash", "portal.app.flash.saved");
            return "redirect:/portal/applications/" + id + "#claim-" + seq;
        }
        Map<Integer, Map<String, String>> input = Map.of(seq, form);
        render(id, model, input, errors, List.of());
        if (htmx) {
            model.addAttribute("c", section(model, seq));
            model.addAttribute("oob", true);
            return "portal/claim :: claim-update";
        }
        return "portal/application";
    }

    @PostMapping("/portal/applications/{id}/materials")
    public String upload(
            @PathVariable("id") long id,
            @RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "kind", required = false) String kind,
            @RequestParam(name = "at", required = false) Integer at,
            HttpServletResponse response,
            Model model,
            RedirectAttributes flash) {
        try {
            if (file == null
                    || file.isEmpty()
                            && (file.getOriginalFilename() == null
                                    || file.getOriginalFilename().isBlank())) {
                // no file chosen (a browser sends an empty part without a name); an empty file is FileStore's
                // upload.empty (文件为空)
                throw ApiException.invalid("file", null, "upload.missing", "请选择要上传的文件", "choose a file to upload");
            }
            // Attached to the application, not to one claim: a material serves every measure that needs its
            // kind (one subject certificate for all), and claims stay editable (a claim's own materials would
            // pin the claim rows the service replaces on every save).
            applications.attach(id, kind, null, file, ApplicationService.NONE);
        } catch (ApiException e) {
            if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.FORBIDDEN) {
                throw e;
            }
            Forms.refused(e, model, response);
            Map<String, ApiException.FieldProblem> errors = new HashMap<>();
            String anchor = anchor(at, kind);
            errors.putAll(FormErrors.problems(e.errors(), f -> anchor));
            if (e.errors().isEmpty()) {
                errors.put(anchor, new ApiException.FieldProblem("file", null, e.key(), e.messageZh(), e.messageEn()));
            }
            return render(id, model, Map.of(), errors, List.of());
        }
        flash.addFlashAttribute("flash", "portal.app.flash.uploaded");
        return "redirect:/portal/applications/" + id + "#" + anchor(at, kind);
    }

    /** The id of a checklist row: {@code c<seq>-m-<kind>} in a claim, {@code app-m-<kind>} for the application. */
    static String anchor(Integer seq, String kind) {
        return (seq == null || seq <= 0 ? "app" : "c" + seq) + "-m-" + kind;
    }

    @PostMapping("/portal/applications/{id}/materials/{materialId}/remove")
    public String remove(
            @PathVariable("id") long id,
            @PathVariable("materialId") long materialId,
            HttpServletResponse response,
            Model model,
            RedirectAttributes flash) {
        try {
            applications.detach(id, materialId, ApplicationService.NONE);
        } catch (ApiException e) {
            if (e.status() == HttpStatus.FORBIDDEN) {
                throw e;
            }
            Forms.refused(e, model, response);
            return render(id, model, Map.of(), Map.of(), List.of());
        }
        flash.addFlashAttribute("flash", "portal.app.flash.removed");
        return "redirect:/portal/applications/" + id + "#materials";
    }

    @PostMapping("/portal/applications/{id}/actions/{action}")
    public String act(
            @PathVariable("id") long id,
            @PathVariable("action") String action,
            @RequestParam(name = "reason", required = false) String reason,
            HttpServletResponse response,
            Model model,
            RedirectAttributes flash) {
        try {
            if (!APPLICANT_ACTIONS.contains(action)) {
                throw ApiException.invalid(
                        "action",
                        action,
                        "workflow.unknown_action",
                        "申报人可办理：提交、补正后重新提交、撤回",
                        "applicants may submit, resubmit or withdraw");
            }
            String before = applications.brief(id).estimateTotal();
            workflow.act(
                    id,
                    action,
                    new ActionInput(Forms.blankToNull(reason), null, null, null, null),
                    ApplicationService.NONE);
            String after = applications.brief(id).estimateTotal();
            if (!"withdraw".equals(action) && changed(before, after)) {
                // submitting recalculates against the current ledger: say so when the amount moved
                flash.addFlashAttribute("flash", "portal.app.flash." + action + "_changed");
                flash.addFlashAttribute("flashArgs", new Object[] {money(before), money(after)});
                return "redirect:/portal/applications/" + id;
            }
        } catch (ApiException e) {
            if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.FORBIDDEN) {
                throw e;
            }
            Forms.refused(e, model, response);
            List<FactForms.Target> missing = new ArrayList<>();
            if ("application.incomplete".equals(e.key())) {
                for (ApiException.FieldProblem p : e.errors()) {
                    FactForms.Target t = FactForms.target(p.field());
                    if (t != null) {
                        missing.add(t);
                    } else if ("subject.field_missing".equals(p.key())) {
                        missing.add(new FactForms.Target(0, true, p.field()));
                    }
                }
            }
            return render(id, model, Map.of(), Map.of(), missing);
        }
        flash.addFlashAttribute("flash", "portal.app.flash." + action);
        return "redirect:/portal/applications/" + id;
    }

    /** Whether two stored totals ({@code "50000.00"}, or none) differ as amounts. */
    static boolean changed(String before, String after) {
        if (before == null || after == null) {
            return before != after;
        }
        return new java.math.BigDecimal(before).compareTo(new java.math.BigDecimal(after)) != 0;
    }

    private String money(String amount) {
        return amount == null ? "—" : ui.money(amount);
    }

    // ------------------------------------------------------------------------------------------ the page

    private Policy policy(ApplicationView v) {
        Round round = rounds.get(v.roundId());
        return policies.version(round.policyVersionId()).policy();
    }

    @SuppressWarnings("unchecked")
    private static ClaimSection section(Model model, int seq) {
        for (ClaimSection c : (List<ClaimSection>) model.getAttribute("claims")) {
            if (c.seq() == seq) {
                return c;
            }
        }
        throw ApiException.notFound("claim", seq);
    }

    /** The page anchor of a service's field path, for a problem in claim {@code seq}. */
    private static String anchorOf(String field, int seq) {
        FactForms.Target t = FactForms.target(field);
        if (t == null) {
            return field;
        }
        return new FactForms.Target(t.seq() == 0 ? seq : t.seq(), t.fact(), t.name()).anchor();
    }

    /**
     * Fills the model for the application page: {@code input} keeps what the user typed in a refused claim,
     * {@code errors} are field problems by anchor, {@code missing} what a refused submission named.
     */
    String render(
            long id,
            Model model,
            Map<Integer, Map<String, String>> input,
            Map<String, ApiException.FieldProblem> errors,
            List<FactForms.Target> missing) {
        ApplicationView v = applications.view(id);
        Round round = rounds.get(v.roundId());
        Policy policy = policies.version(round.policyVersionId()).policy();
        boolean editable =
                "draft".equals(v.state().id()) || "returned".equals(v.state().id());

        List<FactForms.Target> returnTargets = new ArrayList<>();
        List<FixItem> returnItems = new ArrayList<>();
        if ("returned".equals(v.state().id()) && v.returnItems() != null) {
            for (Object o : v.returnItems()) {
                FixItem item = fixItem(o, v, policy);
                returnItems.add(item);
                FactForms.Target t = FactForms.target(item.raw());
                if (t != null) {
                    returnTargets.add(t);
                }
            }
        }
        Set<String> flagged = new HashSet<>();
        for (FactForms.Target t : returnTargets) {
            for (ClaimView c : v.claims()) {
                if (t.seq() == 0 || t.seq() == c.seq()) {
                    flagged.add(new FactForms.Target(c.seq(), t.fact(), t.name()).anchor());
                }
            }
        }

        Map<String, String> labels = new HashMap<>();
        List<ClaimSection> sections = new ArrayList<>();
        for (ClaimView c : v.claims()) {
            Measure m = policy.measure(c.measure());
            List<FactForms.Field> fields = new ArrayList<>();
            List<MaterialRow> rows = new ArrayList<>();
            if (m != null) {
                Set<String> required = Matcher.requiredFacts(m);
                Map<String, String> typed = input.get(c.seq());
                for (Measure.Fact f : FactForms.shown(m)) {
                    String anchor = "c" + c.seq() + "-f-" + f.name();
                    String value = typed != null
                            ? typed.getOrDefault(FactForms.PREFIX + f.name(), "")
                            : FactForms.shownValue(
                                    c.facts() == null ? null : c.facts().get(f.name()));
                    fields.add(FactForms.field(
                            c.seq(), m, f, required, value, errors.get(anchor), flagged.contains(anchor)));
                    labels.put(f.name(), pick(f.label()));
                }
                for (String kind : m.materials()) {
                    rows.add(materialRow(c.seq(), kind, label(policy, kind), true, v, flagged, errors));
                    labels.put(kind, pick(label(policy, kind)));
                }
            }
            sections.add(new ClaimSection(
                    c.seq(), c.measure(), m == null ? null : m.title(), c.clause(), fields, c.result(), rows));
        }

        // a subject's field a claim reads (亩均效益等级…): named as people read it, filled in on the subject profile
        for (String f : Subject.FIELD_REFERENCES) {
            labels.put(
                    f,
                    messages.getMessage(
                            "portal.app.subject_field",
                            new Object[] {pick(Subject.fieldLabel(f))},
                            LocaleContextHolder.getLocale()));
        }
        UserAccount user = Actor.require();
        boolean own = user.subjectId() != null && user.subjectId() == v.subjectId();
        List<SubjectFix> missingSubject = new ArrayList<>();
        List<FixItem> missingItems = new ArrayList<>();
        for (FactForms.Target t : missing) {
            Text subjectLabel = t.fact() ? Subject.fieldLabel(t.name()) : null;
            if (subjectLabel != null) {
                String field = t.name().substring("subject.".length());
                missingSubject.add(new SubjectFix(t.name(), subjectLabel, own ? "/portal/profile#" + field : null));
                continue;
            }
            missingItems.add(fixItem(
                    Map.of("field", "claims[" + t.seq() + "]." + (t.fact() ? "facts." : "materials.") + t.name()),
                    v,
                    policy));
        }

        model.addAttribute("app", v);
        // the stored estimate may be stale (another award has used a cap since, a recalculated policy): what
        // submitting would make of it, when that differs
        model.addAttribute(
                "reestimate",
                editable
                        ? applications
                                .previewReestimate(id)
                                .filter(r -> r.before() != null && r.changed())
                                .orElse(null)
                        : null);
        model.addAttribute("round", round);
        model.addAttribute("policy", policy);
        model.addAttribute("editable", editable);
        model.addAttribute("claims", sections);
        model.addAttribute("labels", labels);
        model.addAttribute("returnItems", returnItems);
        model.addAttribute("missingItems", missingItems);
        model.addAttribute("missingSubject", missingSubject);
        model.addAttribute("steps", steps(v));
        model.addAttribute("timeline", timeline(v, policy));
        model.addAttribute(
                "actions",
                v.actions().stream()
                        .filter(a -> APPLICANT_ACTIONS.contains(a.id()))
                        .toList());
        model.addAttribute("notice", NOTICE_STATES.contains(v.state().id()));
        model.addAttribute(
                "paid",
                payments.ofApplication(id).stream()
                        .filter(p -> "paid".equals(p.status()))
                        .reduce((a, b) -> b)
                        .orElse(null));
        model.addAttribute(
                "returnEvent",
                v.events().stream()
                        .filter(e -> "return".equals(e.action()))
                        .reduce((a, b) -> b)
                        .orElse(null));
        Set<String> listed = new HashSet<>();
        sections.forEach(sc -> sc.materials().forEach(r -> listed.add(r.kind())));
        model.addAttribute(
                "otherMaterials",
                v.materials().stream()
                        .filter(mv -> !listed.contains(mv.kind()) && !"other".equals(mv.kind()))
                        .toList());
        model.addAttribute("otherRow", materialRow(0, "other", null, false, v, flagged, errors));
        return "portal/application";
    }

    private static MaterialRow materialRow(
            int seq,
            String kind,
            Text label,
            boolean required,
            ApplicationView v,
            Set<String> flagged,
            Map<String, ApiException.FieldProblem> errors) {
        String anchor = anchor(seq, kind);
        List<MaterialView> files = v.materials().stream()
                .filter(mv -> mv.kind().equals(kind) && (mv.claimSeq() == null || mv.claimSeq() == seq))
                .toList();
        return new MaterialRow(anchor, kind, label, required, files, flagged.contains(anchor), errors.get(anchor));
    }

    private static Text label(Policy policy, String kind) {
        Policy.Material m = policy.materials().get(kind);
        return m == null ? new Text(kind, kind) : m.label();
    }

    private static String pick(Text t) {
        return t == null ? null : Ui.english() && t.en() != null && !t.en().isBlank() ? t.en() : t.zh();
    }

    /** A return item ({field, note}) with the label of the fact or material it names. */
    private static FixItem fixItem(Object o, ApplicationView v, Policy policy) {
        Map<?, ?> m = o instanceof Map<?, ?> map ? map : Map.of();
        String field = m.get("field") == null ? "" : String.valueOf(m.get("field"));
        String note = m.get("note") == null ? null : String.valueOf(m.get("note"));
        FactForms.Target t = FactForms.target(field);
        if (t == null) {
            return new FixItem(null, null, null, false, note, field);
        }
        for (ClaimView c : v.claims()) {
            if (t.seq() != 0 && t.seq() != c.seq()) {
                continue;
            }
            Measure measure = policy.measure(c.measure());
            if (measure == null) {
                continue;
            }
            Text label;
            if (t.fact()) {
                Measure.Fact f = measure.facts().get(t.name());
                if (f == null) {
                    continue;
                }
                label = f.label();
            } else {
                if (!measure.materials().contains(t.name()) && t.seq() == 0) {
                    continue;
                }
                label = label(policy, t.name());
            }
            String anchor = new FactForms.Target(c.seq(), t.fact(), t.name()).anchor();
            return new FixItem(anchor, label, measure.title(), t.fact(), note, field);
        }
        return new FixItem(null, null, null, t.fact(), note, field);
    }

    private static List<Step> steps(ApplicationView v) {
        String state = v.state().id();
        int current = stepOf(state);
        String status = "current";
        if (current < 0) {
            // ended (not accepted, rejected, withdrawn): where it stopped, from the last event
            List<EventView> ev = v.events();
            String from = ev.isEmpty() ? "draft" : ev.get(ev.size() - 1).fromState();
            current = Math.max(0, stepOf(from == null ? "draft" : from));
            status = "stopped";
        }
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < STEPS.size(); i++) {
            out.add(new Step(STEPS.get(i), i < current ? "done" : i == current ? status : "todo"));
        }
        return out;
    }

    /** The index of the step an application in this state waits for (6: all done; -1: ended). */
    static int stepOf(String state) {
        return switch (state) {
            case "draft", "returned" -> 0;
            case "submitted" -> 1;
            case "under_review" -> 2;
            case "reviewed" -> 3;
            case "approved", "publicised" -> 4;
            case "confirmed", "payment_listed", "payment_failed" -> 5;
            case "paid" -> 6;
            default -> -1;
        };
    }

    private static List<TimelineEvent> timeline(ApplicationView v, Policy policy) {
        List<TimelineEvent> out = new ArrayList<>();
        for (EventView e : v.events()) {
            Map<String, Object> d = e.details() == null ? Map.of() : e.details();
            List<FixItem> items = new ArrayList<>();
            if (d.get("items") instanceof List<?> l) {
                for (Object o : l) {
                    items.add(fixItem(o, v, policy));
                }
            }
            out.add(new TimelineEvent(
                    e.at(),
                    e.action(),
                    e.toState(),
                    e.role(),
                    e.reason(),
                    d.get("deadline") == null ? null : String.valueOf(d.get("deadline")),
                    d.get("publicity_ends") == null ? null : String.valueOf(d.get("publicity_ends")),
                    items));
        }
        return out;
    }
}

package org.ipaward.server.web.workbench;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.application.DuplicateClaims;
import org.ipaward.server.application.Recalculations;
import org.ipaward.server.application.Workflow;
import org.ipaward.server.application.WorkflowService;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.job.Jobs;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The workbench's queues ({@code /workbench}): a tab per state with counts, search, filters, sort and
 * paging; rows selected on a page can be accepted, passed, approved or publicised in one go as a
 * background job whose progress page ({@code /workbench/jobs/{id}}) polls itself every second.
 */
@Controller
public class WorkbenchController {
    /** The actions a queue can take in a batch, in the order the buttons appear. */
    static final List<String> BATCH = List.of("accept", "review_approve", "approve", "publicise");

    /** The job kind of a subject import ({@code SubjectImport.KIND}). */
    static final String SUBJECT_IMPORT = org.ipaward.server.subject.SubjectImport.KIND;

    private final Queues queues;
    private final RoundService rounds;
    private final PolicyRegistry policies;
    private final Workflow workflow;
    private final WorkflowService workflowService;
    private final Jobs jobs;
    private final Recalculations recalculations;
    private final DuplicateClaims duplicates;

    public WorkbenchController(
            Queues queues,
            RoundService rounds,
            PolicyRegistry policies,
            Workflow workflow,
            WorkflowService workflowService,
            Jobs jobs,
            Recalculations recalculations,
            DuplicateClaims duplicates) {
        this.recalculations = recalculations;
        this.duplicates = duplicates;
        this.queues = queues;
        this.rounds = rounds;
        this.policies = policies;
        this.workflow = workflow;
        this.workflowService = workflowService;
        this.jobs = jobs;
    }

    /** The queue a person sees first: the one their role works on. */
    static String defaultTab(UserAccount u) {
        if (u.has(Role.ACCEPTOR)) {
            return "submitted";
        }
        if (u.has(Role.REVIEWER)) {
            return "under_review";
        }
        if (u.has(Role.APPROVER)) {
            return "reviewed";
        }
        return "all";
    }

    @GetMapping("/workbench")
    @PreAuthorize(ReviewController.STAFF)
    public String queue(
            @RequestParam(name = "state", required = false) String state,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "round", required = false) String round,
            @RequestParam(name = "policy", required = false) String policy,
            @RequestParam(name = "measure", required = false) String measure,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "sort", required = false) String sort,
            @RequestParam(name = "page", required = false) String page,
            Model model,
            HttpServletResponse response) {
        UserAccount user = Actor.require();
        if (!org.ipaward.server.subject.SubjectService.seesAnySubject(user)) {
            // a policy administrator alone works on rounds, not on applicants' files (the rounds page says so)
            return "redirect:/workbench/rounds";
        }
        String tab = state == null || state.isBlank() ? defaultTab(user) : state.strip();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("state", tab);
        params.put("q", blank(q));
        params.put("round", blank(round));
        params.put("policy", blank(policy));
        params.put("measure", blank(measure));
        params.put("from", blank(from));
        params.put("to", blank(to));
        params.put("sort", blank(sort));
        model.addAttribute("params", params);
        model.addAttribute("tab", tab);
        model.addAttribute(
                "rounds",
                rounds.list(new RoundService.Filter(null, null, null, null, null), Paging.of(0, 200), Instant.now())
                        .items());
        model.addAttribute("policies", policies.currentVersions());
        model.addAttribute("sorts", Queues.SORTS);
        model.addAttribute("tabs", Queues.TABS);
        model.addAttribute("batch", batchActions(user));
        // The tab counts depend on the filters (search, round, policy, measure, dates) but not on the tab, the sort
        // or the page: a bad sort, state or page is refused on the page with the counts still right; only a bad
        // filter leaves them unknown (shown blank, never 0).
        model.addAttribute("result", new PageResult<>(List.of(), 0, 0, 20));
        model.addAttribute("counts", Map.of());
        model.addAttribute("duplicates", Map.of());
        try {
            Queues.Filter counted = new Queues.Filter(
                    null,
                    blank(q),
                    id("round", blank(round)),
                    blank(policy),
                    blank(measure),
                    date("from", blank(from)),
                    date("to", blank(to)),
                    null);
            Queues.check(counted);
            model.addAttribute("counts", queues.counts(counted));
            Queues.Filter filter = new Queues.Filter(
                    tab,
                    counted.q(),
                    counted.roundId(),
                    counted.policyId(),
                    counted.measure(),
                    counted.from(),
                    counted.to(),
                    blank(sort));
            Queues.check(filter);
            PageResult<Queues.Row> result = queues.search(filter, Paging.of(Paging.number("page", page), 20));
            model.addAttribute("result", result);
            // possible duplicate claims per row: two queries for the page, whatever its length
            model.addAttribute(
                    "duplicates",
                    duplicates.counts(
                            result.items().stream().map(Queues.Row::id).toList()));
        } catch (ApiException e) {
            Pages.refuse(model, response, e);
        }
        model.addAttribute("measures", measures(blank(policy), blank(round)));
        model.addAttribute("base", base(params, null));
        Map<String, String> tabLinks = new LinkedHashMap<>();
        for (String t : Queues.TABS) {
            tabLinks.put(t, base(params, Map.of("state", t)));
        }
        model.addAttribute("tabLinks", tabLinks);
        return "workbench/queue";
    }

    /** The link to the queue with these parameters ({@code null} ones left out), with one changed. */
    static String base(Map<String, String> params, Map<String, String> change) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath("/workbench");
        Map<String, String> all = new LinkedHashMap<>(params);
        if (change != null) {
            all.putAll(change);
        }
        all.forEach((k, v) -> {
            if (v != null) {
                b.queryParam(k, v);
            }
        });
        return b.encode().build().toUriString();
    }

    /** The measure filter's choices: of the round's or the policy's, else of every policy in use. */
    private List<Map<String, Object>> measures(String policy, String round) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PolicyRegistry.Version v : policies.currentVersions()) {
            if (policy != null && !v.policyId().equals(policy)) {
                continue;
            }
            for (var m : v.policy().measures()) {
                if (m.indicator()) {
                    continue;
                }
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("id", m.id());
                e.put("title", m.title());
                e.put("policy", v.policyId());
                out.add(e);
            }
        }
        return out;
    }

    private List<Workflow.Transition> batchActions(UserAccount user) {
        List<Workflow.Transition> out = new ArrayList<>();
        for (String a : BATCH) {
            workflow.transition(a)
                    .filter(t -> t.roles().stream().anyMatch(user::has))
                    .ifPresent(out::add);
        }
        return out;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Long id(String field, String v) {
        if (v == null) {
            return null;
        }
        try {
            return Long.valueOf(v);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(field, v, "input.type", "须为数字", "must be a number");
        }
    }

    private static LocalDate date(String field, String v) {
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, v, "input.date", "日期格式应为 2026-03-31", "a date like 2026-03-31");
        }
    }

    // ---- batch actions --------------------------------------------------------------------------

    /** Runs one action over the selected applications as a background job; shows its progress page. */
    @PostMapping("/workbench/batch")
    @PreAuthorize("hasAnyRole('ACCEPTOR','REVIEWER','APPROVER')")
    public String batch(
            @RequestParam(name = "action", required = false) String action,
            @RequestParam(name = "ids", required = false) List<String> ids,
            @RequestParam(name = "back", required = false) String back,
            Model model,
            HttpServletResponse response,
            org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        String job;
        try {
            job = startBatch(action, ids);
        } catch (ApiException e) {
            Pages.refuse(model, response, e);
            model.addAttribute("back", safeBack(back));
            return "workbench/batch-refused";
        }
        redirect.addAttribute("job", job);
        if (back != null) {
            redirect.addAttribute("back", safeBack(back));
        }
        return "redirect:/workbench/jobs/{job}";
    }

    /** Starts a batch job; each item is one call of {@link WorkflowService#perform}, its own transaction. */
    String startBatch(String action, List<String> rawIds) {
        if (action == null || !BATCH.contains(action)) {
            throw ApiException.invalid(
                    "action",
                    action,
                    "wb.batch.action",
                    "批量操作须为：" + String.join("、", BATCH),
                    "the batch action must be one of " + String.join(", ", BATCH));
        }
        List<Long> ids = new ArrayList<>();
        for (String s : rawIds == null ? List.<String>of() : rawIds) {
            Long id = id("ids", blank(s));
            if (id != null && !ids.contains(id)) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            throw ApiException.invalid("ids", null, "wb.batch.none", "请先勾选要办理的申报", "select the applications first");
        }
        if (ids.size() > 500) {
            throw ApiException.invalid("ids", ids.size(), "wb.batch.too_many", "一次最多办理 500 件", "at most 500 at once");
        }
        Map<Long, String> numbers = queues.numbers(ids);
        return jobs.submit(
                        "batch." + action,
                        ids,
                        id -> numbers.getOrDefault(id, String.valueOf(id)),
                        id -> workflowService.perform(id, action, null))
                .id();
    }

    static String safeBack(String back) {
        return back != null && back.startsWith("/workbench") && !back.startsWith("//") ? back : "/workbench";
    }

    @GetMapping("/workbench/jobs/{id}")
    @PreAuthorize(ReviewController.STAFF)
    public String job(
            @PathVariable String id,
            @RequestParam(name = "back", required = false) String back,
            Model model,
            HttpServletResponse response) {
        if (!job(id, model)) {
            response.setStatus(404);
            model.addAttribute("what", id);
            return "not-found";
        }
        model.addAttribute("back", safeBack(back));
        return "workbench/job";
    }

    /** The progress fragment the job page polls (htmx, every second until the job is done). */
    @GetMapping("/workbench/jobs/{id}/progress")
    @PreAuthorize(ReviewController.STAFF)
    public String progress(
            @PathVariable String id,
            @RequestParam(name = "back", required = false) String back,
            Model model,
            HttpServletResponse response) {
        if (!job(id, model)) {
            response.setStatus(404);
            model.addAttribute("what", id);
            return "not-found";
        }
        model.addAttribute("back", safeBack(back));
        return "workbench/job :: progress";
    }

    private boolean job(String id, Model model) {
        var job = jobs.get(id);
        if (job.isEmpty()) {
            return false;
        }
        model.addAttribute("job", job.get());
        String action = job.get().kind().startsWith("batch.")
                ? job.get().kind().substring("batch.".length())
                : job.get().kind();
        model.addAttribute("jobAction", action);
        // the texts of the page: a batch of workflow actions, a recalculation, or an import
        String kind = job.get().kind();
        model.addAttribute(
                "jobText",
                kind.startsWith("batch.")
                        ? "wb.job"
                        : Recalculations.KIND.equals(kind)
                                ? "wb.job.recalc"
                                : SUBJECT_IMPORT.equals(kind) ? "wb.job.import" : "wb.job");
        recalculations.summary(id).ifPresent(s -> model.addAttribute("recalc", s));
        return true;
    }
}

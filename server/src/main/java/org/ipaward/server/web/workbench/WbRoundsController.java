package org.ipaward.server.web.workbench;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.model.Measure;
import org.ipaward.server.application.Recalculations;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.round.BudgetSummary;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
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
 * Round management ({@code /workbench/rounds}): every staff member can read the rounds with their budget
 * against the ledger; a policy administrator opens a round (policy, title, filing year, window in Beijing
 * time, measures, budget and its rule, publicity days, notice), edits its window, budget and notice, and
 * closes it. The checks and the audit are {@link RoundService}'s.
 */
@Controller("wbRoundsController")
public class WbRoundsController {
    static final String ADMINS = "hasAnyRole('POLICY_ADMIN','SYSTEM_ADMIN')";
    static final String READ =
            "hasAnyRole('ACCEPTOR','REVIEWER','APPROVER','FINANCE','POLICY_ADMIN','SYSTEM_ADMIN','AUDITOR')";
    static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ClockConfig.ZONE);

    /** A round in the list with its money. */
    public record Row(Round round, BudgetSummary budget, long applications, String phase) {}

    /** Who may recalculate a round's open applications: the policy's owners and the reviewers relying on it. */
    static final String RECALCULATORS = "hasAnyRole('POLICY_ADMIN','REVIEWER')";

    private final RoundService rounds;
    private final PolicyRegistry policies;
    private final Pages pages;
    private final Recalculations recalculations;
    private final Clock clock;

    public WbRoundsController(
            RoundService rounds, PolicyRegistry policies, Pages pages, Recalculations recalculations, Clock clock) {
        this.rounds = rounds;
        this.policies = policies;
        this.pages = pages;
        this.recalculations = recalculations;
        this.clock = clock;
    }

    @GetMapping("/workbench/rounds")
    @PreAuthorize(READ)
    public String list(
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "policy", required = false) String policy,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "page", required = false) Integer page,
            Model model,
            HttpServletResponse response) {
        Instant now = clock.instant();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("q", blank(q));
        params.put("policy", blank(policy));
        params.put("status", blank(status));
        model.addAttribute("params", params);
        model.addAttribute("policies", policies.currentVersions());
        try {
            PageResult<Round> result = rounds.list(
                    new RoundService.Filter(blank(policy), null, blank(status), null, blank(q)),
                    Paging.of(page, 20),
                    now);
            model.addAttribute(
                    "result",
                    result.map(r -> new Row(r, rounds.budget(r.id()), rounds.applications(r.id()), r.phase(now))));
        } catch (ApiException e) {
            Pages.refuse(model, response, e);
            model.addAttribute("result", new PageResult<>(List.of(), 0, 0, 20));
        }
        org.springframework.web.util.UriComponentsBuilder b =
                org.springframework.web.util.UriComponentsBuilder.fromPath("/workbench/rounds");
        params.forEach((k, v) -> {
            if (v != null) {
                b.queryParam(k, v);
            }
        });
        model.addAttribute("base", b.encode().build().toUriString());
        return "workbench/rounds";
    }

    @GetMapping("/workbench/rounds/new")
    @PreAuthorize(ADMINS)
    public String create(@RequestParam(name = "policy", required = false) String policy, Model model) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("policy_id", blank(policy));
        form.put("budget_rule", Round.PRO_RATA);
        form.put(
                "year",
                String.valueOf(java.time.LocalDate.now(clock.withZone(ClockConfig.ZONE))
                        .getYear()));
        formModel(model, form, List.of());
        return "workbench/round-new";
    }

    /** The measure checkboxes of a policy (htmx swaps them in when the policy changes). */
    @GetMapping("/workbench/rounds/measures")
    @PreAuthorize(ADMINS)
    public String measures(@RequestParam(name = "policy_id", required = false) String policy, Model model) {
        model.addAttribute("measureChoices", measureChoices(blank(policy)));
        model.addAttribute("checkedMeasures", List.of());
        return "workbench/round-new :: measures";
    }

    @PostMapping("/workbench/rounds")
    @PreAuthorize(ADMINS)
    public String open(
            @RequestParam MultiValueMap<String, String> form,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            Round r = rounds.create(request(form, true));
            redirect.addFlashAttribute("notice", pages.msg("wb.rounds.opened", r.title()));
            return "redirect:/workbench/rounds/" + r.id();
        } catch (RuntimeException e) {
            ApiException problem = Pages.problem(e);
            formModel(model, new LinkedHashMap<>(form.toSingleValueMap()), form.getOrDefault("measures", List.of()));
            Pages.refuse(model, response, problem);
            return "workbench/round-new";
        }
    }

    @GetMapping("/workbench/rounds/{id}")
    @PreAuthorize(READ)
    public String detail(@PathVariable long id, Model model) {
        fill(model, id, null);
        return "workbench/round";
    }

    @PostMapping("/workbench/rounds/{id}")
    @PreAuthorize(ADMINS)
    public String update(
            @PathVariable long id,
            @RequestParam MultiValueMap<String, String> form,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            rounds.update(id, request(form, false));
            redirect.addFlashAttribute("notice", pages.msg("wb.rounds.saved"));
            return "redirect:/workbench/rounds/" + id;
        } catch (RuntimeException e) {
            ApiException problem = Pages.problem(e);
            fill(model, id, form.toSingleValueMap());
            Pages.refuse(model, response, problem);
            return "workbench/round";
        }
    }

    @PostMapping("/workbench/rounds/{id}/close")
    @PreAuthorize(ADMINS)
    public String close(@PathVariable long id, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            rounds.close(id);
            redirect.addFlashAttribute("notice", pages.msg("wb.rounds.closed_done"));
            return "redirect:/workbench/rounds/" + id;
        } catch (RuntimeException e) {
            ApiException problem = Pages.problem(e);
            fill(model, id, null);
            Pages.refuse(model, response, problem);
            return "workbench/round";
        }
    }

    /**
     * 重新测算: estimates every open application of the round again as a background job and shows its progress
     * page (with the summary of changed estimates when done).
     */
    @PostMapping("/workbench/rounds/{id}/recalculate")
    @PreAuthorize(RECALCULATORS)
    public String recalculate(
            @PathVariable long id, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            String job = recalculations.start(id);
            redirect.addAttribute("job", job);
            redirect.addAttribute("back", "/workbench/rounds/" + id);
            return "redirect:/workbench/jobs/{job}";
        } catch (RuntimeException e) {
            ApiException problem = Pages.problem(e);
            fill(model, id, null);
            Pages.refuse(model, response, problem);
            return "workbench/round";
        }
    }

    private void fill(Model model, long id, Map<String, String> submitted) {
        Round r = rounds.get(id);
        Instant now = clock.instant();
        model.addAttribute("round", r);
        model.addAttribute("phase", r.phase(now));
        model.addAttribute("budget", rounds.budget(id));
        model.addAttribute("meta", rounds.meta(id));
        model.addAttribute("applications", rounds.applications(id));
        var version = policies.version(r.policyVersionId());
        model.addAttribute("policy", version);
        Map<String, Object> titles = new LinkedHashMap<>();
        for (String m : r.measures()) {
            Measure measure = version.policy().measure(m);
            titles.put(m, measure == null ? m : measure.title());
        }
        model.addAttribute("measureTitles", titles);
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("title", r.title());
        form.put("notice", r.notice());
        form.put("opens_at", LOCAL.format(r.opensAt()));
        form.put("closes_at", LOCAL.format(r.closesAt()));
        form.put("budget", r.budget().setScale(2).toPlainString());
        form.put("budget_rule", r.budgetRule());
        form.put("publicity_days", String.valueOf(r.publicityDays()));
        if (submitted != null) {
            form.putAll(submitted);
        }
        model.addAttribute("form", form);
        if (!model.containsAttribute("fieldErrors")) {
            model.addAttribute("fieldErrors", Map.of());
        }
    }

    private void formModel(Model model, Map<String, Object> form, List<String> checked) {
        model.addAttribute("form", form);
        model.addAttribute("policies", policies.currentVersions());
        model.addAttribute("measureChoices", measureChoices((String) form.get("policy_id")));
        model.addAttribute("checkedMeasures", checked);
        model.addAttribute("defaultPublicityDays", null);
        if (!model.containsAttribute("fieldErrors")) {
            model.addAttribute("fieldErrors", Map.of());
        }
    }

    private List<Measure> measureChoices(String policy) {
        if (policy == null) {
            return List.of();
        }
        return policies.findCurrent(policy)
                .map(v -> v.policy().measures().stream()
                        .filter(m -> !m.indicator())
                        .toList())
                .orElse(List.of());
    }

    /** The form as the service's request: blank fields are left out (for an edit: unchanged). */
    static RoundService.RoundRequest request(MultiValueMap<String, String> form, boolean create) {
        List<String> measures = null;
        if (create) {
            List<String> picked = new ArrayList<>();
            for (String m : form.getOrDefault("measures", List.of())) {
                if (m != null && !m.isBlank()) {
                    picked.add(m.strip());
                }
            }
            measures = picked.isEmpty() ? null : picked;
        }
        String notice = form.getFirst("notice");
        return new RoundService.RoundRequest(
                create ? Pages.value(form, "policy_id") : null,
                create ? Pages.value(form, "year") : null,
                Pages.value(form, "title"),
                notice == null ? null : notice.strip(),
                Pages.value(form, "opens_at"),
                Pages.value(form, "closes_at"),
                measures,
                Pages.value(form, "budget") == null
                        ? null
                        : Pages.value(form, "budget").replace(",", ""),
                Pages.value(form, "budget_rule"),
                Pages.value(form, "publicity_days"));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

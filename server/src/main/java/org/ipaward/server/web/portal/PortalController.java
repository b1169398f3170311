package org.ipaward.server.web.portal;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.calc.Check;
import org.ipaward.engine.model.Text;
import org.ipaward.server.application.ApplicationDtos.ApplicationSummary;
import org.ipaward.server.application.ApplicationService;
import org.ipaward.server.application.Workflow;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.subject.SubjectRequest;
import org.ipaward.server.subject.SubjectService;
import org.ipaward.server.subject.SubjectView;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The applicant's home (the subject's card, the rounds open now or soon, their applications with search,
 * state filter and pages, and the notifications), and the subject's profile.
 */
@Controller
@PreAuthorize("hasRole('APPLICANT')")
public class PortalController {
    /** A round as the portal lists it: its window, notice and policy. */
    public record RoundCard(Round round, Text policyTitle, String phase, Check ruledOut) {}

    private final SubjectService subjects;
    private final ApplicationService applications;
    private final RoundService rounds;
    private final RoundFit fit;
    private final PolicyRegistry policies;
    private final Workflow workflow;
    private final PortalNotices notices;
    private final Clock clock;

    public PortalController(
            SubjectService subjects,
            ApplicationService applications,
            RoundService rounds,
            RoundFit fit,
            PolicyRegistry policies,
            Workflow workflow,
            PortalNotices notices,
            Clock clock) {
        this.subjects = subjects;
        this.applications = applications;
        this.rounds = rounds;
        this.fit = fit;
        this.policies = policies;
        this.workflow = workflow;
        this.notices = notices;
        this.clock = clock;
    }

    @GetMapping("/portal")
    public String home(
            @RequestParam(name = "state", required = false) String state,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "npage", required = false) Integer npage,
            Model model,
            HttpServletResponse response) {
        UserAccount user = Actor.require();
        SubjectView subject = mine(user);
        if (subject == null) {
            return "redirect:/portal/subject";
        }
        model.addAttribute("subject", subject);
        Instant now = clock.instant();
        model.addAttribute(
                "rounds",
                rounds.openAndUpcoming(now).stream()
                        .map(r -> {
                            PolicyRegistry.Version v = policies.version(r.policyVersionId());
                            String phase = r.phase(now);
                            // Only a round one can apply to now is checked against the subject; a service agency
                            // files for its clients too, so it is always offered the apply page.
                            Check ruledOut = "accepting".equals(phase) && !"service_agency".equals(subject.kind())
                                    ? fit.noneApplies(fit.suggestions(r, v, subject.id()))
                                    : null;
                            return new RoundCard(r, v.policy().title(), phase, ruledOut);
                        })
                        .toList());
        String stateFilter = state == null || state.isBlank() ? null : state;
        PageResult<ApplicationSummary> apps;
        try {
            apps = applications.list(null, stateFilter, null, q, Paging.of(page, 10));
        } catch (ApiException e) {
            Forms.refused(e, model, response);
            stateFilter = null;
            apps = applications.list(null, null, null, q, Paging.of(0, 10));
        }
        model.addAttribute("apps", apps);
        Map<Long, String> roundTitles = new HashMap<>();
        for (ApplicationSummary a : apps.items()) {
            roundTitles.computeIfAbsent(a.roundId(), id -> rounds.get(id).title());
        }
        model.addAttribute("roundTitles", roundTitles);
        model.addAttribute("states", workflow.states());
        model.addAttribute("state", stateFilter);
        model.addAttribute("q", q);
        UriComponentsBuilder base = UriComponentsBuilder.fromPath("/portal");
        if (stateFilter != null) {
            base.queryParam("state", stateFilter);
        }
        if (q != null && !q.isBlank()) {
            base.queryParam("q", q);
        }
        model.addAttribute("appsBase", base.encode().build().toUriString());
        if (npage != null && npage < 0) { // the notices' own page: refused naming its own parameter
            throw ApiException.invalid("npage", npage, "page.invalid", "页码不能小于 0", "page must be 0 or more");
        }
        model.addAttribute("notices", notices.list(user, false, Paging.of(npage, 10)));
        model.addAttribute("unread", notices.unread(user));
        return "portal/home";
    }

    @PostMapping("/portal/notices/read")
    public String markRead(RedirectAttributes flash) {
        long n = notices.markAllRead(Actor.require());
        flash.addFlashAttribute("flash", "portal.notices.marked");
        flash.addFlashAttribute("flashArg", n);
        return "redirect:/portal#notices";
    }

    @GetMapping("/portal/profile")
    public String profile(Model model) {
        SubjectView s = mine(Actor.require());
        if (s == null) {
            return "redirect:/portal/subject";
        }
        model.addAttribute("subject", s);
        model.addAttribute("form", formOf(s));
        return "portal/profile";
    }

    @PostMapping("/portal/profile")
    public String profilePost(
            @RequestParam Map<String, String> form,
            Model model,
            HttpServletResponse response,
            RedirectAttributes flash) {
        UserAccount user = Actor.require();
        SubjectView s = mine(user);
        if (s == null) {
            return "redirect:/portal/subject";
        }
        boolean person = "person".equals(s.kind());
        Integer version;
        try {
            version = Integer.valueOf(form.getOrDefault("version", ""));
        } catch (NumberFormatException e) {
            version = null;
        }
        try {
            subjects.update(
                    s.id(),
                    new SubjectRequest(
                            null,
                            form.get("name"),
                            null,
                            null,
                            person ? null : form.getOrDefault("registered_region", ""),
                            person ? form.getOrDefault("household_region", "") : null,
                            person ? null : listOrEmpty(form.get("served_regions")),
                            person ? null : form.getOrDefault("mu_grade", ""),
                            form.getOrDefault("address", ""),
                            form.getOrDefault("contact_name", ""),
                            Forms.blankToNull(form.get("phone")),
                            form.getOrDefault("bank_name", ""),
                            Forms.blankToNull(form.get("bank_account")),
                            version),
                    user);
        } catch (ApiException e) {
            Forms.refused(e, model, response);
            model.addAttribute("subject", s);
            Map<String, String> kept = new HashMap<>(form);
            kept.remove("_csrf");
            model.addAttribute("form", kept);
            return "portal/profile";
        }
        flash.addFlashAttribute("flash", "portal.profile.saved");
        return "redirect:/portal/profile";
    }

    private static List<String> listOrEmpty(String s) {
        List<String> l = RegisterController.regions(s);
        return l == null ? List.of() : l;
    }

    private static Map<String, String> formOf(SubjectView s) {
        Map<String, String> m = new HashMap<>();
        m.put("name", s.name());
        m.put("registered_region", nz(s.registeredRegion()));
        m.put("household_region", nz(s.householdRegion()));
        m.put("served_regions", String.join(", ", s.servedRegions() == null ? List.of() : s.servedRegions()));
        m.put("mu_grade", nz(s.muGrade()));
        m.put("address", nz(s.address()));
        m.put("contact_name", nz(s.contactName()));
        m.put("bank_name", nz(s.bankName()));
        m.put("version", String.valueOf(s.version()));
        return m;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private SubjectView mine(UserAccount user) {
        try {
            return subjects.mine(user);
        } catch (ApiException e) {
            return null;
        }
    }
}

package org.ipaward.server.web.portal;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ipaward.server.application.ApplicationDtos.ApplicationBrief;
import org.ipaward.server.application.ApplicationDtos.ApplicationInput;
import org.ipaward.server.application.ApplicationDtos.ClaimInput;
import org.ipaward.server.application.ApplicationService;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.subject.SubjectService;
import org.ipaward.server.subject.SubjectView;
import org.ipaward.server.web.Paging;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The first step of an application: a round's notice and deadline, and its measures — those the engine
 * cannot rule out from the subject alone (evaluated with no facts, as the policy calculator's matching
 * does) first, the others with the condition that rules them out. Picking measures makes a draft; the form
 * carries a one-time key, so a double submit makes one application.
 */
@Controller
@PreAuthorize("hasRole('APPLICANT')")
public class ApplyController {
    private final RoundService rounds;
    private final PolicyRegistry policies;
    private final SubjectService subjects;
    private final ApplicationService applications;
    private final RoundFit fit;
    private final Clock clock;

    public ApplyController(
            RoundService rounds,
            PolicyRegistry policies,
            SubjectService subjects,
            ApplicationService applications,
            RoundFit fit,
            Clock clock) {
        this.rounds = rounds;
        this.policies = policies;
        this.subjects = subjects;
        this.applications = applications;
        this.fit = fit;
        this.clock = clock;
    }

    @GetMapping("/portal/rounds/{roundId}/apply")
    public String apply(@PathVariable("roundId") long roundId, Model model) {
        SubjectView s = mine();
        if (s == null) {
            return "redirect:/portal/subject";
        }
        model.addAttribute("picked", List.of());
        return page(roundId, s, model);
    }

    @PostMapping("/portal/rounds/{roundId}/apply")
    public String applyPost(
            @PathVariable("roundId") long roundId,
            @RequestParam(name = "measures", required = false) List<String> measures,
            @RequestParam(name = "idem", required = false) String idem,
            Model model,
            HttpServletResponse response,
            RedirectAttributes flash) {
        SubjectView s = mine();
        if (s == null) {
            return "redirect:/portal/subject";
        }
        List<String> picked = measures == null ? List.of() : measures;
        try {
            if (picked.isEmpty()) {
                throw ApiException.invalid(
                        "measures", null, "claims.required", "请至少选择一项措施", "pick at least one measure");
            }
            List<ClaimInput> claims = new ArrayList<>();
            for (String m : picked) {
                claims.add(new ClaimInput(m, Map.of(), null));
            }
            ApplicationService.Created<ApplicationBrief> c = applications.create(
                    new ApplicationInput(roundId, null, claims, null),
                    idem == null || idem.isBlank() ? null : idem,
                    ApplicationService.BRIEF);
            flash.addFlashAttribute("flash", c.created() ? "portal.apply.created" : "portal.apply.repeated");
            return "redirect:/portal/applications/" + c.answer().id();
        } catch (ApiException e) {
            Forms.refused(e, model, response);
            model.addAttribute("picked", picked);
            return page(roundId, s, model);
        }
    }

    private String page(long roundId, SubjectView s, Model model) {
        Round round = rounds.get(roundId);
        PolicyRegistry.Version v = policies.version(round.policyVersionId());
        model.addAttribute("round", round);
        model.addAttribute("policy", v.policy());
        model.addAttribute("subject", s);
        model.addAttribute("phase", round.phase(clock.instant()));
        model.addAttribute("suggestions", fit.suggestions(round, v, s.id()));
        model.addAttribute(
                "existing",
                applications.list(roundId, null, null, null, Paging.of(0, 20)).items());
        model.addAttribute("idem", UUID.randomUUID().toString());
        return "portal/apply";
    }

    private SubjectView mine() {
        UserAccount user = Actor.require();
        try {
            return subjects.mine(user);
        } catch (ApiException e) {
            return null;
        }
    }
}

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
import org.ipaward.server.subject.ClientView;
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
 * carries a one-time key, so a double submit makes one application. A service agency chooses whom it files
 * for — itself or one of its clients with an active power of attorney ({@code subject_id}, checked as the API
 * checks it) — and the suggestions, materials and existing applications are the chosen subject's. An agency
 * may have thousands of clients: it finds one by name or 统一社会信用代码 ({@code client_q}), as it types
 * ({@code /portal/apply/clients}, an htmx fragment) or with the form's button without JavaScript; at most
 * {@link #CLIENTS_SHOWN} matches are listed.
 */
@Controller
@PreAuthorize("hasRole('APPLICANT')")
public class ApplyController {
    /** Matching clients in the drop-down, newest link first; more matches ask for a longer search. */
    static final int CLIENTS_SHOWN = 20;

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

    private static final String AGENCY = "service_agency";

    /** A subject the agency may file for, as its drop-down lists it. */
    public record Choice(long id, String name, boolean own) {}

    @GetMapping("/portal/rounds/{roundId}/apply")
    public String apply(
            @PathVariable("roundId") long roundId,
            @RequestParam(name = "subject_id", required = false) Long subjectId,
            @RequestParam(name = "client_q", required = false) String clientQ,
            Model model) {
        SubjectView own = mine();
        if (own == null) {
            return "redirect:/portal/subject";
        }
        model.addAttribute("picked", List.of());
        return page(roundId, own, filedFor(own, subjectId), clientQ, model);
    }

    /**
     * The client drop-down alone (htmx, as the agency types in the search field): the agency itself, the client
     * chosen now ({@code subject_id}, if it is one the agency may file for) and at most {@link #CLIENTS_SHOWN} of
     * its active clients whose name or 统一社会信用代码 contains {@code client_q}.
     */
    @GetMapping("/portal/apply/clients")
    public String clients(
            @RequestParam(name = "client_q", required = false) String clientQ,
            @RequestParam(name = "subject_id", required = false) Long subjectId,
            Model model) {
        SubjectView own = mine();
        if (own == null || !AGENCY.equals(own.kind())) {
            throw notAClient();
        }
        UserAccount user = Actor.require();
        SubjectView chosen = own;
        if (subjectId != null && subjectId != own.id() && subjects.canFileFor(user, subjectId)) {
            chosen = subjects.get(subjectId, user);
        }
        model.addAttribute("subject", chosen);
        choices(own, chosen, clientQ, model);
        return "portal/apply :: clients";
    }

    @PostMapping("/portal/rounds/{roundId}/apply")
    public String applyPost(
            @PathVariable("roundId") long roundId,
            @RequestParam(name = "measures", required = false) List<String> measures,
            @RequestParam(name = "idem", required = false) String idem,
            @RequestParam(name = "subject_id", required = false) Long subjectId,
            Model model,
            HttpServletResponse response,
            RedirectAttributes flash) {
        SubjectView own = mine();
        if (own == null) {
            return "redirect:/portal/subject";
        }
        SubjectView s = filedFor(own, subjectId);
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
                    new ApplicationInput(roundId, s.id() == own.id() ? null : s.id(), claims, null),
                    idem == null || idem.isBlank() ? null : idem,
                    ApplicationService.BRIEF);
            flash.addFlashAttribute("flash", c.created() ? "portal.apply.created" : "portal.apply.repeated");
            return "redirect:/portal/applications/" + c.answer().id();
        } catch (ApiException e) {
            Forms.refused(e, model, response);
            model.addAttribute("picked", picked);
            return page(roundId, own, s, null, model);
        }
    }

    /**
     * The subject the page files for: the user's own, or (a service agency's user) the client named by
     * {@code subject_id}, checked as {@code POST /api/applications} checks it — 403 {@code access.denied}
     * for a subject that is not the agency's client with an active power of attorney.
     */
    private SubjectView filedFor(SubjectView own, Long subjectId) {
        if (subjectId == null || subjectId == own.id()) {
            return own;
        }
        UserAccount user = Actor.require();
        if (!subjects.canFileFor(user, subjectId)) {
            throw notAClient();
        }
        return subjects.get(subjectId, user);
    }

    private static ApiException notAClient() {
        return ApiException.forbidden(
                "access.denied",
                "无权为该主体申报（代理申报须先登记委托书）",
                "you may not file for this subject (an agency needs a power of attorney on file)");
    }

    /**
     * A service agency's choices ({@code choices}): itself first, then the subject chosen now, then at most
     * {@link #CLIENTS_SHOWN} of its clients whose power of attorney is still valid and whose name or USCC
     * contains the search ({@code clientQ}); {@code clientsMore} when further clients match. Nothing for an
     * applicant that is not an agency.
     */
    private void choices(SubjectView own, SubjectView chosen, String clientQ, Model model) {
        String q = clientQ == null ? "" : clientQ.strip();
        if (q.length() > SubjectService.CLIENT_QUERY_MAX) {
            q = q.substring(0, SubjectService.CLIENT_QUERY_MAX);
        }
        model.addAttribute("clientQ", q);
        model.addAttribute("clientsMore", false);
        model.addAttribute("clientsFound", 0);
        model.addAttribute("clientsNote", "newest");
        if (!AGENCY.equals(own.kind())) {
            model.addAttribute("choices", List.of());
            return;
        }
        List<Choice> out = new ArrayList<>();
        out.add(new Choice(own.id(), own.name(), true));
        if (chosen.id() != own.id()) {
            out.add(new Choice(chosen.id(), chosen.name(), false));
        }
        List<ClientView> found = subjects.activeClients(own.id(), q, null, CLIENTS_SHOWN + 1, Actor.require());
        int shown = Math.min(found.size(), CLIENTS_SHOWN);
        for (ClientView c : found.subList(0, shown)) {
            if (c.clientSubjectId() != chosen.id()) {
                out.add(new Choice(c.clientSubjectId(), c.clientName(), false));
            }
        }
        boolean more = found.size() > CLIENTS_SHOWN;
        model.addAttribute("choices", out);
        model.addAttribute("clientsMore", more);
        model.addAttribute("clientsFound", shown);
        // the line under the drop-down: portal.apply.client.{more,none,newest,found}
        model.addAttribute("clientsNote", q.isEmpty() ? "newest" : more ? "more" : shown == 0 ? "none" : "found");
    }

    private String page(long roundId, SubjectView own, SubjectView s, String clientQ, Model model) {
        Round round = rounds.get(roundId);
        PolicyRegistry.Version v = policies.version(round.policyVersionId());
        model.addAttribute("round", round);
        model.addAttribute("policy", v.policy());
        model.addAttribute("subject", s);
        choices(own, s, clientQ, model);
        model.addAttribute("phase", round.phase(clock.instant()));
        model.addAttribute("suggestions", fit.suggestions(round, v, s.id()));
        model.addAttribute(
                "existing",
                applications.list(roundId, null, s.id(), null, Paging.of(0, 20)).items());
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

package org.ipaward.server.web.workbench;

import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.application.ApplicationDtos.ClaimDecision;
import org.ipaward.server.application.Applications;
import org.ipaward.server.application.WorkflowService;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.job.Jobs;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.publicity.PublicityService;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.security.Actor;
import org.ipaward.server.subject.SubjectService;
import org.ipaward.server.web.Paging;
import org.springframework.http.HttpStatus;
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
 * The publicity step ({@code /workbench/publicity}): per round, the approved applications to put into
 * publicity (a batch job), the publicised ones with their end date and the confirmation after the period,
 * and the objections — open first — with the approver's decision, recording one received by phone or
 * letter, and the objector's contact shown in clear only for a stated reason (audited). The objector's name is
 * shown in full to the staff who handle objections and the auditor, masked to other readers ({@link
 * PublicityService#forRound}); a policy administrator alone is told the desk is not theirs.
 */
@Controller("wbPublicityController")
public class WbPublicityController {
    /**
     * Who may open the desk. A policy administrator alone is let through only to be told, on {@code
     * workbench/no-access}, that the desk is not theirs: it shows applicants and objectors, which that role does
     * not see (SubjectService), and its actions belong to acceptors and approvers (workflow.yaml).
     */
    static final String READ = "hasAnyRole('ACCEPTOR','REVIEWER','APPROVER','POLICY_ADMIN','AUDITOR','SYSTEM_ADMIN')";

    /** A claim whose amount an upheld objection may lower. */
    public record AmendClaim(int seq, String measure, BigDecimal amount) {}

    private final PublicityService publicity;
    private final PublicityDesk desk;
    private final RoundService rounds;
    private final Applications apps;
    private final WorkflowService workflow;
    private final PolicyRegistry policies;
    private final Jobs jobs;
    private final Pages pages;
    private final Clock clock;

    public WbPublicityController(
            PublicityService publicity,
            PublicityDesk desk,
            RoundService rounds,
            Applications apps,
            WorkflowService workflow,
            PolicyRegistry policies,
            Jobs jobs,
            Pages pages,
            Clock clock) {
        this.publicity = publicity;
        this.desk = desk;
        this.rounds = rounds;
        this.apps = apps;
        this.workflow = workflow;
        this.policies = policies;
        this.jobs = jobs;
        this.pages = pages;
        this.clock = clock;
    }

    @GetMapping("/workbench/publicity")
    @PreAuthorize(READ)
    public String page(
            @RequestParam(name = "round", required = false) String round, Model model, HttpServletResponse response) {
        if (!SubjectService.seesAnySubject(Actor.require())) {
            // a policy administrator alone: say why and where the public list and the round's figures are
            response.setStatus(HttpStatus.FORBIDDEN.value());
            model.addAttribute("noAccess", "publicity");
            return "workbench/no-access";
        }
        fill(model, roundId(round));
        return "workbench/publicity";
    }

    private Long roundId(String round) {
        if (round != null && !round.isBlank()) {
            try {
                return Long.valueOf(round.strip());
            } catch (NumberFormatException e) {
                throw ApiException.invalid("round", round, "input.type", "批次编号须为数字", "round must be a number");
            }
        }
        return null;
    }

    void fill(Model model, Long requested) {
        List<Round> all = rounds.list(
                        new RoundService.Filter(null, null, null, null, null), Paging.of(0, 200), Instant.now())
                .items();
        Long roundId = requested;
        if (roundId == null) {
            // the newest round with something to publicise or in publicity, else the newest
            for (Round r : all) {
                if (!desk.inState(r.id(), "approved").isEmpty()
                        || !desk.inState(r.id(), "publicised").isEmpty()) {
                    roundId = r.id();
                    break;
                }
            }
            if (roundId == null && !all.isEmpty()) {
                roundId = all.get(0).id();
            }
        }
        model.addAttribute("rounds", all);
        model.addAttribute("channels", PublicityDesk.CHANNELS);
        model.addAttribute("today", LocalDate.now(clock.withZone(ClockConfig.ZONE)));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of());
            model.addAttribute("fieldErrors", Map.of());
        }
        if (!model.containsAttribute("revealed")) {
            model.addAttribute("revealed", Map.of());
        }
        if (roundId == null) {
            model.addAttribute("round", null);
            return;
        }
        Round round = rounds.get(roundId);
        model.addAttribute("round", round);
        model.addAttribute("approved", desk.inState(roundId, "approved"));
        List<PublicityDesk.Listed> publicised = desk.inState(roundId, "publicised");
        model.addAttribute("publicised", publicised);
        List<PublicityService.Objection> objections = new ArrayList<>(publicity.forRound(roundId, null));
        objections.sort(Comparator.comparing((PublicityService.Objection o) -> !"open".equals(o.status()))
                .thenComparing(PublicityService.Objection::receivedAt));
        model.addAttribute("objections", objections);
        model.addAttribute("channelOf", desk.channels(roundId));
        var policy = policies.version(round.policyVersionId()).policy();
        Map<Long, List<AmendClaim>> claims = new HashMap<>();
        for (PublicityService.Objection o : objections) {
            if ("open".equals(o.status())) {
                List<AmendClaim> list = new ArrayList<>();
                for (Applications.ClaimRow c : apps.claims(o.applicationId())) {
                    var m = policy.measure(c.measure());
                    list.add(new AmendClaim(c.seq(), m == null ? c.measure() : pick(m.title()), c.finalAmount()));
                }
                claims.put(o.id(), list);
            }
        }
        model.addAttribute("amendClaims", claims);
    }

    private static String pick(org.ipaward.engine.model.Text t) {
        return org.ipaward.server.web.ui.Ui.english() && t.en() != null ? t.en() : t.zh();
    }

    /** Puts the selected approved applications into publicity, as a background job. */
    @PostMapping("/workbench/publicity/publicise")
    @PreAuthorize("hasAnyRole('ACCEPTOR','APPROVER')")
    public String publicise(
            @RequestParam(name = "round") long round,
            @RequestParam(name = "ids", required = false) List<Long> ids,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        if (ids == null || ids.isEmpty()) {
            fill(model, round);
            Pages.refuse(
                    model,
                    response,
                    ApiException.invalid("ids", null, "wb.batch.none", "请先勾选要办理的申报", "select the applications first"));
            return "workbench/publicity";
        }
        Map<Long, String> numbers = new LinkedHashMap<>();
        for (PublicityDesk.Listed l : desk.inState(round, "approved")) {
            numbers.put(l.id(), l.no());
        }
        String job = jobs.submit("batch.publicise", ids, id -> numbers.getOrDefault(id, String.valueOf(id)), id -> {
                    if (!numbers.containsKey(id)) {
                        throw ApiException.conflict(
                                "publicity.not_listed",
                                "该申报不是本批次待公示的申报",
                                "the application is not waiting for publicity in this round");
                    }
                    workflow.perform(id, "publicise", null);
                })
                .id();
        redirect.addAttribute("job", job);
        redirect.addAttribute("back", "/workbench/publicity?round=" + round);
        return "redirect:/workbench/jobs/{job}";
    }

    /** Confirms every publicised application of the round whose period has ended with no open objection. */
    @PostMapping("/workbench/publicity/confirm")
    @PreAuthorize("hasAnyRole('ACCEPTOR','APPROVER')")
    public String confirm(
            @RequestParam(name = "round") long round,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            Map<String, Object> r = publicity.confirmEnded(round);
            redirect.addFlashAttribute(
                    "notice", pages.msg("wb.publicity.confirmed", r.get("confirmed"), r.get("still_publicised")));
        } catch (RuntimeException e) {
            fill(model, round);
            Pages.refuse(model, response, Pages.problem(e));
            return "workbench/publicity";
        }
        return "redirect:/workbench/publicity?round=" + round;
    }

    /** Records an objection received by phone, letter or visit. */
    @PostMapping("/workbench/publicity/objections")
    @PreAuthorize("hasAnyRole('ACCEPTOR','APPROVER')")
    public String record(
            @RequestParam(name = "round") long round,
            @RequestParam MultiValueMap<String, String> form,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            PublicityService.Objection o = desk.record(
                    new PublicityService.NewObjection(
                            Pages.value(form, "application_no"),
                            Pages.value(form, "filer_name"),
                            Pages.value(form, "contact"),
                            Pages.value(form, "text")),
                    Pages.value(form, "channel"));
            redirect.addFlashAttribute("notice", pages.msg("wb.objection.recorded", o.applicationNo()));
        } catch (RuntimeException e) {
            ApiException problem = Pages.problem(e);
            model.addAttribute("form", form.toSingleValueMap());
            model.addAttribute("failedForm", "record");
            fill(model, round);
            Pages.refuse(model, response, problem);
            return "workbench/publicity";
        }
        return "redirect:/workbench/publicity?round=" + round;
    }

    /** The approver's decision on an objection: upheld (amend the amount / withdraw the award) or dismissed. */
    @PostMapping("/workbench/publicity/objections/{id}/decide")
    @PreAuthorize("hasRole('APPROVER')")
    public String decide(
            @PathVariable long id,
            @RequestParam(name = "round") long round,
            @RequestParam MultiValueMap<String, String> form,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            String outcome = Pages.value(form, "outcome");
            String effect = "upheld".equals(outcome) ? Pages.value(form, "effect") : null;
            List<ClaimDecision> claims = null;
            if ("amend".equals(effect)) {
                claims = new ArrayList<>();
                for (String key : form.keySet()) {
                    if (!key.matches("amount_\\d{1,3}") || Pages.value(form, key) == null) {
                        continue;
                    }
                    int seq = Integer.parseInt(key.substring("amount_".length()));
                    String v = Pages.value(form, key);
                    try {
                        claims.add(new ClaimDecision(seq, new BigDecimal(v.replace(",", "")), null, null));
                    } catch (NumberFormatException e) {
                        throw ApiException.invalid(
                                "claims[" + seq + "].amount",
                                v,
                                "objection.amount_invalid",
                                "金额须为数字（元）",
                                "an amount in yuan");
                    }
                }
            }
            publicity.decide(
                    id, new PublicityService.Decision(outcome, effect, Pages.value(form, "resolution"), claims));
            redirect.addFlashAttribute("notice", pages.msg("wb.objection.decided"));
        } catch (RuntimeException e) {
            ApiException problem = Pages.problem(e);
            model.addAttribute("form", form.toSingleValueMap());
            model.addAttribute("failedForm", "decide-" + id);
            fill(model, round);
            Pages.refuse(model, response, problem);
            return "workbench/publicity";
        }
        return "redirect:/workbench/publicity?round=" + round;
    }

    /** Shows an objector's contact in clear, for a stated reason (audited); not kept anywhere. */
    @PostMapping("/workbench/publicity/objections/{id}/contact")
    @PreAuthorize("hasAnyRole('ACCEPTOR','APPROVER')")
    public String contact(
            @PathVariable long id,
            @RequestParam(name = "round") long round,
            @RequestParam(name = "reason", required = false) String reason,
            Model model,
            HttpServletResponse response) {
        try {
            String contact = publicity.contact(id, reason);
            model.addAttribute("revealed", Map.of(id, contact == null ? "" : contact));
            fill(model, round);
        } catch (RuntimeException e) {
            ApiException problem = Pages.problem(e);
            model.addAttribute("form", Map.of("reason", reason == null ? "" : reason));
            model.addAttribute("failedForm", "contact-" + id);
            fill(model, round);
            Pages.refuse(model, response, problem);
        }
        return "workbench/publicity";
    }
}

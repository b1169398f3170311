package org.ipaward.server.web.ui;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.ipaward.engine.model.Text;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The public home page: what the system does, the policies, and the rounds open now or soon. */
@Controller
public class HomeController {
    /** A round as the home page lists it. */
    public record RoundCard(
            long id,
            String title,
            String policyId,
            Text policyTitle,
            int year,
            Instant opensAt,
            Instant closesAt,
            String phase) {}

    private final RoundService rounds;
    private final PolicyRegistry policies;
    private final Clock clock;

    public HomeController(RoundService rounds, PolicyRegistry policies, Clock clock) {
        this.rounds = rounds;
        this.policies = policies;
        this.clock = clock;
    }

    @GetMapping("/")
    public String home(Model model) {
        Instant now = clock.instant();
        List<RoundCard> cards =
                rounds.openAndUpcoming(now).stream().map(r -> card(r, now)).toList();
        model.addAttribute("rounds", cards);
        model.addAttribute("policies", policies.currentVersions());
        return "home";
    }

    private RoundCard card(Round r, Instant now) {
        Text title = policies.version(r.policyVersionId()).policy().title();
        return new RoundCard(r.id(), r.title(), r.policyId(), title, r.year(), r.opensAt(), r.closesAt(), r.phase(now));
    }
}

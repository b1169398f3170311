package org.ipaward.server.web.portal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.InputException;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Check;
import org.ipaward.engine.calc.Claim;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.calc.Status;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.match.Matcher;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.Text;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.subject.SubjectService;
import org.springframework.stereotype.Component;

/**
 * How a round fits the applicant's subject: each of its measures evaluated with no facts (as the policy
 * calculator's matching does), those the engine cannot rule out first, the others with the condition
 * that rules them out. The apply page lists them; the portal home uses them to say when none applies.
 */
@Component
public class RoundFit {
    /** A measure of the round for the applicant's subject. */
    public record Suggestion(
            Measure measure,
            String status,
            boolean possible,
            List<Check> failed,
            List<Text> needed,
            List<Text> materials) {}

    private final RoundService rounds;
    private final SubjectService subjects;
    private final Clock clock;

    public RoundFit(RoundService rounds, SubjectService subjects, Clock clock) {
        this.rounds = rounds;
        this.subjects = subjects;
        this.clock = clock;
    }

    /** The round's measures for the subject, possible ones first. */
    public List<Suggestion> suggestions(Round round, PolicyRegistry.Version v, long subjectId) {
        Policy policy = v.policy();
        Subject subject = subjects.engineSubject(subjectId);
        LocalDate asOf = LocalDate.now(clock);
        int year = rounds.matterYear(round);
        List<Suggestion> yes = new ArrayList<>();
        List<Suggestion> no = new ArrayList<>();
        for (String id : round.measures()) {
            Measure m = policy.measure(id);
            if (m == null || m.indicator()) {
                continue;
            }
            String status;
            List<Check> failed;
            try {
                ClaimResult r = v.calculator()
                        .calculate(new CalculationRequest(
                                asOf,
                                subject,
                                List.of(new Claim(id, policy.id(), id, year, Map.of(), null, null)),
                                null,
                                Map.of(),
                                false))
                        .results()
                        .get(0);
                status = r.status().id();
                failed = r.failed();
            } catch (InputException e) {
                status = Status.UNDETERMINED.id();
                failed = List.of();
            }
            List<Text> needed = Matcher.requiredFacts(m).stream()
                    .map(f -> m.facts().get(f).label())
                    .toList();
            List<Text> materials = m.materials().stream()
                    .map(k -> policy.materials().get(k) == null
                            ? new Text(k, k)
                            : policy.materials().get(k).label())
                    .toList();
            boolean possible = !Status.NOT_ELIGIBLE.id().equals(status);
            (possible ? yes : no).add(new Suggestion(m, status, possible, failed, needed, materials));
        }
        yes.addAll(no);
        return yes;
    }

    /**
     * The first reason that rules out every measure of the round for the subject, or {@code null} when
     * at least one measure may apply (or the round lists none).
     */
    public Check noneApplies(List<Suggestion> suggestions) {
        Check first = null;
        for (Suggestion s : suggestions) {
            if (s.possible()) {
                return null;
            }
            if (first == null && !s.failed().isEmpty()) {
                first = s.failed().get(0);
            }
        }
        return first;
    }
}

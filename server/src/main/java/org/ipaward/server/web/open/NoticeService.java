package org.ipaward.server.web.open;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipaward.engine.model.Policy;
import org.ipaward.server.application.ApplicationDtos.ApplicationView;
import org.ipaward.server.application.ApplicationDtos.ClaimView;
import org.ipaward.server.application.ApplicationDtos.EventView;
import org.ipaward.server.application.ApplicationService;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.round.BudgetSummary;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.web.ui.Ui;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The approval notice (审批通知书) of an application, once approved or later: who issues it, to whom, each
 * awarded claim with its measure, clause, amount and explanation, the total in figures and in Chinese capitals,
 * and the round's budget rule. Who may read it is the application's rule (the filer and staff; 403 otherwise).
 * Texts are picked for the page's language here, so the templates (HTML and PDF) need no helpers.
 */
@Service
public class NoticeService {
    /** The states an application has an approval notice in. */
    static final Set<String> NOTICE_STATES =
            Set.of("approved", "publicised", "confirmed", "payment_listed", "paid", "payment_failed");

    /** One step of a claim's explanation. */
    public record Step(String text, String amount, String clause, String quote) {}

    /** One awarded claim. */
    public record Item(int seq, String measure, String clause, String amount, List<Step> steps) {}

    /** Everything the notice shows, ready to print. */
    public record Notice(
            long applicationId,
            String no,
            String authority,
            String policyTitle,
            String roundTitle,
            String applicant,
            String addressee,
            String state,
            List<Item> items,
            String total,
            String totalCapitals,
            LocalDate date,
            String budgetRule,
            String proRataFactor) {}

    private final ApplicationService applications;
    private final RoundService rounds;
    private final PolicyRegistry policies;
    private final Ui ui;
    private final Clock clock;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    public NoticeService(
            ApplicationService applications,
            RoundService rounds,
            PolicyRegistry policies,
            Ui ui,
            Clock clock,
            org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.applications = applications;
        this.rounds = rounds;
        this.policies = policies;
        this.ui = ui;
        this.clock = clock;
    }

    /** How the notice addresses the applicant: 你 a natural person, 你单位 an organisation. */
    private String addressee(long subjectId) {
        String kind = jdbc.sql("select kind from subject where id = ?")
                .param(subjectId)
                .query(String.class)
                .optional()
                .orElse("");
        return "person".equals(kind) ? "你" : "你单位";
    }

    /**
     * The notice of application {@code id}: 404 when there is none, 403 when the person may not read it, 409
     * {@code notice.not_approved} before approval (a draft, under review, rejected, withdrawn …).
     */
    @Transactional(readOnly = true)
    public Notice notice(long id) {
        ApplicationView app = applications.view(id);
        if (!NOTICE_STATES.contains(app.state().id())) {
            throw ApiException.conflict(
                    "notice.not_approved",
                    "该申报尚未批准（当前状态：" + app.state().zh() + "），还没有审批通知书",
                    "the application is not approved yet (now: " + app.state().en() + "); there is no approval notice");
        }
        Round round = rounds.get(app.roundId());
        Policy policy = policies.version(round.policyVersionId()).policy();
        List<Item> items = new ArrayList<>();
        for (ClaimView c : app.claims()) {
            if (c.finalAmount() == null || new BigDecimal(c.finalAmount()).signum() <= 0) {
                continue;
            }
            items.add(new Item(
                    c.seq(), ui.t(c.measureTitle()), c.clause(), ui.money(c.finalAmount()), steps(c.result())));
        }
        BigDecimal total =
                app.approvedTotal() == null ? BigDecimal.ZERO.setScale(2) : new BigDecimal(app.approvedTotal());
        BudgetSummary budget = rounds.budget(round.id());
        return new Notice(
                app.id(),
                app.no(),
                ui.t(policy.authority()),
                ui.t(policy.title()),
                round.title(),
                app.subjectName(),
                addressee(app.subjectId()),
                ui.state(app.state().id()),
                items,
                ui.money(total),
                ChineseAmount.of(total),
                approvalDate(app),
                round.budgetRule(),
                budget.proRataFactor() == null
                        ? null
                        : budget.proRataFactor().stripTrailingZeros().toPlainString());
    }

    private List<Step> steps(Map<String, Object> result) {
        List<Step> out = new ArrayList<>();
        if (result == null || !(result.get("trace") instanceof List<?> trace)) {
            return out;
        }
        for (Object o : trace) {
            if (o instanceof Map<?, ?> s) {
                Object amount = s.get("amount");
                out.add(new Step(
                        ui.pick((String) s.get("zh"), (String) s.get("en")),
                        amount == null ? null : ui.money(amount),
                        (String) s.get("clause"),
                        (String) s.get("quote")));
            }
        }
        return out;
    }

    /** The day of the last approval (Beijing time); today if the history has none. */
    private LocalDate approvalDate(ApplicationView app) {
        Instant at = null;
        for (EventView e : app.events()) {
            if ("approve".equals(e.action())) {
                at = e.at();
            }
        }
        return at == null ? LocalDate.now(clock) : at.atZone(ClockConfig.ZONE).toLocalDate();
    }
}

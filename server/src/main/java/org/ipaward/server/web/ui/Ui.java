package org.ipaward.server.web.ui;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.ipaward.engine.model.Text;
import org.ipaward.server.application.Workflow;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Helpers for the templates ({@code ${@ui.t(policy.title)}}): picks the Chinese or English side of a
 * policy's bilingual data for the page's language, and writes times in Beijing time.
 */
@Component("ui")
public class Ui {
    private static final DateTimeFormatter MINUTES =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ClockConfig.ZONE);

    private final Workflow workflow;
    private final java.time.Clock clock;
    private final boolean demo;
    private final org.ipaward.server.policy.PolicyRegistry policies;

    public Ui(
            Workflow workflow,
            java.time.Clock clock,
            @org.springframework.beans.factory.annotation.Value("${ipaward.demo-data:false}") boolean demo,
            org.ipaward.server.policy.PolicyRegistry policies) {
        this.workflow = workflow;
        this.clock = clock;
        this.demo = demo;
        this.policies = policies;
    }

    /** A policy's title in the page's language ({@code pinggu-2025} → 平谷区促进…), else its id. */
    public String policyTitle(String policyId) {
        if (policies == null || policyId == null) {
            return policyId;
        }
        return policies.findCurrent(policyId).map(v -> t(v.policy().title())).orElse(policyId);
    }

    /**
     * A region code with its name in the page's language when a policy names it ({@code 110117} →
     * {@code 北京市平谷区（110117）}), else the code as it is; {@code null} stays {@code null}.
     */
    public String region(String code) {
        if (code == null || code.isBlank() || policies == null) {
            return code;
        }
        for (org.ipaward.server.policy.PolicyRegistry.Version v : policies.currentVersions()) {
            org.ipaward.engine.model.Policy.Region r = v.policy().region();
            if (r != null && code.equals(r.code()) && r.name() != null) {
                return english() ? t(r.name()) + " (" + code + ")" : t(r.name()) + "（" + code + "）";
            }
        }
        return code;
    }

    /**
     * An engine check's detail (Chinese only: {@code 主体类型为企业}, {@code 事项年度 2025}, {@code 种类为专利}) in the
     * page's language; on English pages a detail of another form is left out ({@code null}) rather than shown
     * in Chinese.
     */
    public String checkDetail(String detail) {
        if (detail == null || !english()) {
            return detail;
        }
        if (detail.startsWith("事项年度 ")) {
            return "matter year " + detail.substring("事项年度 ".length());
        }
        if (detail.startsWith("主体类型为")) {
            String zh = detail.substring("主体类型为".length());
            for (org.ipaward.engine.model.SubjectKind k : org.ipaward.engine.model.SubjectKind.values()) {
                if (k.label().zh().equals(zh)) {
                    return "subject kind: " + k.label().en();
                }
            }
        }
        if (detail.startsWith("种类为")) {
            String zh = detail.substring("种类为".length());
            for (String k : org.ipaward.engine.internal.PolicyReader.IP_KINDS) {
                if (org.ipaward.engine.internal.PolicyReader.ipKindZh(k).equals(zh)) {
                    return "kind of right: " + k.replace('_', ' ');
                }
            }
        }
        return null;
    }

    /** Whether this is a demo installation (where staff may move the date forward: DemoClockController). */
    public boolean demo() {
        return demo;
    }

    /** Today's date in Beijing, by the server's clock. */
    public String today() {
        return java.time.LocalDate.now(clock).toString();
    }

    /** The 亩均效益 grades a subject may hold (the form's choices; shown as {@code calc.mu.<grade>}). */
    public java.util.List<String> muGrades() {
        return org.ipaward.server.subject.SubjectService.MU_GRADES;
    }

    public static boolean english() {
        return Locale.ENGLISH
                .getLanguage()
                .equals(LocaleContextHolder.getLocale().getLanguage());
    }

    /** The text in the page's language (Chinese when there is no English). */
    public String t(Text text) {
        return text == null ? null : pick(text.zh(), text.en());
    }

    /** A {@code {zh, en}} map (as {@code ResultJson} writes texts) in the page's language. */
    public String t(Map<String, ?> text) {
        return text == null ? null : pick((String) text.get("zh"), (String) text.get("en"));
    }

    public String pick(String zh, String en) {
        return english() && en != null && !en.isBlank() ? en : zh;
    }

    /** How the header names a signed-in person: the display name, else the user name. */
    public String name(UserAccount user) {
        if (user == null) {
            return null;
        }
        return user.displayName() != null && !user.displayName().isBlank() ? user.displayName() : user.username();
    }

    /** The signed-in person, or null (also on pages no controller advice reaches, such as the error page). */
    public UserAccount current() {
        return org.ipaward.server.security.Actor.current().orElse(null);
    }

    /** Whether the signed-in person holds the role ({@code @ui.has(currentUser, 'REVIEWER')}). */
    public boolean has(UserAccount user, String role) {
        return user != null && user.roles().contains(Role.valueOf(role));
    }

    /** Whether the person holds any office role (everything but applicant). */
    public boolean staff(UserAccount user) {
        return user != null && user.roles().stream().anyMatch(r -> r != Role.APPLICANT);
    }

    /**
     * Whether the person may open applications on the workbench (the review page shows the subject): every office
     * role but a policy administrator alone, who works on policies and rounds, not on applicants' files.
     */
    public boolean opensApplications(UserAccount user) {
        return org.ipaward.server.subject.SubjectService.seesAnySubject(user);
    }

    /** A role's name in the page's language ({@code SYSTEM_ADMIN} → 系统管理员), else the code as it is. */
    public String role(String code) {
        for (Role r : Role.values()) {
            if (r.name().equals(code)) {
                return pick(r.zh(), r.en());
            }
        }
        return code;
    }

    /** A kind of subject in the page's language ({@code enterprise} → 企业 / Enterprise), else as it is. */
    public String subjectKind(String kind) {
        for (org.ipaward.engine.model.SubjectKind k : org.ipaward.engine.model.SubjectKind.values()) {
            if (k.name().equalsIgnoreCase(kind)) {
                return t(k.label());
            }
        }
        return kind;
    }

    /** A workflow state's name in the page's language ({@code submitted} → 已提交（待受理）). */
    public String state(String id) {
        Workflow.State s = workflow.state(id);
        return pick(s.zh(), s.en());
    }

    /** A workflow action's name in the page's language ({@code accept} → 受理). */
    public String action(String id) {
        return workflow.transition(id).map(t -> pick(t.zh(), t.en())).orElse(id);
    }

    /**
     * Money for people: {@code 650000.00} → {@code 650,000.00} (exact, from the decimal, never a double);
     * the unit (元/yuan) comes from the message bundle. Takes a BigDecimal or the API's string form.
     */
    public String money(Object amount) {
        if (amount == null) {
            return null;
        }
        BigDecimal d = amount instanceof BigDecimal b ? b : new BigDecimal(amount.toString());
        if (d.scale() > 2) {
            // an intermediate value before the policy's rounding step: shown as it is, but cut after 6
            // decimals with an ellipsis (the rounded amount the award uses is shown exactly in the next step)
            // grouped like every other amount (6,172.835), as the step's own text writes it
            BigDecimal plain = d.stripTrailingZeros();
            boolean cut = plain.scale() > 6;
            if (cut) {
                plain = plain.setScale(6, java.math.RoundingMode.DOWN);
            }
            DecimalFormat f = new DecimalFormat("#,##0.######", DecimalFormatSymbols.getInstance(Locale.ROOT));
            return f.format(plain) + (cut ? "…" : "");
        }
        return new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(d.setScale(2));
    }

    /** An API error's message in the page's language. */
    public String message(ApiException e) {
        return e == null ? null : pick(e.messageZh(), e.messageEn());
    }

    /** A field problem's message in the page's language. */
    public String message(ApiException.FieldProblem p) {
        return p == null ? null : pick(p.message(), p.messageEn());
    }

    private static final java.util.regex.Pattern CLAIM_FIELD =
            java.util.regex.Pattern.compile("^(?:claims\\[\\d+]\\.)?(facts|materials)\\.(.+)$");

    /**
     * A refused field's name for people, in the page's language: a fact's label ({@code claims[1].facts.loan_interest}
     * → 当年实际支付的质押贷款利息) or a material's ({@code materials.fee_receipts}) from the page's policy (a {@code
     * Policy}, a registry version or a policy id; else the first current policy that has it), a subject's field
     * ({@code subject.mu_grade}) as {@code Subject.fieldLabel} names it; {@code null} for any other field (a form's own
     * input, named by the message under it).
     */
    public String fieldLabel(String field, Object policy) {
        if (field == null) {
            return null;
        }
        java.util.regex.Matcher m = CLAIM_FIELD.matcher(field);
        String name = m.matches() ? m.group(2) : field;
        if (name.startsWith("subject.")) {
            return t(org.ipaward.engine.calc.Subject.fieldLabel(name));
        }
        if (!m.matches()) {
            return null;
        }
        boolean fact = "facts".equals(m.group(1));
        java.util.List<org.ipaward.engine.model.Policy> candidates = new java.util.ArrayList<>();
        if (policy instanceof org.ipaward.engine.model.Policy p) {
            candidates.add(p);
        } else if (policy instanceof org.ipaward.server.policy.PolicyRegistry.Version v) {
            candidates.add(v.policy());
        } else if (policy instanceof String id && policies != null) {
            policies.findCurrent(id).ifPresent(v -> candidates.add(v.policy()));
        }
        if (policies != null) {
            policies.currentVersions().forEach(v -> candidates.add(v.policy()));
        }
        for (org.ipaward.engine.model.Policy p : candidates) {
            Text label = fact ? factLabel(p, name) : materialLabel(p, name);
            if (label != null) {
                return t(label);
            }
        }
        return null;
    }

    private static Text factLabel(org.ipaward.engine.model.Policy p, String name) {
        for (org.ipaward.engine.model.Measure measure : p.measures()) {
            org.ipaward.engine.model.Measure.Fact f =
                    measure.facts() == null ? null : measure.facts().get(name);
            if (f != null && f.label() != null) {
                return f.label();
            }
        }
        return null;
    }

    private static Text materialLabel(org.ipaward.engine.model.Policy p, String kind) {
        org.ipaward.engine.model.Policy.Material m =
                p.materials() == null ? null : p.materials().get(kind);
        return m == null ? null : m.label();
    }

    /** An instant as {@code 2026-03-01 09:00} in Beijing time. */
    public String time(Instant instant) {
        return instant == null ? null : MINUTES.format(instant);
    }
}

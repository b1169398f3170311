package org.ipaward.server.publicity;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.ipaward.engine.calc.Fmt;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.server.application.ApplicationDtos.ActionInput;
import org.ipaward.server.application.ApplicationDtos.ClaimDecision;
import org.ipaward.server.application.ApplicationService;
import org.ipaward.server.application.Applications;
import org.ipaward.server.application.Computation;
import org.ipaward.server.application.ResultJson;
import org.ipaward.server.application.WorkflowService;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.crypto.Masking;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.subject.SubjectService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Publicity (公示): putting a round's approved awards up for the configured working days, the public list
 * (persons' names masked; no ID numbers, no bank data), objections from anyone and their handling, and
 * confirming the awards once the period has ended with every objection answered.
 */
@Service
public class PublicityService {
    static final List<String> LISTED = List.of("publicised", "confirmed", "payment_listed", "paid", "payment_failed");

    /**
     * Who sees an objector's name in full: the staff who handle objections — acceptors record them (and may
     * publicise and confirm), approvers decide them ({@code objection_amend}, {@code objection_reject} in
     * workflow.yaml) — and the auditor, who checks that handling. Every other reader (reviewer, finance,
     * system administrator) sees the name masked ({@code 张*}). The contact is masked for everyone
     * ({@code 138****5678}, {@code a***@example.com}); the two handling roles see it in clear only by {@link
     * #contact}, for a stated reason, audited.
     */
    static final Set<Role> SEES_OBJECTOR = EnumSet.of(Role.ACCEPTOR, Role.APPROVER, Role.AUDITOR);

    public record Item(
            String no, String subject, List<String> measures, String amount, String state, LocalDate publicityEnds) {}

    public record Objection(
            long id,
            long applicationId,
            String applicationNo,
            String filerName,
            String filerContact,
            String text,
            Instant receivedAt,
            String status,
            String resolution,
            String newAmount,
            Instant handledAt) {}

    public record NewObjection(String applicationNo, String filerName, String contact, String text) {}

    public record Decision(String outcome, String effect, String resolution, List<ClaimDecision> claims) {}

    private final JdbcClient jdbc;
    private final RoundService rounds;
    private final SubjectService subjects;
    private final Computation computation;
    private final Applications apps;
    private final ApplicationService applications;
    private final WorkflowService workflow;
    private final AuditLog audit;
    private final Clock clock;
    private final org.ipaward.server.crypto.FieldCipher cipher;

    public PublicityService(
            org.ipaward.server.crypto.FieldCipher cipher,
            JdbcClient jdbc,
            RoundService rounds,
            SubjectService subjects,
            Computation computation,
            Applications apps,
            ApplicationService applications,
            WorkflowService workflow,
            AuditLog audit,
            Clock clock) {
        this.cipher = cipher;
        this.jdbc = jdbc;
        this.rounds = rounds;
        this.subjects = subjects;
        this.computation = computation;
        this.apps = apps;
        this.applications = applications;
        this.workflow = workflow;
        this.audit = audit;
        this.clock = clock;
    }

    /** Puts every approved application of a round (or the ones named) into publicity. */
    @Transactional
    public List<String> publicise(long roundId, List<Long> ids) {
        Actor.require();
        rounds.get(roundId);
        List<Long> targets = ids == null || ids.isEmpty()
                ? jdbc.sql("select id from application where round_id = ? and state = 'approved' order by id")
                        .param(roundId)
                        .query(Long.class)
                        .list()
                : ids;
        List<String> done = new ArrayList<>();
        for (long id : targets) {
            Applications.App a = apps.get(id);
            if (a.roundId() != roundId) {
                throw ApiException.invalid(
                        "application_ids",
                        id,
                        "publicity.other_round",
                        "该申报不属于本批次",
                        "the application is not in this round");
            }
            workflow.perform(id, "publicise", null);
            done.add(a.no());
        }
        return done;
    }

    /** Confirms every publicised application of a round whose period has ended with no open objection. */
    @Transactional
    public Map<String, Object> confirmEnded(long roundId) {
        Actor.require();
        LocalDate today = LocalDate.now(clock);
        List<Long> ids = jdbc.sql(
                        """
                        select a.id from application a where a.round_id = ? and a.state = 'publicised' and a.publicity_ends < ?
                        and not exists (select 1 from objection o where o.application_id = a.id and o.status = 'open') order by a.id""")
                .params(roundId, java.sql.Date.valueOf(today))
                .query(Long.class)
                .list();
        for (long id : ids) {
            workflow.perform(id, "confirm", null);
        }
        long waiting = jdbc.sql("select count(*) from application where round_id = ? and state = 'publicised'")
                .param(roundId)
                .query(Long.class)
                .single();
        return Map.of("confirmed", ids.size(), "still_publicised", waiting);
    }

    /** The public list of a round: what is (or was) publicised, names of persons masked. */
    @Transactional(readOnly = true)
    public List<Item> list(long roundId) {
        Round round = rounds.get(roundId);
        Policy policy = computation.policy(round);
        List<Item> out = new ArrayList<>();
        jdbc.sql("select id from application where round_id = ? and state = any(?) order by no")
                .params(roundId, LISTED.toArray(new String[0]))
                .query(Long.class)
                .list()
                .forEach(id -> {
                    Applications.App a = apps.get(id);
                    List<String> measures = new ArrayList<>();
                    for (Applications.ClaimRow c : apps.claims(id)) {
                        if (c.finalAmount() != null && c.finalAmount().signum() > 0) {
                            Measure m = policy.measure(c.measure());
                            measures.add(m == null ? c.measure() : m.title().zh());
                        }
                    }
                    out.add(new Item(
                            a.no(),
                            subjects.maskedName(a.subjectId()),
                            measures,
                            ResultJson.money(a.approvedTotal()),
                            "publicised".equals(a.state()) ? "公示中" : "公示期满",
                            a.publicityEnds()));
                });
        return out;
    }

    public byte[] xlsx(long roundId) {
        Round round = rounds.get(roundId);
        List<Item> items = list(roundId);
        List<List<String>> rows = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        int i = 1;
        for (Item it : items) {
            rows.add(List.of(
                    String.valueOf(i++),
                    it.no(),
                    it.subject(),
                    String.join("；", it.measures()),
                    it.amount() == null ? "" : it.amount(),
                    it.publicityEnds() == null ? "" : it.publicityEnds().toString(),
                    it.state()));
            if (it.amount() != null) {
                total = total.add(new BigDecimal(it.amount()));
            }
        }
        audit.record("export.publicity", "round", roundId, Map.of("rows", items.size()));
        return org.ipaward.server.export.Xlsx.sheet(
                "公示名单",
                round.title() + " 拟奖补名单公示",
                List.of(
                        "序号 No.",
                        "申报编号 Application",
                        "申报主体 Applicant",
                        "奖补事项 Measures",
                        "拟奖补金额（元）Amount (CNY)",
                        "公示截止 Publicity ends",
                        "状态 State"),
                rows,
                List.of("合计 Total", "", "", "", total.setScale(2).toPlainString(), "", ""));
    }

    /** An objection from the public (or recorded by staff from a letter); only against a publicised award. */
    @Transactional
    public Objection object(NewObjection in) {
        if (in.applicationNo() == null || in.applicationNo().isBlank()) {
            throw ApiException.invalid(
                    "application_no", in.applicationNo(), "input.required", "请填写申报编号", "application_no is required");
        }
        if (in.filerName() == null || in.filerName().isBlank() || in.filerName().length() > 100) {
            throw ApiException.invalid(
                    "filer_name",
                    in.filerName(),
                    "objection.filer_name",
                    "请填写异议人姓名或单位（100 字以内）",
                    "give your name (≤ 100 chars)");
        }
        if (in.text() == null || in.text().strip().length() < 5 || in.text().length() > 5000) {
            throw ApiException.invalid(
                    "text",
                    in.text(),
                    "objection.text",
                    "请写明异议事实和理由（5 至 5000 字）",
                    "state the facts and reasons (5–5000 chars)");
        }
        if (in.contact() != null && in.contact().length() > 100) {
            throw ApiException.invalid("contact", in.contact(), "objection.contact", "联系方式过长", "contact too long");
        }
        if (in.contact() != null && !in.contact().isBlank() && normalContact(in.contact()) == null) {
            throw ApiException.invalid(
                    "contact",
                    in.contact(),
                    "objection.contact_format",
                    "联系方式应为中国大陆手机号、带区号的固定电话或电子邮箱，如 13812345678、010-12345678、name@example.com",
                    "contact must be a mainland China mobile number, a landline with its area code, or an e-mail"
                            + " address, e.g. 13812345678, 010-12345678, name@example.com");
        }
        Long id = jdbc.sql("select id from application where no = ?")
                .param(in.applicationNo().strip())
                .query(Long.class)
                .optional()
                .orElseThrow(() -> ApiException.invalid(
                        "application_no",
                        in.applicationNo(),
                        "objection.unknown_application",
                        "没有该申报编号",
                        "no such application"));
        Applications.App a = apps.get(id);
        if (!"publicised".equals(a.state())) {
            throw ApiException.conflict(
                    "objection.not_in_publicity", "该申报不在公示期内，不能提出异议", "the application is not in publicity");
        }
        UserAccount by = Actor.current().orElse(null);
        long oid = jdbc.sql(
                        """
                        insert into objection (application_id, filer_name, filer_contact_enc, filer_contact_masked, text, recorded_by)
                        values (?, ?, ?, ?, ?, ?) returning id""")
                .params(
                        id,
                        in.filerName().strip(),
                        in.contact() == null || in.contact().isBlank()
                                ? null
                                : cipher.encrypt(in.contact().strip()),
                        in.contact() == null || in.contact().isBlank() ? null : maskContact(in.contact()),
                        in.text().strip(),
                        by == null ? null : by.id())
                .query(Long.class)
                .single();
        audit.record("objection.file", "application", id, Map.of("objection", oid, "no", a.no()));
        return get(oid);
    }

    /** Upheld (the amount is lowered, or the award withdrawn) or dismissed (the award stands). */
    @Transactional
    public Objection decide(long objectionId, Decision d) {
        Actor.require();
        Objection o = get(objectionId);
        if (!"open".equals(o.status())) {
            throw ApiException.conflict("objection.decided", "该异议已处理", "the objection was already decided");
        }
        if (d.resolution() == null || d.resolution().strip().length() < 2) {
            throw ApiException.invalid(
                    "resolution",
                    d.resolution(),
                    "objection.resolution_required",
                    "请填写处理意见（至少 2 个字）",
                    "give the resolution (at least 2 characters)");
        }
        String status;
        BigDecimal newAmount = null;
        if ("dismissed".equals(d.outcome())) {
            status = "dismissed";
        } else if ("upheld".equals(d.outcome())) {
            status = "upheld";
            if ("reject".equals(d.effect())) {
                workflow.perform(
                        o.applicationId(), "objection_reject", new ActionInput(d.resolution(), null, null, null, null));
                newAmount = BigDecimal.ZERO.setScale(2);
            } else if ("amend".equals(d.effect())) {
                BigDecimal before = apps.get(o.applicationId()).approvedTotal();
                workflow.perform(
                        o.applicationId(),
                        "objection_amend",
                        new ActionInput(d.resolution(), null, null, d.claims(), null));
                newAmount = apps.get(o.applicationId()).approvedTotal();
                if (before != null && newAmount != null && newAmount.compareTo(before) == 0) {
                    // thrown inside this transaction: the amendment just performed is rolled back with it
                    throw ApiException.invalid(
                            "claims",
                            newAmount.toPlainString(),
                            "objection.amend_unchanged",
                            "异议成立并调整金额时，须改变至少一项的核定金额（现仍为 " + Fmt.yuan(newAmount) + "）；金额不变的，请选择“异议不成立”或“取消奖励”",
                            "an upheld objection that amends must change at least one approved amount (the total"
                                    + " is still " + Fmt.amount(newAmount)
                                    + " yuan); if nothing changes, dismiss it or withdraw the award");
                }
            } else {
                throw ApiException.invalid(
                        "effect",
                        d.effect(),
                        "objection.effect",
                        "异议成立时须选择“调整金额”（amend）或“取消奖励”（reject）",
                        "when upheld, effect must be amend or reject");
            }
        } else {
            throw ApiException.invalid(
                    "outcome",
                    d.outcome(),
                    "objection.outcome",
                    "处理结果须为“异议成立”（upheld）或“异议不成立”（dismissed）",
                    "outcome must be upheld or dismissed");
        }
        UserAccount by = Actor.require();
        jdbc.sql(
                        "update objection set status = ?, resolution = ?, new_amount = ?, handled_by = ?, handled_at = now() where id = ?")
                .params(status, d.resolution().strip(), newAmount, by.id(), objectionId)
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("objection", objectionId);
        details.put("outcome", status);
        if (d.effect() != null) {
            details.put("effect", d.effect());
        }
        audit.record("objection.decide", "application", o.applicationId(), details);
        return get(objectionId);
    }

    /** An application's objections, as the signed-in user may see them ({@link #SEES_OBJECTOR}). */
    @Transactional(readOnly = true)
    public List<Objection> forApplication(long applicationId) {
        applications.readable(applicationId);
        return shown(jdbc.sql(
                        "select o.*, a.no from objection o join application a on a.id = o.application_id where o.application_id = ? order by o.id")
                .param(applicationId)
                .query((rs, n) -> row(rs))
                .list());
    }

    /** A round's objections, as the signed-in user may see them ({@link #SEES_OBJECTOR}). */
    @Transactional(readOnly = true)
    public List<Objection> forRound(long roundId, String status) {
        return shown(jdbc.sql(
                        "select o.*, a.no from objection o join application a on a.id = o.application_id where a.round_id = ? and (cast(? as text) is null or o.status = ?) order by o.id")
                .params(roundId, status, status)
                .query((rs, n) -> row(rs))
                .list());
    }

    /** Whether the user sees objectors' names in full ({@link #SEES_OBJECTOR}). */
    public static boolean seesObjector(UserAccount user) {
        return user != null && user.roles().stream().anyMatch(SEES_OBJECTOR::contains);
    }

    /**
     * The objections as the signed-in user may see them: the filer's name masked unless {@link #seesObjector}.
     * The server's own calls (no one signed in: every endpoint that reaches here requires a staff role) get the
     * stored rows.
     */
    private static List<Objection> shown(List<Objection> objections) {
        UserAccount user = Actor.current().orElse(null);
        if (user == null || seesObjector(user)) {
            return objections;
        }
        return objections.stream().map(PublicityService::masked).toList();
    }

    /** The objection with the filer's name masked (the contact is stored masked already). */
    static Objection masked(Objection o) {
        return new Objection(
                o.id(),
                o.applicationId(),
                o.applicationNo(),
                Masking.personName(o.filerName()),
                o.filerContact(),
                o.text(),
                o.receivedAt(),
                o.status(),
                o.resolution(),
                o.newAmount(),
                o.handledAt());
    }

    /** The objector's contact in clear, to answer them: for a stated reason, audited. */
    @Transactional
    public String contact(long objectionId, String reason) {
        if (reason == null || reason.strip().length() < 4) {
            throw ApiException.invalid(
                    "reason",
                    reason,
                    "unmask.reason_required",
                    "查看联系方式须说明理由（至少 4 个字）",
                    "state why (at least 4 characters)");
        }
        get(objectionId);
        String enc = jdbc.sql("select filer_contact_enc from objection where id = ?")
                .param(objectionId)
                .query(String.class)
                .optional()
                .orElse(null);
        audit.record("objection.unmask_contact", "objection", objectionId, Map.of("reason", reason.strip()));
        return enc == null ? null : cipher.decrypt(enc);
    }

    /** What the public lookup shows of an objection: its status and the office's answer, nothing else. */
    public record PublicStatus(long id, String status, String resolution, Instant handledAt) {}

    /**
     * The public lookup: the objection with this number whose filer gave this contact (compared as
     * {@link #normalContact} gives it: phone digits without +86, e-mail in lower case). Empty alike for an
     * unknown number, a wrong contact, or an objection filed without a contact, so that numbers cannot be
     * probed.
     */
    @Transactional(readOnly = true)
    public Optional<PublicStatus> publicStatus(String number, String contact) {
        String given = contact == null ? null : normalContact(contact);
        String n = number == null ? "" : number.strip();
        if (n.startsWith("#")) {
            n = n.substring(1).strip();
        }
        if (given == null || !n.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return jdbc
                .sql("select id, filer_contact_enc, status, resolution, handled_at from objection where id = ?")
                .param(Long.parseLong(n))
                .query((rs, i) -> {
                    String enc = rs.getString("filer_contact_enc");
                    String stored = enc == null ? null : normalContact(cipher.decrypt(enc));
                    if (stored == null
                            || !MessageDigest.isEqual(
                                    stored.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
                        return null;
                    }
                    java.sql.Timestamp handled = rs.getTimestamp("handled_at");
                    return new PublicStatus(
                            rs.getLong("id"),
                            rs.getString("status"),
                            rs.getString("resolution"),
                            handled == null ? null : handled.toInstant());
                })
                .stream()
                .filter(Objects::nonNull)
                .findFirst();
    }

    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern LANDLINE = Pattern.compile("0[1-9]\\d{1,2}\\d{7,8}");
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.[A-Za-z]{2,24}");

    /**
     * A contact as it is compared: a mainland mobile number (11 digits, 1[3-9]…) or a landline with its area
     * code (0 + 2–3 digits + 7–8 digits), as digits only (spaces, dashes and a leading +86 or 0086 dropped),
     * or an e-mail address in lower case; {@code null} when it is neither.
     */
    static String normalContact(String contact) {
        String c = contact.strip();
        if (c.contains("@")) {
            return EMAIL.matcher(c).matches() ? c.toLowerCase(Locale.ROOT) : null;
        }
        String digits = c.replaceAll("[\\s-]", "");
        if (digits.startsWith("+86")) {
            digits = digits.substring(3);
        } else if (digits.startsWith("0086")) {
            digits = digits.substring(4);
        }
        return MOBILE.matcher(digits).matches() || LANDLINE.matcher(digits).matches() ? digits : null;
    }

    /**
     * The contact as staff lists show it: a phone's digits with the middle hidden ({@code 139****1111}), an
     * e-mail with its name hidden ({@code z***@example.com}).
     */
    static String maskContact(String contact) {
        String c = contact.strip();
        int at = c.indexOf('@');
        if (at > 0) {
            String domain = c.substring(at + 1);
            String masked = c.charAt(0) + "***@" + domain;
            // the column holds 40 characters: keep the end of a long domain
            return masked.length() <= 40 ? masked : c.charAt(0) + "***@…" + domain.substring(domain.length() - 34);
        }
        String digits = normalContact(c);
        return org.ipaward.server.crypto.Masking.phone(digits == null ? c : digits);
    }

    public String applicationNo(long id) {
        return apps.get(id).no();
    }

    Objection get(long id) {
        return jdbc.sql(
                        "select o.*, a.no from objection o join application a on a.id = o.application_id where o.id = ?")
                .param(id)
                .query((rs, n) -> row(rs))
                .optional()
                .orElseThrow(() -> ApiException.notFound("objection", id));
    }

    private static Objection row(java.sql.ResultSet rs) throws java.sql.SQLException {
        java.sql.Timestamp handled = rs.getTimestamp("handled_at");
        return new Objection(
                rs.getLong("id"),
                rs.getLong("application_id"),
                rs.getString("no"),
                rs.getString("filer_name"),
                rs.getString("filer_contact_masked"),
                rs.getString("text"),
                rs.getTimestamp("received_at").toInstant(),
                rs.getString("status"),
                rs.getString("resolution"),
                ResultJson.money(rs.getBigDecimal("new_amount")),
                handled == null ? null : handled.toInstant());
    }
}

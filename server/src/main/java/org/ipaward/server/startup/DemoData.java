package org.ipaward.server.startup;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ipaward.server.application.ApplicationDtos.ActionInput;
import org.ipaward.server.application.ApplicationDtos.ApplicationInput;
import org.ipaward.server.application.ApplicationDtos.ClaimInput;
import org.ipaward.server.application.ApplicationDtos.ReturnItem;
import org.ipaward.server.application.ApplicationService;
import org.ipaward.server.application.WorkflowService;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.file.FileStore;
import org.ipaward.server.payment.PaymentService;
import org.ipaward.server.publicity.PublicityService;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.security.UserStore;
import org.ipaward.server.subject.ClientRequest;
import org.ipaward.server.subject.SubjectRequest;
import org.ipaward.server.subject.SubjectService;
import org.ipaward.server.subject.SubjectView;
import org.ipaward.server.subject.ids.SampleIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Demo data for a first look: a user for every role, subjects in both districts (an agency with a client
 * among them), an open round for each seed policy, and applications in every state of the workflow. Every
 * step runs through the same services and rules as real use, so the ledger and the audit chain are real.
 * Made once, when the database has no users and {@code ipaward.demo-data} is true.
 */
@Component
public class DemoData {
    public static final String PASSWORD = "ipaward-Demo-2026";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final UserStore users;
    private final PasswordEncoder encoder;
    private final SubjectService subjects;
    private final FileStore files;
    private final RoundService rounds;
    private final ApplicationService applications;
    private final WorkflowService workflow;
    private final PublicityService publicity;
    private final PaymentService payments;
    private final JdbcClient jdbc;
    private final DemoMaterials materials;
    private final Clock clock;

    public DemoData(
            UserStore users,
            PasswordEncoder encoder,
            SubjectService subjects,
            FileStore files,
            RoundService rounds,
            ApplicationService applications,
            WorkflowService workflow,
            PublicityService publicity,
            PaymentService payments,
            JdbcClient jdbc,
            DemoMaterials materials,
            Clock clock) {
        this.materials = materials;
        this.users = users;
        this.encoder = encoder;
        this.subjects = subjects;
        this.files = files;
        this.rounds = rounds;
        this.applications = applications;
        this.workflow = workflow;
        this.publicity = publicity;
        this.payments = payments;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Loads the demo data unless its users exist already (for tests sharing a database with other data). */
    public synchronized void ensureLoaded() {
        if (users.find("admin").isEmpty()) {
            load();
        }
    }

    public boolean needed() {
        return jdbc.sql("select count(*) from app_user").query(Long.class).single() == 0;
    }

    public void load() {
        long started = System.nanoTime();
        String hash = encoder.encode(PASSWORD);
        user("admin", "系统管理员 王强", hash, null, Role.SYSTEM_ADMIN);
        user("policy", "政策管理员 李敏", hash, null, Role.POLICY_ADMIN);
        user("acceptor", "受理窗口 张丽", hash, null, Role.ACCEPTOR);
        user("reviewer", "审核人员 刘洋", hash, null, Role.REVIEWER);
        user("reviewer2", "审核人员 陈静", hash, null, Role.REVIEWER);
        user("approver", "审批负责人 赵刚", hash, null, Role.APPROVER);
        user("finance", "区财政局 孙悦", hash, null, Role.FINANCE);
        user("auditor", "审计人员 周涛", hash, null, Role.AUDITOR);

        long pgTech = subject("北京平谷智造科技有限公司", "enterprise", SampleIds.PINGGU_ENTERPRISES.get(0), null, "110117", null);
        long pgFood = subject("北京平谷绿源食品有限公司", "enterprise", SampleIds.PINGGU_ENTERPRISES.get(1), null, "110117", null);
        long pgAgency = subject(
                "北京平谷知信知识产权代理有限公司", "service_agency", SampleIds.PINGGU_ENTERPRISES.get(2), null, "110117", null);
        long pgPerson = subject("刘建国", "person", null, SampleIds.PINGGU_PERSONS.get(0), null, null);
        long jdMaker =
                subject("金华金东示例智能装备有限公司", "enterprise", SampleIds.JINDONG_ENTERPRISES.get(0), null, "330703", "A");
        long jdLamp = subject("金华金东明辉照明有限公司", "enterprise", SampleIds.JINDONG_ENTERPRISES.get(1), null, "330703", "B");
        user("pg-tech", "平谷智造 申报专员", hash, pgTech, Role.APPLICANT);
        user("pg-food", "绿源食品 申报专员", hash, pgFood, Role.APPLICANT);
        user("agency", "知信代理 代理人", hash, pgAgency, Role.APPLICANT);
        user("pg-person", "刘建国", hash, pgPerson, Role.APPLICANT);
        user("jd-maker", "金东智能 申报专员", hash, jdMaker, Role.APPLICANT);
        user("jd-lamp", "明辉照明 申报专员", hash, jdLamp, Role.APPLICANT);

        // The agency files for 绿源食品 with a power of attorney on file.
        as("agency", () -> {
            long poa =
                    files.store(materials.file("power_of_attorney"), current()).id();
            return subjects.addClient(
                    pgAgency,
                    new ClientRequest(pgFood, poa, LocalDate.now(clock).plusYears(1)),
                    current());
        });

        int year = LocalDate.now(clock).getYear();
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(ClockConfig.ZONE));
        String opens = now.minusDays(7)
                .withHour(9)
                .withMinute(0)
                .withSecond(0)
                .withNano(0)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String closes = now.plusDays(45)
                .withHour(17)
                .withMinute(0)
                .withSecond(0)
                .withNano(0)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Round pinggu = as(
                "policy",
                () -> rounds.create(new RoundService.RoundRequest(
                        "pinggu-2025",
                        year,
                        year + "年度平谷区知识产权奖补集中申报",
                        "根据《平谷区促进知识产权高质量发展若干措施》，现受理上一年度知识产权奖补申报。请于截止时间前在线提交申报材料；" + "逾期不予受理。咨询电话：010-6996xxxx。",
                        opens,
                        closes,
                        null,
                        "5000000.00",
                        "pro_rata",
                        5)));
        Round jindong = as(
                "policy",
                () -> rounds.create(new RoundService.RoundRequest(
                        "jindong-2023",
                        year,
                        year + "年度金东区知识产权政策兑现（征求意见稿试算）",
                        "依据《金华市金东区人民政府关于促进知识产权高质量发展的若干政策意见（征求意见稿）》试运行受理。",
                        opens,
                        closes,
                        null,
                        "3000000.00",
                        "stop",
                        5)));

        // One application in every state. Pinggu: patent award, pledge subsidy, GB/T 29490.
        long draft = create("pg-tech", pinggu, List.of(pledge("120000.00")), false);
        log.debug("demo draft {}", draft);
        long submitted = create("pg-tech", pinggu, List.of(patentAward("ZL202310123456.6", "silver")), true);
        long returned = create("pg-food", pinggu, List.of(gbt29490()), true);
        act(
                "acceptor",
                returned,
                "return",
                new ActionInput(
                        "认证证书复印件未加盖公章，请加盖公章后重新上传。",
                        List.of(new ReturnItem("materials.grant_proof", "认证证书复印件须加盖公章")),
                        null,
                        null,
                        null));
        long notAccepted = create("pg-person", pinggu, List.of(patentAward("ZL202320345678.8", "excellence")), true);
        act("acceptor", notAccepted, "not_accept", reason("申报事项不属于本批次受理范围（奖项年度不符）。"));
        long underReview = accepted("jd-maker", jindong, List.of(jdPatentIntensive()));
        long reviewed = accepted("pg-tech", pinggu, List.of(pledge("400000.00")));
        act("reviewer", reviewed, "review_approve", null);
        long rejected = accepted("pg-food", pinggu, List.of(patentAward("ZL202330567890.4", "gold")));
        act("reviewer", rejected, "review_reject", reason("获奖证书所列专利权人非本单位，不符合第一权利人条件。"));
        long approved = approvedApp("jd-lamp", jindong, List.of(jdPledge()));
        long publicised = approvedApp("jd-maker", jindong, List.of(jdPatentAward()));
        long confirmed = approvedApp("pg-food", pinggu, List.of(gbt29490()));
        long listed = approvedApp("pg-tech", pinggu, List.of(patentAward("ZL202010566088.9", "gold")));
        long paid = approvedApp("pg-person", pinggu, List.of(patentAward("ZL202410112257.X", "silver")));
        long failed = approvedApp("jd-lamp", jindong, List.of(jdPatentIntensive()));
        long withdrawn = create("pg-tech", pinggu, List.of(gbt29490()), true);
        act("pg-tech", withdrawn, "withdraw", reason("重复申报，撤回。"));

        // Demo history: publicity periods are set to have ended yesterday, so they can be confirmed now.
        as("acceptor", () -> publicity.publicise(jindong.id(), List.of(publicised, failed)));
        as("acceptor", () -> publicity.publicise(pinggu.id(), List.of(listed, paid)));
        endPublicity(listed, paid, failed);
        as("acceptor", () -> publicity.confirmEnded(pinggu.id()));
        as("acceptor", () -> publicity.confirmEnded(jindong.id()));
        as(
                "pg-food",
                () -> publicity.object(new PublicityService.NewObjection(
                        applicationNo(publicised), "王先生", "13900001111", "该奖项系与他人合作完成，第一完成单位并非申报企业，请核实。")));

        PaymentService.Batch pgBatch = as("finance", () -> payments.create(pinggu.id()));
        PaymentService.Batch jdBatch = as("finance", () -> payments.create(jindong.id()));
        for (PaymentService.Payment p : pgBatch.payments()) {
            if (p.applicationId() == paid) {
                as("finance", () -> payments.paid(p.id(), "BOC20260315-0001"));
            }
        }
        for (PaymentService.Payment p : jdBatch.payments()) {
            if (p.applicationId() == failed) {
                as("finance", () -> payments.failed(p.id(), "收款账户已销户，退票"));
            }
        }
        // One more award confirmed after the payment list was made: it waits for the next list.
        as("acceptor", () -> publicity.publicise(pinggu.id(), List.of(confirmed)));
        endPublicity(confirmed);
        as("acceptor", () -> publicity.confirmEnded(pinggu.id()));
        log.info(
                "Demo data loaded in {} ms: users admin, policy, acceptor, reviewer, reviewer2, approver, finance, auditor, "
                        + "pg-tech, pg-food, agency, pg-person, jd-maker, jd-lamp (password {}); rounds {} and {}; "
                        + "applications in every state (e.g. draft {}, submitted {}, under review {}, approved {}, listed {}).",
                (System.nanoTime() - started) / 1_000_000,
                PASSWORD,
                pinggu.id(),
                jindong.id(),
                draft,
                submitted,
                underReview,
                approved,
                listed);
        java.util.Objects.requireNonNull(confirmed);
        java.util.Objects.requireNonNull(rejected);
    }

    private long create(String username, Round round, List<ClaimInput> claims, boolean submit) {
        return as(username, () -> {
            long id = applications
                    .create(new ApplicationInput(round.id(), null, claims, null), null, ApplicationService.BRIEF)
                    .answer()
                    .id();
            for (ClaimInput c : claims) {
                for (String kind : materials(c.measure())) {
                    applications.attach(id, kind, null, this.materials.file(kind), ApplicationService.NONE);
                }
            }
            if (submit) {
                workflow.perform(id, "submit", null);
            }
            return id;
        });
    }

    private long accepted(String username, Round round, List<ClaimInput> claims) {
        long id = create(username, round, claims, true);
        act("acceptor", id, "accept", null);
        return id;
    }

    private long approvedApp(String username, Round round, List<ClaimInput> claims) {
        long id = accepted(username, round, claims);
        act("reviewer", id, "review_approve", null);
        act("approver", id, "approve", null);
        return id;
    }

    private void act(String username, long id, String action, ActionInput in) {
        as(username, () -> {
            workflow.perform(id, action, in);
            return null;
        });
    }

    private void endPublicity(long... ids) {
        for (long id : ids) {
            jdbc.sql("update application set publicity_ends = ? where id = ?")
                    .params(java.sql.Date.valueOf(LocalDate.now(clock).minusDays(1)), id)
                    .update();
        }
    }

    private String applicationNo(long id) {
        return jdbc.sql("select no from application where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    private static ActionInput reason(String reason) {
        return new ActionInput(reason, null, null, null, null);
    }

    private static List<String> materials(String measure) {
        return switch (measure) {
            case "PG-pledge" -> List.of("subject_certificate", "pledge_loan_documents", "fee_receipts");
            case "PG-patent-award" -> List.of("subject_certificate", "grant_proof");
            case "PG-gbt29490" -> List.of("subject_certificate", "grant_proof", "fee_receipts");
            case "JD-patent-intensive" ->
                List.of(
                        "subject_certificate",
                        "certification_certificate",
                        "patent_list",
                        "audit_report",
                        "training_records");
            case "JD-pledge" -> List.of("subject_certificate", "loan_documents");
            case "JD-patent-award" -> List.of("subject_certificate", "award_certificate");
            default -> List.of("subject_certificate");
        };
    }

    static ClaimInput pledge(String interest) {
        return new ClaimInput(
                "PG-pledge",
                facts(
                        "right_kind",
                        "patent",
                        "first_rights_holder",
                        true,
                        "bank_loan",
                        true,
                        "loan_interest",
                        interest),
                null);
    }

    static ClaimInput patentAward(String number, String level) {
        return new ClaimInput(
                "PG-patent-award",
                facts(
                        "right_kind",
                        "patent",
                        "first_rights_holder",
                        true,
                        "patent_number",
                        number,
                        "award_level",
                        level),
                null);
    }

    static ClaimInput gbt29490() {
        return new ClaimInput("PG-gbt29490", facts("certified", true, "certification_fee", "80000.00"), null);
    }

    static ClaimInput jdPatentIntensive() {
        return new ClaimInput(
                "JD-patent-intensive",
                facts(
                        "gbt29490_certified",
                        true,
                        "gbt29490_implemented",
                        true,
                        "invention_patents",
                        8,
                        "invention_patents_prev_year",
                        4,
                        "annual_sales",
                        "12000000.00",
                        "total_revenue",
                        "12500000.00",
                        "patent_product_sales",
                        "4000000.00",
                        "training_rate",
                        100),
                null);
    }

    static ClaimInput jdPledge() {
        return new ClaimInput(
                "JD-pledge",
                facts(
                        "right_kind", "patent",
                        "repaid_on_time", true,
                        "secured_principal", "5000000.00",
                        "loan_days", 365,
                        "interest_paid", "180000.00"),
                null);
    }

    static ClaimInput jdPatentAward() {
        return new ClaimInput(
                "JD-patent-award",
                facts("award_item", "ZL202010566088.9", "award_level", "cn_silver"),
                facts(
                        "applicable",
                        true,
                        "amount",
                        "100000.00",
                        "needs_district_match",
                        true,
                        "district_share",
                        "50000.00"));
    }

    private static Map<String, Object> facts(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            m.put(
                    (String) kv[i],
                    v instanceof String s && s.matches("\\d+\\.\\d{2}") ? new java.math.BigDecimal(s) : v);
        }
        return m;
    }

    private void user(String username, String display, String hash, Long subject, Role role) {
        users.create(username, display, hash, EnumSet.of(role), subject);
    }

    private int demoAccounts;

    private long subject(String name, String kind, String uscc, String idNumber, String region, String muGrade) {
        SubjectView v = as(
                "admin",
                () -> subjects.create(
                        new SubjectRequest(
                                kind,
                                name,
                                uscc,
                                idNumber,
                                region,
                                null,
                                null,
                                muGrade,
                                "person".equals(kind) ? null : "示例地址 " + name,
                                "person".equals(kind) ? null : "张先生",
                                "13812345678",
                                "中国银行" + ("330703".equals(region) ? "金华金东支行" : "北京平谷支行"),
                                // each payee its own account (a payment list naming one account twice would be wrong)
                                "621661010000" + (1234567 + ++demoAccounts),
                                null),
                        current()));
        return v.id();
    }

    private UserAccount current() {
        return (UserAccount)
                SecurityContextHolder.getContext().getAuthentication().getPrincipal();
    }

    private <T> T as(String username, Supplier<T> action) {
        UserAccount u = users.find(username).orElseThrow().withoutPassword();
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext ctx = SecurityContextHolder.createEmptyContext();
        ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(u, null, u.getAuthorities()));
        SecurityContextHolder.setContext(ctx);
        try {
            return action.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}

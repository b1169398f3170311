package org.ipaward.server.subject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.config.Like;
import org.ipaward.server.config.TransactionMemo;
import org.ipaward.server.crypto.BlindIndex;
import org.ipaward.server.crypto.FieldCipher;
import org.ipaward.server.crypto.Masking;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.file.FileStore;
import org.ipaward.server.file.StoredFile;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.subject.ids.IdCheck;
import org.ipaward.server.subject.ids.ResidentId;
import org.ipaward.server.subject.ids.Uscc;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Subjects (申报主体): organisations identified by their USCC, persons by their resident ID number, with
 * where they are registered, which districts they serve and their 亩均 grade. ID numbers, phone numbers and
 * bank accounts are kept encrypted, with a masked copy for every view; ID numbers also with a blind index
 * for uniqueness. Unmasking needs a permission and a reason and is audited. A service agency may file for
 * clients it holds a power of attorney from.
 */
@Service
public class SubjectService {
    /** Staff who may list and see any subject (policy administrators work on policies, not people). */
    static final Set<Role> STAFF =
            EnumSet.of(Role.ACCEPTOR, Role.REVIEWER, Role.APPROVER, Role.FINANCE, Role.SYSTEM_ADMIN, Role.AUDITOR);
    /** Staff who may create and change any subject. */
    static final Set<Role> EDITORS = EnumSet.of(Role.ACCEPTOR, Role.SYSTEM_ADMIN);

    /** Who may see which field in plain text. */
    static final Map<String, Set<Role>> UNMASK = Map.of(
            "id_number", EnumSet.of(Role.ACCEPTOR, Role.REVIEWER, Role.APPROVER),
            "phone", EnumSet.of(Role.ACCEPTOR, Role.REVIEWER, Role.APPROVER, Role.FINANCE),
            "bank_account", EnumSet.of(Role.APPROVER, Role.FINANCE));

    static final int MIN_REASON = 4;
    /** The grade of a subject that took no part in the evaluation (未参评/未评价). */
    public static final String UNRATED = "unrated";

    /**
     * The 亩均效益 grades a subject may hold, as the engine and the policies read {@code subject.mu_grade}: A to D,
     * or {@code unrated} for an enterprise that was not evaluated (未参评; Jindong's factor table has a value for
     * it). Not given (blank) is different: a measure that adjusts by the grade cannot be decided without it.
     */
    public static final List<String> MU_GRADES = List.of("A", "B", "C", "D", UNRATED);

    /** What people may type for {@link #UNRATED}, besides the code itself. */
    private static final Set<String> UNRATED_WORDS = Set.of("未参评", "未评价", "未参加评价", "未评级");

    private static final Pattern REGION = Pattern.compile("\\d{6}");

    private static final String UNKNOWN_REGION_ZH = "没有这个行政区划代码：前两位须为省级代码，如 11（北京市）、33（浙江省）";
    private static final String UNKNOWN_REGION_EN =
            "no such region code: its first two digits must be a province's, e.g. 11 (Beijing) or 33 (Zhejiang)";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_SERVED_REGIONS = 100;

    private final JdbcClient jdbc;
    private final TransactionMemo<Long, Long> ownSubjects = new TransactionMemo<>();
    /** Subjects' rows read in this transaction (a step of a draft reads its subject for the engine and the view). */
    private final TransactionMemo<Long, Optional<Row>> rows = new TransactionMemo<>();

    private final FieldCipher cipher;
    private final BlindIndex blindIndex;
    private final AuditLog audit;
    private final FileStore files;
    private final Clock clock;

    public SubjectService(
            JdbcClient jdbc, FieldCipher cipher, BlindIndex blindIndex, AuditLog audit, FileStore files, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.blindIndex = blindIndex;
        this.audit = audit;
        this.files = files;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- the API other features code against

    /** The subject as the engine sees it; 404 {@code subject.not_found} when there is none. */
    @Transactional(readOnly = true)
    public Subject engineSubject(long subjectId) {
        Row r = load(subjectId);
        return new Subject(
                String.valueOf(r.id),
                r.name,
                SubjectKind.fromId(r.kind),
                r.registeredRegion,
                r.householdRegion,
                r.servedRegions,
                r.muGrade);
    }

    /**
     * Whether the user may file for the subject: it is the user's own subject, or the user's subject is a
     * service agency with a client link to it that has not expired (valid_until empty or today or later).
     */
    @Transactional(readOnly = true)
    public boolean canFileFor(UserAccount user, long subjectId) {
        Long own = ownSubject(user);
        if (own == null) {
            return false;
        }
        if (own == subjectId) {
            return true;
        }
        return jdbc.sql(
                                """
                        select count(*) from agency_client c join subject a on a.id = c.agency_id
                        where c.agency_id = ? and c.client_id = ? and a.kind = 'service_agency'
                          and (c.valid_until is null or c.valid_until >= ?)""")
                        .params(own, subjectId, today())
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Staff (acceptor, reviewer, approver, finance, system administrator, auditor), or {@link #canFileFor}. */
    @Transactional(readOnly = true)
    public boolean canView(UserAccount user, long subjectId) {
        return isStaff(user) || canFileFor(user, subjectId);
    }

    /** The subject's name in full; 404 when there is none. */
    @Transactional(readOnly = true)
    public String name(long subjectId) {
        return load(subjectId).name;
    }

    /** The name for public lists: a person's masked ({@code 张*}), an organisation's in full. */
    @Transactional(readOnly = true)
    public String maskedName(long subjectId) {
        Row r = load(subjectId);
        return "person".equals(r.kind) ? Masking.personName(r.name) : r.name;
    }

    /** The power of attorney of an active client link (valid_until empty or not yet past), if any. */
    @Transactional(readOnly = true)
    public Optional<Long> agencyPoaFile(long agencyId, long clientId) {
        return jdbc.sql(
                        """
                        select poa_file_id from agency_client
                        where agency_id = ? and client_id = ? and (valid_until is null or valid_until >= ?)""")
                .params(agencyId, clientId, today())
                .query(Long.class)
                .optional();
    }

    // ---------------------------------------------------------------- create, read, update

    /**
     * Creates a subject. Acceptors and system administrators create any; an applicant without a subject
     * creates their own, and their account is linked to it.
     */
    @Transactional
    public SubjectView create(SubjectRequest req, UserAccount by) {
        boolean editor = isEditor(by);
        if (!editor && !by.has(Role.APPLICANT)) {
            throw denied();
        }
        if (!editor) {
            Long own = jdbc.sql("select subject_id from app_user where id = ? for update")
                    .param(by.id())
                    .query((rs, n) -> (Long) rs.getObject(1, Long.class))
                    .optional()
                    .orElse(null);
            if (own != null) {
                throw ApiException.conflict(
                        "subject.already_linked",
                        "您的账户已关联申报主体（编号 " + own + "），每个申报账户只能关联一个主体",
                        "your account already has a subject (id " + own + "); an applicant account has one subject");
            }
        }
        Fields f = validateNew(req);
        checkUnique(f, null, editor);
        long id;
        rows.forget();
        try {
            id = jdbc.sql(
                            """
                            insert into subject (kind, name, uscc, uscc_check_failed, id_number_enc, id_number_hmac,
                                id_number_masked, registered_region, household_region, served_regions, mu_grade, address,
                                contact_name, phone_enc, phone_masked, bank_name, bank_account_enc, bank_account_masked,
                                created_by)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                    .params(
                            f.kind,
                            f.name,
                            f.uscc,
                            f.usccCheckFailed,
                            cipher.encrypt(f.idNumber),
                            blindIndex.of(f.idNumber),
                            Masking.idNumber(f.idNumber),
                            f.registeredRegion,
                            f.householdRegion,
                            JSON.writeValueAsString(f.servedRegions),
                            f.muGrade,
                            f.address,
                            f.contactName,
                            cipher.encrypt(f.phone),
                            Masking.phone(f.phone),
                            f.bankName,
                            cipher.encrypt(f.bankAccount),
                            Masking.bankAccount(f.bankAccount),
                            by.id())
                    .query(Long.class)
                    .single();
        } catch (DuplicateKeyException e) {
            throw duplicate(f, null, editor);
        }
        if (!editor) {
            jdbc.sql("update app_user set subject_id = ? where id = ?")
                    .params(id, by.id())
                    .update();
            ownSubjects.forget();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", f.kind);
        if (f.uscc != null) {
            details.put("uscc", f.uscc);
            details.put("uscc_check_failed", f.usccCheckFailed);
        }
        details.put("linked_to_user", !editor);
        audit.record("subject.create", "subject", id, details);
        return view(load(id));
    }

    /**
     * Checks a new subject as {@link #create} would (every field, and that no subject has the same USCC or ID
     * number) without storing anything: 400 naming every problem, 409 {@code subject.duplicate}. Returns whether
     * the USCC's check character did not match (a code {@link #create} takes, flagged for staff to confirm).
     * For editors (acceptors, system administrators), as for a batch import.
     */
    @Transactional(readOnly = true)
    public boolean check(SubjectRequest req, UserAccount by) {
        if (!isEditor(by)) {
            throw denied();
        }
        Fields f = validateNew(req);
        checkUnique(f, null, true);
        return f.usccCheckFailed;
    }

    /** The subject, masked; staff, its own applicant, or an agency filing for it. */
    @Transactional(readOnly = true)
    public SubjectView get(long id, UserAccount user) {
        if (!canView(user, id)) {
            throw denied();
        }
        return view(load(id));
    }

    /** The signed-in applicant's own subject; 404 {@code subject.none} when there is none yet. */
    @Transactional(readOnly = true)
    public SubjectView mine(UserAccount user) {
        Long own = ownSubject(user);
        if (own == null) {
            throw new ApiException(
                    HttpStatus.NOT_FOUND,
                    "subject.none",
                    "您的账户尚未关联申报主体，请先登记主体信息",
                    "your account has no subject yet; register one first");
        }
        return view(load(own));
    }

    /** Subjects for staff, newest first, by name or USCC (or exact ID number), kind and region. */
    @Transactional(readOnly = true)
    public PageResult<SubjectView> search(String q, String kind, String region, Paging paging, UserAccount user) {
        if (!isStaff(user)) {
            throw denied();
        }
        StringBuilder where = new StringBuilder(" where true");
        List<Object> params = new ArrayList<>();
        if (q != null && !q.isBlank()) {
            String term = q.strip();
            String like = Like.containing(term);
            where.append(" and (name ilike ? or uscc ilike ?");
            params.add(like);
            params.add(like);
            IdCheck<ResidentId.Parsed> id = ResidentId.check(term, today());
            if (id.ok()) {
                where.append(" or id_number_hmac = ?");
                params.add(blindIndex.of(id.value().number()));
            }
            where.append(")");
        }
        if (kind != null && !kind.isBlank()) {
            if (SubjectKind.fromId(kind) == null) {
                throw ApiException.invalid(
                        "kind", kind, "subject.kind", "主体类型无效：" + kind + "；" + KINDS_ZH, "invalid kind: " + kind);
            }
            where.append(" and kind = ?");
            params.add(kind);
        }
        if (region != null && !region.isBlank()) {
            if (!REGION.matcher(region).matches()) {
                throw ApiException.invalid(
                        "region", region, "region.format", "行政区划代码应为 6 位数字", "a region code has 6 digits");
            }
            where.append(" and (registered_region = ? or household_region = ?)");
            params.add(region);
            params.add(region);
        }
        long total = jdbc.sql("select count(*) from subject" + where)
                .params(params)
                .query(Long.class)
                .single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(paging.size());
        pageParams.add(paging.offset());
        List<SubjectView> items = jdbc
                .sql("select * from subject" + where + " order by id desc limit ? offset ?")
                .params(pageParams)
                .query((rs, n) -> read(rs))
                .list()
                .stream()
                .map(this::view)
                .toList();
        return new PageResult<>(items, total, paging.page(), paging.size());
    }

    /**
     * Changes a subject: its own applicant, an acceptor or a system administrator. {@code version} must be
     * the one last read (409 {@code concurrent.modification} otherwise). Fields left out keep their values;
     * an empty string clears an optional field. Only staff may change the USCC or the ID number; the kind
     * never changes.
     */
    @Transactional
    public SubjectView update(long id, SubjectRequest req, UserAccount by) {
        boolean editor = isEditor(by);
        Long own = ownSubject(by);
        boolean owner = own != null && own == id && by.has(Role.APPLICANT);
        if (!editor && !owner) {
            throw denied();
        }
        if (req.version() == null) {
            throw ApiException.invalid(
                    "version",
                    null,
                    "version.required",
                    "请提供读取时的版本号 version（防止覆盖他人的修改）",
                    "send the version you read (so nobody's change is overwritten)");
        }
        Row cur = loadForUpdate(id);
        if (req.version() != cur.version) {
            throw stale();
        }
        Problems p = new Problems();
        if (req.kind() != null && !req.kind().equals(cur.kind)) {
            p.add(
                    "kind",
                    req.kind(),
                    "subject.kind_immutable",
                    "主体类型不能修改（如需更改请重新登记）",
                    "the kind of a subject cannot change (register a new subject instead)");
        }
        boolean person = "person".equals(cur.kind);
        Fields f = Fields.of(cur);
        List<String> changed = new ArrayList<>();
        if (req.name() != null) {
            String name = validName(req.name(), p);
            if (name != null && !name.equals(cur.name)) {
                f.name = name;
                changed.add("name");
            }
        }
        if (req.uscc() != null) {
            if (person) {
                p.add(
                        "uscc",
                        req.uscc(),
                        "subject.uscc_not_for_person",
                        "自然人没有统一社会信用代码",
                        "a natural person has no unified social credit code");
            } else {
                String norm = req.uscc().strip().toUpperCase(Locale.ROOT);
                if (!norm.equals(cur.uscc)) {
                    if (!editor) {
                        throw identifierLocked("uscc");
                    }
                    validUscc(norm, f, p);
                    changed.add("uscc");
                }
            }
        }
        String newIdHmac = null;
        if (req.idNumber() != null) {
            if (!person) {
                p.add(
                        "id_number",
                        Masking.idNumber(req.idNumber()),
                        "subject.id_number_not_for_org",
                        "组织类主体不填写身份证号码",
                        "an organisation has no resident ID number");
            } else {
                String norm = req.idNumber().strip().toUpperCase(Locale.ROOT);
                String hmac = blindIndex.of(norm);
                if (!hmac.equals(cur.idNumberHmac)) {
                    if (!editor) {
                        throw identifierLocked("id_number");
                    }
                    String valid = validIdNumber(norm, today(), p);
                    if (valid != null) {
                        f.idNumber = valid;
                        newIdHmac = hmac;
                        changed.add("id_number");
                    }
                }
            }
        }
        if (req.registeredRegion() != null) {
            f.registeredRegion = optionalRegion("registered_region", req.registeredRegion(), p);
            addIfChanged(changed, "registered_region", cur.registeredRegion, f.registeredRegion);
        }
        if (req.householdRegion() != null) {
            f.householdRegion = optionalRegion("household_region", req.householdRegion(), p);
            addIfChanged(changed, "household_region", cur.householdRegion, f.householdRegion);
        }
        if (req.servedRegions() != null) {
            f.servedRegions = servedRegions(req.servedRegions(), p);
            addIfChanged(changed, "served_regions", cur.servedRegions, f.servedRegions);
        }
        if (req.muGrade() != null) {
            f.muGrade = muGrade(req.muGrade(), p);
            addIfChanged(changed, "mu_grade", cur.muGrade, f.muGrade);
        }
        if (req.address() != null) {
            f.address = optionalText("address", req.address(), 300, p);
            addIfChanged(changed, "address", cur.address, f.address);
        }
        if (req.contactName() != null) {
            f.contactName = optionalText("contact_name", req.contactName(), 50, p);
            addIfChanged(changed, "contact_name", cur.contactName, f.contactName);
        }
        if (req.bankName() != null) {
            f.bankName = optionalText("bank_name", req.bankName(), 100, p);
            addIfChanged(changed, "bank_name", cur.bankName, f.bankName);
        }
        boolean phoneGiven = req.phone() != null;
        if (phoneGiven) {
            f.phone = phone(req.phone(), p);
            changed.add("phone");
        }
        boolean accountGiven = req.bankAccount() != null;
        if (accountGiven) {
            f.bankAccount = bankAccount(req.bankAccount(), p);
            changed.add("bank_account");
        }
        p.throwIfAny();
        checkUnique(f, id, editor);

        boolean usccChanged = changed.contains("uscc");
        boolean idChanged = newIdHmac != null;
        int n;
        rows.forget();
        try {
            n = jdbc.sql(
                            """
                            update subject set name = ?, uscc = ?,
                                uscc_check_failed = case when ? then ? else uscc_check_failed end,
                                uscc_confirmed_by = case when ? then null else uscc_confirmed_by end,
                                uscc_confirmed_at = case when ? then null else uscc_confirmed_at end,
                                id_number_enc = case when ? then ? else id_number_enc end,
                                id_number_hmac = case when ? then ? else id_number_hmac end,
                                id_number_masked = case when ? then ? else id_number_masked end,
                                registered_region = ?, household_region = ?, served_regions = ?::jsonb, mu_grade = ?,
                                address = ?, contact_name = ?, bank_name = ?,
                                phone_enc = case when ? then ? else phone_enc end,
                                phone_masked = case when ? then ? else phone_masked end,
                                bank_account_enc = case when ? then ? else bank_account_enc end,
                                bank_account_masked = case when ? then ? else bank_account_masked end,
                                updated_at = now(), version = version + 1
                            where id = ? and version = ?""")
                    .params(
                            f.name,
                            f.uscc,
                            usccChanged,
                            f.usccCheckFailed,
                            usccChanged,
                            usccChanged,
                            idChanged,
                            idChanged ? cipher.encrypt(f.idNumber) : null,
                            idChanged,
                            newIdHmac,
                            idChanged,
                            idChanged ? Masking.idNumber(f.idNumber) : null,
                            f.registeredRegion,
                            f.householdRegion,
                            JSON.writeValueAsString(f.servedRegions),
                            f.muGrade,
                            f.address,
                            f.contactName,
                            f.bankName,
                            phoneGiven,
                            cipher.encrypt(f.phone),
                            phoneGiven,
                            Masking.phone(f.phone),
                            accountGiven,
                            cipher.encrypt(f.bankAccount),
                            accountGiven,
                            Masking.bankAccount(f.bankAccount),
                            id,
                            req.version())
                    .update();
        } catch (DuplicateKeyException e) {
            throw duplicate(f, id, editor);
        }
        if (n == 0) {
            throw stale();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("changed", changed);
        details.put("version", req.version() + 1);
        if (usccChanged) {
            details.put("uscc", f.uscc);
            details.put("uscc_check_failed", f.usccCheckFailed);
        }
        audit.record("subject.update", "subject", id, details);
        return view(load(id));
    }

    // ---------------------------------------------------------------- sensitive reads and confirmations

    /**
     * Checks that {@code by} may see {@code field} in plain text and gave a reason; the reason stripped, or
     * 400/403 as {@link #unmask} answers. For other copies of the same data (a payment's payee account).
     */
    public String checkUnmask(String field, String reason, UserAccount by) {
        Set<Role> allowed = field == null ? null : UNMASK.get(field);
        if (allowed == null) {
            throw ApiException.invalid(
                    "field",
                    field,
                    "unmask.field",
                    "可查看明文的字段为 id_number（身份证号码）、phone（电话）、bank_account（银行账号）",
                    "the fields that can be unmasked are id_number, phone and bank_account");
        }
        if (by.roles().stream().noneMatch(allowed::contains)) {
            throw ApiException.forbidden(
                    "access.denied",
                    "您的角色无权查看该字段的明文：" + field,
                    "your role may not see this field in plain text: " + field);
        }
        String why = reason == null ? "" : reason.strip();
        if (why.codePointCount(0, why.length()) < MIN_REASON) {
            throw ApiException.invalid(
                    "reason",
                    reason,
                    "unmask.reason_required",
                    "查看明文须填写理由（至少 " + MIN_REASON + " 个字）",
                    "a reason of at least " + MIN_REASON + " characters is required to see plain text");
        }
        if (why.length() > 500) {
            throw ApiException.invalid(
                    "reason", null, "reason.too_long", "理由不能超过 500 个字", "the reason may have at most 500 characters");
        }
        return why;
    }

    /**
     * The plain text of an encrypted field, for a permitted role and a stated reason; audited as {@code
     * subject.unmask} with the field and the reason, never the value. Null when the field is empty.
     */
    @Transactional
    public String unmask(long id, String field, String reason, UserAccount by) {
        String why = checkUnmask(field, reason, by);
        Row r = load(id);
        String stored =
                switch (field) {
                    case "id_number" -> r.idNumberEnc;
                    case "phone" -> r.phoneEnc;
                    default -> r.bankAccountEnc;
                };
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("field", field);
        details.put("reason", why);
        details.put("empty", stored == null);
        audit.record("subject.unmask", "subject", id, details);
        return cipher.decrypt(stored);
    }

    /** Staff confirm a USCC whose check character failed (an early pilot-area code); audited with the reason. */
    @Transactional
    public SubjectView confirmUscc(long id, String reason, UserAccount by) {
        if (!isEditor(by)) {
            throw denied();
        }
        String why = reason == null ? "" : reason.strip();
        if (why.codePointCount(0, why.length()) < MIN_REASON || why.length() > 500) {
            throw ApiException.invalid(
                    "reason",
                    reason,
                    "confirm.reason_required",
                    "确认须填写理由（" + MIN_REASON + " 至 500 个字），例如核对营业执照原件的情况",
                    "a reason of " + MIN_REASON + " to 500 characters is required, e.g. how the licence was checked");
        }
        Row r = loadForUpdate(id);
        if (!r.usccCheckFailed) {
            throw ApiException.conflict(
                    "uscc.not_flagged",
                    "该主体的统一社会信用代码校验通过，无需确认",
                    "this subject's USCC passed its check; there is nothing to confirm");
        }
        if (r.usccConfirmedBy != null) {
            return view(r);
        }
        rows.forget();
        jdbc.sql(
                        "update subject set uscc_confirmed_by = ?, uscc_confirmed_at = now(), updated_at = now(), version = version + 1 where id = ?")
                .params(by.id(), id)
                .update();
        audit.record("subject.confirm_uscc", "subject", id, Map.of("uscc", r.uscc, "reason", why));
        return view(load(id));
    }

    // ---------------------------------------------------------------- agency clients

    /**
     * Links a client to a service agency with a stored power of attorney: by the agency's own applicant or
     * an acceptor. Linking again replaces the power of attorney and the end date.
     */
    @Transactional
    public ClientView addClient(long agencyId, ClientRequest req, UserAccount by) {
        Long own = ownSubject(by);
        boolean agencyUser = own != null && own == agencyId && by.has(Role.APPLICANT);
        if (!agencyUser && !by.has(Role.ACCEPTOR)) {
            throw denied();
        }
        Row agency = loadForUpdate(agencyId);
        if (!"service_agency".equals(agency.kind)) {
            throw ApiException.badRequest(
                    "agency.not_service_agency",
                    "只有类型为知识产权服务机构（service_agency）的主体才能代理申报",
                    "only a subject of kind service_agency may file for clients");
        }
        Problems p = new Problems();
        Row client = null;
        if (req.clientSubjectId() == null) {
            p.add("client_subject_id", null, "client.required", "请指定被代理的主体", "name the client subject");
        } else if (req.clientSubjectId() == agencyId) {
            p.add(
                    "client_subject_id",
                    req.clientSubjectId(),
                    "client.self",
                    "服务机构不能代理自身",
                    "an agency cannot be its own client");
        } else {
            client = find(req.clientSubjectId()).orElse(null);
            if (client == null) {
                p.add(
                        "client_subject_id",
                        req.clientSubjectId(),
                        "subject.not_found",
                        "未找到被代理的主体：" + req.clientSubjectId(),
                        "no such client subject: " + req.clientSubjectId());
            }
        }
        if (req.poaFileId() == null) {
            p.add(
                    "poa_file_id",
                    null,
                    "poa.required",
                    "须上传并指定委托书（授权委托书）文件",
                    "a power of attorney file is required (upload it first)");
        } else {
            Optional<StoredFile> poa = files.find(req.poaFileId());
            if (poa.isEmpty() || !files.canRead(by, req.poaFileId())) {
                p.add(
                        "poa_file_id",
                        req.poaFileId(),
                        "poa.not_found",
                        "未找到委托书文件：" + req.poaFileId() + "（须为本人上传的文件）",
                        "no such power of attorney file: " + req.poaFileId() + " (it must be one you uploaded)");
            }
        }
        if (req.validUntil() != null && req.validUntil().isBefore(today())) {
            p.add(
                    "valid_until",
                    req.validUntil(),
                    "valid_until.past",
                    "委托有效期不能早于今天",
                    "the power of attorney cannot end before today");
        }
        p.throwIfAny();
        boolean existed = jdbc.sql("select count(*) from agency_client where agency_id = ? and client_id = ?")
                        .params(agencyId, client.id)
                        .query(Long.class)
                        .single()
                > 0;
        jdbc.sql(
                        """
                        insert into agency_client (agency_id, client_id, poa_file_id, valid_until, created_by)
                        values (?, ?, ?, ?, ?)
                        on conflict (agency_id, client_id) do update
                          set poa_file_id = excluded.poa_file_id, valid_until = excluded.valid_until,
                              created_by = excluded.created_by, created_at = now()""")
                .params(agencyId, client.id, req.poaFileId(), req.validUntil(), by.id())
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("client_id", client.id);
        details.put("poa_file_id", req.poaFileId());
        details.put(
                "valid_until",
                req.validUntil() == null ? null : req.validUntil().toString());
        details.put("replaced", existed);
        audit.record("subject.client_add", "subject", agencyId, details);
        return clientViews(agencyId, client.id, Paging.of(0, 1)).items().get(0);
    }

    /** A service agency's clients: for the agency's own applicant and staff. */
    @Transactional(readOnly = true)
    public PageResult<ClientView> clients(long agencyId, Paging paging, UserAccount user) {
        Long own = ownSubject(user);
        if (!isStaff(user) && (own == null || own != agencyId)) {
            throw denied();
        }
        load(agencyId);
        return clientViews(agencyId, null, paging);
    }

    private PageResult<ClientView> clientViews(long agencyId, Long clientId, Paging paging) {
        String where = " where c.agency_id = ?" + (clientId == null ? "" : " and c.client_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(agencyId);
        if (clientId != null) {
            params.add(clientId);
        }
        long total = jdbc.sql("select count(*) from agency_client c" + where)
                .params(params)
                .query(Long.class)
                .single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(paging.size());
        pageParams.add(paging.offset());
        LocalDate today = today();
        List<ClientView> items = jdbc.sql(
                        "select c.*, s.name, s.kind from agency_client c join subject s on s.id = c.client_id" + where
                                + " order by c.created_at desc, c.client_id limit ? offset ?")
                .params(pageParams)
                .query((rs, n) -> clientView(rs, agencyId, today))
                .list();
        return new PageResult<>(items, total, paging.page(), paging.size());
    }

    /** The longest search text {@link #activeClients} uses (a USCC has 18 characters, a name at most 200). */
    public static final int CLIENT_QUERY_MAX = 50;

    /**
     * The clients a service agency may file for now (valid_until empty or not yet past, as {@link #canFileFor}
     * checks) whose name or 统一社会信用代码 contains {@code query} (case-insensitive; blank: all), newest link
     * first, at most {@code limit}; with {@code clientId}, only that client if it is one of them. For the
     * agency's own applicant and staff, as {@link #clients}.
     */
    @Transactional(readOnly = true)
    public List<ClientView> activeClients(long agencyId, String query, Long clientId, int limit, UserAccount user) {
        Long own = ownSubject(user);
        if (!isStaff(user) && (own == null || own != agencyId)) {
            throw denied();
        }
        LocalDate today = today();
        StringBuilder sql =
                new StringBuilder("select c.*, s.name, s.kind from agency_client c join subject s on s.id = c.client_id"
                        + " where c.agency_id = ? and (c.valid_until is null or c.valid_until >= ?)");
        List<Object> params = new ArrayList<>(List.of(agencyId, today));
        if (clientId != null) {
            sql.append(" and c.client_id = ?");
            params.add(clientId);
        }
        String q = query == null ? "" : query.strip();
        if (q.length() > CLIENT_QUERY_MAX) {
            q = q.substring(0, CLIENT_QUERY_MAX);
        }
        if (!q.isEmpty()) {
            String like = Like.containing(q);
            sql.append(" and (s.name ilike ? or s.uscc ilike ?)");
            params.add(like);
            params.add(like);
        }
        sql.append(" order by c.created_at desc, c.client_id limit ?");
        params.add(Math.max(0, limit));
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> clientView(rs, agencyId, today))
                .list();
    }

    private static ClientView clientView(java.sql.ResultSet rs, long agencyId, LocalDate today)
            throws java.sql.SQLException {
        java.sql.Date until = rs.getDate("valid_until");
        LocalDate validUntil = until == null ? null : until.toLocalDate();
        return new ClientView(
                agencyId,
                rs.getLong("client_id"),
                rs.getString("name"),
                rs.getString("kind"),
                rs.getLong("poa_file_id"),
                validUntil,
                validUntil == null || !validUntil.isBefore(today),
                rs.getLong("created_by"),
                rs.getTimestamp("created_at").toInstant());
    }

    // ---------------------------------------------------------------- validation

    private static final String KINDS_ZH =
            "应为 enterprise（企业）、institution（事业单位）、other_org（其他组织）、person（自然人）或 service_agency（知识产权服务机构）";

    /** Checks a new subject completely; 400 naming every problem. */
    private Fields validateNew(SubjectRequest req) {
        LocalDate today = today();
        Problems p = new Problems();
        Fields f = new Fields();
        SubjectKind kind = req.kind() == null ? null : SubjectKind.fromId(req.kind());
        if (kind == null) {
            p.add(
                    "kind",
                    req.kind(),
                    "subject.kind",
                    "主体类型" + (req.kind() == null ? "必填，" : "无效，") + KINDS_ZH,
                    "kind is required: enterprise, institution, other_org, person or service_agency");
        } else {
            f.kind = kind.id();
        }
        f.name = validName(req.name(), p);
        boolean person = kind == SubjectKind.PERSON;
        if (kind != null && !person) {
            if (req.uscc() == null || req.uscc().isBlank()) {
                p.add(
                        "uscc",
                        req.uscc(),
                        Uscc.FORMAT,
                        "组织类主体须填写统一社会信用代码",
                        "an organisation needs its unified social credit code");
            } else {
                validUscc(req.uscc().strip().toUpperCase(Locale.ROOT), f, p);
            }
            if (req.idNumber() != null && !req.idNumber().isBlank()) {
                p.add(
                        "id_number",
                        Masking.idNumber(req.idNumber()),
                        "subject.id_number_not_for_org",
                        "组织类主体不填写身份证号码",
                        "an organisation has no resident ID number");
            }
        }
        if (person) {
            f.idNumber = validIdNumber(req.idNumber(), today, p);
            if (req.uscc() != null && !req.uscc().isBlank()) {
                p.add(
                        "uscc",
                        req.uscc(),
                        "subject.uscc_not_for_person",
                        "自然人没有统一社会信用代码",
                        "a natural person has no unified social credit code");
            }
        }
        f.registeredRegion = optionalRegion("registered_region", req.registeredRegion(), p);
        if (f.registeredRegion == null && f.uscc != null && (req.registeredRegion() == null)) {
            // the registering authority's region from the USCC, for staff to correct where it differs
            f.registeredRegion = Uscc.region(f.uscc);
        }
        f.householdRegion = optionalRegion("household_region", req.householdRegion(), p);
        if (f.householdRegion == null && f.idNumber != null && req.householdRegion() == null) {
            f.householdRegion = f.idNumber.substring(0, 6);
        }
        f.servedRegions = req.servedRegions() == null ? List.of() : servedRegions(req.servedRegions(), p);
        f.muGrade = req.muGrade() == null ? null : muGrade(req.muGrade(), p);
        f.address = req.address() == null ? null : optionalText("address", req.address(), 300, p);
        f.contactName = req.contactName() == null ? null : optionalText("contact_name", req.contactName(), 50, p);
        f.bankName = req.bankName() == null ? null : optionalText("bank_name", req.bankName(), 100, p);
        f.phone = req.phone() == null ? null : phone(req.phone(), p);
        f.bankAccount = req.bankAccount() == null ? null : bankAccount(req.bankAccount(), p);
        p.throwIfAny();
        return f;
    }

    private static String validName(String name, Problems p) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            p.add("name", name, "subject.name", "名称（姓名）必填", "the name is required");
            return null;
        }
        if (n.length() > 200) {
            p.add(
                    "name",
                    n.substring(0, 20) + "…",
                    "subject.name",
                    "名称不能超过 200 个字",
                    "the name may have at most 200 characters");
            return null;
        }
        return n;
    }

    private static void validUscc(String code, Fields f, Problems p) {
        IdCheck<String> r = Uscc.check(code);
        if (r.error()) {
            p.add("uscc", code, r.key(), r.message(), r.messageEn());
            return;
        }
        f.uscc = r.value();
        f.usccCheckFailed = r.warning();
    }

    private static String validIdNumber(String input, LocalDate today, Problems p) {
        IdCheck<ResidentId.Parsed> r = ResidentId.check(input, today);
        if (r.error()) {
            // the value in the answer is masked like everywhere else
            p.add("id_number", input == null ? null : Masking.idNumber(input), r.key(), r.message(), r.messageEn());
            return null;
        }
        return r.value().number();
    }

    /** A 6-digit code, or null for an empty string. */
    private static String optionalRegion(String field, String value, Problems p) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (!REGION.matcher(v).matches()) {
            p.add(field, value, "region.format", "行政区划代码应为 6 位数字，如 110117", "a region code has 6 digits, e.g. 110117");
            return null;
        }
        if (!org.ipaward.server.subject.ids.RegionCodes.knownProvince(v)) {
            p.add(field, value, "region.unknown", UNKNOWN_REGION_ZH, UNKNOWN_REGION_EN);
            return null;
        }
        return v;
    }

    private static List<String> servedRegions(List<String> values, Problems p) {
        if (values.size() > MAX_SERVED_REGIONS) {
            p.add(
                    "served_regions",
                    values.size(),
                    "served_regions.too_many",
                    "服务地区最多 " + MAX_SERVED_REGIONS + " 个",
                    "at most " + MAX_SERVED_REGIONS + " served regions");
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i) == null ? "" : values.get(i).strip();
            if (!REGION.matcher(v).matches()) {
                p.add(
                        "served_regions[" + i + "]",
                        values.get(i),
                        "region.format",
                        "行政区划代码应为 6 位数字，如 330703",
                        "a region code has 6 digits, e.g. 330703");
            } else if (!org.ipaward.server.subject.ids.RegionCodes.knownProvince(v)) {
                p.add(
                        "served_regions[" + i + "]",
                        values.get(i),
                        "region.unknown",
                        UNKNOWN_REGION_ZH,
                        UNKNOWN_REGION_EN);
            } else {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    private static String muGrade(String value, Problems p) {
        if (value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (UNRATED_WORDS.contains(v) || UNRATED.equalsIgnoreCase(v)) {
            return UNRATED;
        }
        v = v.toUpperCase(Locale.ROOT);
        if (!MU_GRADES.contains(v)) {
            p.add(
                    "mu_grade",
                    value,
                    "subject.mu_grade",
                    "亩均效益评价等级应为 A、B、C、D 或“未参评”（unrated）",
                    "the per-mu efficiency grade is A, B, C, D or unrated (not evaluated)");
            return null;
        }
        return v;
    }

    private static String optionalText(String field, String value, int max, Problems p) {
        String v = value.strip();
        if (v.isEmpty()) {
            return null;
        }
        if (v.length() > max) {
            p.add(
                    field,
                    v.substring(0, Math.min(20, v.length())) + "…",
                    "input.too_long",
                    field + " 不能超过 " + max + " 个字",
                    field + " may have at most " + max + " characters");
            return null;
        }
        return v;
    }

    private static String phone(String value, Problems p) {
        if (value.isBlank()) {
            return null;
        }
        String v = Contact.normalisePhone(value);
        if (!Contact.isPhone(v) || v.length() > 20) {
            p.add(
                    "phone",
                    Masking.phone(v),
                    "phone.format",
                    "电话号码应为 11 位手机号码或带区号的固定电话（如 010-61234567）",
                    "a phone number is an 11-digit mobile number or a landline with its area code (e.g. 010-61234567)");
            return null;
        }
        return v;
    }

    private static String bankAccount(String value, Problems p) {
        if (value.isBlank()) {
            return null;
        }
        String v = Contact.normaliseAccount(value);
        if (!Contact.isAccount(v)) {
            p.add(
                    "bank_account",
                    Masking.bankAccount(v),
                    "bank_account.format",
                    "银行账号应为 8 至 30 位数字",
                    "a bank account number has 8 to 30 digits");
            return null;
        }
        return v;
    }

    private static void addIfChanged(List<String> changed, String field, Object before, Object after) {
        if (before == null ? after != null : !before.equals(after)) {
            changed.add(field);
        }
    }

    /** 409 {@code subject.duplicate} when another subject has the same USCC or ID number. */
    private void checkUnique(Fields f, Long self, boolean editor) {
        long other = self == null ? -1 : self;
        if (f.uscc != null) {
            Optional<Long> dup = jdbc.sql("select id from subject where uscc = ? and id <> ?")
                    .params(f.uscc, other)
                    .query(Long.class)
                    .optional();
            if (dup.isPresent()) {
                throw duplicateUscc(dup.get(), editor);
            }
        }
        if (f.idNumber != null) {
            Optional<Long> dup = jdbc.sql("select id from subject where id_number_hmac = ? and id <> ?")
                    .params(blindIndex.of(f.idNumber), other)
                    .query(Long.class)
                    .optional();
            if (dup.isPresent()) {
                throw duplicateId(dup.get(), editor);
            }
        }
    }

    /** After a unique-index violation (a concurrent insert): which identifier clashed. */
    private ApiException duplicate(Fields f, Long self, boolean editor) {
        return f.uscc != null ? duplicateUscc(null, editor) : duplicateId(null, editor);
    }

    private static ApiException duplicateUscc(Long existing, boolean editor) {
        String ref = editor && existing != null ? "（主体编号 " + existing + "）" : "";
        String refEn = editor && existing != null ? " (subject " + existing + ")" : "";
        return new ApiException(
                HttpStatus.CONFLICT,
                "subject.duplicate",
                "该统一社会信用代码已登记" + ref + "，不能重复登记",
                "a subject with this unified social credit code already exists" + refEn,
                List.of(new ApiException.FieldProblem(
                        "uscc", null, "subject.duplicate", "统一社会信用代码已登记", "already registered")));
    }

    private static ApiException duplicateId(Long existing, boolean editor) {
        String ref = editor && existing != null ? "（主体编号 " + existing + "）" : "";
        String refEn = editor && existing != null ? " (subject " + existing + ")" : "";
        return new ApiException(
                HttpStatus.CONFLICT,
                "subject.duplicate",
                "该身份证号码已登记" + ref + "，不能重复登记",
                "a subject with this ID number already exists" + refEn,
                List.of(new ApiException.FieldProblem(
                        "id_number", null, "subject.duplicate", "身份证号码已登记", "already registered")));
    }

    private static ApiException identifierLocked(String field) {
        return new ApiException(
                HttpStatus.FORBIDDEN,
                "subject.identifier_locked",
                "统一社会信用代码和身份证号码登记后只能由受理人员更正",
                "the USCC and the ID number can only be corrected by an acceptor once registered",
                List.of(new ApiException.FieldProblem(
                        field, null, "subject.identifier_locked", "只能由受理人员更正", "only an acceptor may correct it")));
    }

    private static ApiException stale() {
        return ApiException.conflict(
                "concurrent.modification", "数据已被他人修改，请刷新后重试", "the data was changed by someone else; reload and retry");
    }

    private static ApiException denied() {
        return ApiException.forbidden(
                "access.denied", "无权执行此操作或查看此数据", "you are not allowed to do this or see this data");
    }

    // ---------------------------------------------------------------- rows and views

    static boolean isStaff(UserAccount u) {
        return u.roles().stream().anyMatch(STAFF::contains);
    }

    /**
     * Whether the user may see any subject ({@link #STAFF}: not a policy administrator alone), and so open any
     * application's review page, which shows its subject; the pages hide links that would end in a refusal.
     */
    public static boolean seesAnySubject(UserAccount u) {
        return u != null && isStaff(u);
    }

    static boolean isEditor(UserAccount u) {
        return u.roles().stream().anyMatch(EDITORS::contains);
    }

    /**
     * The user's subject as stored now: the session's copy when it has one (an account is linked to a subject
     * once, by {@link #create}, and never unlinked), otherwise read once per transaction (the session may
     * predate the subject's creation).
     */
    private Long ownSubject(UserAccount user) {
        if (user.subjectId() != null) {
            return user.subjectId();
        }
        return ownSubjects.get(user.id(), this::readOwnSubject);
    }

    private Long readOwnSubject(long userId) {
        return jdbc.sql("select subject_id from app_user where id = ?")
                .param(userId)
                .query((rs, n) -> (Long) rs.getObject(1, Long.class))
                .optional()
                .orElse(null);
    }

    /** Today in the server's clock (Beijing time). */
    private LocalDate today() {
        return LocalDate.now(clock);
    }

    /** A subject's row, read once per transaction until this service changes a subject ({@link #rows}). */
    private Optional<Row> find(long id) {
        return rows.get(id, this::readRow);
    }

    private Optional<Row> readRow(long id) {
        return jdbc.sql("select * from subject where id = ?")
                .param(id)
                .query((rs, n) -> read(rs))
                .optional();
    }

    private Row load(long id) {
        return find(id).orElseThrow(() -> ApiException.notFound("subject", id));
    }

    private Row loadForUpdate(long id) {
        return jdbc.sql("select * from subject where id = ? for update")
                .param(id)
                .query((rs, n) -> read(rs))
                .optional()
                .orElseThrow(() -> ApiException.notFound("subject", id));
    }

    private SubjectView view(Row r) {
        List<SubjectView.Warning> warnings = new ArrayList<>();
        if (r.usccCheckFailed && r.usccConfirmedBy == null) {
            IdCheck<String> c = Uscc.check(r.uscc);
            warnings.add(new SubjectView.Warning(
                    Uscc.CHECK_FAILED,
                    c.warning() ? c.message() : "统一社会信用代码校验位不符，需工作人员核实确认",
                    c.warning() ? c.messageEn() : "the USCC's check character does not match; staff must confirm it"));
        }
        SubjectKind kind = SubjectKind.fromId(r.kind);
        return new SubjectView(
                r.id,
                r.kind,
                kind == null ? r.kind : kind.label().zh(),
                r.name,
                r.uscc,
                r.usccCheckFailed,
                r.usccConfirmedBy,
                r.usccConfirmedAt,
                r.idNumberMasked,
                r.registeredRegion,
                r.householdRegion,
                r.servedRegions,
                r.muGrade,
                r.address,
                r.contactName,
                r.phoneMasked,
                r.bankName,
                r.bankAccountMasked,
                r.createdAt,
                r.updatedAt,
                r.version,
                warnings);
    }

    private static Row read(ResultSet rs) throws SQLException {
        Row r = new Row();
        r.id = rs.getLong("id");
        r.kind = rs.getString("kind");
        r.name = rs.getString("name");
        r.uscc = rs.getString("uscc");
        r.usccCheckFailed = rs.getBoolean("uscc_check_failed");
        r.usccConfirmedBy = rs.getObject("uscc_confirmed_by", Long.class);
        Timestamp confirmedAt = rs.getTimestamp("uscc_confirmed_at");
        r.usccConfirmedAt = confirmedAt == null ? null : confirmedAt.toInstant();
        r.idNumberEnc = rs.getString("id_number_enc");
        r.idNumberHmac = rs.getString("id_number_hmac");
        r.idNumberMasked = rs.getString("id_number_masked");
        r.registeredRegion = rs.getString("registered_region");
        r.householdRegion = rs.getString("household_region");
        r.servedRegions = JSON.readValue(rs.getString("served_regions"), new TypeReference<List<String>>() {});
        r.muGrade = rs.getString("mu_grade");
        r.address = rs.getString("address");
        r.contactName = rs.getString("contact_name");
        r.phoneEnc = rs.getString("phone_enc");
        r.phoneMasked = rs.getString("phone_masked");
        r.bankName = rs.getString("bank_name");
        r.bankAccountEnc = rs.getString("bank_account_enc");
        r.bankAccountMasked = rs.getString("bank_account_masked");
        r.createdAt = rs.getTimestamp("created_at").toInstant();
        r.updatedAt = rs.getTimestamp("updated_at").toInstant();
        r.version = rs.getInt("version");
        return r;
    }

    /** A subject row as stored (sensitive fields encrypted). */
    private static final class Row {
        long id;
        String kind;
        String name;
        String uscc;
        boolean usccCheckFailed;
        Long usccConfirmedBy;
        Instant usccConfirmedAt;
        String idNumberEnc;
        String idNumberHmac;
        String idNumberMasked;
        String registeredRegion;
        String householdRegion;
        List<String> servedRegions;
        String muGrade;
        String address;
        String contactName;
        String phoneEnc;
        String phoneMasked;
        String bankName;
        String bankAccountEnc;
        String bankAccountMasked;
        Instant createdAt;
        Instant updatedAt;
        int version;
    }

    /** Checked values about to be written (sensitive ones in plain text, only in memory). */
    private static final class Fields {
        String kind;
        String name;
        String uscc;
        boolean usccCheckFailed;
        String idNumber;
        String registeredRegion;
        String householdRegion;
        List<String> servedRegions = List.of();
        String muGrade;
        String address;
        String contactName;
        String phone;
        String bankName;
        String bankAccount;

        /** The current values (without the encrypted ones, which only change when given). */
        static Fields of(Row r) {
            Fields f = new Fields();
            f.kind = r.kind;
            f.name = r.name;
            f.uscc = r.uscc;
            f.usccCheckFailed = r.usccCheckFailed;
            f.registeredRegion = r.registeredRegion;
            f.householdRegion = r.householdRegion;
            f.servedRegions = r.servedRegions;
            f.muGrade = r.muGrade;
            f.address = r.address;
            f.contactName = r.contactName;
            f.bankName = r.bankName;
            return f;
        }
    }
}

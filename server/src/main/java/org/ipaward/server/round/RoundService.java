package org.ipaward.server.round;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.config.Like;
import org.ipaward.server.config.TransactionMemo;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.security.Actor;
import org.ipaward.server.settings.Settings;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rounds of applications (集中申报批次): opening one for the current version of a policy, editing,
 * closing, listing, the submission window, and the budget against the ledger. Every change is audited
 * ({@code round.open}, {@code round.update}, {@code round.close}).
 *
 * <p>A round's {@code year} is the <b>filing year</b> (申报年度), the year the claims are filed in. The
 * matters claimed are of the matter year = filing year − the policy's {@code matter_year_offset} (Pinggu
 * and Jindong: 1, so a 2026 round takes matters of 2025); the policy must cover the matter year.
 */
@Service
public class RoundService {
    public static final int MAX_TITLE = 200;
    public static final int MAX_NOTICE = 20_000;
    public static final int MIN_YEAR = 2000;
    public static final int MAX_YEAR = 2100;

    /**
     * A round as requested: for opening, {@code policy_id}, {@code year}, {@code title}, {@code opens_at},
     * {@code closes_at}, {@code budget} and {@code budget_rule} are required; for editing, a missing field
     * keeps its value. {@code budget} is a string ("5000000.00") or a number; times are ISO-8601 with an
     * offset, or a local date-time read as Beijing time.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RoundRequest(
            @Schema(description = "政策 id（仅开启时）", example = "pinggu-2025") String policyId,
            @Schema(
                            description = "申报年度（filing year）；事项年度 = 申报年度 − matter_year_offset",
                            type = "integer",
                            example = "2026")
                    Object year,
            @Schema(example = "2026年度平谷区知识产权奖补集中申报") String title,
            @Schema(description = "申报通知") String notice,
            @Schema(description = "开始时间，ISO-8601 带时区，或北京时间 2026-03-01 09:00", example = "2026-03-01T09:00:00+08:00")
                    String opensAt,
            @Schema(description = "截止时间（不含），须晚于开始时间", example = "2026-03-31T17:00:00+08:00") String closesAt,
            @Schema(description = "申报措施 id；不填为政策全部可申报措施") List<String> measures,
            @Schema(description = "预算（元），字符串或数字，≥ 0，最多两位小数", type = "string", example = "5000000.00") Object budget,
            @Schema(
                            description = "超预算规则",
                            allowableValues = {"pro_rata", "stop"})
                    String budgetRule,
            @Schema(description = "公示期（工作日，1–30），默认取系统设置 publicity.days", type = "integer", example = "5")
                    Object publicityDays) {}

    /** Filters for listing rounds; any may be {@code null}. */
    public record Filter(String policyId, Integer year, String status, Boolean openNow, String q) {}

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final PolicyRegistry policies;
    private final Settings settings;
    private final AuditLog audit;
    private final JsonMapper json = JsonMapper.builder().build();
    private final TransactionMemo<Long, Round> read = new TransactionMemo<>();

    public RoundService(JdbcClient jdbc, PolicyRegistry policies, Settings settings, AuditLog audit) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.settings = settings;
        this.audit = audit;
    }

    // ---- reading ------------------------------------------------------------------------------------

    /**
     * A round by id; 404 {@code round.not_found} when there is none. Read once per transaction (a submission
     * needs its round at each step); this service forgets it when it changes a round.
     */
    @Transactional(readOnly = true)
    public Round get(long id) {
        return read.get(id, this::load);
    }

    private Round load(long id) {
        return jdbc.sql("select * from round where id = ?")
                .param(id)
                .query((rs, n) -> read(rs))
                .optional()
                .orElseThrow(() -> ApiException.notFound("round", id));
    }

    /**
     * A round by id, its row locked until the current transaction ends: approvals that check the budget
     * of a {@code stop} round take this lock first so two cannot both pass the last yuan.
     */
    @Transactional
    public Round lock(long id) {
        return jdbc.sql("select * from round where id = ? for update")
                .param(id)
                .query((rs, n) -> read(rs))
                .optional()
                .orElseThrow(() -> ApiException.notFound("round", id));
    }

    /** The matter year of a round's claims: its filing year minus the policy's matter-year offset. */
    public int matterYear(Round r) {
        Integer offset = policies.version(r.policyVersionId()).policy().matterYearOffset();
        return r.year() - (offset == null ? 0 : offset);
    }

    /**
     * Refuses with 409 unless applications can be submitted to the round at {@code now}: {@code round.closed}
     * when staff closed it, {@code round.not_open} outside the window {@code [opens_at, closes_at)}.
     */
    public void requireOpen(Round r, Instant now) {
        if (Round.CLOSED.equals(r.status())) {
            throw ApiException.conflict(
                    "round.closed",
                    "本批次（" + r.title() + "）已由工作人员关闭，不再接受申报",
                    "this round (" + r.title() + ") has been closed by staff and accepts no more applications");
        }
        if (!r.accepting(now)) {
            String from = Inputs.shown(r.opensAt());
            String to = Inputs.shown(r.closesAt());
            throw ApiException.conflict(
                    "round.not_open",
                    "本批次申报窗口为 " + from + " 至 " + to + "（北京时间），当前不在申报时间内",
                    "this round accepts applications from " + from + " to " + to
                            + " (Beijing time); it is not open now");
        }
    }

    /** The round's budget against the ledger entries held for it (not released), in total and per measure. */
    @Transactional(readOnly = true)
    public BudgetSummary budget(long roundId) {
        Round r = get(roundId);
        record Row(String measureId, String status, BigDecimal amount, long entries) {}
        List<Row> rows = jdbc.sql(
                        """
                        select measure_id, status, coalesce(sum(amount), 0), count(*) from ledger_entry
                        where round_id = ? and status <> 'released' group by measure_id, status""")
                .param(roundId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getLong(4)))
                .list();
        BigDecimal zero = BigDecimal.ZERO.setScale(2);
        Map<String, BigDecimal[]> perMeasure = new LinkedHashMap<>();
        Map<String, Long> perMeasureEntries = new LinkedHashMap<>();
        for (String m : r.measures()) {
            perMeasure.put(m, new BigDecimal[] {zero, zero, zero});
            perMeasureEntries.put(m, 0L);
        }
        BigDecimal[] total = {zero, zero, zero};
        long entries = 0;
        for (Row row : rows) {
            int slot =
                    switch (row.status()) {
                        case "reserved" -> 0;
                        case "approved" -> 1;
                        default -> 2;
                    };
            BigDecimal[] m = perMeasure.computeIfAbsent(row.measureId(), k -> new BigDecimal[] {zero, zero, zero});
            m[slot] = m[slot].add(row.amount());
            perMeasureEntries.merge(row.measureId(), row.entries(), Long::sum);
            total[slot] = total[slot].add(row.amount());
            entries += row.entries();
        }
        List<BudgetSummary.MeasureTotal> measures = new ArrayList<>();
        perMeasure.forEach((id, m) -> measures.add(new BudgetSummary.MeasureTotal(
                id, perMeasureEntries.get(id), m[0], m[1], m[2], m[0].add(m[1]).add(m[2]))));
        BigDecimal committed = total[0].add(total[1]).add(total[2]);
        BigDecimal budget = r.budget();
        boolean over = committed.compareTo(budget) > 0;
        BigDecimal factor =
                over && Round.PRO_RATA.equals(r.budgetRule()) ? budget.divide(committed, 10, RoundingMode.DOWN) : null;
        return new BudgetSummary(
                r.id(),
                r.budgetRule(),
                budget,
                total[0],
                total[1],
                total[2],
                committed,
                over ? zero : budget.subtract(committed),
                over ? committed.subtract(budget) : zero,
                over,
                factor,
                entries,
                measures);
    }

    /** Rounds matching the filters, newest window first. */
    @Transactional(readOnly = true)
    public PageResult<Round> list(Filter f, Paging paging, Instant now) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> params = new ArrayList<>();
        if (f.policyId() != null && !f.policyId().isBlank()) {
            where.append(" and policy_id = ?");
            params.add(f.policyId().strip());
        }
        if (f.year() != null) {
            where.append(" and year = ?");
            params.add(f.year());
        }
        if (f.status() != null && !f.status().isBlank()) {
            String s = f.status().strip();
            if (!s.equals(Round.OPEN) && !s.equals(Round.CLOSED)) {
                throw ApiException.invalid(
                        "status",
                        s,
                        "round.status_invalid",
                        "状态“" + s + "”不存在，应为 open（进行中）或 closed（已关闭）",
                        "status must be open or closed, not \"" + s + "\"");
            }
            where.append(" and status = ?");
            params.add(s);
        }
        if (Boolean.TRUE.equals(f.openNow())) {
            where.append(" and status = 'open' and opens_at <= ? and closes_at > ?");
            params.add(Timestamp.from(now));
            params.add(Timestamp.from(now));
        }
        if (f.q() != null && !f.q().isBlank()) {
            String like = Like.containing(f.q().strip());
            where.append(" and (title ilike ? or notice ilike ? or policy_id ilike ?)");
            params.add(like);
            params.add(like);
            params.add(like);
        }
        long total = jdbc.sql("select count(*) from round" + where)
                .params(params)
                .query(Long.class)
                .single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(paging.size());
        pageParams.add(paging.offset());
        List<Round> items = jdbc.sql(
                        "select * from round" + where + " order by opens_at desc, id desc limit ? offset ?")
                .params(pageParams)
                .query((rs, n) -> read(rs))
                .list();
        return new PageResult<>(items, total, paging.page(), paging.size());
    }

    /** Rounds open for applications now or later (not closed, window not yet passed), soonest first. */
    @Transactional(readOnly = true)
    public List<Round> openAndUpcoming(Instant now) {
        return jdbc.sql("select * from round where status = 'open' and closes_at > ? order by opens_at, id")
                .param(Timestamp.from(now))
                .query((rs, n) -> read(rs))
                .list();
    }

    /** Who opened, last changed and closed a round, and when. */
    public record Meta(
            String createdBy,
            Instant createdAt,
            String updatedBy,
            Instant updatedAt,
            String closedBy,
            Instant closedAt) {}

    @Transactional(readOnly = true)
    public Meta meta(long roundId) {
        return jdbc.sql(
                        """
                        select c.username, r.created_at, u.username, r.updated_at, x.username, r.closed_at
                        from round r join app_user c on c.id = r.created_by
                        left join app_user u on u.id = r.updated_by left join app_user x on x.id = r.closed_by
                        where r.id = ?""")
                .param(roundId)
                .query((rs, n) -> new Meta(
                        rs.getString(1),
                        instant(rs.getTimestamp(2)),
                        rs.getString(3),
                        instant(rs.getTimestamp(4)),
                        rs.getString(5),
                        instant(rs.getTimestamp(6))))
                .optional()
                .orElseThrow(() -> ApiException.notFound("round", roundId));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** How many applications a round has (of any state). */
    @Transactional(readOnly = true)
    public long applications(long roundId) {
        return jdbc.sql("select count(*) from application where round_id = ?")
                .param(roundId)
                .query(Long.class)
                .single();
    }

    // ---- changing -----------------------------------------------------------------------------------

    /** Opens a round for the current version of a policy; audited as {@code round.open}. */
    @Transactional
    public Round create(RoundRequest req) {
        long actor = Actor.require().id();
        Problems problems = new Problems();
        PolicyRegistry.Version version = null;
        if (req.policyId() == null || req.policyId().isBlank()) {
            problems.add(
                    "policy_id",
                    req.policyId(),
                    "round.policy_required",
                    "请选择政策（policy_id，可选：" + knownPolicies() + "）",
                    "policy_id is required (one of: " + knownPolicies() + ")");
        } else {
            version = policies.findCurrent(req.policyId().strip()).orElse(null);
            if (version == null) {
                problems.add(
                        "policy_id",
                        req.policyId(),
                        "round.policy_unknown",
                        "未知的政策“" + req.policyId() + "”（可选：" + knownPolicies() + "）",
                        "unknown policy \"" + req.policyId() + "\" (one of: " + knownPolicies() + ")");
            }
        }
        Integer year = year(req.year(), problems);
        if (version != null && year != null) {
            checkCoversYear(version.policy(), year, problems);
        }
        String title = title(req.title(), true, problems);
        String notice = notice(req.notice(), problems);
        Instant opens = time("opens_at", req.opensAt(), true, problems);
        Instant closes = time("closes_at", req.closesAt(), true, problems);
        checkWindow(opens, closes, problems);
        List<String> measures = version == null ? null : measures(version.policy(), req.measures(), problems);
        BigDecimal budget = budget(req.budget(), true, problems);
        String rule = budgetRule(req.budgetRule(), true, problems);
        Integer publicity = req.publicityDays() == null
                ? Integer.valueOf(settings.publicityDays())
                : publicityDays(req.publicityDays(), problems);
        problems.throwIfAny();

        long id = jdbc.sql(
                        """
                        insert into round (policy_version_id, policy_id, year, title, notice, opens_at, closes_at,
                            measures, budget, budget_rule, publicity_days, created_by, updated_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) returning id""")
                .params(
                        version.id(),
                        version.policyId(),
                        year,
                        title,
                        notice,
                        Timestamp.from(opens),
                        Timestamp.from(closes),
                        json.writeValueAsString(measures),
                        budget,
                        rule,
                        publicity,
                        actor,
                        actor)
                .query(Long.class)
                .single();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("policy_id", version.policyId());
        details.put("policy_version_id", version.id());
        details.put("policy_version_label", version.label());
        details.put("policy_sha256", version.sha256());
        details.put("year", year);
        details.put("matter_year", year - offset(version.policy()));
        details.put("title", title);
        details.put("opens_at", Inputs.iso(opens));
        details.put("closes_at", Inputs.iso(closes));
        details.put("measures", measures);
        details.put("budget", Inputs.money(budget));
        details.put("budget_rule", rule);
        details.put("publicity_days", publicity);
        audit.record("round.open", "round", id, details);
        return get(id);
    }

    /**
     * Changes a round's title, notice, window, budget, budget rule or publicity period, and its measures
     * while it has no applications. The policy and the year are fixed. Audited as {@code round.update}
     * with each changed field before and after; a request that changes nothing records nothing.
     */
    @Transactional
    public Round update(long id, RoundRequest req) {
        long actor = Actor.require().id();
        Round r = lock(id);
        Problems problems = new Problems();
        if (req.policyId() != null && !req.policyId().strip().equals(r.policyId())) {
            problems.add(
                    "policy_id",
                    req.policyId(),
                    "round.policy_fixed",
                    "批次的政策不能修改（本批次为 " + r.policyId() + "），如需其他政策请新建批次",
                    "a round's policy cannot change (this one is " + r.policyId() + "); open a new round instead");
        }
        if (req.year() != null) {
            Integer y = Inputs.integer(req.year());
            if (y == null || y != r.year()) {
                problems.add(
                        "year",
                        req.year(),
                        "round.year_fixed",
                        "批次的申报年度不能修改（本批次为 " + r.year() + " 年），如需其他年度请新建批次",
                        "a round's year cannot change (this one is " + r.year() + "); open a new round instead");
            }
        }
        Policy policy = policies.version(r.policyVersionId()).policy();
        String title = req.title() == null ? r.title() : title(req.title(), true, problems);
        String notice = req.notice() == null ? r.notice() : notice(req.notice(), problems);
        Instant opens = req.opensAt() == null ? r.opensAt() : time("opens_at", req.opensAt(), true, problems);
        Instant closes = req.closesAt() == null ? r.closesAt() : time("closes_at", req.closesAt(), true, problems);
        checkWindow(opens, closes, problems);
        List<String> measures = req.measures() == null ? r.measures() : measures(policy, req.measures(), problems);
        BigDecimal budget = req.budget() == null ? r.budget() : budget(req.budget(), true, problems);
        String rule = req.budgetRule() == null ? r.budgetRule() : budgetRule(req.budgetRule(), true, problems);
        Integer publicity = req.publicityDays() == null
                ? Integer.valueOf(r.publicityDays())
                : publicityDays(req.publicityDays(), problems);
        problems.throwIfAny();

        boolean measuresChanged = !new HashSet<>(measures).equals(new HashSet<>(r.measures()));
        if (measuresChanged) {
            long apps = applications(id);
            if (apps > 0) {
                throw ApiException.conflict(
                        "round.measures_locked",
                        "本批次已有 " + apps + " 份申报，不能再修改申报措施",
                        "this round already has " + apps + " applications; its measures can no longer change");
            }
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        change(changes, "title", r.title(), title);
        change(changes, "notice", r.notice(), notice);
        change(changes, "opens_at", Inputs.iso(r.opensAt()), Inputs.iso(opens));
        change(changes, "closes_at", Inputs.iso(r.closesAt()), Inputs.iso(closes));
        if (measuresChanged) {
            changes.put("measures", Map.of("before", r.measures(), "after", measures));
        }
        if (budget.compareTo(r.budget()) != 0) {
            changes.put("budget", Map.of("before", Inputs.money(r.budget()), "after", Inputs.money(budget)));
        }
        change(changes, "budget_rule", r.budgetRule(), rule);
        change(changes, "publicity_days", r.publicityDays(), publicity);
        if (changes.isEmpty()) {
            return r;
        }
        jdbc.sql(
                        """
                        update round set title = ?, notice = ?, opens_at = ?, closes_at = ?, measures = ?::jsonb,
                            budget = ?, budget_rule = ?, publicity_days = ?, updated_at = now(), updated_by = ?
                        where id = ?""")
                .params(
                        title,
                        notice,
                        Timestamp.from(opens),
                        Timestamp.from(closes),
                        json.writeValueAsString(measuresChanged ? measures : r.measures()),
                        budget,
                        rule,
                        publicity,
                        actor,
                        id)
                .update();
        read.forget();
        audit.record("round.update", "round", id, Map.of("changes", changes));
        return get(id);
    }

    /** Closes a round: no more applications, whatever the window says. Audited as {@code round.close}. */
    @Transactional
    public Round close(long id) {
        long actor = Actor.require().id();
        Round r = lock(id);
        if (Round.CLOSED.equals(r.status())) {
            throw ApiException.conflict("round.already_closed", "本批次已经关闭", "this round is already closed");
        }
        jdbc.sql(
                        "update round set status = 'closed', closed_at = now(), closed_by = ?, updated_at = now(), updated_by = ? where id = ?")
                .params(actor, actor, id)
                .update();
        read.forget();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("title", r.title());
        details.put("opens_at", Inputs.iso(r.opensAt()));
        details.put("closes_at", Inputs.iso(r.closesAt()));
        details.put("applications", applications(id));
        audit.record("round.close", "round", id, details);
        return get(id);
    }

    // ---- checks -------------------------------------------------------------------------------------

    private Integer year(Object value, Problems problems) {
        if (value == null) {
            problems.add("year", null, "round.year_required", "请填写申报年度（year）", "year is required");
            return null;
        }
        Integer y = Inputs.integer(value);
        if (y == null || y < MIN_YEAR || y > MAX_YEAR) {
            problems.add(
                    "year",
                    value,
                    "round.year_invalid",
                    "申报年度“" + value + "”无效，应为 " + MIN_YEAR + " 到 " + MAX_YEAR + " 之间的年份",
                    "year \"" + value + "\" must be a year from " + MIN_YEAR + " to " + MAX_YEAR);
            return null;
        }
        return y;
    }

    private static int offset(Policy p) {
        return p.matterYearOffset() == null ? 0 : p.matterYearOffset();
    }

    private static void checkCoversYear(Policy p, int year, Problems problems) {
        int offset = offset(p);
        int matterYear = year - offset;
        if (p.coversYear(matterYear)) {
            return;
        }
        String from = p.effectiveFrom() == null ? "不限" : p.effectiveFrom().toString();
        String to = p.effectiveTo() == null ? "长期" : p.effectiveTo().toString();
        String matterZh = offset == 0
                ? "申报年度 " + year + " 年"
                : "申报年度 " + year + " 年对应的事项年度为 " + matterYear + " 年（申报年度的上" + (offset == 1 ? "一" : offset + "个")
                        + "年度）";
        problems.add(
                "year",
                year,
                "round.year_not_covered",
                "《" + p.title().zh() + "》有效期为 " + from + " 至 " + to + "，不涵盖 " + matterYear + " 年度的事项：" + matterZh,
                "the policy is in effect "
                        + (p.effectiveFrom() == null ? "" : "from " + from + " ")
                        + (p.effectiveTo() == null ? "with no end date" : "to " + to)
                        + " and does not cover matters of " + matterYear + " (filing year " + year + ", matter year "
                        + matterYear + ")");
    }

    private static String title(String value, boolean required, Problems problems) {
        String t = value == null ? null : value.strip();
        if (t == null || t.isEmpty()) {
            if (required) {
                problems.add("title", value, "round.title_required", "请填写批次名称（title）", "title is required");
            }
            return null;
        }
        if (t.length() > MAX_TITLE) {
            problems.add(
                    "title",
                    t.substring(0, 20) + "…",
                    "round.title_too_long",
                    "批次名称不能超过 " + MAX_TITLE + " 个字（现为 " + t.length() + " 个字）",
                    "title must be at most " + MAX_TITLE + " characters (it has " + t.length() + ")");
        }
        return t;
    }

    private static String notice(String value, Problems problems) {
        String n = value == null ? "" : value.strip();
        if (n.length() > MAX_NOTICE) {
            problems.add(
                    "notice",
                    n.substring(0, 20) + "…",
                    "round.notice_too_long",
                    "申报通知不能超过 " + MAX_NOTICE + " 个字（现为 " + n.length() + " 个字）",
                    "notice must be at most " + MAX_NOTICE + " characters (it has " + n.length() + ")");
        }
        return n;
    }

    private static Instant time(String field, String value, boolean required, Problems problems) {
        if (value == null || value.isBlank()) {
            if (required) {
                String zh = field.equals("opens_at") ? "申报开始时间" : "申报截止时间";
                problems.add(
                        field,
                        value,
                        "round." + field + "_required",
                        "请填写" + zh + "（" + field + "）",
                        field + " is required");
            }
            return null;
        }
        Instant t = Inputs.time(value);
        if (t == null) {
            problems.add(
                    field,
                    value,
                    "round.time_invalid",
                    field + " 的时间“" + value + "”格式不正确，应为 2026-03-01T09:00:00+08:00 或 2026-03-01 09:00（北京时间），年份在 "
                            + MIN_YEAR + "–" + MAX_YEAR + " 之间",
                    field + " \"" + value
                            + "\" must be like 2026-03-01T09:00:00+08:00 or 2026-03-01 09:00 (Beijing time)");
        }
        return t;
    }

    private static void checkWindow(Instant opens, Instant closes, Problems problems) {
        if (opens != null && closes != null && !closes.isAfter(opens)) {
            problems.add(
                    "closes_at",
                    Inputs.iso(closes),
                    "round.window_invalid",
                    "申报截止时间（" + Inputs.shown(closes) + "）须晚于开始时间（" + Inputs.shown(opens) + "）",
                    "closes_at (" + Inputs.shown(closes) + ") must be after opens_at (" + Inputs.shown(opens) + ")");
        }
    }

    /** The measures offered: all claimable measures of the policy when not given, else the ones named. */
    private static List<String> measures(Policy p, List<String> requested, Problems problems) {
        if (requested == null) {
            return p.measures().stream()
                    .filter(m -> !m.indicator())
                    .map(Measure::id)
                    .toList();
        }
        if (requested.isEmpty()) {
            problems.add(
                    "measures",
                    "[]",
                    "round.measures_empty",
                    "申报措施不能为空；不填则为政策的全部措施",
                    "measures must not be empty; leave it out to offer every measure");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String id : requested) {
            String m = id == null ? null : id.strip();
            Measure measure = m == null ? null : p.measure(m);
            if (measure == null) {
                problems.add(
                        "measures",
                        id,
                        "round.measure_unknown",
                        "政策 " + p.id() + " 中没有措施“" + id + "”",
                        "policy " + p.id() + " has no measure \"" + id + "\"");
            } else if (measure.indicator()) {
                problems.add(
                        "measures",
                        id,
                        "round.measure_indicator",
                        "措施“" + id + "”（" + measure.title().zh() + "）只是工作目标，不接受申报",
                        "measure \"" + id + "\" is a target, not something to claim");
            } else if (!seen.add(m)) {
                problems.add(
                        "measures",
                        id,
                        "round.measure_duplicate",
                        "措施“" + id + "”重复列出",
                        "measure \"" + id + "\" is listed twice");
            } else {
                out.add(m);
            }
        }
        return out;
    }

    private static BigDecimal budget(Object value, boolean required, Problems problems) {
        if (value == null) {
            if (required) {
                problems.add(
                        "budget",
                        null,
                        "round.budget_required",
                        "请填写本批次预算（budget，单位元，如 \"5000000.00\"）",
                        "budget is required (yuan, e.g. \"5000000.00\")");
            }
            return null;
        }
        BigDecimal b = Inputs.decimal(value);
        if (b == null) {
            problems.add(
                    "budget",
                    value,
                    "round.budget_invalid",
                    "预算“" + value + "”不是有效金额，应为以元为单位的数字，如 \"5000000.00\"",
                    "budget \"" + value + "\" is not an amount of yuan such as \"5000000.00\"");
            return null;
        }
        if (b.signum() < 0) {
            problems.add("budget", value, "round.budget_negative", "预算不能为负数", "budget must not be negative");
            return null;
        }
        if (b.stripTrailingZeros().scale() > 2) {
            problems.add(
                    "budget",
                    value,
                    "round.budget_scale",
                    "预算“" + value + "”最多保留两位小数（精确到分）",
                    "budget \"" + value + "\" has more than two decimals");
            return null;
        }
        BigDecimal out = b.setScale(2, RoundingMode.UNNECESSARY);
        if (out.precision() - out.scale() > Inputs.MAX_MONEY_INTEGER_DIGITS) {
            problems.add(
                    "budget",
                    value,
                    "round.budget_too_large",
                    "预算“" + value + "”过大（最多 " + Inputs.MAX_MONEY_INTEGER_DIGITS + " 位整数）",
                    "budget \"" + value + "\" is too large");
            return null;
        }
        return out;
    }

    private static String budgetRule(String value, boolean required, Problems problems) {
        String v = value == null ? null : value.strip().toLowerCase(Locale.ROOT);
        if (v == null || v.isEmpty()) {
            if (required) {
                problems.add(
                        "budget_rule",
                        value,
                        "round.budget_rule_required",
                        "请选择超预算规则（budget_rule）：pro_rata（按比例核减）或 stop（停止审批）",
                        "budget_rule is required: pro_rata or stop");
            }
            return null;
        }
        if (!v.equals(Round.PRO_RATA) && !v.equals(Round.STOP)) {
            problems.add(
                    "budget_rule",
                    value,
                    "round.budget_rule_invalid",
                    "超预算规则“" + value + "”无效，应为 pro_rata（按比例核减）或 stop（停止审批）",
                    "budget_rule \"" + value + "\" must be pro_rata or stop");
            return null;
        }
        return v;
    }

    private static Integer publicityDays(Object value, Problems problems) {
        Integer d = Inputs.integer(value);
        if (d == null || d < 1 || d > 30) {
            problems.add(
                    "publicity_days",
                    value,
                    "round.publicity_days_invalid",
                    "公示期“" + value + "”无效，应为 1 到 30 个工作日",
                    "publicity_days \"" + value + "\" must be 1 to 30 working days");
            return null;
        }
        return d;
    }

    private String knownPolicies() {
        return String.join(
                ", ", policies.currentVersions().stream().map(v -> v.policyId()).toList());
    }

    private static void change(Map<String, Object> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("before", before);
            m.put("after", after);
            changes.put(field, m);
        }
    }

    private Round read(ResultSet rs) throws SQLException {
        return new Round(
                rs.getLong("id"),
                rs.getLong("policy_version_id"),
                rs.getString("policy_id"),
                rs.getInt("year"),
                rs.getString("title"),
                rs.getString("notice"),
                rs.getTimestamp("opens_at").toInstant(),
                rs.getTimestamp("closes_at").toInstant(),
                List.copyOf(json.readValue(rs.getString("measures"), STRINGS)),
                rs.getBigDecimal("budget"),
                rs.getString("budget_rule"),
                rs.getInt("publicity_days"),
                rs.getString("status"));
    }
}

package org.ipaward.server.indicator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.Text;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A policy's indicators (工作目标, e.g. Jindong section 一: invention patents growing ≥ 10% a year, ≥ 6
 * high-value invention patents per 10,000 people…) against the actual values the office enters per year.
 * Numbers are exact ({@code BigDecimal}); a ratio is stored as a ratio (0.1 = 10%) and entered as a
 * percentage. An actual value exactly at the target meets it (≥). Every entry is audited as
 * {@code indicator.set} with the value before and after.
 */
@Service
public class IndicatorService {
    public static final String RATIO = "ratio";
    public static final String QUALITATIVE = "qualitative";
    public static final java.util.Set<String> UNITS =
            java.util.Set.of(RATIO, "per_10k_people", "per_million_people", "enterprises");
    public static final int MAX_DECIMALS = 4;
    public static final int MAX_NOTE = 500;
    public static final int MAX_SOURCE = 300;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal LIMIT = new BigDecimal("1000000000000");

    /** Met, not met, or nothing entered yet. */
    public enum Status {
        MET,
        NOT_MET,
        NOT_ENTERED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One indicator in one year: its text, unit, clause and target (from the policy), the value entered (in
     * the indicator's unit; {@code null} when none or qualitative), {@code achieved} for a qualitative one,
     * the status and, for a numeric target, how far along it is (0–100, for a bar).
     */
    public record Row(
            String policyId,
            String indicatorId,
            Text text,
            String unit,
            String clause,
            BigDecimal target,
            int year,
            BigDecimal value,
            Boolean achieved,
            Status status,
            int progress,
            String note,
            String source,
            String enteredBy,
            Instant enteredAt) {

        public boolean qualitative() {
            return QUALITATIVE.equals(unit) || target == null;
        }

        /** The target as people read it: a ratio as a percentage (0.10 → 10), else as it is. */
        public String targetShown() {
            return shown(target, unit);
        }

        public String valueShown() {
            return shown(value, unit);
        }

        public boolean percent() {
            return RATIO.equals(unit);
        }

        /** The unit for the message keys: one of the units the pages know, else {@code number}. */
        public String unitKey() {
            return unit != null && UNITS.contains(unit) ? unit : "number";
        }
    }

    /** What the office enters: the value as typed (a percentage for a ratio) or achieved yes/no. */
    public record Entry(
            String policyId,
            String indicatorId,
            Object year,
            String value,
            String achieved,
            String note,
            String source) {}

    private final JdbcClient jdbc;
    private final PolicyRegistry policies;
    private final AuditLog audit;
    private final Clock clock;

    public IndicatorService(JdbcClient jdbc, PolicyRegistry policies, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.audit = audit;
        this.clock = clock;
    }

    /** A number in the indicator's unit as shown: a ratio as a percentage, without trailing zeros. */
    public static String shown(BigDecimal v, String unit) {
        if (v == null) {
            return null;
        }
        BigDecimal d = RATIO.equals(unit) ? v.movePointRight(2) : v;
        d = d.stripTrailingZeros();
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        return d.toPlainString();
    }

    /** The policies in use that have indicators. */
    public List<Policy> policiesWithIndicators() {
        List<Policy> out = new ArrayList<>();
        for (PolicyRegistry.Version v : policies.currentVersions()) {
            if (!v.policy().indicators().isEmpty()) {
                out.add(v.policy());
            }
        }
        return out;
    }

    /** The years a policy's indicators run for: its effective period (to this year when open-ended). */
    public List<Integer> years(Policy p) {
        int now = LocalDate.now(clock.withZone(ClockConfig.ZONE)).getYear();
        int from = p.effectiveFrom() == null ? now : p.effectiveFrom().getYear();
        int to = p.effectiveTo() == null ? Math.max(from, now) : p.effectiveTo().getYear();
        List<Integer> out = new ArrayList<>();
        for (int y = from; y <= to; y++) {
            out.add(y);
        }
        return out;
    }

    /** Every indicator of the policy with what was entered for the year. */
    @Transactional(readOnly = true)
    public List<Row> table(String policyId, int year) {
        Policy p = policy(policyId);
        record Stored(BigDecimal value, Boolean achieved, String note, String source, String by, Instant at) {}
        Map<String, Stored> stored = new LinkedHashMap<>();
        jdbc.sql(
                        """
                        select v.indicator_id, v.value, v.achieved, v.note, v.source, coalesce(u.display_name, u.username), v.entered_at
                        from indicator_value v join app_user u on u.id = v.entered_by
                        where v.policy_id = ? and v.year = ?""")
                .params(policyId, year)
                .query((rs, n) -> stored.put(
                        rs.getString(1),
                        new Stored(
                                rs.getBigDecimal(2),
                                (Boolean) rs.getObject(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getTimestamp(7).toInstant())))
                .list();
        List<Row> out = new ArrayList<>();
        for (Policy.Indicator i : p.indicators()) {
            Stored s = stored.get(i.id());
            BigDecimal value = s == null ? null : s.value();
            Boolean achieved = s == null ? null : s.achieved();
            Status status = status(i.target(), i.unit(), value, achieved);
            out.add(new Row(
                    p.id(),
                    i.id(),
                    i.text(),
                    i.unit(),
                    i.clause(),
                    i.target(),
                    year,
                    value,
                    achieved,
                    status,
                    progress(i.target(), value, achieved),
                    s == null ? null : s.note(),
                    s == null ? null : s.source(),
                    s == null ? null : s.by(),
                    s == null ? null : s.at()));
        }
        return out;
    }

    /** Met when the actual value is at or above the target (exactly at it counts); qualitative by achieved. */
    public static Status status(BigDecimal target, String unit, BigDecimal value, Boolean achieved) {
        if (target == null || QUALITATIVE.equals(unit)) {
            if (achieved == null) {
                return Status.NOT_ENTERED;
            }
            return achieved ? Status.MET : Status.NOT_MET;
        }
        if (value == null) {
            return Status.NOT_ENTERED;
        }
        return value.compareTo(target) >= 0 ? Status.MET : Status.NOT_MET;
    }

    /** How far the value is towards the target, 0–100 (whole percent, rounded down). */
    static int progress(BigDecimal target, BigDecimal value, Boolean achieved) {
        if (target == null) {
            return Boolean.TRUE.equals(achieved) ? 100 : 0;
        }
        if (value == null || value.signum() <= 0) {
            return 0;
        }
        if (target.signum() <= 0 || value.compareTo(target) >= 0) {
            return 100;
        }
        return value.multiply(HUNDRED).divide(target, 0, RoundingMode.DOWN).intValue();
    }

    /**
     * Records (or replaces) the actual value of one indicator for one year. Bad input → 400 naming each
     * field and nothing is written. Audited as {@code indicator.set}.
     */
    @Transactional
    public Row set(Entry e) {
        UserAccount user = Actor.require();
        List<ApiException.FieldProblem> problems = new ArrayList<>();
        Policy p = policies.findCurrent(e.policyId() == null ? "" : e.policyId().strip())
                .map(PolicyRegistry.Version::policy)
                .orElse(null);
        if (p == null) {
            problems.add(new ApiException.FieldProblem(
                    "policy",
                    e.policyId(),
                    "indicator.policy_unknown",
                    "未知的政策“" + e.policyId() + "”",
                    "unknown policy \"" + e.policyId() + "\""));
            throw fail(problems);
        }
        Policy.Indicator ind = p.indicators().stream()
                .filter(i -> i.id().equals(
                                e.indicatorId() == null ? null : e.indicatorId().strip()))
                .findFirst()
                .orElse(null);
        if (ind == null) {
            problems.add(new ApiException.FieldProblem(
                    "indicator",
                    e.indicatorId(),
                    "indicator.unknown",
                    "政策 " + p.id() + " 中没有指标“" + e.indicatorId() + "”",
                    "policy " + p.id() + " has no indicator \"" + e.indicatorId() + "\""));
            throw fail(problems);
        }
        Integer year = year(e.year());
        List<Integer> years = years(p);
        if (year == null || !years.contains(year)) {
            problems.add(new ApiException.FieldProblem(
                    "year",
                    e.year(),
                    "indicator.year_invalid",
                    "年度“" + e.year() + "”不在政策期限内（" + years.get(0) + "–" + years.get(years.size() - 1) + "）",
                    "year \"" + e.year() + "\" is outside the policy's period (" + years.get(0) + "–"
                            + years.get(years.size() - 1) + ")"));
        }
        boolean qualitative = ind.target() == null || QUALITATIVE.equals(ind.unit());
        BigDecimal value = null;
        Boolean achieved = null;
        if (qualitative) {
            achieved = achieved(e.achieved(), problems);
        } else {
            value = value(ind, e.value(), problems);
        }
        String note = e.note() == null ? "" : e.note().strip();
        if (note.length() > MAX_NOTE) {
            problems.add(new ApiException.FieldProblem(
                    "note",
                    null,
                    "indicator.note_too_long",
                    "说明不能超过 " + MAX_NOTE + " 个字",
                    "the note may have at most " + MAX_NOTE + " characters"));
        }
        String source = e.source() == null ? "" : e.source().strip();
        if (source.isEmpty()) {
            problems.add(new ApiException.FieldProblem(
                    "source",
                    e.source(),
                    "indicator.source_required",
                    "请填写数据来源（如统计公报、专利统计年报）",
                    "give the source of the figure (e.g. the statistical bulletin)"));
        } else if (source.length() > MAX_SOURCE) {
            problems.add(new ApiException.FieldProblem(
                    "source",
                    null,
                    "indicator.source_too_long",
                    "数据来源不能超过 " + MAX_SOURCE + " 个字",
                    "the source may have at most " + MAX_SOURCE + " characters"));
        }
        if (!problems.isEmpty()) {
            throw fail(problems);
        }
        Map<String, Object> before = jdbc.sql(
                        "select value, achieved, note, source from indicator_value where policy_id = ? and indicator_id = ? and year = ? for update")
                .params(p.id(), ind.id(), year)
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put(
                            "value",
                            rs.getBigDecimal(1) == null
                                    ? null
                                    : rs.getBigDecimal(1).toPlainString());
                    m.put("achieved", rs.getObject(2));
                    m.put("note", rs.getString(3));
                    m.put("source", rs.getString(4));
                    return m;
                })
                .optional()
                .orElse(null);
        jdbc.sql(
                        """
                        insert into indicator_value (policy_id, indicator_id, year, value, achieved, note, source, entered_by, entered_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (policy_id, indicator_id, year) do update set value = excluded.value,
                            achieved = excluded.achieved, note = excluded.note, source = excluded.source,
                            entered_by = excluded.entered_by, entered_at = excluded.entered_at""")
                .params(
                        p.id(),
                        ind.id(),
                        year,
                        value,
                        achieved,
                        note,
                        source,
                        user.id(),
                        Timestamp.from(clock.instant()))
                .update();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("value", value == null ? null : value.toPlainString());
        after.put("achieved", achieved);
        after.put("note", note);
        after.put("source", source);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("policy", p.id());
        details.put("indicator", ind.id());
        details.put("year", year);
        details.put("target", ind.target() == null ? null : ind.target().toPlainString());
        details.put("status", status(ind.target(), ind.unit(), value, achieved).id());
        details.put("before", before);
        details.put("after", after);
        audit.record("indicator.set", "indicator", p.id() + "/" + ind.id() + "/" + year, details);
        return table(p.id(), year).stream()
                .filter(r -> r.indicatorId().equals(ind.id()))
                .findFirst()
                .orElseThrow();
    }

    private Policy policy(String policyId) {
        return policies.findCurrent(policyId)
                .map(PolicyRegistry.Version::policy)
                .orElseThrow(() -> ApiException.notFound("policy", policyId));
    }

    private static Integer year(Object v) {
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(String.valueOf(v).strip());
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    private static Boolean achieved(String v, List<ApiException.FieldProblem> problems) {
        String s = v == null ? "" : v.strip();
        if (s.equals("true") || s.equals("yes")) {
            return Boolean.TRUE;
        }
        if (s.equals("false") || s.equals("no")) {
            return Boolean.FALSE;
        }
        problems.add(new ApiException.FieldProblem(
                "achieved",
                v,
                "indicator.achieved_required",
                "请选择该项工作目标是否已达成",
                "choose whether this target has been achieved"));
        return null;
    }

    /**
     * The value as typed, in the indicator's unit: for a ratio a percentage ("10.5" or "10.5%" = 0.105);
     * a negative number only for a growth rate; a rate (not a growth) at most 100%.
     */
    static BigDecimal value(Policy.Indicator ind, String typed, List<ApiException.FieldProblem> problems) {
        String s = typed == null ? "" : typed.strip().replace(",", "").replace("，", "");
        boolean ratio = RATIO.equals(ind.unit());
        if (ratio && s.endsWith("%")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        if (s.isEmpty()) {
            problems.add(new ApiException.FieldProblem(
                    "value", typed, "indicator.value_required", "请填写实际值", "enter the actual value"));
            return null;
        }
        BigDecimal d;
        try {
            d = new BigDecimal(s);
        } catch (NumberFormatException ex) {
            problems.add(new ApiException.FieldProblem(
                    "value",
                    typed,
                    "indicator.value_invalid",
                    "实际值“" + typed + "”不是数字" + (ratio ? "（百分比请填数字，如 10.5 表示 10.5%）" : ""),
                    "the actual value \"" + typed + "\" is not a number"
                            + (ratio ? " (a percentage as a number: 10.5 means 10.5%)" : "")));
            return null;
        }
        if (d.stripTrailingZeros().scale() > MAX_DECIMALS) {
            problems.add(new ApiException.FieldProblem(
                    "value",
                    typed,
                    "indicator.value_scale",
                    "实际值最多保留 " + MAX_DECIMALS + " 位小数",
                    "the actual value may have at most " + MAX_DECIMALS + " decimals"));
            return null;
        }
        if (d.abs().compareTo(LIMIT) >= 0) {
            problems.add(new ApiException.FieldProblem(
                    "value", typed, "indicator.value_too_large", "实际值过大", "the actual value is too large"));
            return null;
        }
        boolean growth = ratio && ind.text().zh().contains("增长");
        if (d.signum() < 0 && !growth) {
            problems.add(new ApiException.FieldProblem(
                    "value",
                    typed,
                    "indicator.value_negative",
                    "该指标的实际值不能为负数（只有增长率可以为负）",
                    "this indicator's actual value cannot be negative (only a growth rate can)"));
            return null;
        }
        if (ratio && !growth && d.compareTo(HUNDRED) > 0) {
            problems.add(new ApiException.FieldProblem(
                    "value", typed, "indicator.value_over_100", "该比率不能超过 100%", "this rate cannot exceed 100%"));
            return null;
        }
        return ratio ? d.movePointLeft(2) : d;
    }

    private static ApiException fail(List<ApiException.FieldProblem> problems) {
        ApiException.FieldProblem first = problems.get(0);
        String zh = first.message();
        String en = first.messageEn();
        if (problems.size() > 1) {
            zh = zh + "（另有 " + (problems.size() - 1) + " 处问题）";
            en = en + " (and " + (problems.size() - 1) + " more)";
        }
        return new ApiException(HttpStatus.BAD_REQUEST, first.key(), zh, en, problems);
    }
}

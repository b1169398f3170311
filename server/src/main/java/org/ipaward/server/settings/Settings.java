package org.ipaward.server.settings;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.config.TransactionMemo;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;

/**
 * The settings an administrator can change at run time, with typed accessors and defaults. A setting
 * without a row in the {@code setting} table has its default. The lockout figures ({@link
 * #lockoutMaxFailures()}, {@link #lockoutMinutes()}) are read by {@code UserStore} at every failed sign-in.
 */
@Service
public class Settings {
    public static final String PUBLICITY_DAYS = "publicity.days";
    public static final String RETURN_DEADLINE_DAYS = "return.deadline_days";
    public static final String UPLOAD_MAX_MB = "upload.max_mb";
    public static final String LOCKOUT_MAX_FAILURES = "lockout.max_failures";
    public static final String LOCKOUT_MINUTES = "lockout.minutes";
    public static final int DEFAULT_LOCKOUT_MAX_FAILURES = 5;
    public static final int DEFAULT_LOCKOUT_MINUTES = 30;
    public static final String OBJECTION_LOOKUP_MAX_FAILURES = "objection.lookup_max_failures";
    public static final String OBJECTION_LOOKUP_MINUTES = "objection.lookup_minutes";

    /** What a setting is: its key, labels, bounds, default and whether it can be changed here. */
    public record Definition(
            String key,
            String labelZh,
            String labelEn,
            String unit,
            int min,
            int max,
            int defaultValue,
            boolean editable) {}

    /** A setting's value now, with who changed it last. */
    public record Value(Definition definition, int value, boolean isDefault, String updatedBy, Instant updatedAt) {}

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Map<String, Definition> definitions = new LinkedHashMap<>();
    private final TransactionMemo<Boolean, Map<String, String>> read = new TransactionMemo<>();

    public Settings(
            JdbcClient jdbc,
            AuditLog audit,
            @org.springframework.beans.factory.annotation.Value("${spring.servlet.multipart.max-file-size:20MB}")
                    DataSize multipartMax) {
        this.jdbc = jdbc;
        this.audit = audit;
        int uploadCeiling = (int) Math.max(1, multipartMax.toMegabytes());
        define(new Definition(PUBLICITY_DAYS, "公示期（工作日）", "Publicity period (working days)", "工作日", 1, 30, 5, true));
        define(new Definition(
                RETURN_DEADLINE_DAYS,
                "退回补正期限（工作日）",
                "Deadline to correct a returned application (working days)",
                "工作日",
                1,
                60,
                10,
                true));
        define(new Definition(
                UPLOAD_MAX_MB,
                "单个材料文件大小上限（MB，不超过服务器上传上限 " + uploadCeiling + " MB）",
                "Largest material file (MB, at most the server's upload limit of " + uploadCeiling + " MB)",
                "MB",
                1,
                uploadCeiling,
                Math.min(20, uploadCeiling),
                true));
        define(new Definition(
                LOCKOUT_MAX_FAILURES,
                "连续登录失败锁定次数",
                "Failed sign-ins in a row before the account is locked",
                "次",
                3,
                20,
                DEFAULT_LOCKOUT_MAX_FAILURES,
                true));
        define(new Definition(
                LOCKOUT_MINUTES,
                "账户锁定时长（分钟）",
                "Lockout duration (minutes)",
                "分钟",
                1,
                1440,
                DEFAULT_LOCKOUT_MINUTES,
                true));
        define(new Definition(
                OBJECTION_LOOKUP_MAX_FAILURES,
                "异议查询失败暂停次数（同一网络地址）",
                "Failed objection lookups from one address before lookups pause",
                "次",
                3,
                100,
                10,
                true));
        define(new Definition(
                OBJECTION_LOOKUP_MINUTES,
                "异议查询失败计数时段（分钟）",
                "Window for counting failed objection lookups (minutes)",
                "分钟",
                1,
                1440,
                15,
                true));
    }

    private void define(Definition d) {
        definitions.put(d.key(), d);
    }

    /** Publicity period of a round (公示期) in working days; the default for new rounds. */
    public int publicityDays() {
        return intValue(PUBLICITY_DAYS);
    }

    /** Working days an applicant has to correct a returned application. */
    public int returnDeadlineDays() {
        return intValue(RETURN_DEADLINE_DAYS);
    }

    /** Largest material file in MB. */
    public int uploadMaxMb() {
        return intValue(UPLOAD_MAX_MB);
    }

    /** Largest material file in bytes. */
    public long uploadMaxBytes() {
        return uploadMaxMb() * 1024L * 1024L;
    }

    /** Failed sign-ins in a row that lock an account. */
    public int lockoutMaxFailures() {
        return intValue(LOCKOUT_MAX_FAILURES);
    }

    /** How long a locked account stays locked, in minutes. */
    public int lockoutMinutes() {
        return intValue(LOCKOUT_MINUTES);
    }

    /**
     * Failed public objection lookups from one client address within {@link #objectionLookupMinutes()} after which
     * the address's lookups are refused until that window ends.
     */
    public int objectionLookupMaxFailures() {
        return intValue(OBJECTION_LOOKUP_MAX_FAILURES);
    }

    /** The window, in minutes from an address's first failure, in which its failed objection lookups are counted. */
    public int objectionLookupMinutes() {
        return intValue(OBJECTION_LOOKUP_MINUTES);
    }

    /** A setting's value: the stored one when valid, else the default. */
    public int intValue(String key) {
        Definition d = definition(key);
        if (!d.editable()) {
            return d.defaultValue();
        }
        String stored = stored(key);
        if (stored == null) {
            return d.defaultValue();
        }
        try {
            int v = Integer.parseInt(stored.strip());
            return v < d.min() || v > d.max() ? d.defaultValue() : v;
        } catch (NumberFormatException e) {
            return d.defaultValue();
        }
    }

    /** A setting's stored text, or null; the table is read once per transaction ({@link TransactionMemo}). */
    private String stored(String key) {
        return read.get(Boolean.TRUE, unused -> readAll()).get(key);
    }

    private Map<String, String> readAll() {
        Map<String, String> rows = new HashMap<>();
        jdbc.sql("select key, value from setting").query(rs -> {
            rows.put(rs.getString(1), rs.getString(2));
        });
        return rows;
    }

    /** Every setting with its value now. */
    @Transactional(readOnly = true)
    public List<Value> all() {
        record Row(String value, String updatedBy, Instant updatedAt) {}
        Map<String, Row> rows = new HashMap<>();
        jdbc.sql(
                        "select s.key, s.value, u.username, s.updated_at from setting s left join app_user u on u.id = s.updated_by")
                .query(rs -> {
                    Timestamp at = rs.getTimestamp(4);
                    rows.put(
                            rs.getString(1),
                            new Row(rs.getString(2), rs.getString(3), at == null ? null : at.toInstant()));
                });
        List<Value> out = new ArrayList<>();
        for (Definition d : definitions.values()) {
            Row r = d.editable() ? rows.get(d.key()) : null;
            int v = intValue(d.key());
            out.add(new Value(d, v, r == null, r == null ? null : r.updatedBy(), r == null ? null : r.updatedAt()));
        }
        return out;
    }

    /** Changes a setting; audited as {@code setting.update}. */
    @Transactional
    public Value set(String key, Object value) {
        Definition d = definitions.get(key);
        if (d == null) {
            throw ApiException.invalid(
                    "key",
                    key,
                    "setting.unknown",
                    "没有名为“" + key + "”的设置项（可设置：" + String.join("、", editableKeys()) + "）",
                    "no setting named \"" + key + "\" (settable: " + String.join(", ", editableKeys()) + ")");
        }
        if (!d.editable()) {
            throw ApiException.invalid(
                    "key",
                    key,
                    "setting.read_only",
                    "设置项“" + key + "”（" + d.labelZh() + "）为只读，由系统固定",
                    "setting \"" + key + "\" is read-only");
        }
        int v = parse(d, value);
        int before = intValue(key);
        long actor = Actor.require().id();
        jdbc.sql(
                        """
                        insert into setting (key, value, updated_by, updated_at) values (?, ?, ?, now())
                        on conflict (key) do update set value = excluded.value, updated_by = excluded.updated_by,
                            updated_at = excluded.updated_at""")
                .params(key, String.valueOf(v), actor)
                .update();
        read.forget();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("key", key);
        details.put("before", before);
        details.put("after", v);
        audit.record("setting.update", "setting", key, details);
        return all().stream()
                .filter(x -> x.definition().key().equals(key))
                .findFirst()
                .orElseThrow();
    }

    private static int parse(Definition d, Object value) {
        String text = value == null ? null : String.valueOf(value).strip();
        Integer v = null;
        if (text != null && text.matches("[+-]?\\d{1,9}")) {
            v = Integer.parseInt(text);
        } else if (value instanceof java.math.BigDecimal b
                && b.signum() != 0
                && b.stripTrailingZeros().scale() <= 0
                && b.abs().compareTo(java.math.BigDecimal.valueOf(1_000_000)) < 0) {
            v = b.intValue();
        }
        if (v == null || v < d.min() || v > d.max()) {
            throw ApiException.invalid(
                    "value",
                    value,
                    "setting.invalid",
                    "设置项“" + d.key() + "”（" + d.labelZh() + "）的值须为 " + d.min() + " 到 " + d.max() + " 之间的整数，收到“" + text
                            + "”",
                    "setting \"" + d.key() + "\" must be a whole number from " + d.min() + " to " + d.max() + ", got \""
                            + text + "\"");
        }
        return v;
    }

    private List<String> editableKeys() {
        return definitions.values().stream()
                .filter(Definition::editable)
                .map(Definition::key)
                .toList();
    }

    Definition definition(String key) {
        Definition d = definitions.get(key);
        if (d == null) {
            throw new IllegalArgumentException("no setting " + key);
        }
        return d;
    }
}

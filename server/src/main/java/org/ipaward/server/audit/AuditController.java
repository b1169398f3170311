package org.ipaward.server.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading the audit log and checking its chain. Read-only by design: there is no endpoint that writes,
 * changes or removes audit records (the database refuses that too).
 */
@RestController
@RequestMapping("/api/audit")
@Tag(name = "审计日志 Audit log")
@PreAuthorize("hasAnyRole('AUDITOR', 'SYSTEM_ADMIN')")
public class AuditController {
    /** Dates without a time are days in the district's time zone. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** One audit record as the API shows it: details as JSON, not as text. */
    public record Record(
            long seq,
            Instant at,
            @JsonProperty("actor_id") Long actorId,
            String actor,
            String role,
            String action,
            @JsonProperty("target_type") String targetType,
            @JsonProperty("target_id") String targetId,
            JsonNode details,
            String ip,
            @JsonProperty("prev_hash") String prevHash,
            String hash) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditLog audit;

    public AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    @Operation(
            summary = "查询审计日志（最新在前；按操作前缀、操作人、对象、时间筛选）",
            description = "Audit records, newest first, filtered by action prefix (e.g. user.), actor, target"
                    + " type and id, and time: from (inclusive) and to (exclusive) as ISO-8601 instants or"
                    + " dates (a date is a whole day in Asia/Shanghai; to=date includes that day)")
    public PageResult<Record> search(
            @RequestParam(name = "action", required = false) String action,
            @RequestParam(name = "actor", required = false) String actor,
            @RequestParam(name = "target_type", required = false) String targetType,
            @RequestParam(name = "target_id", required = false) String targetId,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "size", required = false) Integer size) {
        Instant f = time("from", from, false);
        Instant t = time("to", to, true);
        if (f != null && t != null && !f.isBefore(t)) {
            throw ApiException.invalid(
                    "to",
                    to,
                    "audit.range_invalid",
                    "结束时间须晚于开始时间",
                    "the end of the time range must be after its start");
        }
        Paging paging = Paging.of(page, size);
        return audit.search(action, actor, targetType, targetId, f, t, paging).map(AuditController::view);
    }

    @GetMapping("/verify")
    @Operation(
            summary = "校验审计链（逐条重算哈希；校验本身也记入审计日志）",
            description = "Recompute the whole hash chain: ok, records checked, the first broken seq and why;"
                    + " the check itself is audited as audit.verify")
    public AuditLog.Verification verify() {
        AuditLog.Verification v = audit.verify();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ok", v.ok());
        details.put("records", v.records());
        details.put("broken_at", v.brokenAt());
        audit.record("audit.verify", "audit_log", null, details);
        return v;
    }

    private static Record view(AuditLog.Entry e) {
        return new Record(
                e.seq(),
                e.at(),
                e.actorId(),
                e.actor(),
                e.role(),
                e.action(),
                e.targetType(),
                e.targetId(),
                JSON.readTree(e.details()),
                e.ip(),
                e.prevHash(),
                e.hash());
    }

    /** An instant, an offset date-time, or a date (start of that day, or of the next day for an end). */
    static Instant time(String field, String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (end ? d.plusDays(1) : d).atStartOfDay(ZONE).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(
                    field,
                    value,
                    "audit.time_invalid",
                    "时间格式不正确，应为日期（2026-01-31）或带时区的时间（2026-01-31T08:00:00+08:00）",
                    "expected a date (2026-01-31) or a date-time with offset (2026-01-31T08:00:00+08:00)");
        }
    }
}

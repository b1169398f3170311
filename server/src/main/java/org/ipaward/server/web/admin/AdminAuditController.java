package org.ipaward.server.web.admin;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.export.Xlsx;
import org.ipaward.server.security.Actor;
import org.ipaward.server.web.FormErrors;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log for auditors and system administrators: search by actor, action prefix, target, time and
 * words in the details, newest first; each record's details as indented JSON; the chain verification in
 * the background with its progress; and the filtered records as XLSX (the export itself is audited).
 */
@Controller
@PreAuthorize("hasAnyRole('AUDITOR', 'SYSTEM_ADMIN')")
public class AdminAuditController {
    /** At most this many records go into one XLSX export (narrow the filter for more). */
    public static final int EXPORT_LIMIT = 10_000;

    static final int PAGE_SIZE = 25;
    private static final JsonMapper PRETTY =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ClockConfig.ZONE);
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ClockConfig.ZONE);

    /** The search form as typed. */
    public record Query(
            String actor, String action, String targetType, String targetId, String from, String to, String q) {
        Map<String, String> params() {
            Map<String, String> m = new LinkedHashMap<>();
            put(m, "actor", actor);
            put(m, "action", action);
            put(m, "target_type", targetType);
            put(m, "target_id", targetId);
            put(m, "from", from);
            put(m, "to", to);
            put(m, "q", q);
            return m;
        }

        private static void put(Map<String, String> m, String k, String v) {
            if (v != null && !v.isBlank()) {
                m.put(k, v.strip());
            }
        }
    }

    /** A record as the page shows it: details indented, time in Beijing time to the second. */
    public record Row(AuditLog.Entry entry, String time, String details) {}

    private final AuditLog audit;
    private final AuditVerifications verifications;
    private final MessageSource messages;

    public AdminAuditController(AuditLog audit, AuditVerifications verifications, MessageSource messages) {
        this.audit = audit;
        this.verifications = verifications;
        this.messages = messages;
    }

    @GetMapping("/admin/audit")
    public String search(
            @RequestParam(name = "actor", required = false) String actor,
            @RequestParam(name = "action", required = false) String action,
            @RequestParam(name = "target_type", required = false) String targetType,
            @RequestParam(name = "target_id", required = false) String targetId,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "verify", required = false) String verify,
            Model model,
            HttpServletResponse response) {
        Query query = new Query(actor, action, targetType, targetId, from, to, q);
        model.addAttribute("query", query);
        UriComponentsBuilder base = UriComponentsBuilder.fromPath("/admin/audit");
        UriComponentsBuilder export = UriComponentsBuilder.fromPath("/admin/audit/export");
        query.params().forEach((k, v) -> {
            base.queryParam(k, v);
            export.queryParam(k, v);
        });
        model.addAttribute("base", base.encode().build().toUriString());
        model.addAttribute("exportUrl", export.encode().build().toUriString());
        model.addAttribute("exportLimit", EXPORT_LIMIT);
        model.addAttribute("task", verifications.find(verify, Actor.require()).orElse(null));
        try {
            PageResult<AuditLog.Entry> result = audit.search(filter(query), Paging.of(page, PAGE_SIZE));
            model.addAttribute("result", result.map(AdminAuditController::row));
            model.addAttribute("errors", Map.of());
        } catch (ApiException e) {
            response.setStatus(e.status().value());
            model.addAttribute("problem", e);
            model.addAttribute("errors", FormErrors.messages(e));
            model.addAttribute("result", new PageResult<Row>(List.of(), 0, 0, PAGE_SIZE));
        }
        return "admin/audit";
    }

    @GetMapping("/admin/audit/export")
    public ResponseEntity<byte[]> export(
            @RequestParam(name = "actor", required = false) String actor,
            @RequestParam(name = "action", required = false) String action,
            @RequestParam(name = "target_type", required = false) String targetType,
            @RequestParam(name = "target_id", required = false) String targetId,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "q", required = false) String q) {
        Query query = new Query(actor, action, targetType, targetId, from, to, q);
        PageResult<AuditLog.Entry> result = audit.search(filter(query), new Paging(0, EXPORT_LIMIT));
        Locale locale = LocaleContextHolder.getLocale();
        List<String> header = new ArrayList<>();
        for (String col : List.of(
                "seq", "time", "actor", "role", "action", "target_type", "target_id", "details", "ip", "hash")) {
            header.add(messages.getMessage("admin.audit.col." + col, null, locale));
        }
        List<List<String>> rows = new ArrayList<>();
        for (AuditLog.Entry e : result.items()) {
            rows.add(java.util.Arrays.asList(
                    String.valueOf(e.seq()),
                    SECONDS.format(e.at()),
                    e.actor(),
                    e.role(),
                    e.action(),
                    e.targetType(),
                    e.targetId(),
                    e.details(),
                    e.ip(),
                    e.hash()));
        }
        String filters = query.params().toString();
        String title = messages.getMessage(
                result.total() > rows.size() ? "admin.audit.export.title_truncated" : "admin.audit.export.title",
                new Object[] {rows.size(), result.total(), filters},
                locale);
        byte[] xlsx = Xlsx.sheet("audit", title, header, rows, null);
        Map<String, Object> details = new LinkedHashMap<>(query.params());
        details.put("rows", rows.size());
        details.put("total", result.total());
        audit.record("audit.export", "audit_log", null, details);
        return ResponseEntity.ok()
                .contentType(
                        MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("audit-log-" + FILE_TIME.format(Instant.now()) + ".xlsx")
                                .build()
                                .toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(xlsx);
    }

    /** Starts (or rejoins) a verification; htmx gets the progress fragment, a plain form the page. */
    @PostMapping("/admin/audit/verify")
    public String verify(@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        AuditVerifications.Task task = verifications.start(Actor.require());
        task.await(500);
        if (htmx == null) {
            return "redirect:/admin/audit?verify=" + task.id() + "#verify-status";
        }
        model.addAttribute("task", task);
        return "admin/audit :: verify-status";
    }

    @GetMapping("/admin/audit/verify/{id}")
    public String progress(
            @PathVariable("id") String id,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model) {
        Optional<AuditVerifications.Task> task = verifications.find(id, Actor.require());
        if (task.isEmpty()) {
            throw new ApiException(
                    org.springframework.http.HttpStatus.NOT_FOUND,
                    "audit.verify_unknown",
                    "没有找到这次校验（可能已超过一小时被清除），请重新校验",
                    "no such verification (it may have been cleared after an hour); verify again");
        }
        if (htmx == null) {
            return "redirect:/admin/audit?verify=" + id + "#verify-status";
        }
        model.addAttribute("task", task.get());
        return "admin/audit :: verify-status";
    }

    static AuditLog.Filter filter(Query q) {
        Instant from = time("from", q.from(), false);
        Instant to = time("to", q.to(), true);
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalid(
                    "to",
                    q.to(),
                    "audit.range_invalid",
                    "结束时间须晚于开始时间",
                    "the end of the time range must be after its start");
        }
        return new AuditLog.Filter(
                blankToNull(q.action()),
                blankToNull(q.actor()),
                blankToNull(q.targetType()),
                blankToNull(q.targetId()),
                from,
                to,
                blankToNull(q.q()));
    }

    /** A date (the whole day in Beijing time) or a date and time as a browser's datetime-local sends it. */
    static Instant time(String field, String value, boolean end) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (end ? d.plusDays(1) : d).atStartOfDay(ClockConfig.ZONE).toInstant();
            }
            return LocalDateTime.parse(v).atZone(ClockConfig.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(
                    field,
                    value,
                    "audit.time_invalid",
                    "时间格式不正确，应为日期（2026-01-31）或日期时间（2026-01-31T08:00）",
                    "expected a date (2026-01-31) or a date and time (2026-01-31T08:00)");
        }
    }

    private static Row row(AuditLog.Entry e) {
        String details;
        try {
            JsonNode tree = PRETTY.readTree(e.details());
            details = tree.isEmpty() ? "" : PRETTY.writeValueAsString(tree);
        } catch (RuntimeException ex) {
            details = e.details();
        }
        return new Row(e, SECONDS.format(e.at()), details);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

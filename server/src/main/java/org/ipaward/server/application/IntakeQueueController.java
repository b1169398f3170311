package org.ipaward.server.application;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Map;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deadline-day intake queue for staff, as JSON: the same read as the workbench page {@code /workbench/intake}
 * (the roles that see the review queue). A sender reads their own receipt at {@code GET /api/intake/{id}}.
 */
@RestController
@Tag(name = "申报接收队列 Intake queue")
@PreAuthorize("hasAnyRole('ACCEPTOR','REVIEWER','APPROVER','AUDITOR','SYSTEM_ADMIN')")
public class IntakeQueueController {
    /** One receipt in the list. */
    public record Item(
            long id,
            @JsonProperty("idempotency_key") String idempotencyKey,
            String status,
            int attempts,
            @JsonProperty("received_at") Instant receivedAt,
            @JsonProperty("processed_at") Instant processedAt,
            @JsonProperty("application_id") Long applicationId,
            @JsonProperty("application_no") String applicationNo,
            @JsonProperty("user_id") long userId,
            String username,
            @JsonProperty("display_name") String displayName,
            @JsonProperty("subject_name") String subjectName,
            @JsonProperty("parts_kept") int partsKept,
            JsonNode problem) {}

    /** The queue at a glance. */
    public record Summary(
            Map<String, Long> counts,
            @JsonProperty("oldest_queued_at") Instant oldestQueuedAt,
            @JsonProperty("oldest_queued_seconds") Long oldestQueuedSeconds,
            @JsonProperty("received_last_minute") long receivedLastMinute,
            @JsonProperty("filed_last_minute") long filedLastMinute) {}

    private final IntakeQueue queue;
    private final JsonMapper mapper;

    public IntakeQueueController(IntakeQueue queue, JsonMapper mapper) {
        this.queue = queue;
        this.mapper = mapper;
    }

    @GetMapping("/api/intake")
    @Operation(
            summary = "申报接收队列：回执列表（最新在前，可按状态筛选、按申报人或幂等键搜索）",
            description = "Receipts of the deadline-day intake, newest first, paginated: status (queued, done, refused,"
                    + " failed), q (the sender's user name or display name, the subject's name, the idempotency key,"
                    + " or the receipt number); each with the application made or the problem that refused it")
    public PageResult<Item> list(
            @Parameter(description = "queued | done | refused | failed")
                    @RequestParam(name = "status", required = false)
                    String status,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "size", required = false) Integer size) {
        IntakeQueue.Filter f = new IntakeQueue.Filter(
                status == null || status.isBlank() ? null : status.strip(), q == null || q.isBlank() ? null : q);
        return queue.search(f, Paging.of(page, size)).map(this::item);
    }

    @GetMapping("/api/intake/summary")
    @Operation(
            summary = "申报接收队列概况：各状态回执数、最早排队回执的等待时间、最近一分钟接收与处理数",
            description = "Receipts per status, the oldest queued receipt's time and age in seconds, and how many were"
                    + " received and filed within the last minute")
    public Summary summary() {
        IntakeQueue.Summary s = queue.summary();
        return new Summary(
                s.counts(), s.oldestQueued(), s.oldestQueuedSeconds(), s.receivedLastMinute(), s.filedLastMinute());
    }

    private Item item(IntakeQueue.Row r) {
        return new Item(
                r.id(),
                r.idempotencyKey(),
                r.status(),
                r.attempts(),
                r.receivedAt(),
                r.processedAt(),
                r.applicationId(),
                r.applicationNo(),
                r.userId(),
                r.username(),
                r.displayName(),
                r.subjectName(),
                r.partsKept(),
                r.problemJson() == null ? null : mapper.readTree(r.problemJson()));
    }
}

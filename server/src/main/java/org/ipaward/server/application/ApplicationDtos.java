package org.ipaward.server.application;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What the applications API takes and gives. JSON names are snake_case. */
public final class ApplicationDtos {
    private ApplicationDtos() {}

    /** One claim: a measure of the round's policy and the facts stated for it. */
    public record ClaimInput(
            @NotBlank @Size(max = 64) String measure, Map<String, Object> facts, Map<String, Object> cityAward) {}

    /** A new application (or the claims of a draft being edited). */
    public record ApplicationInput(
            Long roundId, Long subjectId, @NotEmpty @Size(max = 50) List<@Valid ClaimInput> claims, Integer version) {}

    /** What to fix after a return: a field or material, with a note. */
    public record ReturnItem(@NotBlank @Size(max = 200) String field, @Size(max = 500) String note) {}

    /** A reviewer's or approver's decision on one claim: corrected facts, or an amount other than the engine's. */
    public record ClaimDecision(
            int seq, BigDecimal amount, @Size(max = 1000) String reason, Map<String, Object> facts) {}

    /** The body of a workflow action; which parts matter depends on the action. */
    public record ActionInput(
            @Size(max = 2000) String reason,
            @Size(max = 50) List<@Valid ReturnItem> items,
            LocalDate deadline,
            @Size(max = 50) List<@Valid ClaimDecision> claims,
            Integer version) {}

    public record Label(String id, String zh, String en) {}

    /**
     * A claim. {@code duplicates}: for staff who see applicants (not for applicants, nor a policy administrator
     * alone, for whom the field is left out), the other claims that may be for the same rewarded item
     * (疑似重复申报, {@link DuplicateClaims}); empty when there are none.
     */
    public record ClaimView(
            long id,
            int seq,
            String measure,
            Map<String, String> measureTitle,
            String clause,
            int matterYear,
            Map<String, Object> facts,
            Map<String, Object> cityAward,
            String status,
            String engineAmount,
            String reviewedAmount,
            String reviewReason,
            String finalAmount,
            Map<String, Object> result,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<DuplicateClaims.Duplicate> duplicates) {}

    public record MaterialView(
            long id,
            Integer claimSeq,
            String kind,
            String kindLabel,
            long fileId,
            String filename,
            String contentType,
            long size,
            String sha256,
            Instant attachedAt) {}

    public record EventView(
            String action,
            String actionLabel,
            String fromState,
            String toState,
            String toStateLabel,
            String actor,
            String role,
            String reason,
            Map<String, Object> details,
            String snapshotHash,
            Instant at) {}

    public record ApplicationView(
            long id,
            String no,
            long roundId,
            String roundTitle,
            String policyId,
            long subjectId,
            String subjectName,
            Long agencyId,
            Label state,
            Instant submittedAt,
            List<Object> returnItems,
            LocalDate returnDeadline,
            String estimateTotal,
            String approvedTotal,
            LocalDate publicityEnds,
            Instant createdAt,
            Instant updatedAt,
            int version,
            List<ClaimView> claims,
            List<MaterialView> materials,
            List<String> missingMaterials,
            List<EventView> events,
            List<Label> actions) {}

    /**
     * The answer to a change when the client asked for a minimal one ({@code Prefer: return=minimal}): which
     * application (and for which subject — an agency files for many), its state and version now, the live estimate, and the material kinds still missing (empty
     * once submitted). {@code GET /api/applications/{id}} gives the whole application.
     */
    public record ApplicationBrief(
            long id,
            String no,
            long subjectId,
            Label state,
            int version,
            String estimateTotal,
            List<String> missingMaterials) {}

    /** A material of a direct submission: its kind, the multipart part holding the file, and optionally its claim. */
    public record MaterialPart(
            @NotBlank @Size(max = 64) String kind, @NotBlank @Size(max = 100) String file, Integer claimSeq) {}

    /**
     * A complete application in one request (the {@code application} part of a multipart {@code POST
     * /api/applications}): round, subject (an agency's client; the applicant's own when empty), the claims, and
     * the materials, each naming the part that holds its file.
     */
    public record SubmissionInput(
            Long roundId,
            Long subjectId,
            @NotEmpty @Size(max = 50) List<@Valid ClaimInput> claims,
            @Size(max = 50) List<@Valid MaterialPart> materials) {}

    public record ApplicationSummary(
            long id,
            String no,
            long roundId,
            String policyId,
            long subjectId,
            String subjectName,
            Label state,
            int claims,
            String estimateTotal,
            String approvedTotal,
            Instant submittedAt,
            Instant updatedAt) {}
}

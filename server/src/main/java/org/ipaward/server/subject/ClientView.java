package org.ipaward.server.subject;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;

/** A service agency's client link; {@code active} while valid_until is empty or not yet past. */
public record ClientView(
        @JsonProperty("agency_id") long agencyId,
        @JsonProperty("client_subject_id") long clientSubjectId,
        @JsonProperty("client_name") String clientName,
        @JsonProperty("client_kind") String clientKind,
        @JsonProperty("poa_file_id") long poaFileId,
        @JsonProperty("valid_until") LocalDate validUntil,
        boolean active,
        @JsonProperty("created_by") long createdBy,
        @JsonProperty("created_at") Instant createdAt) {}

package org.ipaward.server.subject;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/** A client a service agency may file for, with the stored power of attorney and its end date (optional). */
public record ClientRequest(
        @JsonProperty("client_subject_id") Long clientSubjectId,
        @JsonProperty("poa_file_id") Long poaFileId,
        @JsonProperty("valid_until") LocalDate validUntil) {}

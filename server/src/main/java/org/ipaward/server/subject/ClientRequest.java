package org.ipaward.server.subject;

import java.time.LocalDate;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A client a service agency may file for, with the stored power of attorney and its end date (optional). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClientRequest(Long clientSubjectId, Long poaFileId, LocalDate validUntil) {}

package org.ipaward.server.subject;

import java.time.Instant;
import java.time.LocalDate;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A service agency's client link; {@code active} while valid_until is empty or not yet past. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClientView(
        long agencyId,
        long clientSubjectId,
        String clientName,
        String clientKind,
        long poaFileId,
        LocalDate validUntil,
        boolean active,
        long createdBy,
        Instant createdAt) {}

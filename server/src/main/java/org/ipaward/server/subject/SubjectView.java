package org.ipaward.server.subject;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A subject as every view shows it: ID number, phone and bank account only masked (the plaintext is
 * available through {@code POST /api/subjects/{id}/unmask}, with a permission and a reason). {@code
 * warnings} lists what staff still have to confirm (a USCC whose check character failed).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SubjectView(
        long id,
        String kind,
        String kindLabel,
        String name,
        String uscc,
        boolean usccCheckFailed,
        Long usccConfirmedBy,
        Instant usccConfirmedAt,
        String idNumberMasked,
        String registeredRegion,
        String householdRegion,
        List<String> servedRegions,
        String muGrade,
        String address,
        String contactName,
        String phoneMasked,
        String bankName,
        String bankAccountMasked,
        Instant createdAt,
        Instant updatedAt,
        int version,
        List<Warning> warnings) {

    /** Something accepted that staff should look at. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Warning(String key, String message, String messageEn) {}
}

package org.ipaward.server.subject;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A subject as every view shows it: ID number, phone and bank account only masked (the plaintext is
 * available through {@code POST /api/subjects/{id}/unmask}, with a permission and a reason). {@code
 * warnings} lists what staff still have to confirm (a USCC whose check character failed).
 */
public record SubjectView(
        long id,
        String kind,
        @JsonProperty("kind_label") String kindLabel,
        String name,
        String uscc,
        @JsonProperty("uscc_check_failed") boolean usccCheckFailed,
        @JsonProperty("uscc_confirmed_by") Long usccConfirmedBy,
        @JsonProperty("uscc_confirmed_at") Instant usccConfirmedAt,
        @JsonProperty("id_number_masked") String idNumberMasked,
        @JsonProperty("registered_region") String registeredRegion,
        @JsonProperty("household_region") String householdRegion,
        @JsonProperty("served_regions") List<String> servedRegions,
        @JsonProperty("mu_grade") String muGrade,
        String address,
        @JsonProperty("contact_name") String contactName,
        @JsonProperty("phone_masked") String phoneMasked,
        @JsonProperty("bank_name") String bankName,
        @JsonProperty("bank_account_masked") String bankAccountMasked,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        int version,
        List<Warning> warnings) {

    /** Something accepted that staff should look at. */
    public record Warning(String key, String message, @JsonProperty("message_en") String messageEn) {}
}

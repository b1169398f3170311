package org.ipaward.server.subject;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A subject as sent to create or update it. On create, {@code kind} and {@code name} are required, plus
 * {@code uscc} for organisations or {@code id_number} for persons. On update, {@code version} is required;
 * a field left out (null) keeps its value and an empty string clears an optional field. {@code mu_grade} is A, B,
 * C, D or {@code unrated} (未参评, also accepted as typed in Chinese: 未参评, 未评价).
 */
public record SubjectRequest(
        String kind,
        String name,
        String uscc,
        @JsonProperty("id_number") String idNumber,
        @JsonProperty("registered_region") String registeredRegion,
        @JsonProperty("household_region") String householdRegion,
        @JsonProperty("served_regions") List<String> servedRegions,
        @JsonProperty("mu_grade") String muGrade,
        String address,
        @JsonProperty("contact_name") String contactName,
        String phone,
        @JsonProperty("bank_name") String bankName,
        @JsonProperty("bank_account") String bankAccount,
        Integer version) {}

package org.ipaward.server.subject;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A subject as sent to create or update it. On create, {@code kind} and {@code name} are required, plus
 * {@code uscc} for organisations or {@code id_number} for persons. On update, {@code version} is required;
 * a field left out (null) keeps its value and an empty string clears an optional field.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SubjectRequest(
        String kind,
        String name,
        String uscc,
        String idNumber,
        String registeredRegion,
        String householdRegion,
        List<String> servedRegions,
        String muGrade,
        String address,
        String contactName,
        String phone,
        String bankName,
        String bankAccount,
        Integer version) {}

package org.ipaward.server.round;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** STUB until the rounds branch is merged. */
public record Round(
        long id,
        long policyVersionId,
        String policyId,
        int year,
        String title,
        String notice,
        Instant opensAt,
        Instant closesAt,
        List<String> measures,
        BigDecimal budget,
        String budgetRule,
        int publicityDays,
        String status) {}

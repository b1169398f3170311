package org.ipaward.engine.calc;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The result of a calculation: a result per claim in order, and totals of eligible amounts. */
public record Calculation(
        LocalDate asOf,
        String subject,
        List<ClaimResult> results,
        BigDecimal total,
        Map<String, BigDecimal> totalByPolicy) {}

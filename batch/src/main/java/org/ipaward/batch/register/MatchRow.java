package org.ipaward.batch.register;

import java.math.BigDecimal;
import java.util.List;

/**
 * One subject against one measure in force (一个主体对一项措施的匹配结果).
 *
 * <ul>
 *   <li>{@code eligible}: the known facts decide it; {@code amount} is the exact award the calculator gives with
 *       them, {@code minAmount} = {@code maxAmount} = {@code amount}; {@code missingMaterials} lists the materials
 *       to attach when none are on file.
 *   <li>{@code possible}: not ruled out; {@code missingFacts} are the facts (and subject fields, {@code subject.…})
 *       still needed, {@code missingMaterials} the materials, and {@code minAmount}/{@code maxAmount} the range
 *       the engine can bound ({@code null}: no bound in the text).
 *   <li>{@code excluded}: ruled out; {@code failed} holds the ids of the failed checks and {@code reason} their
 *       Chinese text.
 * </ul>
 */
public record MatchRow(
        String subjectId,
        String subjectName,
        String policy,
        String measure,
        String outcome,
        BigDecimal amount,
        BigDecimal minAmount,
        BigDecimal maxAmount,
        List<String> missingFacts,
        List<String> missingMaterials,
        List<String> failed,
        String reason) {
    public static final String ELIGIBLE = "eligible";
    public static final String POSSIBLE = "possible";
    public static final String EXCLUDED = "excluded";
}

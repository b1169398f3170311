package org.ipaward.batch.replay;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ipaward.engine.model.Text;

/**
 * Two replays of the same claims side by side: the version in force ({@code base}) and a draft. Per measure
 * both totals and whether the measure exists in each version; the applicants whose payment changes, gains
 * first (largest first) then losses (largest first); the totals and the budget difference (draft − base).
 */
public record Comparison(
        ReplayResult base,
        ReplayResult draft,
        List<MeasureDiff> measures,
        List<ApplicantDiff> gains,
        List<ApplicantDiff> losses,
        BigDecimal neededChange,
        BigDecimal paidChange) {

    /** A measure in both versions, or only in one ({@code inBase}/{@code inDraft} false for the other). */
    public record MeasureDiff(
            String policy,
            String measure,
            Text title,
            boolean inBase,
            boolean inDraft,
            int baseEligible,
            int draftEligible,
            BigDecimal baseNeeded,
            BigDecimal draftNeeded,
            BigDecimal change) {}

    /** An applicant whose payment changes: what it would be paid under each version and the change. */
    public record ApplicantDiff(
            String subjectId, String name, BigDecimal basePaid, BigDecimal draftPaid, BigDecimal change) {}

    public static Comparison of(ReplayResult base, ReplayResult draft) {
        Map<String, ReplayResult.MeasureTotal[]> byMeasure = new TreeMap<>();
        for (ReplayResult.MeasureTotal m : base.measures()) {
            byMeasure.computeIfAbsent(m.policy() + "\u0000" + m.measure(), k -> new ReplayResult.MeasureTotal[2])[0] =
                    m;
        }
        for (ReplayResult.MeasureTotal m : draft.measures()) {
            byMeasure.computeIfAbsent(m.policy() + "\u0000" + m.measure(), k -> new ReplayResult.MeasureTotal[2])[1] =
                    m;
        }
        List<MeasureDiff> measures = new ArrayList<>();
        for (ReplayResult.MeasureTotal[] pair : byMeasure.values()) {
            ReplayResult.MeasureTotal a = pair[0];
            ReplayResult.MeasureTotal b = pair[1];
            ReplayResult.MeasureTotal any = a != null ? a : b;
            BigDecimal an = a == null ? BigDecimal.ZERO : a.needed();
            BigDecimal bn = b == null ? BigDecimal.ZERO : b.needed();
            measures.add(new MeasureDiff(
                    any.policy(),
                    any.measure(),
                    a != null && a.title() != null ? a.title() : b == null ? null : b.title(),
                    a != null && a.known(),
                    b != null && b.known(),
                    a == null ? 0 : a.eligible(),
                    b == null ? 0 : b.eligible(),
                    an,
                    bn,
                    bn.subtract(an)));
        }
        List<ApplicantDiff> gains = new ArrayList<>();
        List<ApplicantDiff> losses = new ArrayList<>();
        Map<String, ReplayResult.ApplicantTotal> all = new LinkedHashMap<>(base.applicants());
        draft.applicants().forEach(all::putIfAbsent);
        for (Map.Entry<String, ReplayResult.ApplicantTotal> e : all.entrySet()) {
            ReplayResult.ApplicantTotal a = base.applicants().get(e.getKey());
            ReplayResult.ApplicantTotal b = draft.applicants().get(e.getKey());
            BigDecimal ap = a == null ? BigDecimal.ZERO : a.paid();
            BigDecimal bp = b == null ? BigDecimal.ZERO : b.paid();
            int c = bp.compareTo(ap);
            if (c != 0) {
                ApplicantDiff d = new ApplicantDiff(e.getKey(), e.getValue().name(), ap, bp, bp.subtract(ap));
                (c > 0 ? gains : losses).add(d);
            }
        }
        gains.sort(Comparator.comparing(ApplicantDiff::change).reversed().thenComparing(ApplicantDiff::subjectId));
        losses.sort(Comparator.comparing(ApplicantDiff::change).thenComparing(ApplicantDiff::subjectId));
        return new Comparison(
                base,
                draft,
                List.copyOf(measures),
                List.copyOf(gains),
                List.copyOf(losses),
                draft.needed().subtract(base.needed()),
                draft.paid().subtract(base.paid()));
    }
}

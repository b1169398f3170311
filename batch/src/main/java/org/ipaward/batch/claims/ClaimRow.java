package org.ipaward.batch.claims;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.calc.Claim;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.model.SubjectKind;

/**
 * One claim of a round as staff export it and {@code ipaward simulate} replays it: which application it
 * belongs to and when that was submitted, its place in the application, who claims (the engine's
 * {@link Subject} fields), the measure and matter year, the facts stated (as the engine's {@link Claim} takes
 * them: strings, decimals, booleans, lists of strings), the materials attached ({@code null} when not
 * stated), and the amount awarded as decided ({@code null} when not decided or not exported).
 *
 * <p>Plain values only, so rows travel between Spark executors: the fact map and lists hold strings,
 * {@link BigDecimal}s and booleans.
 */
public record ClaimRow(
        String applicationNo,
        Instant submittedAt,
        int claimSeq,
        String subjectId,
        String subjectName,
        SubjectKind subjectKind,
        String registeredRegion,
        String householdRegion,
        List<String> servedRegions,
        String muGrade,
        String policy,
        String measure,
        int matterYear,
        Map<String, Object> facts,
        List<String> materials,
        BigDecimal awarded)
        implements Serializable {

    public ClaimRow {
        servedRegions = servedRegions == null ? List.of() : servedRegions;
        facts = facts == null ? Map.of() : facts;
    }

    /** The engine claim: id {@code <application>#<seq>}, no city award. */
    public Claim toClaim() {
        return new Claim(applicationNo + "#" + claimSeq, policy, measure, matterYear, facts, materials, null);
    }

    /** The engine subject of this claim. */
    public Subject subject() {
        return new Subject(
                subjectId, subjectName, subjectKind, registeredRegion, householdRegion, servedRegions, muGrade);
    }

    /** Whether two rows name the same subject with the same profile (the fields the engine reads). */
    public boolean sameSubject(ClaimRow o) {
        return java.util.Objects.equals(subjectId, o.subjectId)
                && java.util.Objects.equals(subjectName, o.subjectName)
                && subjectKind == o.subjectKind
                && java.util.Objects.equals(registeredRegion, o.registeredRegion)
                && java.util.Objects.equals(householdRegion, o.householdRegion)
                && servedRegions.equals(o.servedRegions)
                && java.util.Objects.equals(muGrade, o.muGrade);
    }
}

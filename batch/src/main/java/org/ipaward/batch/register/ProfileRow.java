package org.ipaward.batch.register;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.model.SubjectKind;

/**
 * One subject profile as a register holds it (登记库中的一个主体): its id (统一社会信用代码 or 身份证号), name, kind
 * ({@code enterprise}, {@code institution}, {@code other_org}, {@code person}, {@code service_agency}), the region
 * codes it is registered in, its household is registered in (persons) and it serves, its 亩均效益 grade
 * ({@code A}–{@code D}, {@code unrated}, or {@code null} when not known), the facts already known about it (fact id
 * to the value as written in the file, e.g. {@code invention_patents → 12} from patent-office data) and the
 * materials on file (material ids; {@code null}: not stated, so not checked).
 *
 * <p>Plain strings so a Spark job or a server export can build it from any source; {@link RegisterSchema} reads
 * and checks it from file cells.
 */
public record ProfileRow(
        String id,
        String name,
        String kind,
        String registeredRegion,
        String householdRegion,
        List<String> servedRegions,
        String muGrade,
        Map<String, String> facts,
        List<String> materials) {

    public ProfileRow {
        servedRegions = servedRegions == null ? List.of() : List.copyOf(servedRegions);
        facts = facts == null || facts.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        materials = materials == null ? null : List.copyOf(materials);
    }

    /** The engine's subject for this profile. */
    public Subject subject() {
        return new Subject(
                id, name, SubjectKind.fromId(kind), registeredRegion, householdRegion, servedRegions, muGrade);
    }
}

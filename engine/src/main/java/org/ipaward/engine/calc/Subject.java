package org.ipaward.engine.calc;

import java.util.List;
import org.ipaward.engine.model.SubjectKind;

/**
 * Who claims: an organisation or a person, with where it is registered, where a person's household is
 * registered, which districts it serves, and its 亩均效益 grade where the district grades it.
 */
public record Subject(
        String id,
        String name,
        SubjectKind kind,
        String registeredRegion,
        String householdRegion,
        List<String> servedRegions,
        String muGrade) {

    public Subject {
        if (id == null || id.isBlank()) {
            id = "subject";
        }
        servedRegions = servedRegions == null ? List.of() : List.copyOf(servedRegions);
    }

    /** A field by its expression name ({@code subject.kind} …), or {@code null} when not given. */
    public Object field(String field) {
        switch (field) {
            case "kind":
                return kind == null ? null : kind.id();
            case "mu_grade":
                return muGrade;
            case "registered_region":
                return registeredRegion;
            case "household_region":
                return householdRegion;
            case "id":
                return id;
            case "name":
                return name;
            default:
                return null;
        }
    }
}

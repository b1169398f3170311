package org.ipaward.engine.calc;

import java.util.List;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.engine.model.Text;

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

    /** The subject's fields a measure's expressions may read, as they name them ({@code subject.mu_grade} …). */
    public static final List<String> FIELD_REFERENCES = List.of(
            "subject.kind",
            "subject.mu_grade",
            "subject.registered_region",
            "subject.household_region",
            "subject.served_regions");

    /**
     * A field's name for people, by its expression reference ({@code subject.kind}, {@code subject.mu_grade} …);
     * {@code null} for anything else (a claim's own fact included).
     */
    public static Text fieldLabel(String reference) {
        if (!reference.startsWith("subject.")) {
            return null;
        }
        String f = reference.substring("subject.".length());
        switch (f) {
            case "kind":
                return new Text("主体类型", "kind of applicant");
            case "mu_grade":
                return new Text("亩均效益综合评价等级", "per-mu efficiency grade");
            case "registered_region":
                return new Text("注册登记地行政区划代码", "region code of registration");
            case "household_region":
                return new Text("户籍所在地行政区划代码", "region code of household registration");
            case "served_regions":
                return new Text("服务区域行政区划代码", "region codes served");
            case "id":
                return new Text("主体编号", "subject id");
            case "name":
                return new Text("主体名称", "subject name");
            default:
                return null;
        }
    }
}

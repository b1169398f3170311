package org.ipaward.server.policy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ipaward.engine.model.AwardRule;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.engine.model.Text;
import org.ipaward.server.error.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The policies in use, read-only and public: what each offers, on which facts and materials. */
@RestController
@RequestMapping("/api/public/policies")
@Tag(name = "政策 Policies")
public class PolicyController {

    /** A policy in use: what it is, where it applies, its status and the exact text version. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PolicySummary(
            String id,
            Text title,
            Text authority,
            String regionCode,
            Text region,
            String documentNumber,
            String published,
            String status,
            Text statusLabel,
            boolean draft,
            String effectiveFrom,
            String effectiveTo,
            Integer matterYearOffset,
            long versionId,
            String versionLabel,
            String sha256,
            String engineVersion,
            boolean current,
            int measureCount) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PolicyDetail(
            PolicySummary policy,
            Applicants applicants,
            List<MaterialView> materials,
            List<InterpretationView> interpretations,
            List<MeasureView> measures) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Applicants(
            List<Labelled> kinds,
            List<RegionRuleView> region,
            boolean firstRightsHolderOnly,
            List<String> ipKinds,
            String clause,
            String quote) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RegionRuleView(String basis, Text label, List<Labelled> kinds) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Labelled(String id, String zh, String en) {
        static Labelled of(String id, Text t) {
            return new Labelled(id, t.zh(), t.en());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MaterialView(String id, String zh, String en, String clause) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InterpretationView(String id, String parameter, String zh, String en) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FactView(
            String name,
            String type,
            Text label,
            Text help,
            String unit,
            String min,
            String max,
            List<Labelled> values,
            boolean implicit) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AwardView(String kind, Text kindLabel, Text text) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CapView(String id, String kind, Integer years, List<String> per, String zh, String en) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConditionView(String id, String zh, String en) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MeasureView(
            String id,
            Text title,
            String clause,
            String quote,
            Labelled category,
            List<Labelled> subjects,
            List<String> rightKinds,
            boolean indicator,
            List<FactView> facts,
            List<ConditionView> conditions,
            List<MaterialView> materials,
            AwardView award,
            List<CapView> caps,
            List<InterpretationView> interpretations) {}

    private final PolicyRegistry registry;

    public PolicyController(PolicyRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    @Operation(
            summary = "在用政策一览（含征求意见稿）",
            description =
                    "Policies in use (drafts included): title, authority, region, status, effective period, version, SHA-256, number of measures")
    public List<PolicySummary> list() {
        return registry.currentVersions().stream().map(v -> summary(v, true)).toList();
    }

    @GetMapping("/{id}")
    @Operation(
            summary = "政策详情：各项措施的条款、原文、所需事实与材料、奖励规则、上限与解释",
            description =
                    "One policy (the version in use, or version_id of a stored version): each measure's clause, quote, facts, materials, award rule, caps and interpretations")
    public PolicyDetail detail(
            @PathVariable("id") String id, @RequestParam(name = "version_id", required = false) Long versionId) {
        PolicyRegistry.Version current =
                registry.findCurrent(id).orElseThrow(() -> ApiException.notFound("policy", id));
        PolicyRegistry.Version v = current;
        if (versionId != null && versionId != current.id()) {
            try {
                v = registry.version(versionId);
            } catch (ApiException e) {
                throw ApiException.invalid(
                        "version_id",
                        versionId,
                        "policy.version_unknown",
                        "政策 " + id + " 没有编号为 " + versionId + " 的版本",
                        "policy " + id + " has no version " + versionId);
            }
            if (!v.policyId().equals(id)) {
                throw ApiException.invalid(
                        "version_id",
                        versionId,
                        "policy.version_unknown",
                        "政策 " + id + " 没有编号为 " + versionId + " 的版本",
                        "policy " + id + " has no version " + versionId);
            }
        }
        return detail(v, v.id() == current.id());
    }

    static PolicySummary summary(PolicyRegistry.Version v, boolean current) {
        Policy p = v.policy();
        return new PolicySummary(
                p.id(),
                p.title(),
                p.authority(),
                p.region() == null ? null : p.region().code(),
                p.region() == null ? null : p.region().name(),
                p.documentNumber(),
                p.published() == null ? null : p.published().toString(),
                p.status().name().toLowerCase(Locale.ROOT),
                p.status().label(),
                p.status() == Policy.Status.DRAFT,
                p.effectiveFrom() == null ? null : p.effectiveFrom().toString(),
                p.effectiveTo() == null ? null : p.effectiveTo().toString(),
                p.matterYearOffset(),
                v.id(),
                v.label(),
                v.sha256(),
                v.engineVersion(),
                current,
                p.measures().size());
    }

    private static PolicyDetail detail(PolicyRegistry.Version v, boolean current) {
        Policy p = v.policy();
        Policy.Applicants a = p.applicants();
        Applicants applicants = a == null
                ? null
                : new Applicants(
                        kinds(a.kinds()),
                        a.region() == null
                                ? List.of()
                                : a.region().stream()
                                        .map(r -> new RegionRuleView(
                                                r.basis().name().toLowerCase(Locale.ROOT),
                                                r.basis().label(),
                                                kinds(r.kinds())))
                                        .toList(),
                        a.firstRightsHolderOnly(),
                        a.ipKinds() == null
                                ? List.of()
                                : a.ipKinds().stream().sorted().toList(),
                        a.cite() == null ? null : a.cite().clause(),
                        a.cite() == null ? null : a.cite().quote());
        List<MaterialView> materials = p.materials() == null
                ? List.of()
                : p.materials().values().stream()
                        .map(PolicyController::material)
                        .toList();
        List<MeasureView> measures = new ArrayList<>();
        for (Measure m : p.measures()) {
            measures.add(measure(p, m));
        }
        return new PolicyDetail(
                summary(v, current), applicants, materials, interpretations(p.interpretations()), measures);
    }

    private static MeasureView measure(Policy p, Measure m) {
        List<FactView> facts = new ArrayList<>();
        if (m.facts() != null) {
            for (Measure.Fact f : m.facts().values()) {
                List<Labelled> values = new ArrayList<>();
                if (f.values() != null) {
                    for (Map.Entry<String, Text> e : f.values().entrySet()) {
                        values.add(Labelled.of(e.getKey(), e.getValue()));
                    }
                }
                facts.add(new FactView(
                        f.name(),
                        f.type().name().toLowerCase(Locale.ROOT),
                        f.label(),
                        f.help(),
                        f.unit(),
                        plain(f.min()),
                        plain(f.max()),
                        values,
                        f.implicit()));
            }
        }
        List<MaterialView> materials = new ArrayList<>();
        if (m.materials() != null) {
            for (String id : m.materials()) {
                Policy.Material mat =
                        p.materials() == null ? null : p.materials().get(id);
                materials.add(mat == null ? new MaterialView(id, id, id, null) : material(mat));
            }
        }
        List<CapView> caps = m.caps() == null
                ? List.of()
                : m.caps().stream()
                        .map(c -> new CapView(
                                c.id(),
                                c.kind().name().toLowerCase(Locale.ROOT),
                                c.kind() == Measure.CapKind.YEARS ? c.years() : null,
                                c.per(),
                                c.text() == null ? null : c.text().zh(),
                                c.text() == null ? null : c.text().en()))
                        .toList();
        List<ConditionView> conditions = m.conditions() == null
                ? List.of()
                : m.conditions().stream()
                        .map(c -> new ConditionView(
                                c.id(),
                                c.text() == null ? c.source() : c.text().zh(),
                                c.text() == null ? c.source() : c.text().en()))
                        .toList();
        return new MeasureView(
                m.id(),
                m.title(),
                m.clause(),
                m.quote(),
                Labelled.of(
                        m.category().name().toLowerCase(Locale.ROOT),
                        m.category().label()),
                kinds(m.subjects()),
                m.rightKinds() == null
                        ? List.of()
                        : m.rightKinds().stream().sorted().toList(),
                m.indicator(),
                facts,
                conditions,
                materials,
                award(m.award()),
                caps,
                interpretations(m.interpretations()));
    }

    private static MaterialView material(Policy.Material m) {
        return new MaterialView(m.id(), m.label().zh(), m.label().en(), m.clause());
    }

    private static List<InterpretationView> interpretations(List<Measure.Interpretation> list) {
        return list == null
                ? List.of()
                : list.stream()
                        .map(i -> new InterpretationView(
                                i.id(), i.parameter(), i.text().zh(), i.text().en()))
                        .toList();
    }

    private static List<Labelled> kinds(java.util.Collection<SubjectKind> kinds) {
        if (kinds == null) {
            return List.of();
        }
        List<Labelled> out = new ArrayList<>();
        for (SubjectKind k : SubjectKind.values()) {
            if (kinds.contains(k)) {
                out.add(Labelled.of(k.id(), k.label()));
            }
        }
        return out;
    }

    /** The award rule's kind ({@code fixed}, {@code by_level}, {@code rate} …), its label and its text. */
    static AwardView award(AwardRule rule) {
        if (rule == null) {
            return null;
        }
        String simple = rule.getClass().getSimpleName();
        String kind = simple.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        Text label =
                switch (kind) {
                    case "fixed" -> new Text("固定金额", "Fixed amount");
                    case "by_level" -> new Text("按级别定额", "Amount by level");
                    case "rate" -> new Text("按比例", "Share of a base");
                    case "steps" -> new Text("分档定额", "Amount by steps");
                    case "tiers" -> new Text("按条件分级", "Amount by tiers");
                    case "per_unit" -> new Text("按数量计", "Amount per unit");
                    case "formula" -> new Text("按公式计算", "Formula");
                    case "reviewer" -> new Text("由评审确定", "Set by the reviewer");
                    case "none" -> new Text("不予资金奖励", "No money award");
                    default -> new Text(kind, kind);
                };
        return new AwardView(kind, label, rule.text());
    }

    private static String plain(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }
}

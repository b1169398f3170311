package org.ipaward.engine.calc;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.ipaward.engine.internal.PolicyReader;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.engine.model.Text;

/**
 * The texts of a measure's built-in checks, made once when the calculator is built rather than for every
 * claim: they depend on the policy and the measure only.
 */
record MeasureTexts(
        Measure measure,
        Text period,
        String periodClause,
        String applicantsClause,
        Text kind,
        Map<SubjectKind, Text> region,
        Text ipKind,
        Text indicator,
        Text materials,
        String materialsClause,
        String policyStepZh,
        String policyStepEn,
        int checkCapacity,
        String singleRightKind,
        FactSlots slots,
        Prepared prepared) {

    /**
     * The checks that carry no detail text, made once per outcome (indexed by {@link Check.Outcome#ordinal()}):
     * a passing built-in check or condition is the same record claim after claim. {@code keyDims}: the object
     * keys a ledger entry records, in the order the caps name them, and {@code keyDimSlots} their fact slots
     * (-1 for a name the measure does not declare). {@code kindSupported}: by {@link SubjectKind#ordinal()},
     * whether the measure supports that kind of subject; {@code regionBases}: by kind, the bases of the policy's
     * region rules for that kind, in the rules' order.
     */
    record Prepared(
            Check[] period,
            Check[] matterYear,
            Check[] kind,
            Map<SubjectKind, Check[]> region,
            Check[] indicator,
            Check[] ipKind,
            Check[] firstHolder,
            Check[] materials,
            Check[][] conditions,
            String[] capIds,
            Check[][] caps,
            int[][] capDims,
            String[] keyDims,
            int[] keyDimSlots,
            boolean[] kindSupported,
            Policy.RegionBasis[][] regionBases) {}

    /** In {@link Prepared#capDims()}: a cap per subject, per year; else the fact's slot, or -3 for none. */
    static final int PER_SUBJECT = -1;

    static final int PER_YEAR = -2;

    static Check[] outcomes(String id, Text text, String clause) {
        Check[] out = new Check[Check.Outcome.values().length];
        for (Check.Outcome o : Check.Outcome.values()) {
            out[o.ordinal()] = new Check(id, text, clause, o, null);
        }
        return out;
    }

    static final Text FIRST_HOLDER = new Text("涉及多个权利人的，以第一权利人为支持或奖励对象", "Only the first rights holder is supported");
    static final Text MATTER_YEAR = new Text("申报事项须为申报年度的上一年度的事项", "The matter must be of the previous year");
    static final Text CITY_FIRST = new Text("同一事项符合市级政策的，优先申报市级政策", "Claim under the city policy first");

    static MeasureTexts of(Policy policy, Measure m) {
        Text period = new Text(
                "事项年度须在政策有效期内（" + policy.effectiveFrom() + " 至 "
                        + (policy.effectiveTo() == null
                                ? "长期"
                                : policy.effectiveTo().toString())
                        + (policy.status() == Policy.Status.DRAFT ? "；征求意见稿，起止日期以正式印发为准" : "")
                        + "）",
                "The matter's year must fall within the policy's effective period");
        Text kind = new Text(
                "本措施支持的主体类型为：" + m.subjects().stream().map(k -> k.label().zh()).collect(Collectors.joining("、")),
                "Subject kinds supported: "
                        + m.subjects().stream().map(SubjectKind::id).collect(Collectors.joining(", ")));
        Map<SubjectKind, Text> region = new EnumMap<>(SubjectKind.class);
        for (SubjectKind k : SubjectKind.values()) {
            List<String> bases = policy.applicants().region().stream()
                    .filter(r -> r.kinds().contains(k))
                    .map(r -> r.basis().label().zh())
                    .toList();
            region.put(
                    k,
                    new Text(
                            policy.region().name().zh() + "："
                                    + (bases.isEmpty() ? "本类主体无适用的属地条件" : String.join("，或", bases)),
                            "Region rule of " + policy.region().name().en()));
        }
        Text ipKind = m.rightKinds() == null
                ? null
                : new Text(
                        "本措施支持的知识产权种类仅限于："
                                + m.rightKinds().stream()
                                        .map(PolicyReader::ipKindZh)
                                        .collect(Collectors.joining("、")),
                        "IP kinds supported: " + String.join(", ", m.rightKinds()));
        String materialsClause = m.materials().stream()
                .map(id -> policy.materials().get(id).clause())
                .filter(Objects::nonNull)
                .distinct()
                .collect(Collectors.joining("、"));
        String periodClause =
                policy.effectiveCite() == null ? null : policy.effectiveCite().clause();
        String applicantsClause = policy.applicants().cite() == null
                ? null
                : policy.applicants().cite().clause();
        Text indicator = new Text("本条为工作指标，不设资金奖补", "A reporting indicator: no money is awarded");
        Text materials = new Text("须提交本措施要求的全部申报材料", "All required materials must be attached");
        String matClause = materialsClause.isEmpty() ? null : materialsClause;
        Map<SubjectKind, Check[]> regionChecks = new EnumMap<>(SubjectKind.class);
        region.forEach((k, t) -> regionChecks.put(k, outcomes("applicants.region", t, applicantsClause)));
        Check[][] conditions = new Check[m.conditions().size()][];
        for (int i = 0; i < conditions.length; i++) {
            Measure.Condition c = m.conditions().get(i);
            conditions[i] = outcomes(c.id(), c.text(), m.clause());
        }
        FactSlots slots = new FactSlots(m);
        String[] capIds = new String[m.caps().size()];
        int[][] capDims = new int[capIds.length][];
        Check[][] caps = new Check[capIds.length][];
        for (int i = 0; i < capIds.length; i++) {
            Measure.Cap c = m.caps().get(i);
            capIds[i] = "cap." + c.id();
            caps[i] = outcomes(capIds[i], c.text(), m.clause());
            capDims[i] = new int[c.per().size()];
            for (int j = 0; j < capDims[i].length; j++) {
                String d = c.per().get(j);
                int slot = slots.slot(d);
                capDims[i][j] = d.equals("subject") ? PER_SUBJECT : d.equals("year") ? PER_YEAR : slot < 0 ? -3 : slot;
            }
        }
        String[] keyDims = m.caps().stream()
                .flatMap(c -> c.per().stream())
                .filter(d -> !d.equals("subject") && !d.equals("year"))
                .distinct()
                .toArray(String[]::new);
        int[] keyDimSlots = new int[keyDims.length];
        for (int i = 0; i < keyDims.length; i++) {
            keyDimSlots[i] = slots.slot(keyDims[i]);
        }
        boolean[] kindSupported = new boolean[SubjectKind.values().length];
        Policy.RegionBasis[][] regionBases = new Policy.RegionBasis[SubjectKind.values().length][];
        for (SubjectKind k : SubjectKind.values()) {
            kindSupported[k.ordinal()] = m.subjects().contains(k);
            regionBases[k.ordinal()] = policy.applicants().region().stream()
                    .filter(r -> r.kinds().contains(k))
                    .map(Policy.RegionRule::basis)
                    .toArray(Policy.RegionBasis[]::new);
        }
        Prepared prepared = new Prepared(
                outcomes("policy.period", period, periodClause),
                outcomes(
                        "policy.matter-year",
                        MATTER_YEAR,
                        policy.cite() == null ? null : policy.cite().clause()),
                outcomes("applicants.kind", kind, applicantsClause),
                regionChecks,
                outcomes("measure.indicator", indicator, m.clause()),
                outcomes("applicants.ip-kind", ipKind, applicantsClause),
                outcomes("applicants.first-rights-holder", FIRST_HOLDER, applicantsClause),
                outcomes("materials", materials, matClause),
                conditions,
                capIds,
                caps,
                capDims,
                keyDims,
                keyDimSlots,
                kindSupported,
                regionBases);
        return new MeasureTexts(
                m,
                period,
                periodClause,
                applicantsClause,
                kind,
                region,
                ipKind,
                indicator,
                materials,
                matClause,
                "依据《" + policy.title().zh() + "》（" + policy.authority().zh() + "）"
                        + (policy.status() == Policy.Status.DRAFT ? "，本文件为征求意见稿" : "")
                        + "，措施“" + m.title().zh() + "”",
                "Under " + policy.title().en() + ", measure " + m.title().en(),
                // built-ins (period, matter year, kind, region, indicator, IP kind, first holder, materials, city
                // first), conditions, caps, and room for a tier or an evaluation failure
                9 + m.conditions().size() + m.caps().size() + 2,
                m.rightKinds() != null && m.rightKinds().size() == 1
                        ? m.rightKinds().iterator().next()
                        : null,
                slots,
                prepared);
    }
}

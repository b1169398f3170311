package org.ipaward.server.application;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Text;
import org.ipaward.server.config.Json;
import org.ipaward.server.policy.PolicyRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Possible duplicate claims (疑似重复申报), for the staff who accept and review. A measure's one-off caps ({@code
 * once: true}) name in {@code per} what identifies the rewarded item — a patent number, a title, the subject and
 * the year — read as the engine reads them: {@code subject} is the application's subject, {@code year} the
 * claim's matter year, any other name a fact of the claim. Two claims collide when they are of the same policy,
 * the other's measure is in the cap's pool (the measure itself unless the cap says otherwise) and every {@code
 * per} value is the same once normalised ({@link #normalise}: no whitespace, full-width as half-width, upper
 * case; numbers by value) — broader than the cap, which compares the values exactly, and blind to the cap's
 * {@code applies_when}: a warning, not a refusal. Caps without {@code once} (yearly amounts) are not duplicates.
 *
 * <p>The other claim is one of the same application, or of an application of the same policy that is live
 * (submitted or further along: not {@link #NOT_LIVE}), in any round, or one the awards ledger holds (reserved,
 * approved or paid). Computed only when staff look (an application's page or JSON, the queue): the applicant's
 * filing paths never pay for it.
 */
@Service
public class DuplicateClaims {
    /** States whose claims do not count against others: not filed, or finished without an award. */
    static final Set<String> NOT_LIVE = Set.of("draft", "returned", "not_accepted", "rejected", "withdrawn");

    static final Text SUBJECT = new Text("申报主体", "Applicant");
    static final Text YEAR = new Text("事项年度", "Matter year");

    /** One of the values both claims share: its name in {@code per}, its label, and each claim's value as stated. */
    public record Key(String name, Text label, Object value, Text valueLabel, Object otherValue) {}

    /**
     * Another claim that may be for the same rewarded item: which application (and whether it is this one), its
     * claim, state, subject and round, the ledger status when the ledger holds it, the one-off cap both fall under
     * with its clause, the shared values, and the whole warning in Chinese and English.
     */
    public record Duplicate(
            long applicationId,
            String applicationNo,
            boolean sameApplication,
            int claimSeq,
            String measure,
            ApplicationDtos.Label state,
            long subjectId,
            String subjectName,
            long roundId,
            String roundTitle,
            String ledgerStatus,
            String cap,
            Text capText,
            String clause,
            List<Key> keys,
            Text message) {}

    /** A claim as the check reads it, with its application, round and live ledger entry (if any). */
    private record Item(
            long claimId,
            int seq,
            String measure,
            int matterYear,
            Map<String, Object> facts,
            long applicationId,
            String applicationNo,
            String state,
            long subjectId,
            String subjectName,
            long roundId,
            String roundTitle,
            String policyId,
            long versionId,
            String ledgerStatus,
            String ledgerSubject,
            Integer ledgerYear,
            Map<String, Object> ledgerKeys) {
        boolean live() {
            return !NOT_LIVE.contains(state) || ledgerStatus != null;
        }
    }

    private final JdbcClient jdbc;
    private final PolicyRegistry policies;
    private final Workflow workflow;

    public DuplicateClaims(JdbcClient jdbc, PolicyRegistry policies, Workflow workflow) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.workflow = workflow;
    }

    /** The possible duplicates of each claim of one application, by claim id (claims with none left out). */
    @Transactional(readOnly = true)
    public Map<Long, List<Duplicate>> ofApplication(long applicationId) {
        return find(List.of(applicationId)).getOrDefault(applicationId, Map.of());
    }

    /**
     * How many claims of each application have a possible duplicate (applications with none left out): for a
     * queue page, two queries whatever the number of rows.
     */
    @Transactional(readOnly = true)
    public Map<Long, Integer> counts(Collection<Long> applicationIds) {
        Map<Long, Integer> out = new HashMap<>();
        if (!applicationIds.isEmpty()) {
            find(applicationIds).forEach((app, claims) -> out.put(app, claims.size()));
        }
        return out;
    }

    /** By application asked about, by claim: the claim's possible duplicates. */
    private Map<Long, Map<Long, List<Duplicate>>> find(Collection<Long> applicationIds) {
        Long[] ids = applicationIds.toArray(Long[]::new);
        // which measures the asked applications claim, under which policy version
        record Claimed(String policyId, long versionId, String measure) {}
        List<Claimed> claimed = jdbc.sql(
                        """
                        select distinct r.policy_id, r.policy_version_id, c.measure_id
                        from claim c join application a on a.id = c.application_id join round r on r.id = a.round_id
                        where a.id = any(?)""")
                .param(ids)
                .query((rs, n) -> new Claimed(rs.getString(1), rs.getLong(2), rs.getString(3)))
                .list();
        Set<String> policyIds = new LinkedHashSet<>();
        Set<String> measures = new LinkedHashSet<>();
        Set<String> wanted = new HashSet<>(); // policy + measure whose claims may collide with one asked about
        for (Claimed c : claimed) {
            Measure m = policies.version(c.versionId()).policy().measure(c.measure());
            for (Measure.Cap cap : onceCaps(m)) {
                policyIds.add(c.policyId());
                measures.add(c.measure());
                wanted.add(c.policyId() + "/" + c.measure());
                for (String p : cap.pool()) {
                    measures.add(p);
                    wanted.add(c.policyId() + "/" + p);
                }
            }
        }
        if (wanted.isEmpty()) {
            return Map.of();
        }
        List<Item> items = jdbc
                .sql(
                        """
                        select c.id, c.seq, c.measure_id, c.matter_year, c.facts, a.id, a.no, a.state, a.subject_id, s.name,
                               a.round_id, r.title, r.policy_id, r.policy_version_id, l.status, l.subject_ref, l.year, l.keys
                        from claim c
                        join application a on a.id = c.application_id
                        join round r on r.id = a.round_id
                        join subject s on s.id = a.subject_id
                        left join ledger_entry l on l.claim_id = c.id and l.status <> 'released'
                        where r.policy_id = any(?) and c.measure_id = any(?)
                          and (a.id = any(?) or a.state <> all(?) or l.id is not null)
                        order by a.id, c.seq""")
                .params(
                        policyIds.toArray(String[]::new),
                        measures.toArray(String[]::new),
                        ids,
                        NOT_LIVE.toArray(String[]::new))
                .query((rs, n) -> new Item(
                        rs.getLong(1),
                        rs.getInt(2),
                        rs.getString(3),
                        rs.getInt(4),
                        Json.map(rs.getString(5)),
                        rs.getLong(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getLong(9),
                        rs.getString(10),
                        rs.getLong(11),
                        rs.getString(12),
                        rs.getString(13),
                        rs.getLong(14),
                        rs.getString(15),
                        rs.getString(16),
                        (Integer) rs.getObject(17),
                        Json.map(rs.getString(18))))
                .list()
                .stream()
                .filter(i -> wanted.contains(i.policyId() + "/" + i.measure()))
                .toList();
        Set<Long> asked = new HashSet<>(applicationIds);
        // candidates by policy, measure and the per-list they are keyed on, built when first needed
        Map<String, Map<List<String>, List<Item>>> index = new HashMap<>();
        Map<Long, Map<Long, List<Duplicate>>> out = new LinkedHashMap<>();
        for (Item t : items) {
            if (!asked.contains(t.applicationId())) {
                continue;
            }
            Measure m = measure(t);
            Map<Long, Duplicate> found = new LinkedHashMap<>();
            for (Measure.Cap cap : onceCaps(m)) {
                List<String> key = factKey(t, cap.per());
                if (key == null) {
                    continue; // a value is not stated yet: nothing to compare
                }
                for (String pool : cap.pool()) {
                    String at = t.policyId() + "/" + pool + "/" + String.join("\u0000", cap.per());
                    Map<List<String>, List<Item>> byKey = index.computeIfAbsent(at, k -> index(items, t, pool, cap));
                    for (Item o : byKey.getOrDefault(key, List.of())) {
                        if (o.claimId() != t.claimId()
                                && (o.applicationId() == t.applicationId() || o.live())
                                && !found.containsKey(o.claimId())) {
                            found.put(o.claimId(), duplicate(t, m, cap, o));
                        }
                    }
                }
            }
            if (!found.isEmpty()) {
                List<Duplicate> list = new ArrayList<>(found.values());
                list.sort(Comparator.comparing((Duplicate d) -> !d.sameApplication())
                        .thenComparingLong(Duplicate::applicationId)
                        .thenComparingInt(Duplicate::claimSeq));
                out.computeIfAbsent(t.applicationId(), k -> new LinkedHashMap<>())
                        .put(t.claimId(), List.copyOf(list));
            }
        }
        return out;
    }

    /** The claims of a pool measure by their values of the cap's {@code per}: from their facts and their ledger entry. */
    private Map<List<String>, List<Item>> index(List<Item> items, Item target, String pool, Measure.Cap cap) {
        Map<List<String>, List<Item>> out = new HashMap<>();
        for (Item i : items) {
            if (!i.policyId().equals(target.policyId()) || !i.measure().equals(pool)) {
                continue;
            }
            Set<List<String>> keys = new LinkedHashSet<>();
            List<String> facts = factKey(i, cap.per());
            if (facts != null) {
                keys.add(facts);
            }
            List<String> ledger = ledgerKey(i, cap.per());
            if (ledger != null) {
                keys.add(ledger);
            }
            keys.forEach(k -> out.computeIfAbsent(k, x -> new ArrayList<>()).add(i));
        }
        return out;
    }

    private Measure measure(Item i) {
        return policies.version(i.versionId()).policy().measure(i.measure());
    }

    private static List<Measure.Cap> onceCaps(Measure m) {
        if (m == null) {
            return List.of();
        }
        return m.caps().stream()
                .filter(c -> c.kind() == Measure.CapKind.ONCE && !c.per().isEmpty())
                .toList();
    }

    /** The normalised values of {@code per} for a claim as stated, or null when one is not stated. */
    private List<String> factKey(Item i, List<String> per) {
        return key(
                i,
                per,
                String.valueOf(i.subjectId()),
                String.valueOf(i.matterYear()),
                i.facts() == null ? Map.of() : i.facts());
    }

    /** The normalised values of {@code per} as the claim's live ledger entry records them, or null. */
    private List<String> ledgerKey(Item i, List<String> per) {
        if (i.ledgerStatus() == null) {
            return null;
        }
        return key(
                i,
                per,
                i.ledgerSubject(),
                i.ledgerYear() == null ? null : String.valueOf(i.ledgerYear()),
                i.ledgerKeys() == null ? Map.of() : i.ledgerKeys());
    }

    /** {@code per}'s values: the subject and year given, any other name from {@code values}; null if one is missing. */
    private List<String> key(Item i, List<String> per, String subject, String year, Map<String, Object> values) {
        Measure m = measure(i);
        List<String> out = new ArrayList<>(per.size());
        for (String d : per) {
            String v =
                    switch (d) {
                        case "subject" -> subject;
                        case "year" -> year;
                        default ->
                            normalise(
                                    values.get(d),
                                    m == null || m.facts().get(d) == null
                                            ? null
                                            : m.facts().get(d).type());
                    };
            if (v == null) {
                return null;
            }
            out.add(v);
        }
        return out;
    }

    /**
     * A value as compared: text without any whitespace (also the ideographic space), full-width letters, digits and
     * signs as half-width, upper case — {@code "zl 2023１０１２３４５６.６"} is {@code "ZL202310123456.6"}; a number
     * (stated as one, or as text for a numeric fact) by its value, {@code 1.50} as {@code 1.5}. Null for a value not
     * stated (null or blank).
     */
    static String normalise(Object value, Measure.FactType type) {
        if (value == null) {
            return null;
        }
        String text = value instanceof List<?> l
                ? String.join(";", l.stream().map(String::valueOf).toList())
                : String.valueOf(value);
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            int c = cp >= 0xFF01 && cp <= 0xFF5E ? cp - 0xFEE0 : cp;
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                b.appendCodePoint(c);
            }
        });
        String s = b.toString().toUpperCase(Locale.ROOT);
        if (s.isEmpty()) {
            return null;
        }
        boolean numeric = value instanceof Number
                || type == Measure.FactType.MONEY
                || type == Measure.FactType.INTEGER
                || type == Measure.FactType.DECIMAL
                || type == Measure.FactType.PERCENT;
        if (numeric) {
            try {
                BigDecimal d = new BigDecimal(s.replace(",", ""));
                return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return s;
            }
        }
        return s;
    }

    private Duplicate duplicate(Item t, Measure m, Measure.Cap cap, Item o) {
        Measure om = measure(o);
        List<Key> keys = new ArrayList<>();
        for (String d : cap.per()) {
            switch (d) {
                case "subject" -> keys.add(new Key(d, SUBJECT, t.subjectName(), null, o.subjectName()));
                case "year" -> keys.add(new Key(d, YEAR, t.matterYear(), null, o.matterYear()));
                default -> {
                    Measure.Fact f = m.facts().get(d);
                    Object value = t.facts() == null ? null : t.facts().get(d);
                    Object other = o.facts() == null ? null : o.facts().get(d);
                    if (other == null && o.ledgerKeys() != null) {
                        other = o.ledgerKeys().get(d);
                    }
                    Text label = f == null ? new Text(d, d) : f.label();
                    Text valueLabel = f == null || f.values() == null || value == null
                            ? null
                            : f.values().get(String.valueOf(value));
                    keys.add(new Key(d, label, value, valueLabel, other));
                }
            }
        }
        Workflow.State s = workflow.state(o.state());
        ApplicationDtos.Label state = new ApplicationDtos.Label(s.id(), s.zh(), s.en());
        boolean same = o.applicationId() == t.applicationId();
        Text ledger = o.ledgerStatus() == null ? null : ledgerStatus(o.ledgerStatus());
        StringBuilder zh = new StringBuilder("疑似重复申报：");
        StringBuilder en = new StringBuilder("Possible duplicate claim: ");
        if (same) {
            zh.append("本申报第 ").append(o.seq()).append(" 项");
            en.append("claim ").append(o.seq()).append(" of this application");
        } else {
            boolean otherRound = o.roundId() != t.roundId();
            zh.append("申报 ")
                    .append(o.applicationNo())
                    .append("（")
                    .append(o.subjectName())
                    .append("，")
                    .append(s.zh())
                    .append(otherRound ? "，" + o.roundTitle() : "")
                    .append("）第 ")
                    .append(o.seq())
                    .append(" 项");
            en.append("application ")
                    .append(o.applicationNo())
                    .append(" (")
                    .append(o.subjectName())
                    .append(", ")
                    .append(s.en())
                    .append(otherRound ? ", " + o.roundTitle() : "")
                    .append("), claim ")
                    .append(o.seq());
        }
        if (om != null && !o.measure().equals(t.measure())) {
            zh.append("（").append(om.title().zh()).append("）");
            en.append(" (").append(om.title().en()).append(")");
        }
        zh.append("同为 ");
        en.append(", states the same ");
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            zh.append(i == 0 ? "" : "、").append(k.label().zh()).append(" ").append(shown(k, true));
            en.append(i == 0 ? "" : ", ")
                    .append(
                            k.label().en().isEmpty()
                                    ? k.label().zh()
                                    : k.label().en())
                    .append(" ")
                    .append(shown(k, false));
        }
        if (ledger != null) {
            zh.append("，已列入奖补台账（").append(ledger.zh()).append("）");
            en.append("; in the awards ledger (").append(ledger.en()).append(")");
        }
        zh.append("；本措施“")
                .append(cap.text().zh())
                .append("”（")
                .append(m.clause())
                .append("）");
        en.append("; this measure: “")
                .append(cap.text().en().isEmpty() ? cap.text().zh() : cap.text().en())
                .append("” (")
                .append(m.clause())
                .append(")");
        return new Duplicate(
                o.applicationId(),
                o.applicationNo(),
                same,
                o.seq(),
                o.measure(),
                state,
                o.subjectId(),
                o.subjectName(),
                o.roundId(),
                o.roundTitle(),
                o.ledgerStatus(),
                cap.id(),
                cap.text(),
                m.clause(),
                List.copyOf(keys),
                new Text(zh.toString(), en.toString()));
    }

    private static String shown(Key k, boolean zh) {
        if (k.valueLabel() != null) {
            return zh || k.valueLabel().en().isEmpty()
                    ? k.valueLabel().zh()
                    : k.valueLabel().en();
        }
        return String.valueOf(k.value());
    }

    static Text ledgerStatus(String status) {
        return switch (status) {
            case "reserved" -> new Text("已预留", "reserved");
            case "approved" -> new Text("已批准", "approved");
            case "paid" -> new Text("已拨付", "paid");
            default -> new Text(status, status);
        };
    }
}

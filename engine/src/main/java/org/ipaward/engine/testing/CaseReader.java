package org.ipaward.engine.testing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.PolicyException;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.CityAward;
import org.ipaward.engine.calc.Claim;
import org.ipaward.engine.calc.Ledger;
import org.ipaward.engine.calc.LedgerEntry;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.internal.Plain;
import org.ipaward.engine.internal.Problems;
import org.ipaward.engine.internal.YMap;
import org.ipaward.engine.internal.YNode;
import org.ipaward.engine.model.SubjectKind;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads a YAML file of policy cases; problems name the file and line. */
public final class CaseReader {
    private CaseReader() {}

    public static List<PolicyCase> read(String yaml, String file, String defaultPolicy) {
        Problems problems = new Problems(file);
        Node root = PolicyLoader.compose(yaml, file, problems);
        List<PolicyCase> out = new ArrayList<>();
        if (root != null) {
            YNode r = new YNode(root);
            if (!r.isList()) {
                problems.add(r, null, "case.not-a-list", "用例文件应为用例列表", "a case file is a list of cases");
            } else {
                for (YNode n : r.items()) {
                    PolicyCase c = readCase(n, file, defaultPolicy, problems);
                    if (c != null) {
                        out.add(c);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems.list());
        }
        return out;
    }

    private static PolicyCase readCase(YNode n, String file, String policy, Problems problems) {
        YMap c = YMap.of(n, problems, "");
        if (c == null) {
            return null;
        }
        c.only("name", "as_of", "subject", "ledger", "parameters", "claims", "expect");
        String name = c.string("name", true);
        problems.where(name);
        LocalDate asOf = c.date("as_of", true);
        Subject subject = subject(c.map("subject", true), problems);
        List<LedgerEntry> ledger = new ArrayList<>();
        for (YNode ln : c.list("ledger", false)) {
            YMap l = YMap.of(ln, problems, "ledger");
            if (l == null) {
                continue;
            }
            l.only("policy", "measure", "subject", "year", "amount", "keys");
            Integer year = l.integer("year", true);
            BigDecimal amount = l.decimal("amount", true);
            String measure = l.string("measure", true);
            Map<String, String> keys = new java.util.LinkedHashMap<>();
            YMap km = l.map("keys", false);
            if (km != null) {
                km.entries().forEach((k, v) -> keys.put(k, v.text()));
            }
            if (year != null && amount != null && measure != null) {
                ledger.add(new LedgerEntry(
                        l.has("policy") ? l.string("policy", true) : policy,
                        measure,
                        l.has("subject") ? l.string("subject", true) : subject == null ? "subject" : subject.id(),
                        year,
                        amount,
                        keys));
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> params =
                c.has("parameters") ? (Map<String, Object>) Plain.of(c.node("parameters")) : Map.of();
        List<Claim> claims = new ArrayList<>();
        int i = 0;
        for (YNode cn : c.list("claims", true)) {
            Claim claim = claim(cn, policy, i++, problems);
            if (claim != null) {
                claims.add(claim);
            }
        }
        List<PolicyCase.Expectation> expect = new ArrayList<>();
        for (YNode en : c.list("expect", true)) {
            YMap e = YMap.of(en, problems, "expect");
            if (e == null) {
                continue;
            }
            e.only("status", "amount", "failed", "missing", "tier");
            String status = e.string("status", true);
            if (status != null
                    && !List.of("eligible", "not_eligible", "undetermined").contains(status)) {
                e.problem(
                        "status",
                        "case.bad-status",
                        "status 应为 eligible、not_eligible 或 undetermined",
                        "unknown status");
            }
            expect.add(new PolicyCase.Expectation(
                    status,
                    e.decimal("amount", false),
                    e.has("failed") ? e.strings("failed") : null,
                    e.has("missing") ? e.strings("missing") : null,
                    e.string("tier", false)));
        }
        if (expect.size() != claims.size()) {
            c.problem(
                    "expect",
                    "case.expect-count",
                    "expect 的条数（" + expect.size() + "）应与 claims（" + claims.size() + "）一致",
                    "one expectation per claim");
        }
        problems.where(null);
        if (name == null || asOf == null || subject == null) {
            return null;
        }
        return new PolicyCase(
                file,
                c.line(),
                name,
                new CalculationRequest(asOf, subject, claims, Ledger.of(ledger), params, true),
                List.copyOf(ledger),
                expect);
    }

    static Subject subject(YMap s, Problems problems) {
        if (s == null) {
            return null;
        }
        s.only("id", "name", "kind", "registered_region", "household_region", "served_regions", "mu_grade");
        String k = s.string("kind", true);
        SubjectKind kind = k == null ? null : SubjectKind.fromId(k);
        if (k != null && kind == null) {
            s.problem("kind", "subject.unknown-kind", "未知主体类型“" + k + "”", "unknown subject kind");
            return null;
        }
        return new Subject(
                s.string("id", false),
                s.string("name", false),
                kind,
                s.string("registered_region", false),
                s.string("household_region", false),
                s.strings("served_regions"),
                s.string("mu_grade", false));
    }

    @SuppressWarnings("unchecked")
    private static Claim claim(YNode n, String policy, int index, Problems problems) {
        YMap c = YMap.of(n, problems, "claims[" + index + "]");
        if (c == null) {
            return null;
        }
        c.only("id", "policy", "measure", "year", "facts", "materials", "city_award");
        Integer year = c.integer("year", true);
        String measure = c.string("measure", true);
        Map<String, Object> facts = c.has("facts") ? (Map<String, Object>) Plain.of(c.node("facts")) : Map.of();
        CityAward city = null;
        YMap cm = c.map("city_award", false);
        if (cm != null) {
            cm.only("applicable", "amount", "needs_district_match", "district_share");
            city = new CityAward(
                    cm.has("applicable") ? cm.bool("applicable", false) : null,
                    cm.decimal("amount", false),
                    cm.has("needs_district_match") ? cm.bool("needs_district_match", false) : null,
                    cm.decimal("district_share", false));
        }
        if (year == null || measure == null) {
            return null;
        }
        return new Claim(
                c.string("id", false),
                c.has("policy") ? c.string("policy", true) : policy,
                measure,
                year,
                facts,
                c.has("materials") ? c.strings("materials") : null,
                city);
    }
}

package org.ipaward.cli;

import static org.ipaward.cli.Out.money;
import static org.ipaward.cli.Out.obj;
import static org.ipaward.cli.Out.text;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ipaward.engine.calc.Calculation;
import org.ipaward.engine.calc.CapResult;
import org.ipaward.engine.calc.Check;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.calc.LedgerEntry;
import org.ipaward.engine.calc.TraceStep;

/** A calculation as JSON: snake_case keys, money as decimal strings with two places, never a float. */
final class CalcJson {
    private CalcJson() {}

    static Map<String, Object> of(Calculation c) {
        Map<String, Object> byPolicy = new LinkedHashMap<>();
        c.totalByPolicy().forEach((k, v) -> byPolicy.put(k, money(v)));
        return obj(
                "as_of", c.asOf().toString(),
                "subject", c.subject(),
                "total", money(c.total()),
                "total_by_policy", byPolicy,
                "results", c.results().stream().map(CalcJson::result).toList());
    }

    static Map<String, Object> result(ClaimResult r) {
        return obj(
                "claim", r.claimId(),
                "policy", r.policy(),
                "measure", r.measure(),
                "title", text(r.title()),
                "clause", r.clause(),
                "year", r.year(),
                "status", r.status().id(),
                "status_label", text(r.status().label()),
                "amount", money(r.amount()),
                "base_amount", money(r.baseAmount()),
                "tier", r.tier(),
                "tier_label", text(r.tierLabel()),
                "failed", r.failed().stream().map(CalcJson::check).toList(),
                "missing_facts", r.missingFacts(),
                "missing_materials", r.missingMaterials(),
                "checks", r.checks().stream().map(CalcJson::check).toList(),
                "caps", r.caps().stream().map(CalcJson::cap).toList(),
                "trace", r.trace().stream().map(CalcJson::step).toList(),
                "ledger_entry", ledger(r.ledgerEntry()));
    }

    static Map<String, Object> check(Check c) {
        return obj(
                "id", c.id(),
                "zh", c.text().zh(),
                "en", c.text().en(),
                "clause", c.clause(),
                "outcome", c.outcome().name().toLowerCase(java.util.Locale.ROOT),
                "detail", c.detail());
    }

    static Map<String, Object> cap(CapResult c) {
        boolean isMoney = "amount".equals(c.kind());
        return obj(
                "id", c.id(),
                "zh", c.text().zh(),
                "en", c.text().en(),
                "kind", c.kind(),
                "limit", isMoney ? money(c.limit()) : count(c.limit()),
                "used", isMoney ? money(c.used()) : count(c.used()),
                "remaining", isMoney ? money(c.remaining()) : count(c.remaining()),
                "bound", c.bound());
    }

    private static Object count(BigDecimal d) {
        return d == null ? null : d.stripTrailingZeros().toPlainString();
    }

    static Map<String, Object> step(TraceStep s) {
        return obj(
                "kind", s.kind(),
                "zh", s.zh(),
                "en", s.en(),
                "clause", s.clause(),
                "quote", s.quote(),
                "amount", money(s.amount()));
    }

    static Map<String, Object> ledger(LedgerEntry e) {
        if (e == null) {
            return null;
        }
        return obj(
                "policy", e.policy(),
                "measure", e.measure(),
                "subject", e.subject(),
                "year", e.year(),
                "amount", money(e.amount()),
                "keys", e.keys());
    }
}

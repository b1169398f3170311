package org.ipaward.server.application;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.calc.CapResult;
import org.ipaward.engine.calc.Check;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.calc.TraceStep;
import org.ipaward.engine.model.Text;

/** An engine result as plain maps and lists (money as strings), for the API and the jsonb column. */
public final class ResultJson {
    private ResultJson() {}

    public static Map<String, Object> of(ClaimResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("measure", r.measure());
        m.put("title", text(r.title()));
        m.put("clause", r.clause());
        m.put("year", r.year());
        m.put("status", r.status().id());
        m.put("status_label", text(r.status().label()));
        m.put("amount", money(r.amount()));
        m.put("base_amount", money(r.baseAmount()));
        m.put("tier", r.tier());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Check c : r.checks()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("id", c.id());
            cm.put("text", text(c.text()));
            cm.put("clause", c.clause());
            cm.put("outcome", c.outcome().name().toLowerCase(java.util.Locale.ROOT));
            cm.put("detail", c.detail());
            checks.add(cm);
        }
        m.put("checks", checks);
        List<Map<String, Object>> failed = new ArrayList<>();
        for (Check c : r.failed()) {
            failed.add(Map.of("id", c.id(), "text", text(c.text()), "clause", c.clause() == null ? "" : c.clause()));
        }
        m.put("failed", failed);
        List<Map<String, Object>> caps = new ArrayList<>();
        for (CapResult c : r.caps()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("id", c.id());
            cm.put("text", text(c.text()));
            cm.put("kind", c.kind());
            cm.put("limit", money(c.limit()));
            cm.put("used", money(c.used()));
            cm.put("remaining", money(c.remaining()));
            cm.put("bound", c.bound());
            caps.add(cm);
        }
        m.put("caps", caps);
        m.put("missing_facts", r.missingFacts());
        m.put("missing_materials", r.missingMaterials());
        List<Map<String, Object>> trace = new ArrayList<>();
        for (TraceStep s : r.trace()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("kind", s.kind());
            sm.put("zh", s.zh());
            sm.put("en", s.en());
            sm.put("clause", s.clause());
            sm.put("quote", s.quote());
            sm.put("amount", money(s.amount()));
            trace.add(sm);
        }
        m.put("trace", trace);
        return m;
    }

    static Map<String, String> text(Text t) {
        if (t == null) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("zh", t.zh());
        m.put("en", t.en());
        return m;
    }

    public static String money(BigDecimal d) {
        if (d == null) {
            return null;
        }
        return d.scale() <= 2 ? d.setScale(2).toPlainString() : d.toPlainString();
    }
}

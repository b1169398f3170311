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
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.jsontype.TypeSerializer;

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
        m.put("tier_label", text(r.tierLabel()));
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

    /**
     * Writes {@link #of}'s map straight to a generator, without building it: the same names, order and values
     * (nulls written as null), for answers where the map is only serialised (the public calculator).
     */
    public static void write(ClaimResult r, JsonGenerator g) {
        g.writeStartObject();
        string(g, "measure", r.measure());
        text(g, "title", r.title());
        string(g, "clause", r.clause());
        g.writeName("year");
        g.writeNumber(r.year());
        string(g, "status", r.status().id());
        text(g, "status_label", r.status().label());
        string(g, "amount", money(r.amount()));
        string(g, "base_amount", money(r.baseAmount()));
        string(g, "tier", r.tier());
        text(g, "tier_label", r.tierLabel());
        g.writeName("checks");
        g.writeStartArray();
        for (Check c : r.checks()) {
            g.writeStartObject();
            string(g, "id", c.id());
            text(g, "text", c.text());
            string(g, "clause", c.clause());
            string(g, "outcome", c.outcome().name().toLowerCase(java.util.Locale.ROOT));
            string(g, "detail", c.detail());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeName("failed");
        g.writeStartArray();
        for (Check c : r.failed()) {
            g.writeStartObject();
            string(g, "id", c.id());
            text(g, "text", c.text());
            string(g, "clause", c.clause() == null ? "" : c.clause());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeName("caps");
        g.writeStartArray();
        for (CapResult c : r.caps()) {
            g.writeStartObject();
            string(g, "id", c.id());
            text(g, "text", c.text());
            string(g, "kind", c.kind());
            string(g, "limit", money(c.limit()));
            string(g, "used", money(c.used()));
            string(g, "remaining", money(c.remaining()));
            g.writeName("bound");
            g.writeBoolean(c.bound());
            g.writeEndObject();
        }
        g.writeEndArray();
        strings(g, "missing_facts", r.missingFacts());
        strings(g, "missing_materials", r.missingMaterials());
        g.writeName("trace");
        g.writeStartArray();
        for (TraceStep s : r.trace()) {
            g.writeStartObject();
            string(g, "kind", s.kind());
            string(g, "zh", s.zh());
            string(g, "en", s.en());
            string(g, "clause", s.clause());
            string(g, "quote", s.quote());
            string(g, "amount", money(s.amount()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String name, String value) {
        g.writeName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }

    private static void text(JsonGenerator g, String name, Text t) {
        g.writeName(name);
        if (t == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            string(g, "zh", t.zh());
            string(g, "en", t.en());
            g.writeEndObject();
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values) {
        g.writeName(name);
        if (values == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (String v : values) {
            if (v == null) {
                g.writeNull();
            } else {
                g.writeString(v);
            }
        }
        g.writeEndArray();
    }

    /** A result that serialises as {@link #of}'s map, written by {@link #write} without building the map. */
    public record Written(ClaimResult result) implements JacksonSerializable {
        @Override
        public void serialize(JsonGenerator g, SerializationContext ctxt) {
            write(result, g);
        }

        @Override
        public void serializeWithType(JsonGenerator g, SerializationContext ctxt, TypeSerializer typeSer) {
            write(result, g);
        }
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

package org.ipaward.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts a YAML node to plain Java values: strings, lists and maps, with no implicit typing. */
public final class Plain {
    private Plain() {}

    public static Object of(YNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isScalar()) {
            return n.text();
        }
        if (n.isList()) {
            List<Object> out = new ArrayList<>();
            for (YNode i : n.items()) {
                out.add(of(i));
            }
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, YNode> e : n.entries(null).entrySet()) {
            out.put(e.getKey(), of(e.getValue()));
        }
        return out;
    }
}

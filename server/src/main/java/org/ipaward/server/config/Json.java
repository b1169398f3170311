package org.ipaward.server.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON for the database's jsonb columns: decimals stay BigDecimal, maps are written with sorted keys. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {}

    public static String write(Object o) {
        return MAPPER.writeValueAsString(o);
    }

    public static Map<String, Object> map(String json) {
        if (json == null) {
            return null;
        }
        return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
    }

    public static List<Object> list(String json) {
        if (json == null) {
            return null;
        }
        return MAPPER.readValue(json, new TypeReference<List<Object>>() {});
    }

    /** Canonical JSON: map keys sorted at every level, decimals as plain strings; for hashing. */
    public static String canonical(Object o) {
        return MAPPER.writeValueAsString(sorted(o));
    }

    private static Object sorted(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(Json::sorted).toList();
        }
        if (o instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return o;
    }
}

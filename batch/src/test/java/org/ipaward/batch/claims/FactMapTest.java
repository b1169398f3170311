package org.ipaward.batch.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactMapTest {
    static Map<String, Object> facts(Object... kv) {
        FactMap.Builder b = new FactMap.Builder();
        for (int i = 0; i < kv.length; i += 2) {
            b.put((String) kv[i], kv[i + 1]);
        }
        return b.build();
    }

    @Test
    void behaves_as_the_insertion_ordered_map_it_replaces() {
        Object[] kv = {"b", "x", "a", new BigDecimal("1.50"), "n", null, "b", Boolean.TRUE, "l", List.of("p", "q")};
        Map<String, Object> want = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            want.put((String) kv[i], kv[i + 1]);
        }
        Map<String, Object> got = facts(kv);
        assertThat(got).isEqualTo(want);
        assertThat(want).isEqualTo(got);
        assertThat(got.hashCode()).isEqualTo(want.hashCode());
        assertThat(new ArrayList<>(got.entrySet())).isEqualTo(new ArrayList<>(want.entrySet()));
        assertThat(got.get("b")).isEqualTo(Boolean.TRUE);
        assertThat(got.containsKey("n")).isTrue();
        assertThat(got.get("n")).isNull();
        assertThat(got.get("missing")).isNull();
        assertThat(got.containsKey("missing")).isFalse();
        assertThat(got).hasSize(4);
        assertThat(facts()).isEmpty();
        assertThatThrownBy(() -> got.put("c", "d")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void travels_by_java_serialization() throws Exception {
        Map<String, Object> m = facts("k", "v", "d", new BigDecimal("2"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(m);
        }
    }
}

package org.ipaward.server.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.model.Measure;
import org.junit.jupiter.api.Test;

/** The portal's fact form reads a percentage with or without its sign as the same number. */
class FactFormsTest {
    /** A bundled measure with a percentage fact (Jindong's training rate). */
    private static Measure withPercent() {
        return PolicyLoader.loadBundled().stream()
                .flatMap(p -> p.measures().stream())
                .filter(m -> m.facts().values().stream().anyMatch(f -> f.type() == Measure.FactType.PERCENT))
                .findFirst()
                .orElseThrow();
    }

    private static String percentFact(Measure m) {
        return m.facts().values().stream()
                .filter(f -> f.type() == Measure.FactType.PERCENT)
                .findFirst()
                .orElseThrow()
                .name();
    }

    @Test
    void aTrailingPercentSignIsTheSameNumber() {
        Measure m = withPercent();
        String name = percentFact(m);
        for (String typed : new String[] {"100", "100%", " 100 % ", "100％"}) {
            Object v = FactForms.parse(m, Map.of(FactForms.PREFIX + name, typed), null)
                    .get(name);
            assertThat(v).as(typed).isInstanceOf(BigDecimal.class);
            assertThat((BigDecimal) v).as(typed).isEqualByComparingTo("100");
        }
        assertThat(FactForms.parse(m, Map.of(FactForms.PREFIX + name, "87.5%"), null)
                        .get(name))
                .isEqualTo(new BigDecimal("87.5"));
        assertThat(FactForms.parse(m, Map.of(FactForms.PREFIX + name, "%"), null)
                        .get(name))
                .as("a sign alone goes to the engine as text, which names the rule")
                .isEqualTo("%");
        assertThat(FactForms.parse(m, Map.of(FactForms.PREFIX + name, "100%%"), null)
                        .get(name))
                .isEqualTo("100%%");
    }
}

package org.ipaward.engine.calc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ipaward.engine.BundledPolicies;
import org.ipaward.engine.Problem;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.junit.jupiter.api.Test;

/**
 * {@link FactSlots#accept} — the quiet typing of the decision path — never accepts a value {@link Facts#coerce}
 * refuses and, where it accepts, returns what {@code coerce} returns: the same object, or the same number at the
 * same scale. Every fact of the bundled policies, against values of every kind, in range and out.
 */
class FactSlotsTests {
    private static final List<Object> VALUES = List.of(
            true,
            false,
            "true",
            "是",
            "",
            "  ",
            "x".repeat(500),
            "x".repeat(501),
            "patent",
            "trademark",
            "infringement_found",
            "gold",
            "A",
            "US",
            "2025-01-01",
            "12",
            "1,000",
            0,
            1,
            7,
            1023,
            1024,
            -1,
            Integer.MAX_VALUE,
            12L,
            new BigDecimal("0"),
            new BigDecimal("0.00"),
            new BigDecimal("-0.01"),
            new BigDecimal("1"),
            new BigDecimal("1.0"),
            new BigDecimal("1.5"),
            new BigDecimal("99.99"),
            new BigDecimal("100"),
            new BigDecimal("100.001"),
            new BigDecimal("5000000"),
            new BigDecimal("1E+3"),
            new BigDecimal("1E-13"),
            new BigDecimal("0.123456789012"),
            new BigDecimal("999999999999999999"),
            new BigDecimal("1000000000000000000"),
            List.of("a"),
            1.5d);

    @Test
    void acceptsOnlyWhatCoerceAcceptsAndGivesTheSameValue() {
        int accepted = 0;
        for (Policy p : BundledPolicies.get()) {
            for (Measure m : p.measures()) {
                FactSlots slots = new FactSlots(m);
                for (int slot = 0; slot < slots.size(); slot++) {
                    Measure.Fact f = slots.fact(slot);
                    if (f == null) {
                        continue;
                    }
                    List<Object> values = new ArrayList<>(VALUES);
                    if (f.values() != null) {
                        values.addAll(f.values().keySet());
                    }
                    Arrays.asList(f.min(), f.max()).forEach(b -> {
                        if (b != null) {
                            values.addAll(List.of(b, b.add(new BigDecimal("0.01")), b.subtract(BigDecimal.ONE)));
                        }
                    });
                    for (Object raw : values) {
                        Object quiet = slots.accept(slot, raw);
                        if (quiet == null) {
                            continue;
                        }
                        accepted++;
                        List<Problem> problems = new ArrayList<>();
                        Object coerced = Facts.coerce(f, raw, "c", problems);
                        String where = m.id() + "." + f.name() + " = " + raw;
                        assertThat(problems).as(where).isEmpty();
                        if (quiet instanceof BigDecimal d) {
                            assertThat(coerced).as(where).isInstanceOf(BigDecimal.class);
                            assertThat(d.compareTo((BigDecimal) coerced))
                                    .as(where)
                                    .isZero();
                            assertThat(d.scale()).as(where).isEqualTo(((BigDecimal) coerced).scale());
                        } else {
                            assertThat(coerced).as(where).isSameAs(quiet);
                        }
                    }
                }
            }
        }
        assertThat(accepted).isGreaterThan(100);
    }
}

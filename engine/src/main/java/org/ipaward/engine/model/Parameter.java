package org.ipaward.engine.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.ipaward.engine.expr.Type;

/**
 * A named value with dated versions: an amendment is a new dated value, a repeal a dated {@code null}.
 * Values are {@link java.math.BigDecimal}, {@link Boolean}, {@link String}, {@link List} of strings or
 * {@link Map} from string to decimal, per {@link #kind()}. A text parameter may list its {@code options} (null:
 * any text); {@code optionLabels} names those the policy file labels (empty when it labels none).
 */
public record Parameter(
        String name,
        Text label,
        Kind kind,
        String unit,
        List<String> options,
        Map<String, Text> optionLabels,
        Cite cite,
        NavigableMap<LocalDate, Object> values) {

    /** A value as the explanation shows it: an option's Chinese label where the policy gives one, else the value. */
    public String shownZh(String value) {
        Text t = optionLabels.get(value);
        return t == null ? value : t.zh();
    }

    /** A parameter's declared kind. */
    public enum Kind {
        MONEY(Type.NUMBER),
        NUMBER(Type.NUMBER),
        RATIO(Type.NUMBER),
        TABLE(Type.TABLE),
        LIST(Type.LIST),
        TEXT(Type.TEXT),
        BOOLEAN(Type.BOOLEAN),
        DATE(Type.DATE);

        private final Type type;

        Kind(Type type) {
            this.type = type;
        }

        public Type type() {
            return type;
        }
    }

    /** The value in force on {@code date}: the latest dated value on or before it, or {@code null}. */
    public Object valueAt(LocalDate date) {
        Map.Entry<LocalDate, Object> e = values.floorEntry(date);
        return e == null ? null : e.getValue();
    }
}

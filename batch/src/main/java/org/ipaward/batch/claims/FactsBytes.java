package org.ipaward.batch.claims;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The facts JSON of a claims row read straight from its UTF-8 bytes, for the plain forms staff exports and the
 * generator write: an object of names to strings without escapes, whole or decimal numbers of up to 18 digits
 * (no exponent), {@code true}, {@code false}, {@code null} and lists of such strings, with JSON's four blanks
 * between the tokens. Anything else — an escape, a control character, an exponent, a leading zero, a longer
 * number, a nested object, a number in a list, trailing content, a malformed text — is not read here: {@link
 * #read} answers {@code null} and the row parser hands the text to Jackson, which reads it or refuses it as before.
 * So whatever this reads, it reads to exactly what Jackson's answer gives (the same names in the same order, a
 * repeated name keeping its first place and its last value, the same strings, the same decimals with the same
 * scale), without Jackson's parser, its buffers and a string per name and short value.
 *
 * <p>The bytes must be well-formed UTF-8 (the caller checks), so a string's bytes decode to the text Jackson
 * decodes. One parser's own: not thread-safe.
 */
final class FactsBytes {
    /** Longer texts go to Jackson (whose limits on name and string length are then its own to apply). */
    static final int MAX_LENGTH = 20_000;

    /** Names by their bytes, made once through the row parser's interning. */
    private final ByteTable<String> names = new ByteTable<>();

    /** Short string values (levels, kinds, flags, numbers written as text) by their bytes. */
    private final ByteTable<String> values = new ByteTable<>();

    private final UnaryOperator<String> intern;
    private final FactMap.Builder out = new FactMap.Builder();

    /** The position after the last token read; -1 when the text is not of the plain forms. */
    private int pos;

    private byte[] b;
    private int to;
    /** How many bytes a quote of the text takes: 1, or 2 in a CSV cell's doubled form. */
    private int q = 1;

    FactsBytes(UnaryOperator<String> intern) {
        this.intern = intern;
    }

    /** The facts of {@code b[from, to)} (a stripped cell starting with {@code {}), or {@code null}: not read here. */
    Map<String, Object> read(byte[] bytes, int from, int end) {
        return read(bytes, from, end, 1);
    }

    /**
     * {@link #read} on a quoted CSV cell's bytes as they stand in the record, each quote of the text doubled
     * ({@code ""}): the same answer as on the text's own bytes, without copying them out first.
     */
    Map<String, Object> readDoubled(byte[] bytes, int from, int end) {
        return read(bytes, from, end, 2);
    }

    private Map<String, Object> read(byte[] bytes, int from, int end, int quoteWidth) {
        if (end - from > MAX_LENGTH) {
            return null;
        }
        this.q = quoteWidth;
        this.b = bytes;
        this.to = end;
        try {
            return object(from);
        } finally {
            this.b = null;
        }
    }

    private Map<String, Object> object(int from) {
        int p = from;
        if (p >= to || b[p] != '{') {
            return null;
        }
        FactMap.Builder o = out.clear();
        p = blanks(p + 1);
        if (p < to && b[p] == '}') {
            return end(p + 1, o);
        }
        while (true) {
            if (!quote(p)) {
                return null;
            }
            int s = p + q;
            int e = stringEnd(s);
            if (e < 0) {
                return null;
            }
            String name = names.get(b, s, e);
            if (name == null) {
                name = intern.apply(decode(s, e));
                names.put(b, s, e, name);
            }
            p = blanks(e + q);
            if (p >= to || b[p] != ':') {
                return null;
            }
            p = blanks(p + 1);
            if (p >= to) {
                return null;
            }
            Object v = value(p);
            if (pos < 0) {
                return null;
            }
            o.put(name, v);
            p = blanks(pos);
            if (p >= to) {
                return null;
            }
            if (b[p] == '}') {
                return end(p + 1, o);
            }
            if (b[p] != ',') {
                return null;
            }
            p = blanks(p + 1);
        }
    }

    /** The object read when nothing but blanks follows its closing brace. */
    private Map<String, Object> end(int p, FactMap.Builder o) {
        return blanks(p) == to ? o.build() : null;
    }

    /** The value at {@code p}; sets {@link #pos} after it, or to -1 when it is not of the plain forms. */
    private Object value(int p) {
        byte c = b[p];
        if (c == '"') {
            int e = quote(p) ? stringEnd(p + q) : -1;
            if (e < 0) {
                pos = -1;
                return null;
            }
            pos = e + q;
            return shortValue(p + q, e);
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(p);
        }
        if (c == 't') {
            return literal(p, "true", Boolean.TRUE);
        }
        if (c == 'f') {
            return literal(p, "false", Boolean.FALSE);
        }
        if (c == 'n') {
            return literal(p, "null", null);
        }
        if (c == '[') {
            return list(p);
        }
        pos = -1;
        return null;
    }

    private Object literal(int p, String word, Object value) {
        int n = word.length();
        if (to - p < n) {
            pos = -1;
            return null;
        }
        for (int i = 0; i < n; i++) {
            if (b[p + i] != word.charAt(i)) {
                pos = -1;
                return null;
            }
        }
        pos = p + n; // what follows must be a blank, a comma or the closing brace: checked by the object
        return value;
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}, at most 18 digits in all, as the exact decimal Jackson gives. */
    private Object number(int p) {
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        if (p >= to || b[p] < '0' || b[p] > '9') {
            pos = -1;
            return null;
        }
        long unscaled = 0;
        int digits = 0;
        if (b[p] == '0') {
            p++;
            digits = 1;
            if (p < to && b[p] >= '0' && b[p] <= '9') {
                pos = -1; // a leading zero: Jackson's to refuse
                return null;
            }
        } else {
            while (p < to && b[p] >= '0' && b[p] <= '9') {
                unscaled = unscaled * 10 + (b[p++] - '0');
                if (++digits > 18) {
                    pos = -1;
                    return null;
                }
            }
        }
        int scale = 0;
        if (p < to && b[p] == '.') {
            p++;
            while (p < to && b[p] >= '0' && b[p] <= '9') {
                unscaled = unscaled * 10 + (b[p++] - '0');
                scale++;
                if (++digits > 18) {
                    pos = -1;
                    return null;
                }
            }
            if (scale == 0) {
                pos = -1;
                return null;
            }
        }
        if (p < to && (b[p] == 'e' || b[p] == 'E')) {
            pos = -1;
            return null;
        }
        pos = p;
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    /** A list of plain strings. */
    private Object list(int p) {
        p = blanks(p + 1);
        if (p < to && b[p] == ']') {
            pos = p + 1;
            return List.of();
        }
        List<String> items = new ArrayList<>(4);
        while (true) {
            int e = quote(p) ? stringEnd(p + q) : -1;
            if (e < 0) {
                pos = -1;
                return null;
            }
            items.add(decode(p + q, e));
            p = blanks(e + q);
            if (p < to && b[p] == ']') {
                pos = p + 1;
                return List.copyOf(items);
            }
            if (p >= to || b[p] != ',') {
                pos = -1;
                return null;
            }
            p = blanks(p + 1);
        }
    }

    /**
     * Where the string whose text starts at {@code s} ends (its closing quote), or -1 when it holds an escape or a
     * control character, or has no end.
     */
    private int stringEnd(int s) {
        for (int i = s; i < to; i++) {
            byte c = b[i];
            if (c == '"') {
                return quote(i) ? i : -1;
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                return -1;
            }
        }
        return -1;
    }

    /** Whether a quote of the text (one byte, or two in the doubled form) stands at {@code p}. */
    private boolean quote(int p) {
        return p + q <= to && b[p] == '"' && (q == 1 || b[p + 1] == '"');
    }

    /** A string value; short ones shared by their bytes. */
    private String shortValue(int s, int e) {
        if (e - s > 16) {
            return decode(s, e);
        }
        String v = values.get(b, s, e);
        if (v == null) {
            v = decode(s, e);
            values.put(b, s, e, v);
        }
        return v;
    }

    private String decode(int s, int e) {
        for (int i = s; i < e; i++) {
            if (b[i] < 0) {
                return new String(b, s, e - s, StandardCharsets.UTF_8);
            }
        }
        return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    }

    /** After JSON's blanks (space, tab, line feed, carriage return) from {@code p}. */
    private int blanks(int p) {
        while (p < to) {
            byte c = b[p];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return p;
            }
            p++;
        }
        return p;
    }
}

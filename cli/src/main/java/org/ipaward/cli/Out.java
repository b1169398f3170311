package org.ipaward.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.calc.Fmt;
import org.ipaward.engine.model.Text;

/** Output helpers: money as exact decimal strings, texts as {zh, en}, JSON, and columns aligned for CJK. */
final class Out {
    private static final ObjectWriter JSON = new ObjectMapper().writer(printer());

    private Out() {}

    /** Money as a JSON string: always two decimals ({@code "200000.00"}), more only when exact needs it. */
    static String money(BigDecimal d) {
        if (d == null) {
            return null;
        }
        return d.stripTrailingZeros().scale() <= 2 ? d.setScale(2).toPlainString() : d.toPlainString();
    }

    /** Money for a reader: {@code 1,234,567.80 元}. */
    static String yuan(BigDecimal d) {
        return d == null ? "—" : Fmt.yuan(d);
    }

    static Map<String, Object> text(Text t) {
        if (t == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zh", t.zh());
        m.put("en", t.en());
        return m;
    }

    /** Builds an ordered JSON object from key, value pairs. */
    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static DefaultPrettyPrinter printer() {
        DefaultPrettyPrinter p = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        p.indentArraysWith(new DefaultIndenter("  ", "\n"));
        p.indentObjectsWith(new DefaultIndenter("  ", "\n"));
        return p;
    }

    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A clause as cited in text: {@code 〔三(二)1〕}, or nothing. */
    static String cite(String clause) {
        return clause == null || clause.isBlank() ? "" : "〔" + clause + "〕";
    }

    /** Terminal columns of a text: CJK and full-width forms take two. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += wide(cp) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return w;
    }

    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }

    static String pad(String s, int columns) {
        StringBuilder sb = new StringBuilder(s);
        for (int w = width(s); w < columns; w++) {
            sb.append(' ');
        }
        return sb.toString();
    }

    /** Rows as aligned columns, two spaces apart; the last column is not padded. */
    static void table(PrintWriter out, String indent, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.get(0).length;
        int[] w = new int[n];
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                w[i] = Math.max(w[i], width(r[i] == null ? "" : r[i]));
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder(indent);
            for (int i = 0; i < n; i++) {
                String c = r[i] == null ? "" : r[i];
                sb.append(i == n - 1 ? c : pad(c, w[i]) + "  ");
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}

package org.ipaward.batch.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ipaward.batch.csv.CsvRecords;
import org.ipaward.engine.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facts JSON read from its bytes without Jackson ({@link FactsBytes}) reads exactly what Jackson reads —
 * names in order, a repeated name's first place and last value, strings, decimals with their scale, lists — and
 * hands everything else to Jackson, so a row's facts, or its problem, are what they were when Jackson read every
 * text: on fixed odd texts and on random ones made of escapes, Unicode, numbers with exponents, leading zeros and
 * signs, nested values, duplicate names, blanks and broken ends.
 */
class FactsBytesTest {
    @TempDir
    Path dir;

    private static final String[] NAMES = {
        "a", "a", "award_level", "n", "名称", "a\\\"b", "\\u00e9x", "", "a b", "x\\ny", "é", "😀", "a\tb", "\\/"
    };

    private static final String[] VALUES = {
        "\"cn_gold\"",
        "\"\"",
        "\"专利大奖2024-1\"",
        "\"a\\nb\"",
        "\"\\u4e2d\"",
        "\"tab\there\"",
        "\"a\u0001b\"",
        "\"\\/\"",
        "\"\u007f\"",
        "\"😀\"",
        "\"浙江省知识产权奖大奖（中国专利金奖）一等奖2024\"",
        "\"12\"",
        "12",
        "-7",
        "0",
        "-0",
        "007",
        "01.5",
        "1.50",
        "-0.0",
        "0.000000000000000001",
        "1e3",
        "1E-2",
        "2.5e+3",
        "-1.25E2",
        "1.",
        ".5",
        "+1",
        "-",
        "--1",
        "1.5.2",
        "123456789012345678",
        "-123456789012345678",
        "1234567890123456789",
        "99999999999999999999",
        "12345678901234567.8",
        "1234567890123456.78",
        "5000000",
        "8000000.50",
        "NaN",
        "true",
        "false",
        "null",
        "tru",
        "nul",
        "True",
        "truex",
        "[]",
        "[ ]",
        "[\"x\",\"y\"]",
        "[ \"a\" , \"专利\" ]",
        "[\"x\",1]",
        "[\"x\",]",
        "[\"a\\u0041\"]",
        "[[\"x\"]]",
        "[\"x\"",
        "{}",
        "{\"x\":1}",
        "1 2",
        "\"unterminated"
    };

    private static final String[] BLANKS = {"", "", "", " ", "\t", "\n", "\r", "  ", " \r\n"};

    private static RowParser jackson() {
        return new RowParser("claims.csv", RowParserFactsTest.header()).jacksonOnly();
    }

    /** A random facts text: mostly well-formed objects of the pieces above, sometimes broken. */
    private static String text(Random r) {
        StringBuilder sb = new StringBuilder();
        sb.append(blank(r)).append('{').append(blank(r));
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(blank(r)).append(',').append(blank(r));
            }
            sb.append('"').append(NAMES[r.nextInt(NAMES.length)]).append('"');
            sb.append(blank(r)).append(':').append(blank(r));
            // mostly plain values, so that many whole texts are read without Jackson
            sb.append(r.nextInt(2) == 0 ? VALUES[r.nextInt(12)] : VALUES[r.nextInt(VALUES.length)]);
        }
        sb.append(blank(r));
        switch (r.nextInt(14)) {
            case 0 -> sb.append(",}");
            case 1 -> {} // no end
            case 2 -> sb.append("} x");
            case 3 -> sb.append("}}");
            case 4 -> sb.append("}\u0001");
            default -> sb.append('}');
        }
        return sb.append(blank(r)).toString();
    }

    private static String blank(Random r) {
        return BLANKS[r.nextInt(BLANKS.length)];
    }

    /** What the direct reader reads equals Jackson's facts, key order and decimal scales included. */
    @Test
    void whatIsReadEqualsJackson() {
        Random random = new Random(5);
        FactsBytes plain = new FactsBytes(s -> s);
        RowParser jackson = jackson();
        int read = 0;
        int handedOn = 0;
        for (int n = 0; n < 20_000; n++) {
            String t = text(random).strip();
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            Map<String, Object> got = plain.read(b, 0, b.length);
            Object want = outcome(() -> jackson.parse(2, RowParserFactsTest.row(t)));
            if (got == null) {
                handedOn++;
                continue;
            }
            read++;
            assertThat(want).as(t).isInstanceOf(ClaimRow.class);
            Map<String, Object> facts = ((ClaimRow) want).facts();
            assertThat(got).as(t).isEqualTo(facts);
            assertThat(new ArrayList<>(got.keySet())).as(t).isEqualTo(new ArrayList<>(facts.keySet()));
            for (Map.Entry<String, Object> e : got.entrySet()) {
                Object w = facts.get(e.getKey());
                if (w != null) {
                    assertThat(e.getValue()).as(t).isInstanceOf(w.getClass());
                }
                if (w instanceof BigDecimal d) {
                    assertThat(((BigDecimal) e.getValue()).scale()).as(t).isEqualTo(d.scale());
                }
            }
        }
        assertThat(read).as("texts read directly").isGreaterThan(3000);
        assertThat(handedOn).as("texts handed to Jackson").isGreaterThan(3000);
    }

    /** The doubled form of a quoted CSV cell ({@code ""} for each quote) reads as the text itself does. */
    @Test
    void doubledFormReadsAsTheText() {
        Random random = new Random(21);
        FactsBytes plain = new FactsBytes(s -> s);
        int read = 0;
        for (int n = 0; n < 20_000; n++) {
            String t = text(random).strip();
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            byte[] d = t.replace("\"", "\"\"").getBytes(StandardCharsets.UTF_8);
            Map<String, Object> want = plain.read(b, 0, b.length);
            Map<String, Object> got = plain.readDoubled(d, 0, d.length);
            assertThat(got).as(t).isEqualTo(want);
            if (got != null) {
                assertThat(new ArrayList<>(got.keySet())).as(t).isEqualTo(new ArrayList<>(want.keySet()));
                read++;
            }
        }
        assertThat(read).isGreaterThan(3000);
        // a lone quote cannot stand in the doubled form: not read there
        byte[] lone = "{\"\"a\"\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(plain.readDoubled(lone, 0, lone.length)).isNull();
    }

    /** Whole rows by the text path: the same row or the same problem as with Jackson alone. */
    @Test
    void rowsAsWithJacksonAlone() {
        Random random = new Random(9);
        RowParser parser = new RowParser("claims.csv", RowParserFactsTest.header());
        RowParser jackson = jackson();
        int refused = 0;
        for (int n = 0; n < 20_000; n++) {
            String t = text(random);
            Object want = outcome(() -> jackson.parse(2, RowParserFactsTest.row(t)));
            assertThat(outcome(() -> parser.parse(2, RowParserFactsTest.row(t))))
                    .as(t)
                    .isEqualTo(want);
            refused += want instanceof ClaimRow ? 0 : 1;
        }
        assertThat(refused).isGreaterThan(1000);
    }

    /** Fixed texts: plain ones read directly, odd ones answered by Jackson, as before. */
    @Test
    void oddTexts() {
        FactsBytes plain = new FactsBytes(s -> s);
        for (String t : new String[] {
            "{}",
            "{ }",
            "{\"a\":\"b\"}",
            "{\"a\":1,\"a\":\"x\",\"b\":2}",
            "{\"n\":-0.50,\"m\":0,\"k\":-12}",
            "{\"l\":[],\"m\":[\"专利\",\"x\"]}",
            "{\"名称\":\"金华😀\"}",
            "{\r\n\t\"a\" : true ,\"b\":false,\"c\":null }"
        }) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            assertThat(plain.read(b, 0, b.length))
                    .as(t)
                    .isNotNull()
                    .isEqualTo(((ClaimRow) outcome(() -> jackson().parse(2, RowParserFactsTest.row(t)))).facts());
        }
        assertThat(plain.read("{\"a\":1,\"a\":\"x\",\"b\":2}".getBytes(StandardCharsets.UTF_8), 0, 21))
                .containsExactly(Map.entry("a", "x"), Map.entry("b", BigDecimal.valueOf(2)));
        for (String t : new String[] {
            "{\"a\":\"\\u00e9\"}",
            "{\"a\\\"\":1}",
            "{\"a\":1e3}",
            "{\"a\":007}",
            "{\"a\":+1}",
            "{\"a\":1234567890123456789}",
            "{\"a\":{}}",
            "{\"a\":[1]}",
            "{\"a\":1,}",
            "{\"a\":1} x",
            "{\"a\":\"\u0001\"}",
            "{\"a\":tru}",
            "{\"a\":1",
            "[1]",
            "{\"a\":1}\u000b"
        }) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            assertThat(plain.read(b, 0, b.length)).as(t).isNull();
        }
        byte[] longText = ("{\"a\":\"" + "x".repeat(FactsBytes.MAX_LENGTH) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(plain.read(longText, 0, longText.length)).isNull();
        // and still read, by Jackson
        assertThat(new RowParser("claims.csv", RowParserFactsTest.header())
                        .parse(2, RowParserFactsTest.row(new String(longText, StandardCharsets.UTF_8)))
                        .facts())
                .containsEntry("a", "x".repeat(FactsBytes.MAX_LENGTH));
    }

    /** Rows read from a CSV file's bytes (the reader's way) equal those Jackson alone gives from the text. */
    @Test
    void csvBytesAsWithJacksonAlone() throws IOException {
        Random random = new Random(13);
        String[] header = RowParserFactsTest.header();
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < 3000; n++) {
            // no line breaks: a batch with a line break inside quotes is read the text way, not from its bytes
            String t = text(random).replace('\n', ' ').replace('\r', '\t');
            texts.add(t);
            String[] cells = RowParserFactsTest.row(t);
            for (int i = 0; i < cells.length; i++) {
                String c = cells[i] == null ? "" : cells[i];
                cells[i] = i == ClaimColumns.FACTS.ordinal() ? "\"" + c.replace("\"", "\"\"") + "\"" : c;
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        Path file = dir.resolve("claims.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        RowParser bytesParser = new RowParser("claims.csv", header);
        RowParser textParser = jackson();
        CsvRecords.ByteCells holder = new CsvRecords.ByteCells();
        int[] compared = {0};
        CsvRecords.cutBytes(file, 64, b -> {
            for (int i = 0; i < b.size(); i++) {
                int row = (int) (b.firstRecord() + i);
                int k = i;
                if (row == 1 || !b.cells(i, holder)) {
                    continue;
                }
                Object want = outcome(() -> textParser.parse(row, b.cells(k)));
                assertThat(outcome(() -> bytesParser.parse(row, holder)))
                        .as("row %d: %s", row, texts.get(row - 2))
                        .isEqualTo(want);
                compared[0]++;
            }
        });
        assertThat(compared[0]).as("rows read from bytes").isGreaterThan(2000);
    }

    /** The row, or the refusal's problems as text. */
    private static Object outcome(java.util.function.Supplier<ClaimRow> parse) {
        try {
            return parse.get();
        } catch (InputException e) {
            return e.problems().toString();
        }
    }
}

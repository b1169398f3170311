package org.ipaward.batch.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ipaward.batch.csv.CsvRecords;
import org.ipaward.engine.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A row read from its cells' bytes ({@link RowParser#parse(int, CsvRecords.ByteCells)}) is the row, or the problem,
 * the text path gives for the same record: on random rows mixing good and bad cells, blanks around them (ASCII and
 * the ideographic space), Chinese text, quoted cells and repeated values.
 */
class RowParserBytesTest {
    @TempDir
    Path dir;

    private static final String[][] CHOICES = {
        {"A1", "A1", "A2", " A3 ", "", "申报1"},
        {
            "2025-03-01T09:00:00+08:00",
            "2025-03-01T09:00:00+08:00",
            "2025-03-01 09:30:00",
            " 2025-03-01T09:00:00+08:00",
            "yesterday",
            ""
        },
        {"1", "2", "", " 3", "+4", "x", "100001", "0012", "２"},
        {"913307032JYMDXP9X5", "913307032JYMDXP9X5", "A\u3000", "\u3000B", ""},
        {"金华银河公司", "金华银河公司", " 金华 ", "\u3000金华\u3000", "", "Acme"},
        {"enterprise", "person", "企业", "robot", "", " enterprise\t"},
        {"330703", "330703", "", " 330703"},
        {"", "", "330781"},
        {"", "330703;330781", "330703；330781 ", "\u3000"},
        {"A", "unrated", "", " B"},
        {"jindong-2023", "jindong-2023", "pinggu-2024", "", " jindong-2023"},
        {"JD-transfer", "JD-patent-award", "JD-x", "", "JD-transfer\u3000"},
        {"2024", "2024", "1979", "2101", "20x4", " 2024", "２０２４", "", "000002024"},
        {
            "",
            "\"{\"\"a\"\":\"\"b\"\",\"\"n\"\":14}\"",
            "\"{\"\"site\"\":\"\"研究院\"\"}\"",
            "\"{\"\"site\"\":\"\"研究院\"\"}\u3000\"",
            "\"{\"\"名\"\":\"\"x\"\" \"",
            " \"{\"\"a\"\":1}\"",
            "{}",
            "\"{\"\"a\"\":}\"",
            "\"[1]\"",
            "\" {\"\"a\"\":true} \"",
            "\"\u3000{}\"",
            "\"{\"\"l\"\":[\"\"x\"\",\"\"y\"\"]}\""
        },
        {"subject_certificate;contracts_and_invoices", "-", "", " - ", "a；b"},
        {"", "", "1200.50", "1,200", "-1", "x"}
    };

    @Test
    void bytesGiveWhatTheTextGives() throws IOException {
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder();
        String[] header = new String[ClaimColumns.values().length];
        for (int i = 0; i < header.length; i++) {
            header[i] = ClaimColumns.values()[i].id();
        }
        csv.append(String.join(",", header)).append('\n');
        for (int r = 0; r < 3000; r++) {
            List<String> cells = new ArrayList<>();
            for (String[] choice : CHOICES) {
                // mostly the first (good) value, so that many rows get past the first cells
                cells.add(random.nextInt(3) == 0 ? choice[random.nextInt(choice.length)] : choice[0]);
            }
            int keep = random.nextInt(20) == 0 ? 1 + random.nextInt(cells.size()) : cells.size();
            String line = String.join(",", cells.subList(0, keep));
            csv.append(line.matches("[\\s,]*") ? "x" : line).append('\n');
        }
        Path file = dir.resolve("claims.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        RowParser bytesParser = new RowParser("claims.csv", header);
        RowParser textParser = new RowParser("claims.csv", header);
        CsvRecords.ByteCells holder = new CsvRecords.ByteCells();
        int[] compared = {0, 0};
        CsvRecords.cutBytes(file, 100, b -> {
            for (int i = 0; i < b.size(); i++) {
                int row = (int) (b.firstRecord() + i);
                int k = i;
                if (row == 1 || !b.cells(i, holder)) {
                    continue;
                }
                Object want = outcome(() -> textParser.parse(row, b.cells(k)));
                Object got = outcome(() -> bytesParser.parse(row, holder));
                assertThat(got)
                        .as("row %d: %s", row, String.join("|", b.cells(i)))
                        .isEqualTo(want);
                compared[want instanceof ClaimRow ? 0 : 1]++;
            }
        });
        assertThat(compared[0]).as("rows read").isGreaterThan(300);
        assertThat(compared[1]).as("rows refused").isGreaterThan(300);
    }

    /** Well-formed UTF-8 is exactly what decodes and encodes back to the same bytes. */
    @Test
    void wellFormedUtf8IsWhatRoundTrips() {
        Random random = new Random(11);
        byte[] pool = {
            'a',
            '{',
            0,
            (byte) 0x7F,
            (byte) 0x80,
            (byte) 0x8F,
            (byte) 0x90,
            (byte) 0x9F,
            (byte) 0xA0,
            (byte) 0xBF,
            (byte) 0xC0,
            (byte) 0xC1,
            (byte) 0xC2,
            (byte) 0xDF,
            (byte) 0xE0,
            (byte) 0xE3,
            (byte) 0xED,
            (byte) 0xEF,
            (byte) 0xF0,
            (byte) 0xF4,
            (byte) 0xF5,
            (byte) 0xFF
        };
        int good = 0;
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[1 + random.nextInt(6)];
            for (int i = 0; i < b.length; i++) {
                b[i] = pool[random.nextInt(pool.length)];
            }
            boolean roundTrips =
                    java.util.Arrays.equals(new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), b);
            assertThat(RowParser.wellFormedUtf8(b, 0, b.length))
                    .as("%s", java.util.HexFormat.of().formatHex(b))
                    .isEqualTo(roundTrips);
            good += roundTrips ? 1 : 0;
        }
        assertThat(good).isGreaterThan(1000);
        byte[] text = "金华\uD83D\uDE00é".getBytes(StandardCharsets.UTF_8);
        assertThat(RowParser.wellFormedUtf8(text, 0, text.length)).isTrue();
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

package org.ipaward.batch.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRecordsTest {
    @TempDir
    Path dir;

    /** The cutter's skip finds the first quote or line end, as a byte-by-byte scan does, wherever it starts. */
    @Test
    void skipFindsTheFirstQuoteOrLineEnd() {
        Random random = new Random(3);
        byte[] pool = {'a', ',', ' ', '#', '!', '"', '\n', '\r', 0, (byte) 0x80, (byte) 0xE4, (byte) 0xFF, 0x21, 0x23};
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                // mostly plain bytes, so that runs of eight and more are skipped at once
                b[i] = random.nextInt(6) == 0 ? pool[random.nextInt(pool.length)] : pool[random.nextInt(5)];
            }
            int len = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            int pos = len == 0 ? 0 : random.nextInt(len + 1);
            int want = pos;
            while (want < len && b[want] != '"' && b[want] != '\n' && b[want] != '\r') {
                want++;
            }
            assertThat(CsvRecords.skipPlain(b, pos, len)).isEqualTo(want);
        }
    }

    /**
     * Long quoted cells (the facts JSON's kind: runs of plain bytes skipped eight at a time, doubled quotes, Chinese
     * text, blanks and control characters) split from their bytes as the text split does, decoded to the same text.
     */
    @Test
    void longQuotedCellsFromBytesAsFromText() throws IOException {
        Random random = new Random(17);
        String plain = "abcdefgh{}:,0123456789";
        String odd = "\"中é ;\t\u0001\u007f😀";
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < 500; r++) {
            int n = 1 + random.nextInt(4);
            String[] cells = new String[n];
            for (int c = 0; c < n; c++) {
                StringBuilder sb = new StringBuilder();
                for (int k = random.nextInt(80); k > 0; k--) {
                    if (random.nextInt(12) == 0) {
                        sb.appendCodePoint(odd.codePointAt(
                                odd.offsetByCodePoints(0, random.nextInt(odd.codePointCount(0, odd.length())))));
                    } else {
                        sb.append(plain.charAt(random.nextInt(plain.length())));
                    }
                }
                cells[c] = sb.toString();
            }
            try (CSVPrinter p = new CSVPrinter(
                    text, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
                p.printRecord((Object[]) cells);
            }
        }
        int[] split = {0};
        CsvRecords.ByteCells holder = new CsvRecords.ByteCells();
        CsvRecords.cutBytes(
                new java.io.ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), 50, 1 << 16, b -> {
                    for (int i = 0; i < b.size(); i++) {
                        String[] want = CsvRecords.split(b.records()[i]);
                        if (b.cells(i, holder)) {
                            String[] got = new String[holder.size()];
                            for (int c = 0; c < got.length; c++) {
                                got[c] = holder.text(c);
                            }
                            assertThat(got).as(b.records()[i]).containsExactly(want);
                            split[0]++;
                        }
                    }
                });
        assertThat(split[0]).as("records split from their bytes").isGreaterThan(300);
    }

    @Test
    void splitsLikeCommonsCsv() {
        String[] texts = {
            "a,b,c",
            "",
            ",",
            "a,,",
            "\"\"",
            "\"a\"",
            "\"a,b\",c",
            "x,\"{\"\"k\"\":\"\"v\"\"}\",y",
            "\"\"\"\"",
            "\"a\"\"\",\"\"",
            "\"line\nbreak\",2",
            "中文,\"引号\"\"内\",末",
            "ab\"c,d",
            " \"a\",b",
        };
        for (String t : texts) {
            assertThat(CsvRecords.split(t)).as(t).containsExactly(CsvRecords.commons(t));
        }
    }

    @Test
    void randomCellsPrintedByCommonsSplitBack() throws IOException {
        Random rnd = new Random(7);
        String alphabet = "ab,\"\n {}:中;";
        for (int i = 0; i < 2000; i++) {
            int n = 1 + rnd.nextInt(5);
            String[] cells = new String[n];
            for (int c = 0; c < n; c++) {
                StringBuilder sb = new StringBuilder();
                for (int k = rnd.nextInt(6); k > 0; k--) {
                    sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
                cells[c] = sb.toString();
            }
            StringBuilder out = new StringBuilder();
            try (CSVPrinter p = new CSVPrinter(
                    out, CSVFormat.DEFAULT.builder().setRecordSeparator("").get())) {
                p.printRecord((Object[]) cells);
            }
            String text = out.toString();
            assertThat(CsvRecords.split(text)).as(text).containsExactly(CsvRecords.commons(text));
        }
    }

    @Test
    void malformedTextGetsCommonsCsvsError() {
        assertThatThrownBy(() -> CsvRecords.split("\"a\"b,c")).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> CsvRecords.split("\"open,c")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void cutsRecordsAsCommonsCsvReadsTheFile() throws IOException {
        String text = "\uFEFFh1,h2\n\na,\"multi\nline\"\r\n\"q\"\"x\",2\n\nlast,row";
        Path f = dir.resolve("t.csv");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        for (int size : new int[] {1, 2, 100}) {
            List<String[]> mine = new ArrayList<>();
            List<Long> firsts = new ArrayList<>();
            long n = CsvRecords.cut(f, size, b -> {
                firsts.add(b.firstRecord());
                for (String r : b.records()) {
                    mine.add(CsvRecords.split(r));
                }
            });
            List<String[]> theirs = new ArrayList<>();
            for (CSVRecord r : CSVFormat.DEFAULT.parse(new java.io.StringReader(text.substring(1)))) {
                theirs.add(r.values());
            }
            assertThat(n).isEqualTo(theirs.size());
            assertThat(mine).hasSameSizeAs(theirs);
            for (int i = 0; i < mine.size(); i++) {
                assertThat(mine.get(i)).containsExactly(theirs.get(i));
            }
            assertThat(firsts.get(0)).isEqualTo(1L);
        }
    }

    static List<Object> batches(boolean bytes, String text, int size, int buffer) throws IOException {
        List<Object> out = new ArrayList<>();
        if (bytes) {
            long n = CsvRecords.cutBytes(
                    new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), size, buffer, b -> {
                        out.add(b.firstRecord());
                        List<String> recs = List.of(b.records());
                        out.add(recs);
                        for (int i = 0; i < b.size(); i++) { // the byte split gives the text split's cells or error
                            String[] want = null;
                            try {
                                want = CsvRecords.split(recs.get(i));
                            } catch (UncheckedIOException e) {
                                int k = i;
                                assertThatThrownBy(() -> b.cells(k)).isInstanceOf(UncheckedIOException.class);
                            }
                            if (want != null) {
                                assertThat(b.cells(i)).as(recs.get(i)).containsExactly(want);
                            }
                        }
                    });
            out.add(n);
        } else {
            Path f = Files.createTempFile("cut", ".csv");
            try {
                Files.writeString(f, text, StandardCharsets.UTF_8);
                long n = CsvRecords.cut(f, size, b -> {
                    out.add(b.firstRecord());
                    out.add(List.of(b.records()));
                });
                out.add(n);
            } finally {
                Files.delete(f);
            }
        }
        return out;
    }

    @Test
    void cuttingBytesGivesTheRecordsAndNumbersCuttingTextGives() throws IOException {
        List<String> fixed = List.of(
                "",
                "\n\n",
                "\uFEFFh1,h2\n\na,\"multi\nline\"\r\n\"q\"\"x\",2\n\nlast,row",
                "a\r\rb\r\n\r\nc\n",
                "a,\"x\r\ny\"\rb,\"p\rq\"\n",
                "a,\"open\nand never\r\nclosed\r\n",
                "a,\"open at the end\n\n",
                "甲,\"乙\"\"丙\"\n丁\r\n",
                "\uFEFF\n\nx");
        java.util.Random random = new java.util.Random(7);
        String alphabet = "ab,\"\"\"\r\n甲 ,";
        List<String> texts = new ArrayList<>(fixed);
        for (int t = 0; t < 400; t++) {
            StringBuilder sb = new StringBuilder(random.nextInt(5) == 0 ? "\uFEFF" : "");
            int len = random.nextInt(60);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(sb.toString());
        }
        for (String text : texts) {
            for (int size : new int[] {1, 2, 5, 1000}) {
                List<Object> want = batches(false, text, size, 0);
                for (int buffer : new int[] {1, 2, 3, 7, 1 << 16}) {
                    assertThat(batches(true, text, size, buffer))
                            .as(
                                    "%s size %d buffer %d",
                                    text.replace("\r", "\\r").replace("\n", "\\n"), size, buffer)
                            .isEqualTo(want);
                }
            }
        }
    }
}

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
}

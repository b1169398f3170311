package org.ipaward.batch.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Fast reading of CSV files in the RFC 4180 form Commons CSV's {@code DEFAULT} format reads (comma, {@code "}
 * quotes with doubled quotes inside, empty lines skipped), shared by the claims and register readers. A large file
 * is read in two stages: one thread only cuts the text into records ({@link #cut}), worker threads split them
 * into cells ({@link #split}) and parse rows, so the expensive part runs in parallel.
 */
public final class CsvRecords {
    private CsvRecords() {}

    /**
     * A run of records as text; {@code firstRecord} is the record number (1 = the first record of the file,
     * usually the header) of {@code records[0]}.
     */
    public record Batch(long firstRecord, String[] records) {}

    /**
     * Cuts a UTF-8 file (a leading byte-order mark is dropped) into batches of {@code size} records without
     * splitting them: a record ends at a line end outside quotes (an even number of {@code "} so far); empty lines
     * are skipped as Commons CSV does. Batches are handed to {@code each} in file order.
     *
     * @return how many records were read (header included)
     * @throws IOException when the file cannot be read
     */
    public static long cut(Path file, int size, Consumer<Batch> each) throws IOException {
        long n = 0;
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            r.mark(1);
            if (r.read() != '\uFEFF') {
                r.reset();
            }
            String[] recs = new String[size];
            int k = 0;
            long first = 1;
            String rec;
            while ((rec = nextRecord(r)) != null) {
                n++;
                recs[k] = rec;
                if (++k == size) {
                    each.accept(new Batch(first, recs));
                    recs = new String[size];
                    k = 0;
                    first = n + 1;
                }
            }
            if (k > 0) {
                each.accept(new Batch(first, java.util.Arrays.copyOf(recs, k)));
            }
        }
        return n;
    }

    /** The next record's text (its lines joined while inside quotes), skipping empty lines; {@code null} at the end. */
    static String nextRecord(BufferedReader r) throws IOException {
        String line = r.readLine();
        while (line != null && line.isEmpty()) {
            line = r.readLine();
        }
        if (line == null) {
            return null;
        }
        int q = quotes(line);
        if (q % 2 == 0) {
            return line;
        }
        StringBuilder sb = new StringBuilder(line);
        while (q % 2 != 0) {
            String next = r.readLine();
            if (next == null) {
                break;
            }
            sb.append('\n').append(next);
            q += quotes(next);
        }
        return sb.toString();
    }

    private static int quotes(String line) {
        int q = 0;
        for (int i = line.indexOf('"'); i >= 0; i = line.indexOf('"', i + 1)) {
            q++;
        }
        return q;
    }

    /**
     * The cells of one record's text, exactly as Commons CSV's {@code DEFAULT} format reads them: unquoted cells
     * are the text between commas; a quoted cell runs to its closing quote, {@code ""} inside standing for one
     * quote. Text in any other form (a quote after other text in a cell, text after a closing quote, an
     * unclosed quote) is handed to Commons CSV itself, so its answer or its error is the one given.
     *
     * @throws UncheckedIOException when Commons CSV refuses the text
     */
    public static String[] split(String rec) {
        if (rec.indexOf('"') < 0) {
            return splitPlain(rec);
        }
        String[] quoted = splitQuoted(rec);
        return quoted != null ? quoted : commons(rec);
    }

    private static String[] splitPlain(String rec) {
        int n = 1;
        for (int i = rec.indexOf(','); i >= 0; i = rec.indexOf(',', i + 1)) {
            n++;
        }
        String[] out = new String[n];
        int from = 0;
        int k = 0;
        for (int c = rec.indexOf(','); c >= 0; c = rec.indexOf(',', from)) {
            out[k++] = rec.substring(from, c);
            from = c + 1;
        }
        out[k] = rec.substring(from);
        return out;
    }

    /** The quote-aware split of well-formed text; {@code null} for anything else. */
    private static String[] splitQuoted(String rec) {
        List<String> out = new ArrayList<>();
        int len = rec.length();
        int i = 0;
        while (true) {
            if (i < len && rec.charAt(i) == '"') {
                StringBuilder sb = null;
                int start = i + 1;
                int j = start;
                while (true) {
                    int q = rec.indexOf('"', j);
                    if (q < 0) {
                        return null; // unclosed quote
                    }
                    if (q + 1 < len && rec.charAt(q + 1) == '"') {
                        if (sb == null) {
                            sb = new StringBuilder(q - start + 16);
                        }
                        sb.append(rec, start, q + 1);
                        start = q + 2;
                        j = start;
                        continue;
                    }
                    String cell = sb == null
                            ? rec.substring(start, q)
                            : sb.append(rec, start, q).toString();
                    out.add(cell);
                    i = q + 1;
                    break;
                }
                if (i == len) {
                    break;
                }
                if (rec.charAt(i) != ',') {
                    return null; // text after a closing quote
                }
                i++;
            } else {
                int c = rec.indexOf(',', i);
                int end = c < 0 ? len : c;
                if (rec.indexOf('"', i) >= 0 && rec.indexOf('"', i) < end) {
                    return null; // a quote inside an unquoted cell
                }
                out.add(rec.substring(i, end));
                if (c < 0) {
                    break;
                }
                i = c + 1;
            }
        }
        return out.toArray(new String[0]);
    }

    /** Commons CSV's reading of one record's text. */
    static String[] commons(String rec) {
        try (CSVParser p = CSVParser.builder()
                .setReader(new StringReader(rec))
                .setFormat(CSVFormat.DEFAULT)
                .get()) {
            for (CSVRecord r : p) {
                return r.values();
            }
            return new String[] {""};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

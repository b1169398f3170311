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

    /**
     * A run of records as the file's bytes, decoded when a worker asks for them ({@link #records()}), so the
     * reading thread does not decode. {@code firstRecord} is the record number of the first record (1 = the
     * header). Records are {@code data[start[i], end[i])}; not thread-safe (one worker reads a batch).
     */
    public static final class ByteBatch {
        private final long firstRecord;
        private final byte[] data;
        private final int[] start;
        private final int[] end;
        private final boolean lineBreaks;
        private String[] records;

        ByteBatch(long firstRecord, byte[] data, int[] start, int[] end, boolean lineBreaks) {
            this.firstRecord = firstRecord;
            this.data = data;
            this.start = start;
            this.end = end;
            this.lineBreaks = lineBreaks;
        }

        public long firstRecord() {
            return firstRecord;
        }

        public int size() {
            return start.length;
        }

        /** The records' text, as {@link #cut} gives it (line breaks inside quotes as {@code \n}). */
        public String[] records() {
            if (records == null) {
                String[] out = new String[start.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = record(i);
                }
                records = out;
            }
            return records;
        }

        /**
         * The cells of record {@code i}, as {@link #split} gives them for its text, split on the bytes so that each
         * cell is decoded on its own (an ASCII cell straight to a one-byte string). Anything but plain and
         * well-quoted cells, or a line break inside quotes, goes the text way.
         *
         * @throws UncheckedIOException when Commons CSV refuses the text
         */
        public String[] cells(int i) {
            String[] out = lineBreaks ? null : splitBytes(data, start[i], end[i]);
            return out != null ? out : split(records != null ? records[i] : record(i));
        }

        /**
         * The cells of record {@code i} as byte ranges into {@code out} (no strings made): {@code false} when the
         * record is not plain and well-quoted or the batch has a line break inside quotes, and the text way
         * ({@link #cells(int)}) must be taken.
         */
        public boolean cells(int i, ByteCells out) {
            return !lineBreaks && splitBytes(data, start[i], end[i], out);
        }

        private String record(int i) {
            String s = new String(data, start[i], end[i] - start[i], StandardCharsets.UTF_8);
            if (lineBreaks && (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0)) {
                s = s.replace("\r\n", "\n").replace('\r', '\n');
            }
            return s;
        }
    }

    /**
     * {@link #cut} on the file's bytes: records end at a line end ({@code \n}, {@code \r\n} or {@code \r}) outside
     * quotes, empty lines are skipped, a leading byte-order mark is dropped; the records are the same and
     * numbered the same, but decoding is left to whoever reads the batch. {@code "} is one byte in UTF-8 and never
     * part of another character, so quotes are counted on bytes.
     *
     * @return how many records were read (header included)
     */
    public static long cutBytes(Path file, int size, Consumer<ByteBatch> each) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return new ByteCutter(in, size, 1 << 22, each).run();
        }
    }

    /** {@link #cutBytes(Path, int, Consumer)} from a stream with a first buffer of {@code bufferSize} bytes (tests). */
    static long cutBytes(java.io.InputStream in, int size, int bufferSize, Consumer<ByteBatch> each)
            throws IOException {
        return new ByteCutter(in, size, bufferSize, each).run();
    }

    /** The first position in {@code b[pos, len)} holding a quote or a line end, else {@code len} (tests). */
    static int skipPlain(byte[] b, int pos, int len) {
        return ByteCutter.skipPlain(b, pos, len);
    }

    /** The state of {@link #cutBytes}: a buffer of bytes not yet handed on, scanned once. */
    private static final class ByteCutter {
        private final java.io.InputStream in;
        private final int size;
        private final Consumer<ByteBatch> each;
        private byte[] buf;
        private int len;
        private long records;
        // The batch being collected: record bounds relative to buf.
        private int[] start;
        private int[] end;
        private int k;
        private int batchFrom; // where the batch's first record starts in buf
        private boolean lineBreaks;
        private long first = 1;

        ByteCutter(java.io.InputStream in, int size, int bufferSize, Consumer<ByteBatch> each) {
            this.in = in;
            this.buf = new byte[Math.max(1, bufferSize)];
            this.size = size;
            this.each = each;
            this.start = new int[size];
            this.end = new int[size];
        }

        long run() throws IOException {
            if (buf.length < 3) {
                buf = new byte[3];
            }
            fill(0);
            while (len < 3) { // enough for a byte-order mark
                int r = in.read(buf, len, buf.length - len);
                if (r < 0) {
                    break;
                }
                len += r;
            }
            int pos = 0;
            if (len >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                pos = 3;
            }
            batchFrom = pos;
            while (true) {
                // Skip empty lines before a record.
                while (true) {
                    if (pos == len) {
                        pos = more(pos);
                        if (pos == len) {
                            flush();
                            return records;
                        }
                    }
                    byte b = buf[pos];
                    if (b != '\n' && b != '\r') {
                        break;
                    }
                    pos++;
                    if (k == 0) {
                        batchFrom = pos;
                    }
                }
                int recStart = pos;
                boolean quoted = false;
                boolean broken = false;
                int recEnd;
                while (true) {
                    pos = skipPlain(buf, pos, len);
                    if (pos == len) {
                        int before = pos;
                        pos = more(pos);
                        recStart -= before - pos; // the buffer moved
                        if (pos == len) { // end of file: the record ends here, a last line end inside quotes dropped
                            recEnd = pos;
                            if (quoted && recEnd > recStart && (buf[recEnd - 1] == '\n' || buf[recEnd - 1] == '\r')) {
                                recEnd -= buf[recEnd - 1] == '\n' && recEnd - 1 > recStart && buf[recEnd - 2] == '\r'
                                        ? 2
                                        : 1;
                            }
                            break;
                        }
                    }
                    byte b = buf[pos];
                    if (b == '"') {
                        quoted = !quoted;
                    } else if (b == '\n' || b == '\r') {
                        if (!quoted) {
                            recEnd = pos;
                            break;
                        }
                        broken = true;
                        if (b == '\r') { // \r\n inside quotes: one line end
                            if (pos + 1 == len) {
                                int before = pos;
                                pos = more(pos);
                                recStart -= before - pos;
                            }
                            if (pos + 1 < len && buf[pos + 1] == '\n') {
                                pos++;
                            }
                        }
                    }
                    pos++;
                }
                records++;
                start[k] = recStart;
                end[k] = recEnd;
                lineBreaks |= broken;
                k++;
                if (k == size) {
                    flush();
                }
                if (pos < len && buf[pos] == '\r') {
                    pos++;
                    if (pos == len) {
                        pos = more(pos);
                    }
                    if (pos < len && buf[pos] == '\n') {
                        pos++;
                    }
                } else if (pos < len) {
                    pos++;
                }
                if (k == 0) {
                    batchFrom = pos;
                }
            }
        }

        /**
         * The first position from {@code pos} (before {@code len}) holding a quote or a line end, else {@code len}:
         * the bytes the record loop looks at one by one, skipped in a tight loop over locals. Every byte that
         * matters is at most {@code "} as a signed byte, so most bytes take one comparison.
         */
        static int skipPlain(byte[] b, int pos, int len) {
            int p = pos;
            int last = len - 8;
            while (true) {
                // Eight bytes at a time while none of them can matter: a byte matters only if it is below '"' + 1 as
                // an unsigned value, and (x & 0xFF) - 0x23 is negative exactly then, so one test covers all eight
                // (C1, the JIT that runs batch commands, neither unrolls nor vectorises the byte loop itself).
                while (p <= last) {
                    int any = ((b[p] & 0xFF) - 0x23)
                            | ((b[p + 1] & 0xFF) - 0x23)
                            | ((b[p + 2] & 0xFF) - 0x23)
                            | ((b[p + 3] & 0xFF) - 0x23)
                            | ((b[p + 4] & 0xFF) - 0x23)
                            | ((b[p + 5] & 0xFF) - 0x23)
                            | ((b[p + 6] & 0xFF) - 0x23)
                            | ((b[p + 7] & 0xFF) - 0x23);
                    if (any < 0) {
                        break;
                    }
                    p += 8;
                }
                // Those eight (or the last few) one by one.
                int stop = Math.min(len, p + 8);
                while (p < stop) {
                    byte c = b[p];
                    if (c == '"' || c == '\n' || c == '\r') {
                        return p;
                    }
                    p++;
                }
                if (p >= len) {
                    return len;
                }
            }
        }

        /** Hands the collected records on as one batch with its own copy of their bytes. */
        private void flush() {
            if (k == 0) {
                return;
            }
            int from = start[0];
            int to = end[k - 1];
            byte[] data = java.util.Arrays.copyOfRange(buf, from, to);
            int[] s = new int[k];
            int[] e = new int[k];
            for (int i = 0; i < k; i++) {
                s[i] = start[i] - from;
                e[i] = end[i] - from;
            }
            each.accept(new ByteBatch(first, data, s, e, lineBreaks));
            first += k;
            k = 0;
            lineBreaks = false;
        }

        /**
         * More bytes at the end of the buffer: the bytes before the batch being collected (or before {@code pos},
         * when no record is pending) are dropped and the rest moved to the front. Returns {@code pos} moved with
         * them; {@code pos == len} afterwards means the end of the file.
         */
        private int more(int pos) throws IOException {
            int keep = k > 0 ? start[0] : Math.min(batchFrom, pos);
            // A record in progress starts at or after batchFrom; keep from the earliest byte still needed.
            keep = Math.min(keep, Math.min(batchFrom, pos));
            if (keep > 0) {
                System.arraycopy(buf, keep, buf, 0, len - keep);
                len -= keep;
                pos -= keep;
                batchFrom -= keep;
                for (int i = 0; i < k; i++) {
                    start[i] -= keep;
                    end[i] -= keep;
                }
            }
            if (len == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            fill(len);
            return pos;
        }

        private void fill(int from) throws IOException {
            len = from;
            int r = in.read(buf, len, buf.length - len);
            if (r > 0) {
                len += r;
            }
        }
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

    /**
     * The cells of one record as byte ranges, without making strings: a worker's reusable holder, filled by {@link
     * ByteBatch#cells(int, ByteCells)}. A cell's bytes are {@code array(i)[start(i), end(i))}: the record's own
     * bytes, or for a quoted cell with doubled quotes inside, its unquoted bytes in the holder's scratch buffer.
     * {@link #ascii(int)} says the cell has no byte above 127. Valid until the holder is filled again.
     */
    public static final class ByteCells {
        private byte[][] array = new byte[16][];
        private int[] start = new int[16];
        private int[] end = new int[16];
        private boolean[] ascii = new boolean[16];
        /** Whether a cell still stands as in the record, each quote of its text doubled (undoubled when read). */
        private boolean[] doubled = new boolean[16];

        private int n;
        private byte[] scratch = new byte[256];
        private int used;

        public ByteCells() {}

        public int size() {
            return n;
        }

        /** The array holding cell {@code i}'s bytes, {@code [start(i), end(i))}: the cell's text, quotes single. */
        public byte[] array(int i) {
            undouble(i);
            return array[i];
        }

        public int start(int i) {
            undouble(i);
            return start[i];
        }

        public int end(int i) {
            undouble(i);
            return end[i];
        }

        public boolean ascii(int i) {
            return ascii[i];
        }

        /** Cell {@code i} as text (UTF-8; a plain copy when ASCII), as {@link #split} gives it. */
        public String text(int i) {
            undouble(i);
            return decode(array[i], start[i], end[i] - start[i], ascii[i]);
        }

        /**
         * Whether cell {@code i} is a quoted cell with quotes inside, still as the record has it — each quote of
         * its text doubled — in {@link #recordArray}, {@code [recordStart(i), recordEnd(i))}, until {@link #array},
         * {@link #start}, {@link #end} or {@link #text} is asked for (which copy it out with single quotes).
         */
        public boolean doubledQuotes(int i) {
            return doubled[i];
        }

        /** Cell {@code i}'s bytes as they stand (doubled quotes when {@link #doubledQuotes}). */
        public byte[] recordArray(int i) {
            return array[i];
        }

        public int recordStart(int i) {
            return start[i];
        }

        public int recordEnd(int i) {
            return end[i];
        }

        /** Copies a doubled cell out with its quotes single (once). */
        private void undouble(int i) {
            if (!doubled[i]) {
                return;
            }
            byte[] b = array[i];
            int from = start[i];
            int to = end[i];
            reserve(to - from);
            int at = used;
            byte[] out = scratch;
            for (int k = from; k < to; k++) {
                byte x = b[k];
                out[used++] = x;
                if (x == '"') {
                    k++; // the second of the pair
                }
            }
            array[i] = out;
            start[i] = at;
            end[i] = used;
            doubled[i] = false;
        }

        private void clear() {
            n = 0;
            used = 0;
        }

        private void add(byte[] b, int from, int to, boolean isAscii) {
            add(b, from, to, isAscii, false);
        }

        private void add(byte[] b, int from, int to, boolean isAscii, boolean isDoubled) {
            if (n == array.length) {
                array = java.util.Arrays.copyOf(array, n * 2);
                start = java.util.Arrays.copyOf(start, n * 2);
                end = java.util.Arrays.copyOf(end, n * 2);
                ascii = java.util.Arrays.copyOf(ascii, n * 2);
                doubled = java.util.Arrays.copyOf(doubled, n * 2);
            }
            array[n] = b;
            start[n] = from;
            end[n] = to;
            ascii[n] = isAscii;
            doubled[n] = isDoubled;
            n++;
        }

        /** Room for {@code more} bytes in the scratch buffer; a full buffer is replaced, cells already in it keep theirs. */
        private void reserve(int more) {
            if (used + more > scratch.length) {
                scratch = new byte[Math.max(more, scratch.length * 2)];
                used = 0;
            }
        }
    }

    /**
     * A cell's bytes as text: UTF-8, or, when the split saw no byte above 127, the same text decoded as Latin-1,
     * which copies the bytes into a one-byte string without scanning them again.
     */
    private static String decode(byte[] b, int from, int length, boolean ascii) {
        return new String(b, from, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** A thread's holder for {@link #splitBytes(byte[], int, int)}: its cells become strings before it returns. */
    private static final ThreadLocal<ByteCells> CELLS = ThreadLocal.withInitial(ByteCells::new);

    /** {@link #splitQuoted} on UTF-8 bytes {@code [from, to)}; {@code null} for anything but well-formed cells. */
    static String[] splitBytes(byte[] b, int from, int to) {
        ByteCells c = CELLS.get();
        if (!splitBytes(b, from, to, c)) {
            return null;
        }
        String[] out = new String[c.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.text(i);
        }
        return out;
    }

    /**
     * The byte split of {@code [from, to)} into {@code out}, in one pass: {@code false} for anything but plain and
     * well-quoted cells (a quote inside an unquoted cell, text after a closing quote, an unclosed quote).
     */
    static boolean splitBytes(byte[] b, int from, int to, ByteCells out) {
        out.clear();
        int i = from;
        while (true) {
            if (i < to && b[i] == '"') {
                int startCell = i + 1;
                int j = startCell;
                boolean ascii = true;
                boolean doubledQuote = false;
                while (true) {
                    // Eight bytes at a time while none is a quote or below (as skipPlain), noting any byte above 127;
                    // then one by one from the first that may matter.
                    int neg = 0;
                    while (j <= to - 8) {
                        byte x0 = b[j];
                        byte x1 = b[j + 1];
                        byte x2 = b[j + 2];
                        byte x3 = b[j + 3];
                        byte x4 = b[j + 4];
                        byte x5 = b[j + 5];
                        byte x6 = b[j + 6];
                        byte x7 = b[j + 7];
                        if ((((x0 & 0xFF) - 0x23)
                                        | ((x1 & 0xFF) - 0x23)
                                        | ((x2 & 0xFF) - 0x23)
                                        | ((x3 & 0xFF) - 0x23)
                                        | ((x4 & 0xFF) - 0x23)
                                        | ((x5 & 0xFF) - 0x23)
                                        | ((x6 & 0xFF) - 0x23)
                                        | ((x7 & 0xFF) - 0x23))
                                < 0) {
                            break;
                        }
                        neg |= x0 | x1 | x2 | x3 | x4 | x5 | x6 | x7;
                        j += 8;
                    }
                    if (neg < 0) {
                        ascii = false;
                    }
                    while (j < to) {
                        byte x = b[j];
                        if (x <= '"') {
                            if (x == '"') {
                                break;
                            }
                            if (x < 0) {
                                ascii = false;
                            }
                        }
                        j++;
                    }
                    if (j == to) {
                        return false; // unclosed quote
                    }
                    if (j + 1 < to && b[j + 1] == '"') { // a doubled quote: one quote in the cell
                        doubledQuote = true; // the cell is kept as it stands; copied out single when read
                        j += 2;
                        continue;
                    }
                    out.add(b, startCell, j, ascii, doubledQuote);
                    i = j + 1;
                    break;
                }
                if (i == to) {
                    break;
                }
                if (b[i] != ',') {
                    return false; // text after a closing quote
                }
                i++;
            } else {
                int c = i;
                boolean ascii = true;
                while (c < to) {
                    byte x = b[c];
                    if (x == ',') {
                        break;
                    }
                    if (x <= '"') {
                        if (x == '"') {
                            return false; // a quote inside an unquoted cell
                        }
                        if (x < 0) {
                            ascii = false;
                        }
                    }
                    c++;
                }
                out.add(b, i, c, ascii);
                if (c == to) {
                    break;
                }
                i = c + 1;
            }
        }
        return true;
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

package org.ipaward.batch.register;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.ipaward.engine.InputException;

/**
 * Match output files: CSV (UTF-8), XLSX (a new sheet every 1,048,575 rows) or JSON Lines. Columns have stable
 * ids; CSV and XLSX headers read {@code 主体编号（subject_id）}, JSON keys are the ids. Lists are joined with
 * {@code ;}; money is an exact decimal string with two decimals.
 */
public final class MatchFile {
    /** The columns: stable id and Chinese header. */
    public static final List<String[]> COLUMNS = List.of(
            new String[] {"subject_id", "主体编号"},
            new String[] {"subject_name", "主体名称"},
            new String[] {"policy", "政策"},
            new String[] {"measure", "措施"},
            new String[] {"outcome", "匹配结果"},
            new String[] {"amount", "确定金额"},
            new String[] {"min_amount", "最低金额"},
            new String[] {"max_amount", "最高金额"},
            new String[] {"missing_facts", "尚需事实"},
            new String[] {"missing_materials", "尚需材料"},
            new String[] {"failed", "不符合的条件"},
            new String[] {"reason", "不符合原因"});

    private static final CSVFormat CSV = CSVFormat.DEFAULT;
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Format {
        CSV,
        XLSX,
        JSONL
    }

    private MatchFile() {}

    /** The format for a file name ({@code .csv}, {@code .xlsx}, {@code .jsonl}). */
    public static Format format(Path file) {
        switch (RegisterFile.extension(file)) {
            case "csv":
                return Format.CSV;
            case "xlsx":
                return Format.XLSX;
            case "jsonl":
                return Format.JSONL;
            default:
                throw new InputException(RegisterSchema.problem(
                        file.toString(),
                        0,
                        "--out",
                        "match.out-format",
                        "输出文件须为 .csv、.xlsx 或 .jsonl：" + file,
                        "output must be .csv, .xlsx or .jsonl"));
        }
    }

    static String money(BigDecimal d) {
        if (d == null) {
            return "";
        }
        return d.stripTrailingZeros().scale() <= 2 ? d.setScale(2).toPlainString() : d.toPlainString();
    }

    /** The cells of a row without the subject: policy … reason. */
    static String[] tailCells(
            String policy,
            String measure,
            String outcome,
            BigDecimal amount,
            BigDecimal min,
            BigDecimal max,
            List<String> facts,
            List<String> materials,
            List<String> failed,
            String reason) {
        return new String[] {
            policy,
            measure,
            outcome,
            money(amount),
            money(min),
            money(max),
            String.join(";", facts),
            String.join(";", materials),
            String.join(";", failed),
            reason == null ? "" : reason
        };
    }

    static String[] tailCells(Decision d) {
        return tailCells(
                d.policy,
                d.measure,
                d.outcome,
                d.amount,
                d.min,
                d.max,
                d.missingFacts,
                d.missingMaterials,
                d.failed,
                d.reason);
    }

    static String[] tailCells(MatchRow r) {
        return tailCells(
                r.policy(),
                r.measure(),
                r.outcome(),
                r.amount(),
                r.minAmount(),
                r.maxAmount(),
                r.missingFacts(),
                r.missingMaterials(),
                r.failed(),
                r.reason());
    }

    /** A writer of match rows; chunks are rendered on worker threads and written in order on one thread. */
    public abstract static class Writer implements Closeable {
        /** Renders rows to a chunk; thread-safe. */
        abstract Object render(List<ProfileRow> profiles, List<Decision[]> decisions, java.util.Set<String> include);

        /** Writes a rendered chunk; one thread. */
        abstract void write(Object chunk);

        /** Writes one row (for callers that hold {@link MatchRow}s). */
        public abstract void write(MatchRow row);

        @Override
        public abstract void close();
    }

    public static Writer open(Path file) {
        Format f = format(file);
        try {
            switch (f) {
                case CSV:
                    return new Text(file, false);
                case JSONL:
                    return new Text(file, true);
                default:
                    return new Xlsx(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Text extends Writer {
        private final OutputStream out;
        private final boolean json;
        /** Chunk buffers written and free to fill again (as many as chunks in flight). */
        private final java.util.concurrent.ConcurrentLinkedQueue<Bytes> free =
                new java.util.concurrent.ConcurrentLinkedQueue<>();

        Text(Path file, boolean json) throws IOException {
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
            this.json = json;
            if (!json) {
                StringBuilder sb = new StringBuilder();
                boolean first = true;
                for (String[] c : COLUMNS) {
                    csv(sb, c[1] + "（" + c[0] + "）", first);
                    first = false;
                }
                sb.append('\n');
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        Object render(List<ProfileRow> profiles, List<Decision[]> decisions, java.util.Set<String> include) {
            Bytes buf = free.poll();
            if (buf == null) {
                buf = new Bytes(profiles.size() * 4096);
            }
            buf.size = 0;
            boolean[] inc = Decision.included(include);
            // Profiles answered from the whole-profile cache share one array of decisions: its included rows' tails
            // are picked out once per batch.
            java.util.IdentityHashMap<Decision[], byte[][]> tailsOf = new java.util.IdentityHashMap<>();
            for (int i = 0; i < profiles.size(); i++) {
                Decision[] ds = decisions.get(i);
                byte[][] tails = tailsOf.get(ds);
                if (tails == null) {
                    tails = tails(ds, inc);
                    tailsOf.put(ds, tails);
                }
                if (tails.length == 0) {
                    continue;
                }
                ProfileRow p = profiles.get(i);
                byte[] head = json
                        ? jsonHead(p.id(), p.name()).getBytes(StandardCharsets.UTF_8)
                        : csvHeadBytes(p.id(), p.name());
                for (byte[] tail : tails) {
                    buf.append(head);
                    buf.append(tail);
                }
            }
            return buf;
        }

        /** The rendered tails of the included decisions, in order; each made once and kept on its decision. */
        private byte[][] tails(Decision[] ds, boolean[] inc) {
            List<byte[]> out = new ArrayList<>(ds.length);
            for (Decision d : ds) {
                if (!inc[d.code]) {
                    continue;
                }
                byte[] tail = json ? d.jsonTail : d.csvTail;
                if (tail == null) {
                    tail = (json ? jsonTail(tailCells(d)) : csvTail(tailCells(d))).getBytes(StandardCharsets.UTF_8);
                    if (json) {
                        d.jsonTail = tail;
                    } else {
                        d.csvTail = tail;
                    }
                }
                out.add(tail);
            }
            return out.toArray(new byte[0][]);
        }

        @Override
        void write(Object chunk) {
            try {
                if (chunk instanceof Bytes b) {
                    out.write(b.data, 0, b.size);
                    free.offer(b);
                } else {
                    out.write((byte[]) chunk);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(MatchRow r) {
            String line = json
                    ? jsonHead(r.subjectId(), r.subjectName()) + jsonTail(tailCells(r))
                    : csvHead(r.subjectId(), r.subjectName()) + csvTail(tailCells(r));
            write(line.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A growable byte array filled by one worker (no locking, unlike {@code ByteArrayOutputStream}). */
    static final class Bytes {
        byte[] data;
        int size;

        Bytes(int capacity) {
            data = new byte[Math.max(16, capacity)];
        }

        void append(byte[] b) {
            if (size + b.length > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, size + b.length));
            }
            System.arraycopy(b, 0, data, size, b.length);
            size += b.length;
        }
    }

    private static void csv(StringBuilder sb, String v, boolean first) {
        try {
            CSV.print(v == null ? "" : v, sb, first);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String csvHead(String id, String name) {
        if (plainFirst(id) && plain(name)) {
            // nothing Commons CSV would quote: the cells as they are
            return id + "," + name;
        }
        StringBuilder sb = new StringBuilder(64);
        csv(sb, id, true);
        csv(sb, name, false);
        return sb.toString();
    }

    /**
     * {@code csvHead(id, name)} as UTF-8 bytes. The two cells are encoded apart and tested on their bytes: a character
     * below 128 is the same single byte in UTF-8 and every other character's bytes are all 128 or more, so the
     * bytes pass {@link #plainFirst} and {@link #plain}'s tests exactly when the text does (a lone surrogate, which
     * UTF-8 writes as {@code ?}, is neither tested character), and a plain head is the cells joined by a comma.
     */
    static byte[] csvHeadBytes(String id, String name) {
        if (id != null && name != null) {
            byte[] i = id.getBytes(StandardCharsets.UTF_8);
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            if (plainFirst(i) && plain(n)) {
                byte[] out = new byte[i.length + 1 + n.length];
                System.arraycopy(i, 0, out, 0, i.length);
                out[i.length] = ',';
                System.arraycopy(n, 0, out, i.length + 1, n.length);
                return out;
            }
        }
        return csvHead(id, name).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean plainFirst(byte[] v) {
        if (v.length == 0) {
            return false;
        }
        for (byte c : v) {
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    private static boolean plain(byte[] v) {
        if (v.length == 0 || (v[0] >= 0 && v[0] <= '#')) {
            return false;
        }
        for (byte c : v) {
            if (c >= 0 && (c <= ' ' || c == ',' || c == '"' || c == 0x7F)) {
                return false;
            }
        }
        return true;
    }

    /** A first cell of letters and digits only, which the minimal quote mode never quotes. */
    static boolean plainFirst(String v) {
        if (v == null || v.isEmpty()) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    /** A later, non-empty cell not starting with a character up to {@code #}, with no comma, quote, line break, space or control character: never quoted. */
    static boolean plain(String v) {
        if (v == null || v.isEmpty() || v.charAt(0) <= '#') {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c == ',' || c == '"' || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    static String csvTail(String[] cells) {
        StringBuilder sb = new StringBuilder(128);
        for (String c : cells) {
            csv(sb, c, false);
        }
        return sb.append('\n').toString();
    }

    static String jsonHead(String id, String name) {
        JsonStringEncoder enc = JsonStringEncoder.getInstance();
        StringBuilder sb = new StringBuilder(64).append("{\"subject_id\":\"");
        sb.append(enc.quoteAsString(id == null ? "" : id)).append("\",\"subject_name\":");
        if (name == null) {
            sb.append("null");
        } else {
            sb.append('"').append(enc.quoteAsString(name)).append('"');
        }
        return sb.toString();
    }

    static String jsonTail(String[] cells) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < cells.length; i++) {
            String id = COLUMNS.get(i + 2)[0];
            String v = cells[i];
            if (id.startsWith("missing_") || id.equals("failed")) {
                m.put(id, v.isEmpty() ? List.of() : List.of(v.split(";")));
            } else {
                m.put(id, v.isEmpty() ? null : v);
            }
        }
        try {
            return "," + JSON.writeValueAsString(m).substring(1) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Xlsx extends Writer {
        static final int MAX_ROWS = 1_048_576;
        private final Path file;
        private final SXSSFWorkbook wb = new SXSSFWorkbook(500);
        private Sheet sheet;
        private int next;
        private int sheets;

        Xlsx(Path file) {
            this.file = file;
            newSheet();
        }

        private void newSheet() {
            sheets++;
            sheet = wb.createSheet(sheets == 1 ? "matches" : "matches-" + sheets);
            Row h = sheet.createRow(0);
            for (int i = 0; i < COLUMNS.size(); i++) {
                h.createCell(i).setCellValue(COLUMNS.get(i)[1] + "（" + COLUMNS.get(i)[0] + "）");
            }
            next = 1;
        }

        @Override
        Object render(List<ProfileRow> profiles, List<Decision[]> decisions, java.util.Set<String> include) {
            List<String[]> rows = new ArrayList<>();
            for (int i = 0; i < profiles.size(); i++) {
                ProfileRow p = profiles.get(i);
                for (Decision d : decisions.get(i)) {
                    if (include.contains(d.outcome)) {
                        rows.add(cells(p.id(), p.name(), tailCells(d)));
                    }
                }
            }
            return rows;
        }

        private static String[] cells(String id, String name, String[] tail) {
            String[] out = new String[tail.length + 2];
            out[0] = id;
            out[1] = name;
            System.arraycopy(tail, 0, out, 2, tail.length);
            return out;
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(Object chunk) {
            for (String[] cells : (List<String[]>) chunk) {
                if (next >= MAX_ROWS) {
                    newSheet();
                }
                Row r = sheet.createRow(next++);
                for (int i = 0; i < cells.length; i++) {
                    if (cells[i] != null && !cells[i].isEmpty()) {
                        r.createCell(i).setCellValue(cells[i]);
                    }
                }
            }
        }

        @Override
        public void write(MatchRow r) {
            write(List.<String[]>of(cells(r.subjectId(), r.subjectName(), tailCells(r))));
        }

        @Override
        public void close() {
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                wb.dispose();
                try {
                    wb.close();
                } catch (IOException ignored) {
                    // written or failed above
                }
            }
        }
    }
}

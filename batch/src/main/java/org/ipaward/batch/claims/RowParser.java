package org.ipaward.batch.claims;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ipaward.batch.csv.CsvRecords;
import org.ipaward.engine.InputException;
import org.ipaward.engine.Problem;
import org.ipaward.engine.model.SubjectKind;

/**
 * Turns the cells of one row into a {@link ClaimRow}, by the columns a header named: the one row parser of the
 * CSV and XLSX readers and the Spark job. Not thread-safe; {@link #copy()} gives another thread its own parser
 * that shares the repeated values.
 */
public final class RowParser {
    /** Times without an offset are Beijing time, as staff enter them. */
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private static final JsonFactory JSON = new JsonFactory();

    private final String file;
    private final int[] index = new int[ClaimColumns.values().length];
    /** Repeated values (policy, measure, region codes, material ids, fact names) shared, not copied per row. */
    private final Map<String, String> interned;

    /**
     * A parser for the rows under {@code header}.
     *
     * @throws InputException when the header lacks a required column, names an unknown one or one twice
     */
    public RowParser(String file, String[] header) {
        this.file = file;
        this.interned = new java.util.concurrent.ConcurrentHashMap<>();
        this.lists = new java.util.concurrent.ConcurrentHashMap<>();
        this.values = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Arrays.fill(index, -1);
        Map<ClaimColumns, Integer> seen = new EnumMap<>(ClaimColumns.class);
        for (int i = 0; i < header.length; i++) {
            String h = header[i] == null ? "" : header[i].replace("\uFEFF", "").strip();
            if (h.isEmpty()) {
                continue;
            }
            ClaimColumns c = ClaimColumns.of(h);
            if (c == null) {
                throw problem(
                        1,
                        h,
                        "claims.unknown-column",
                        "未知列“" + h + "”，可用：" + names(),
                        "unknown column; columns are " + ids());
            }
            if (seen.put(c, i) != null) {
                throw problem(1, h, "claims.duplicate-column", "列“" + h + "”出现多次", "a column appears twice");
            }
            index[c.ordinal()] = i;
        }
        for (ClaimColumns c : ClaimColumns.values()) {
            if (c.required() && index[c.ordinal()] < 0) {
                throw problem(
                        1,
                        c.id(),
                        "claims.missing-column",
                        "缺少必填列“" + c.zh() + "”（" + c.id() + "）",
                        "required column missing");
            }
        }
    }

    private RowParser(RowParser other) {
        this.file = other.file;
        this.interned = other.interned;
        this.lists = other.lists;
        this.values = other.values;
        System.arraycopy(other.index, 0, index, 0, index.length);
    }

    /** A parser of the same columns for another thread; the repeated values stay shared. */
    public RowParser copy() {
        return new RowParser(this);
    }

    static InputException empty(String file) {
        return new InputException(
                new Problem(file, 0, null, null, "claims.empty", "文件为空：缺少表头行", "the file is empty: no header row"));
    }

    private static String names() {
        StringBuilder sb = new StringBuilder();
        for (ClaimColumns c : ClaimColumns.values()) {
            sb.append(sb.length() == 0 ? "" : "、")
                    .append(c.zh())
                    .append('（')
                    .append(c.id())
                    .append('）');
        }
        return sb.toString();
    }

    private static String ids() {
        List<String> out = new ArrayList<>();
        for (ClaimColumns c : ClaimColumns.values()) {
            out.add(c.id());
        }
        return String.join(", ", out);
    }

    private InputException problem(int row, String column, String key, String zh, String en) {
        return new InputException(new Problem(file, row, null, column, key, zh, en));
    }

    private String cell(String[] cells, ClaimColumns c) {
        int i = index[c.ordinal()];
        if (i < 0 || i >= cells.length || cells[i] == null) {
            return null;
        }
        String s = cells[i].strip();
        return s.isEmpty() ? null : s;
    }

    private String required(int row, String[] cells, ClaimColumns c) {
        String s = cell(cells, c);
        if (s == null) {
            throw problem(row, c.id(), "claims.required", c.zh() + "不能为空", c.id() + " is required");
        }
        return s;
    }

    private String intern(String s) {
        if (s == null) {
            return null;
        }
        // A look-up first: most values are known, and a concurrent map's putIfAbsent may lock its bin even then.
        String v = interned.get(s);
        if (v == null) {
            v = interned.putIfAbsent(s, s);
        }
        return v == null ? s : v;
    }

    /**
     * One data row; {@code row} is its number for messages (0: not known).
     *
     * @throws InputException naming the row, column, value and rule of the first bad cell
     */
    public ClaimRow parse(int row, String[] cells) {
        String app = required(row, cells, ClaimColumns.APPLICATION_NO);
        // The claims of one application come one after another and repeat its number and subject: kept once.
        if (app.equals(lastApp)) {
            app = lastApp;
        } else {
            lastApp = app;
        }
        Instant at = instant(row, required(row, cells, ClaimColumns.SUBMITTED_AT));
        String seqText = cell(cells, ClaimColumns.CLAIM_SEQ);
        int seq = seqText == null ? 0 : integer(row, ClaimColumns.CLAIM_SEQ, seqText, 0, 100_000);
        String subjectId = required(row, cells, ClaimColumns.SUBJECT_ID);
        if (subjectId.equals(lastSubjectId)) {
            subjectId = lastSubjectId;
        } else {
            lastSubjectId = subjectId;
        }
        String subjectName = cell(cells, ClaimColumns.SUBJECT_NAME);
        if (subjectName != null && subjectName.equals(lastSubjectName)) {
            subjectName = lastSubjectName;
        } else {
            lastSubjectName = subjectName;
        }
        SubjectKind kind = kind(row, required(row, cells, ClaimColumns.SUBJECT_KIND));
        String served = cell(cells, ClaimColumns.SERVED_REGIONS);
        List<String> servedRegions = served == null ? List.of() : list(served);
        String policy = intern(required(row, cells, ClaimColumns.POLICY));
        String measure = intern(required(row, cells, ClaimColumns.MEASURE));
        int year = integer(row, ClaimColumns.MATTER_YEAR, required(row, cells, ClaimColumns.MATTER_YEAR), 1980, 2100);
        String factsText = cell(cells, ClaimColumns.FACTS);
        Map<String, Object> facts = factsText == null ? Map.of() : facts(row, factsText);
        String mats = cell(cells, ClaimColumns.MATERIALS);
        List<String> materials = mats == null ? null : materials(mats);
        String awardedText = cell(cells, ClaimColumns.AWARDED);
        BigDecimal awarded = awardedText == null ? null : money(row, awardedText);
        return new ClaimRow(
                app,
                at,
                seq,
                subjectId,
                subjectName,
                kind,
                intern(cell(cells, ClaimColumns.REGISTERED_REGION)),
                intern(cell(cells, ClaimColumns.HOUSEHOLD_REGION)),
                servedRegions,
                intern(cell(cells, ClaimColumns.MU_GRADE)),
                policy,
                measure,
                year,
                facts,
                materials,
                awarded);
    }

    // ---- Reading a row straight from its cells' bytes (the CSV reader's way) ----

    /** The repeated cells, by their bytes: region codes, policy and measure ids, the 亩均 grade (all interned text). */
    private final ByteTable<String> texts = new ByteTable<>();

    private final ByteTable<SubjectKind> kinds = new ByteTable<>();
    private final ByteTable<List<String>> regionLists = new ByteTable<>();
    private final ByteTable<List<String>> materialLists = new ByteTable<>();

    // The readers of a cell's text, made once (a method reference written at the call would be made on every call).
    private final java.util.function.Function<String, String> readText = this::intern;
    private final java.util.function.Function<String, List<String>> readList = this::list;
    private final java.util.function.Function<String, List<String>> readMaterials = this::materials;

    /** The claims of one application repeat its number, time and subject: the last of each, by its bytes. */
    private final LastCell<String> lastAppCell =
            new LastCell<>(ClaimColumns.APPLICATION_NO, (row, c) -> required(row, c, ClaimColumns.APPLICATION_NO));

    private final LastCell<Instant> lastTimeCell = new LastCell<>(
            ClaimColumns.SUBMITTED_AT, (row, c) -> instant(row, required(row, c, ClaimColumns.SUBMITTED_AT)));
    private final LastCell<String> lastIdCell =
            new LastCell<>(ClaimColumns.SUBJECT_ID, (row, c) -> required(row, c, ClaimColumns.SUBJECT_ID));
    private final LastCell<String> lastNameCell =
            new LastCell<>(ClaimColumns.SUBJECT_NAME, (row, c) -> cell(c, ClaimColumns.SUBJECT_NAME));

    /** A cell's value read afresh, by the text path's steps (and its problems). */
    private interface CellReader<T> {
        T read(int row, CsvRecords.ByteCells cells);
    }

    /** The last value read from one column and the bytes it was read from; other bytes are read afresh. */
    private final class LastCell<T> {
        private final ClaimColumns column;
        private final CellReader<T> fresh;
        private byte[] bytes;
        private int length = -1; // of the bytes kept; -1: none yet
        private T value;

        LastCell(ClaimColumns column, CellReader<T> fresh) {
            this.column = column;
            this.fresh = fresh;
        }

        T read(int row, CsvRecords.ByteCells c) {
            int i = at(c, column);
            if (i >= 0 && length >= 0 && Arrays.equals(bytes, 0, length, c.array(i), c.start(i), c.end(i))) {
                return value;
            }
            T v = fresh.read(row, c);
            if (i >= 0) {
                // the bytes kept in one buffer of this cell's own, grown when needed, rather than a copy per value
                length = c.end(i) - c.start(i);
                if (bytes == null || bytes.length < length) {
                    bytes = new byte[Math.max(64, length)];
                }
                System.arraycopy(c.array(i), c.start(i), bytes, 0, length);
                value = v;
            }
            return v;
        }
    }

    /**
     * {@link #parse(int, String[])} on a record's cells as bytes: the same row, or the same problem, without making a
     * string for a cell whose value was already read from the same bytes (repeated ids, codes, lists), and the facts
     * JSON read from its bytes. A cell read anew goes through the same steps as the text path ({@link #cell}: the
     * cell's text, stripped), so only the bytes-to-value short cuts are new here.
     */
    public ClaimRow parse(int row, CsvRecords.ByteCells cells) {
        String app = lastAppCell.read(row, cells);
        Instant at = lastTimeCell.read(row, cells);
        int seq = wholeNumber(row, cells, ClaimColumns.CLAIM_SEQ, 0, 100_000, 0);
        String subjectId = lastIdCell.read(row, cells);
        String subjectName = lastNameCell.read(row, cells);
        int kindAt = at(cells, ClaimColumns.SUBJECT_KIND);
        SubjectKind kind = kindAt < 0 ? null : kinds.get(cells.array(kindAt), cells.start(kindAt), cells.end(kindAt));
        if (kind == null) {
            kind = kind(row, required(row, cells, ClaimColumns.SUBJECT_KIND));
            kinds.put(cells.array(kindAt), cells.start(kindAt), cells.end(kindAt), kind);
        }
        List<String> servedRegions = cached(cells, ClaimColumns.SERVED_REGIONS, regionLists, readList);
        String policy = text(cells, ClaimColumns.POLICY);
        if (policy == null) {
            required(row, cells, ClaimColumns.POLICY); // throws
        }
        String measure = text(cells, ClaimColumns.MEASURE);
        if (measure == null) {
            required(row, cells, ClaimColumns.MEASURE); // throws
        }
        int year = wholeNumber(row, cells, ClaimColumns.MATTER_YEAR, 1980, 2100, -1);
        Map<String, Object> facts = facts(row, cells);
        List<String> materials = cached(cells, ClaimColumns.MATERIALS, materialLists, readMaterials);
        String awardedText = cell(cells, ClaimColumns.AWARDED);
        BigDecimal awarded = awardedText == null ? null : money(row, awardedText);
        return new ClaimRow(
                app,
                at,
                seq,
                subjectId,
                subjectName,
                kind,
                text(cells, ClaimColumns.REGISTERED_REGION),
                text(cells, ClaimColumns.HOUSEHOLD_REGION),
                servedRegions == null ? List.of() : servedRegions,
                text(cells, ClaimColumns.MU_GRADE),
                policy,
                measure,
                year,
                facts,
                materials,
                awarded);
    }

    /** Where column {@code c} is among the cells, or -1 when the row has no such cell. */
    private int at(CsvRecords.ByteCells cells, ClaimColumns c) {
        int i = index[c.ordinal()];
        return i < cells.size() ? i : -1;
    }

    /** {@link #cell(String[], ClaimColumns)}: the cell's text stripped, {@code null} when absent or blank. */
    private String cell(CsvRecords.ByteCells cells, ClaimColumns c) {
        int i = at(cells, c);
        if (i < 0 || cells.start(i) == cells.end(i)) {
            return null;
        }
        String s = cells.text(i).strip();
        return s.isEmpty() ? null : s;
    }

    private String required(int row, CsvRecords.ByteCells cells, ClaimColumns c) {
        String s = cell(cells, c);
        if (s == null) {
            throw problem(row, c.id(), "claims.required", c.zh() + "不能为空", c.id() + " is required");
        }
        return s;
    }

    /** A repeated text cell, interned as the text path interns it; {@code null} when absent or blank. */
    private String text(CsvRecords.ByteCells cells, ClaimColumns c) {
        return cached(cells, c, texts, readText);
    }

    /**
     * The value of a cell whose bytes were seen before, else {@code read} of its stripped text (kept for the next
     * time); {@code null} when absent or blank.
     */
    private <V> V cached(
            CsvRecords.ByteCells cells,
            ClaimColumns c,
            ByteTable<V> table,
            java.util.function.Function<String, V> read) {
        int i = at(cells, c);
        if (i < 0 || cells.start(i) == cells.end(i)) {
            return null;
        }
        V v = table.get(cells.array(i), cells.start(i), cells.end(i));
        if (v == null) {
            String s = cell(cells, c);
            if (s == null) {
                return null;
            }
            v = read.apply(s);
            table.put(cells.array(i), cells.start(i), cells.end(i), v);
        }
        return v;
    }

    /**
     * A whole number cell ({@link #integer}): plain digits are read from the bytes; anything else (signs, blanks, an
     * error) goes the text way, with its message. {@code absent} is the value of an absent or blank cell, or -1 when
     * the column is required.
     */
    private int wholeNumber(int row, CsvRecords.ByteCells cells, ClaimColumns c, int min, int max, int absent) {
        int i = at(cells, c);
        if (i >= 0) {
            byte[] b = cells.array(i);
            int from = cells.start(i);
            int to = cells.end(i);
            if (to > from && to - from <= 9) {
                int v = 0;
                int k = from;
                while (k < to && b[k] >= '0' && b[k] <= '9') {
                    v = v * 10 + (b[k++] - '0');
                }
                if (k == to && v >= min && v <= max) {
                    return v;
                }
            }
        }
        if (absent < 0) {
            return integer(row, c, required(row, cells, c), min, max);
        }
        String s = cell(cells, c);
        return s == null ? absent : integer(row, c, s, min, max);
    }

    /**
     * The facts cell: from its own bytes when its text would be encoded to the same bytes — ASCII, or well-formed
     * UTF-8 (which decodes and encodes back unchanged) — with ASCII blanks around it and starting with {@code {}; else
     * as the text path reads it.
     */
    private Map<String, Object> facts(int row, CsvRecords.ByteCells cells) {
        int i = at(cells, ClaimColumns.FACTS);
        if (i < 0) {
            return Map.of();
        }
        if (cells.doubledQuotes(i) && plainFacts != null) {
            // The usual facts cell, quoted with its quotes doubled, read as it stands in the record: the blanks at
            // its ends are the text's, and what the plain reader takes from the doubled form it takes from the text.
            byte[] r = cells.recordArray(i);
            int from = cells.recordStart(i);
            int to = cells.recordEnd(i);
            while (from < to && blank(r[from])) {
                from++;
            }
            while (to > from && blank(r[to - 1])) {
                to--;
            }
            if (from < to && r[from] == '{' && r[to - 1] > 0 && (cells.ascii(i) || wellFormedUtf8(r, from, to))) {
                Map<String, Object> plain = plainFacts.readDoubled(r, from, to);
                if (plain != null) {
                    return plain;
                }
            }
        }
        byte[] b = cells.array(i);
        int from = cells.start(i);
        int to = cells.end(i);
        // Stripping drops exactly the blanks Character.isWhitespace names below 128, up to the first and last
        // ASCII non-blank; a non-ASCII byte at either end may be a Unicode blank, left to the text path.
        while (from < to && blank(b[from])) {
            from++;
        }
        while (to > from && blank(b[to - 1])) {
            to--;
        }
        if (from == to) {
            return Map.of();
        }
        if (b[to - 1] > 0 && jsonBytes(b, from, to) && (cells.ascii(i) || wellFormedUtf8(b, from, to))) {
            return facts(row, b, from, to);
        }
        String s = cell(cells, ClaimColumns.FACTS);
        return s == null ? Map.of() : facts(row, s);
    }

    /**
     * Whether {@code b[from, to)} is UTF-8 as Java's decoder accepts it without replacing anything: shortest forms
     * only, no surrogates, nothing above U+10FFFF. Such bytes decode to a text that encodes back to the same bytes.
     */
    static boolean wellFormedUtf8(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int x = b[i] & 0xFF;
            if (x < 0x80) {
                i++;
                continue;
            }
            int n;
            int lo = 0x80;
            int hi = 0xBF; // the allowed range of the second byte
            if (x >= 0xC2 && x <= 0xDF) {
                n = 1;
            } else if (x >= 0xE0 && x <= 0xEF) {
                n = 2;
                if (x == 0xE0) {
                    lo = 0xA0; // no overlong forms
                } else if (x == 0xED) {
                    hi = 0x9F; // no surrogates
                }
            } else if (x >= 0xF0 && x <= 0xF4) {
                n = 3;
                if (x == 0xF0) {
                    lo = 0x90;
                } else if (x == 0xF4) {
                    hi = 0x8F; // nothing above U+10FFFF
                }
            } else {
                return false;
            }
            if (i + n >= to) {
                return false;
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k <= n; k++) {
                int c = b[i + k] & 0xFF;
                if (c < 0x80 || c > 0xBF) {
                    return false;
                }
            }
            i += n + 1;
        }
        return true;
    }

    /** {@link Character#isWhitespace} for an ASCII byte (what {@link String#strip} drops). */
    private static boolean blank(byte x) {
        return x == ' ' || (x >= 9 && x <= 13) || (x >= 28 && x <= 31);
    }

    /** The materials cell: {@code -} for none, else a list. */
    private List<String> materials(String mats) {
        return mats.equals("-") ? List.of() : list(mats);
    }

    /** The subject kind written as its id or its Chinese name. */
    private SubjectKind kind(int row, String kindText) {
        SubjectKind kind = SubjectKind.fromId(kindText);
        if (kind == null) {
            for (SubjectKind k : SubjectKind.values()) {
                if (k.label().zh().equals(kindText)) {
                    kind = k;
                }
            }
        }
        if (kind == null) {
            throw problem(
                    row,
                    ClaimColumns.SUBJECT_KIND.id(),
                    "claims.bad-kind",
                    "主体类型“" + kindText
                            + "”无效，可选：enterprise（企业）、institution（事业单位）、other_org（其他组织）、person（自然人）、service_agency（知识产权服务机构）",
                    "unknown subject kind");
        }
        return kind;
    }

    /** Lists by their text (materials, regions repeat across rows), shared like {@link #interned}; bounded. */
    private final Map<String, List<String>> lists;

    /** {@code a;b;c} (a Chinese {@code ；} too), blanks dropped. */
    private List<String> list(String s) {
        List<String> known = lists.get(s);
        if (known != null) {
            return known;
        }
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == ';' || s.charAt(i) == '；') {
                String t = s.substring(from, i).strip();
                if (!t.isEmpty()) {
                    out.add(intern(t));
                }
                from = i + 1;
            }
        }
        List<String> list = List.copyOf(out);
        if (lists.size() < 4096) {
            lists.putIfAbsent(s, list);
        }
        return list;
    }

    private String lastApp;
    private String lastSubjectId;
    private String lastSubjectName;
    private String lastTime;
    private Instant lastInstant;

    private Instant instant(int row, String s) {
        if (s.equals(lastTime)) {
            return lastInstant; // the claims of one application share its time
        }
        Instant fast = fastInstant(s);
        if (fast != null) {
            lastTime = s;
            lastInstant = fast;
            return fast;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s.replace(' ', 'T')).atZone(BEIJING).toInstant();
            } catch (DateTimeParseException e2) {
                throw problem(
                        row,
                        ClaimColumns.SUBMITTED_AT.id(),
                        "claims.bad-time",
                        "提交时间“" + s + "”无效，应写作 2026-03-01T09:30:00+08:00 或 2026-03-01 09:30:00（北京时间）",
                        "not an ISO date-time");
            }
        }
    }

    /** {@code 2026-03-01T09:30:00+08:00} (as written) without the general parser; {@code null} for any other form. */
    static Instant fastInstant(String s) {
        if (s.length() != 25
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || (s.charAt(19) != '+' && s.charAt(19) != '-')
                || s.charAt(22) != ':') {
            return null;
        }
        int y = digits(s, 0, 4);
        int mo = digits(s, 5, 2);
        int d = digits(s, 8, 2);
        int h = digits(s, 11, 2);
        int mi = digits(s, 14, 2);
        int se = digits(s, 17, 2);
        int oh = digits(s, 20, 2);
        int om = digits(s, 23, 2);
        if (y < 0 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59 || oh > 18 || om > 59 || mi < 0 || h < 0
                || se < 0 || oh < 0 || om < 0) {
            return null;
        }
        if (d > java.time.YearMonth.of(y, mo).lengthOfMonth()) {
            return null;
        }
        long offset = (oh * 3600L + om * 60L) * (s.charAt(19) == '-' ? -1 : 1);
        long epochDay = java.time.LocalDate.of(y, mo, d).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86400L + h * 3600L + mi * 60L + se - offset);
    }

    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private int integer(int row, ClaimColumns c, String s, int min, int max) {
        try {
            int v = Integer.parseInt(s);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw problem(
                row,
                c.id(),
                "claims.bad-integer",
                c.zh() + "“" + s + "”应为 " + min + "–" + max + " 之间的整数",
                "must be a whole number " + min + ".." + max);
    }

    private BigDecimal money(int row, String s) {
        try {
            BigDecimal d = new BigDecimal(s.replace(",", ""));
            if (d.signum() >= 0 && d.stripTrailingZeros().scale() <= 2 && d.precision() - d.scale() <= 18) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw problem(
                row,
                ClaimColumns.AWARDED.id(),
                "claims.bad-money",
                "核定金额“" + s + "”应为不小于 0、最多两位小数的金额（元）",
                "an amount in yuan, 0 or more, at most 2 decimals");
    }

    /** A JSON object of facts: strings, numbers (kept exact as decimals), booleans, null, lists of strings. */
    private Map<String, Object> facts(int row, String s) {
        // Parsed from the text's UTF-8 bytes (a plain copy for ASCII text): Jackson's byte parser finds field names
        // without making strings and reads values without widening the text to two-byte chars. It guesses the
        // encoding from the first four bytes (a byte-order mark, zero bytes for UTF-16/32), so only text that
        // starts with "{" and no U+0000 among its first four chars goes that way: then it reads UTF-8, as the
        // text parser reads the text; anything else keeps the text parser and its answer.
        boolean utf8 = s.charAt(0) == '{'
                && (s.length() < 2 || s.charAt(1) != 0)
                && (s.length() < 3 || s.charAt(2) != 0)
                && (s.length() < 4 || s.charAt(3) != 0);
        byte[] bytes = utf8 ? s.getBytes(StandardCharsets.UTF_8) : null;
        Map<String, Object> plain =
                bytes == null || plainFacts == null ? null : plainFacts.read(bytes, 0, bytes.length);
        if (plain != null) {
            return plain;
        }
        try (JsonParser p = utf8 ? JSON.createParser(bytes) : JSON.createParser(s)) {
            return facts(p);
        } catch (BadFacts e) {
            throw badFacts(row, s, e.zh, e.en);
        } catch (IOException e) {
            throw badFacts(row, s, "JSON 格式有误", "malformed JSON");
        }
    }

    /**
     * {@link #facts(int, String)} on a cell's own bytes {@code b[from, to)}, when they are the bytes its stripped
     * text would be encoded to and {@link #jsonBytes} holds: the same answer without making the text.
     */
    private Map<String, Object> facts(int row, byte[] b, int from, int to) {
        Map<String, Object> plain = plainFacts == null ? null : plainFacts.read(b, from, to);
        if (plain != null) {
            return plain;
        }
        try (JsonParser p = JSON.createParser(b, from, to - from)) {
            return facts(p);
        } catch (BadFacts e) {
            throw badFacts(row, new String(b, from, to - from, StandardCharsets.UTF_8), e.zh, e.en);
        } catch (IOException e) {
            throw badFacts(row, new String(b, from, to - from, StandardCharsets.UTF_8), "JSON 格式有误", "malformed JSON");
        }
    }

    /** Whether ASCII bytes {@code b[from, to)} go to Jackson's byte parser: the rule of {@link #facts(int, String)}. */
    private static boolean jsonBytes(byte[] b, int from, int to) {
        return b[from] == '{'
                && (to - from < 2 || b[from + 1] != 0)
                && (to - from < 3 || b[from + 2] != 0)
                && (to - from < 4 || b[from + 3] != 0);
    }

    /** A facts text refused, with the reason; whoever holds the text turns it into the row's problem. */
    private static final class BadFacts extends Exception {
        private static final long serialVersionUID = 1L;
        final String zh;
        final String en;

        BadFacts(String zh, String en) {
            super(null, null, false, false);
            this.zh = zh;
            this.en = en;
        }
    }

    private Map<String, Object> facts(JsonParser p) throws IOException, BadFacts {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new BadFacts("应为 JSON 对象，如 {\"award_level\": \"gold\"}", "must be a JSON object");
        }
        FactMap.Builder out = factBuilder.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = intern(p.currentName());
            JsonToken t = p.nextToken();
            out.put(name, value(p, t));
        }
        if (p.nextToken() != null) {
            throw new BadFacts("对象之后还有多余内容", "trailing content after the object");
        }
        return out.build();
    }

    /**
     * The plain facts texts read from their bytes without Jackson ({@link FactsBytes}: the same answer); {@code null}
     * (tests only) sends every text to Jackson.
     */
    private FactsBytes plainFacts = new FactsBytes(this::intern);

    /** This parser with every facts text read by Jackson: what {@link FactsBytes} must agree with (tests). */
    RowParser jacksonOnly() {
        plainFacts = null;
        return this;
    }

    /** This parser's builder of a row's facts, emptied for each row. */
    private final FactMap.Builder factBuilder = new FactMap.Builder();

    private Object value(JsonParser p, JsonToken t) throws IOException, BadFacts {
        switch (t) {
            case VALUE_STRING:
                return value(p.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case START_ARRAY: {
                List<String> items = new ArrayList<>();
                for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
                    if (i == JsonToken.VALUE_STRING) {
                        items.add(p.getText());
                    } else {
                        throw new BadFacts("列表项应为文本", "list items must be strings");
                    }
                }
                return List.copyOf(items);
            }
            default:
                throw new BadFacts("事实值应为文本、数值、true/false 或文本列表", "a fact is a string, number, boolean or list");
        }
    }

    /** Short fact values (levels, kinds, flags) repeat across rows: shared, up to a bound. */
    private final Map<String, String> values;

    private String value(String s) {
        if (s.length() > 16) {
            return s;
        }
        String v = values.get(s);
        if (v != null) {
            return v;
        }
        if (values.size() < 65_536) {
            v = values.putIfAbsent(s, s);
        }
        return v == null ? s : v;
    }

    private InputException badFacts(int row, String s, String zh, String en) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return problem(row, ClaimColumns.FACTS.id(), "claims.bad-facts", "事实“" + shown + "”" + zh, en);
    }
}

package org.ipaward.batch.register;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.ipaward.batch.csv.CsvRecords;
import org.ipaward.engine.InputException;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.model.Policy;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * Register files (主体登记库): CSV (UTF-8, a byte-order mark is fine) or XLSX (the first sheet), one header row
 * then one subject per row. Both are read streaming (XLSX through POI's SAX reader), so a register of a million
 * rows needs little memory; both are written streaming. Columns: see {@link RegisterSchema}.
 */
public final class RegisterFile {
    private RegisterFile() {}

    /** Every profile of a small file, checked against the bundled policies. */
    public static List<ProfileRow> read(Path file) {
        return read(file, PolicyLoader.loadBundled());
    }

    /** Every profile of a small file, checked against {@code policies}. */
    public static List<ProfileRow> read(Path file, Collection<Policy> policies) {
        List<ProfileRow> out = new ArrayList<>();
        read(file, RegisterSchema.of(policies), out::add);
        return out;
    }

    /**
     * Streams the profiles of a file, in file order, to {@code each}; returns how many.
     *
     * @throws InputException the first bad row (file, row, column, value, rule), an unknown header, or a file
     *     that cannot be read
     */
    public static long read(Path file, RegisterSchema schema, Consumer<ProfileRow> each) {
        String name = file.getFileName() == null
                ? file.toString()
                : file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new InputException(RegisterSchema.problem(
                    file.toString(), 0, null, "register.not-found", "找不到登记库文件 " + file, "file not found"));
        }
        String ext = extension(file);
        if (ext.equals("csv")) {
            return readCsv(file, name, schema, each);
        }
        if (ext.equals("xlsx")) {
            return readXlsx(file, name, schema, each);
        }
        throw new InputException(RegisterSchema.problem(
                name, 0, null, "register.format", "登记库须为 .csv 或 .xlsx 文件：" + name, "register must be .csv or .xlsx"));
    }

    static String extension(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static long readCsv(Path file, String name, RegisterSchema schema, Consumer<ProfileRow> each) {
        long[] n = {0};
        readCsvBatches(file, schema, 1024, b -> {
            for (ProfileRow r : parse(b)) {
                each.accept(r);
                n[0]++;
            }
        });
        return n[0];
    }

    /**
     * A run of CSV records as the file's bytes, cut on the reading thread and decoded, split and checked on a worker
     * by {@link #parse(CsvBatch)}: records {@code [from, records.size())} of {@code records} ({@code from} is 1 in the
     * batch that holds the header).
     */
    record CsvBatch(
            RegisterSchema schema, RegisterSchema.Header header, String file, CsvRecords.ByteBatch records, int from) {}

    /**
     * Cuts a CSV register into batches of {@code size} records without parsing them: a record ends at a line end
     * outside quotes (an even number of {@code "} so far); empty lines are skipped as the parser does. The header
     * is read and checked here.
     *
     * @return how many records were handed over
     */
    static long readCsvBatches(Path file, RegisterSchema schema, int size, Consumer<CsvBatch> each) {
        String name = file.getFileName() == null
                ? file.toString()
                : file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new InputException(RegisterSchema.problem(
                    file.toString(), 0, null, "register.not-found", "找不到登记库文件 " + file, "file not found"));
        }
        long[] n = {0};
        RegisterSchema.Header[] h = {null};
        long[] row = {0};
        try {
            // The reading thread only cuts the bytes into records (no decoding); the workers decode cell by cell.
            CsvRecords.cutBytes(file, size, b -> {
                int from = 0;
                if (h[0] == null) {
                    h[0] = schema.header(List.of(b.cells(0)), name);
                    from = 1;
                }
                if (b.size() > from) {
                    each.accept(new CsvBatch(schema, h[0], name, b, from));
                }
                n[0] += b.size() - from;
                row[0] = b.firstRecord() + b.size() - 1;
            });
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new InputException(RegisterSchema.problem(
                    name,
                    row[0] + 1,
                    null,
                    "register.bad-csv",
                    "无法读取 CSV（引号不配对或编码不是 UTF-8）：" + e.getMessage(),
                    "cannot read the CSV"));
        }
        if (h[0] == null) {
            throw new InputException(RegisterSchema.problem(
                    name, 0, null, "register.empty", "登记库为空：没有表头行", "empty file: no header row"));
        }
        return n[0];
    }

    /**
     * Parses and checks a batch cut by {@link #readCsvBatches}; thread-safe.
     *
     * @throws InputException the first bad row of the batch, or text the CSV parser refuses
     */
    static List<ProfileRow> parse(CsvBatch b) {
        CsvRecords.ByteBatch recs = b.records();
        List<ProfileRow> out = new ArrayList<>(recs.size() - b.from());
        for (int k = b.from(); k < recs.size(); k++) {
            long row = recs.firstRecord() + k;
            String[] cells;
            try {
                cells = recs.cells(k);
            } catch (UncheckedIOException e) {
                throw new InputException(RegisterSchema.problem(
                        b.file(),
                        row,
                        null,
                        "register.bad-csv",
                        "无法读取 CSV（引号不配对或编码不是 UTF-8）：" + e.getMessage(),
                        "cannot read the CSV"));
            }
            add(out, b, java.util.Arrays.asList(cells), row);
        }
        return out;
    }

    private static void add(List<ProfileRow> out, CsvBatch b, List<String> cells, long row) {
        if (cells.size() == 1 && cells.get(0).isBlank()) {
            return;
        }
        out.add(b.schema().row(b.header(), cells, b.file(), row));
    }

    private static long readXlsx(Path file, String name, RegisterSchema schema, Consumer<ProfileRow> each) {
        SheetRows handler = new SheetRows(name, schema, each);
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            XSSFReader reader = new XSSFReader(pkg);
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new InputException(
                        RegisterSchema.problem(name, 0, null, "register.empty", "工作簿没有工作表", "no sheet"));
            }
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(
                        reader.getStylesTable(), null, strings, handler, new DataFormatter(), false));
                parser.parse(new InputSource(sheet));
            }
        } catch (InputException e) {
            throw e;
        } catch (Exception e) {
            throw new InputException(RegisterSchema.problem(
                    name, 0, null, "register.bad-xlsx", "无法读取 XLSX 文件：" + e.getMessage(), "cannot read the XLSX"));
        }
        if (handler.header == null) {
            throw new InputException(RegisterSchema.problem(
                    name, 0, null, "register.empty", "登记库为空：没有表头行", "empty file: no header row"));
        }
        return handler.count;
    }

    /** The rows of the first sheet, as the SAX reader hands them over. */
    private static final class SheetRows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final String name;
        private final RegisterSchema schema;
        private final Consumer<ProfileRow> each;
        private final List<String> cells = new ArrayList<>();
        private RegisterSchema.Header header;
        private long count;

        SheetRows(String name, RegisterSchema schema, Consumer<ProfileRow> each) {
            this.name = name;
            this.schema = schema;
            this.each = each;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
        }

        @Override
        public void endRow(int rowNum) {
            if (header == null) {
                header = schema.header(new ArrayList<>(cells), name);
                return;
            }
            boolean blank = cells.stream().allMatch(c -> c == null || c.isBlank());
            if (!blank) {
                each.accept(schema.row(header, cells, name, rowNum + 1L));
                count++;
            }
        }

        @Override
        public void cell(String ref, String value, XSSFComment comment) {
            int col = new CellReference(ref).getCol();
            while (cells.size() < col) {
                cells.add("");
            }
            cells.add(value);
        }
    }

    /** Writes a register; {@link #close()} finishes the file. */
    public interface Writer extends Closeable {
        void write(ProfileRow row);

        @Override
        void close();
    }

    /**
     * A streaming writer for {@code file} (.csv or .xlsx) with the subject columns and the given fact columns.
     * Header cells are {@code 中文（id）}.
     */
    public static Writer writer(Path file, RegisterSchema schema, List<String> factIds) {
        List<String> header = new ArrayList<>();
        for (RegisterSchema.Column c : RegisterSchema.Column.values()) {
            header.add(schema.headerCell(c.id()));
        }
        factIds.forEach(f -> header.add(schema.headerCell(f)));
        String ext = extension(file);
        try {
            if (ext.equals("csv")) {
                return csvWriter(file, header, factIds);
            }
            if (ext.equals("xlsx")) {
                return xlsxWriter(file, header, factIds);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new InputException(RegisterSchema.problem(
                file.toString(), 0, null, "register.format", "登记库须为 .csv 或 .xlsx 文件：" + file, "must be .csv or .xlsx"));
    }

    static List<String> cells(ProfileRow r, List<String> factIds) {
        List<String> out = new ArrayList<>(8 + factIds.size());
        out.add(r.id());
        out.add(r.name());
        out.add(r.kind());
        out.add(r.registeredRegion());
        out.add(r.householdRegion());
        out.add(String.join(";", r.servedRegions()));
        out.add(r.muGrade());
        out.add(r.materials() == null ? null : String.join(";", r.materials()));
        for (String f : factIds) {
            out.add(r.facts().get(f));
        }
        return out;
    }

    private static Writer csvWriter(Path file, List<String> header, List<String> factIds) throws IOException {
        BufferedWriter w = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
        CSVPrinter p = new CSVPrinter(
                w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
        p.printRecord(header);
        return new Writer() {
            @Override
            public void write(ProfileRow row) {
                try {
                    p.printRecord(cells(row, factIds));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
                try {
                    p.close(true);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static Writer xlsxWriter(Path file, List<String> header, List<String> factIds) {
        SXSSFWorkbook wb = new SXSSFWorkbook(200);
        Sheet sheet = wb.createSheet("register");
        Row h = sheet.createRow(0);
        for (int i = 0; i < header.size(); i++) {
            h.createCell(i).setCellValue(header.get(i));
        }
        return new Writer() {
            int next = 1;

            @Override
            public void write(ProfileRow row) {
                if (next > 1_048_575) {
                    throw new InputException(RegisterSchema.problem(
                            file.toString(),
                            next + 1,
                            null,
                            "register.xlsx-rows",
                            "XLSX 工作表最多 1,048,576 行，请改用 CSV",
                            "an XLSX sheet holds at most 1,048,576 rows; use CSV"));
                }
                Row r = sheet.createRow(next++);
                List<String> cells = cells(row, factIds);
                for (int i = 0; i < cells.size(); i++) {
                    if (cells.get(i) != null && !cells.get(i).isEmpty()) {
                        r.createCell(i).setCellValue(cells.get(i));
                    }
                }
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
                        // already written or failed above
                    }
                }
            }
        };
    }
}

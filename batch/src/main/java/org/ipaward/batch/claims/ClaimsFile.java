package org.ipaward.batch.claims;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.ipaward.batch.csv.CsvRecords;
import org.ipaward.engine.InputException;
import org.ipaward.engine.Problem;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Claims files: CSV (UTF-8, with or without a byte-order mark) and XLSX (the first sheet), one claim a row
 * under a header row of {@link ClaimColumns} (ids or Chinese headers). Reading streams: a CSV is parsed
 * record by record and an XLSX sheet through POI's SAX reader, so a million rows never hold the workbook in
 * memory. A bad cell stops the read with an {@link InputException} naming the file, row, column, value and
 * rule. Writing streams too (CSV printer, SXSSF workbook).
 */
public final class ClaimsFile {
    private ClaimsFile() {}

    /** The file formats, by extension. */
    public enum Format {
        CSV,
        XLSX;

        /** The format of a file name ({@code .csv}, {@code .xlsx}), or an input problem naming the file. */
        public static Format of(Path file) {
            String n = file.getFileName() == null
                    ? ""
                    : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".csv")) {
                return CSV;
            }
            if (n.endsWith(".xlsx")) {
                return XLSX;
            }
            throw new InputException(new Problem(
                    file.toString(),
                    0,
                    null,
                    null,
                    "claims.format",
                    "申报明细文件应为 .csv 或 .xlsx：“" + file.getFileName() + "”",
                    "a claims file is .csv or .xlsx"));
        }
    }

    /** Which header row a writer puts: the stable ids or the Chinese headers staff read. */
    public enum Header {
        ID,
        ZH
    }

    /** Reads every row of a file into a list. */
    public static List<ClaimRow> read(Path file) {
        List<ClaimRow> rows = new ArrayList<>();
        read(file, rows::add);
        return rows;
    }

    /** Streams the rows of a file to {@code sink} in file order; returns how many were read. */
    public static long read(Path file, Consumer<ClaimRow> sink) {
        Format format = Format.of(file);
        if (!Files.isRegularFile(file)) {
            throw new InputException(
                    new Problem(file.toString(), 0, null, null, "claims.not-found", "找不到文件", "no such file"));
        }
        try {
            return format == Format.CSV ? readCsv(file, sink) : readXlsx(file, sink);
        } catch (NoSuchFileException e) {
            throw new InputException(
                    new Problem(file.toString(), 0, null, null, "claims.not-found", "找不到文件", "no such file"));
        } catch (IOException e) {
            throw new InputException(new Problem(
                    file.toString(),
                    0,
                    null,
                    null,
                    "claims.unreadable",
                    "无法读取文件：" + e.getMessage(),
                    "cannot read the file"));
        }
    }

    private static final Object END = new Object();
    private static final int BATCH = 2048;

    /**
     * Reads a CSV in two stages: a reading thread only cuts the bytes into records ({@link CsvRecords#cutBytes}),
     * worker threads (one a core) decode them, split them into cells and parse the rows, facts JSON included; the calling
     * thread hands the parsed batches to {@code sink} in file order.
     */
    private static long readCsv(Path file, Consumer<ClaimRow> sink) throws IOException {
        String name = file.toString();
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "ipaward-claims-parse");
            t.setDaemon(true);
            return t;
        });
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(workers * 4);
        RowParser[] header = new RowParser[1];
        Thread cutter = new Thread(
                () -> {
                    try {
                        CsvRecords.cutBytes(file, BATCH, b -> {
                            int from = 0;
                            if (header[0] == null) {
                                header[0] = new RowParser(name, cells(name, b.firstRecord(), b.records()[0]));
                                from = 1;
                            }
                            RowParser proto = header[0];
                            int skip = from;
                            Future<List<ClaimRow>> f = pool.submit(() -> parse(name, proto, b, skip));
                            try {
                                queue.put(f);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new CancellationException();
                            }
                        });
                        queue.put(header[0] == null ? RowParser.empty(name) : END);
                    } catch (InterruptedException | CancellationException e) {
                        Thread.currentThread().interrupt();
                    } catch (Throwable e) {
                        try {
                            queue.put(e);
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                        }
                    }
                },
                "ipaward-csv");
        cutter.setDaemon(true);
        cutter.start();
        long n = 0;
        try {
            while (true) {
                Object o = queue.take();
                if (o == END) {
                    return n;
                }
                if (o instanceof IOException e) {
                    throw e;
                }
                if (o instanceof RuntimeException e) {
                    throw e;
                }
                if (o instanceof Error e) {
                    throw e;
                }
                @SuppressWarnings("unchecked")
                Future<List<ClaimRow>> f = (Future<List<ClaimRow>>) o;
                List<ClaimRow> rows;
                try {
                    rows = f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    if (e.getCause() instanceof Error er) {
                        throw er;
                    }
                    throw new IOException(e.getCause());
                }
                for (ClaimRow r : rows) {
                    sink.accept(r);
                }
                n += rows.size();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading", e);
        } finally {
            cutter.interrupt();
            pool.shutdownNow();
        }
    }

    /** A worker's holder of one record's cells as bytes. */
    private static final ThreadLocal<CsvRecords.ByteCells> BYTE_CELLS =
            ThreadLocal.withInitial(CsvRecords.ByteCells::new);

    private static final ThreadLocal<RowParser[]> PARSERS = ThreadLocal.withInitial(() -> new RowParser[2]);

    /** Parses one batch on a worker, with this thread's copy of the parser. */
    private static List<ClaimRow> parse(String file, RowParser proto, CsvRecords.ByteBatch b, int from) {
        RowParser[] mine = PARSERS.get();
        if (mine[0] != proto) {
            mine[0] = proto;
            mine[1] = proto.copy();
        }
        RowParser parser = mine[1];
        CsvRecords.ByteCells bytes = BYTE_CELLS.get();
        List<ClaimRow> out = new ArrayList<>(b.size());
        for (int i = from; i < b.size(); i++) {
            long row = b.firstRecord() + i;
            // Plain and well-quoted records are read from their bytes; a one-cell record may be a blank line.
            if (b.cells(i, bytes) && bytes.size() > 1) {
                out.add(parser.parse((int) row, bytes));
                continue;
            }
            String[] cells;
            try {
                cells = b.cells(i);
            } catch (UncheckedIOException e) {
                throw badCsv(file, row, e);
            }
            if (cells.length == 1 && cells[0].isBlank()) {
                continue;
            }
            out.add(parser.parse((int) row, cells));
        }
        return out;
    }

    private static String[] cells(String file, long row, String record) {
        try {
            return CsvRecords.split(record);
        } catch (UncheckedIOException e) {
            throw badCsv(file, row, e);
        }
    }

    private static InputException badCsv(String file, long row, UncheckedIOException e) {
        return new InputException(new Problem(
                file,
                (int) row,
                null,
                null,
                "claims.bad-csv",
                "CSV 格式有误：" + e.getCause().getMessage(),
                "malformed CSV"));
    }

    private static long readXlsx(Path file, Consumer<ClaimRow> sink) throws IOException {
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw RowParser.empty(file.toString());
            }
            SheetRows rows = new SheetRows(file.toString(), sink);
            try (InputStream sheet = sheets.next()) {
                XMLReader xml = XMLHelper.newXMLReader();
                xml.setContentHandler(
                        new XSSFSheetXMLHandler(styles, null, strings, rows, new DataFormatter(Locale.ROOT), false));
                xml.parse(new InputSource(sheet));
            }
            if (rows.parser == null) {
                throw RowParser.empty(file.toString());
            }
            return rows.count;
        } catch (SAXException | javax.xml.parsers.ParserConfigurationException | OpenXML4JException e) {
            if (e.getCause() instanceof InputException ie) {
                throw ie;
            }
            throw new InputException(new Problem(
                    file.toString(),
                    0,
                    null,
                    null,
                    "claims.bad-xlsx",
                    "XLSX 文件无法解析：" + e.getMessage(),
                    "not a readable XLSX workbook"));
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            // POI reports a file that is not a workbook, or a damaged one, with several unchecked exceptions
            throw new InputException(new Problem(
                    file.toString(),
                    0,
                    null,
                    null,
                    "claims.bad-xlsx",
                    "XLSX 文件无法解析：" + e.getMessage(),
                    "not a readable XLSX workbook"));
        }
    }

    /** Collects a sheet's cells row by row; the first non-empty row is the header. */
    private static final class SheetRows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final String file;
        private final Consumer<ClaimRow> sink;
        private RowParser parser;
        private final List<String> cells = new ArrayList<>();
        private long count;

        SheetRows(String file, Consumer<ClaimRow> sink) {
            this.file = file;
            this.sink = sink;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
        }

        @Override
        public void endRow(int rowNum) {
            if (cells.stream().allMatch(c -> c == null || c.isBlank())) {
                return;
            }
            String[] values = cells.toArray(new String[0]);
            if (parser == null) {
                parser = new RowParser(file, values);
                return;
            }
            sink.accept(parser.parse(rowNum + 1, values));
            count++;
        }

        @Override
        public void cell(String ref, String value, XSSFComment comment) {
            int col = new CellReference(ref).getCol();
            while (cells.size() < col) {
                cells.add(null);
            }
            cells.add(value);
        }
    }

    /** Writes rows to a file (CSV or XLSX by its extension) with the Chinese headers. */
    public static long write(Path file, Iterable<ClaimRow> rows) {
        try (Writer w = writer(file, Header.ZH)) {
            for (ClaimRow r : rows) {
                w.write(r);
            }
            return w.count();
        }
    }

    /** A streaming writer to {@code file}; CSV or XLSX by the extension. Close it to finish the file. */
    public static Writer writer(Path file, Header header) {
        Format f = Format.of(file);
        try {
            return f == Format.CSV ? new CsvWriter(Files.newOutputStream(file), header) : new XlsxWriter(file, header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A streaming writer to any output stream (the server's export): CSV or XLSX. Closing closes the stream. */
    public static Writer writer(OutputStream out, Format format, Header header) {
        try {
            return format == Format.CSV ? new CsvWriter(out, header) : new XlsxWriter(out, header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes rows one at a time; I/O failures are {@link UncheckedIOException}s. */
    public interface Writer extends AutoCloseable {
        void write(ClaimRow row);

        long count();

        @Override
        void close();
    }

    private static String[] header(Header h) {
        ClaimColumns[] cols = ClaimColumns.values();
        String[] out = new String[cols.length];
        for (int i = 0; i < cols.length; i++) {
            out[i] = h == Header.ID ? cols[i].id() : cols[i].zh();
        }
        return out;
    }

    private static final class CsvWriter implements Writer {
        private final CSVPrinter printer;
        private final RowFormatter fmt = new RowFormatter();
        private long count;

        CsvWriter(OutputStream out, Header header) throws IOException {
            BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            // A byte-order mark so that spreadsheet programs open the Chinese text as UTF-8.
            w.write('\uFEFF');
            printer = new CSVPrinter(
                    w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
            printer.printRecord((Object[]) header(header));
        }

        @Override
        public void write(ClaimRow row) {
            try {
                printer.printRecord((Object[]) fmt.cells(row));
                count++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public long count() {
            return count;
        }

        @Override
        public void close() {
            try {
                printer.close(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class XlsxWriter implements Writer {
        private final SXSSFWorkbook wb = new SXSSFWorkbook(200);
        private final SXSSFSheet sheet;
        private final OutputStream out;
        private final RowFormatter fmt = new RowFormatter();
        private int next;

        XlsxWriter(Path file, Header header) throws IOException {
            this(Files.newOutputStream(file), header);
        }

        XlsxWriter(OutputStream out, Header header) {
            this.out = out;
            wb.setCompressTempFiles(true);
            sheet = wb.createSheet("申报明细");
            put(header(header));
        }

        private void put(String[] cells) {
            var r = sheet.createRow(next++);
            for (int i = 0; i < cells.length; i++) {
                if (cells[i] != null) {
                    r.createCell(i).setCellValue(cells[i]);
                }
            }
        }

        @Override
        public void write(ClaimRow row) {
            if (next > 1_048_575) {
                throw new IllegalStateException("an XLSX sheet holds at most 1,048,575 rows; write CSV instead");
            }
            put(fmt.cells(row));
        }

        @Override
        public long count() {
            return next - 1L;
        }

        @Override
        public void close() {
            try (out) {
                wb.write(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                try {
                    wb.close();
                } catch (IOException e) {
                    // temporary files only; the workbook is written
                }
            }
        }
    }
}

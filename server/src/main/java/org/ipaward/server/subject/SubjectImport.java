package org.ipaward.server.subject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.crypto.Sha256;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.job.Jobs;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.subject.ids.IdCheck;
import org.ipaward.server.subject.ids.Uscc;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;

/**
 * Batch import of organisations (企业名录) from an XLSX file: a header row with the Chinese column names of the
 * {@link #template} and a subject per row. Every row is checked first — the same checks as registering one
 * subject ({@link SubjectService#check}: required fields, USCC per GB 32100-2015, region codes, phone, bank
 * account, already registered), plus duplicates within the file — and any problem is reported by row, column,
 * value and rule with nothing imported. A clean file is imported as a background {@link Jobs} job, each row
 * through {@link SubjectService#create} (its own transaction, encryption, masking, audit {@code
 * subject.create}); the start is audited as {@code subject.import}.
 */
@Service
public class SubjectImport {
    /** The job kind on the progress page. */
    public static final String KIND = "subjects.import";

    /** Rows a file may have. */
    public static final int MAX_ROWS = 2000;

    /** A column of the file: the request field, its header (Chinese, English), and whether it is required. */
    public record Column(String field, String zh, String en, boolean required) {}

    public static final List<Column> COLUMNS = List.of(
            new Column("name", "名称", "Name", true),
            new Column("uscc", "统一社会信用代码", "Unified social credit code", true),
            new Column("kind", "主体类型", "Kind", false),
            new Column("registered_region", "注册地行政区划代码", "Registered region code", false),
            new Column("mu_grade", "亩均效益评价等级", "Per-mu efficiency grade", false),
            new Column("address", "地址", "Address", false),
            new Column("contact_name", "联系人", "Contact", false),
            new Column("phone", "联系电话", "Phone", false),
            new Column("bank_name", "开户银行", "Bank", false),
            new Column("bank_account", "银行账号", "Bank account", false));

    /** The kinds a row may name (Chinese or id); persons are registered one by one (their ID number). */
    static final Map<String, String> KINDS = Map.of(
            "企业", "enterprise",
            "事业单位", "institution",
            "其他组织", "other_org",
            "知识产权服务机构", "service_agency");

    /** A problem of one row: its row number in the sheet (as Excel shows it), the column, the value, the rule. */
    public record RowError(int row, String column, String value, String key, String zh, String en) {}

    /** A checked row: its number in the sheet and the subject as the service takes it. */
    public record Line(int row, SubjectRequest request) {
        public String label() {
            return row + " " + request.name();
        }
    }

    /** The outcome of checking a file: its rows, and every problem (none: it can be imported). */
    public record Checked(String filename, String sha256, int rows, List<Line> lines, List<RowError> errors) {
        public boolean clean() {
            return errors.isEmpty() && !lines.isEmpty();
        }
    }

    private final SubjectService subjects;
    private final Jobs jobs;
    private final AuditLog audit;

    public SubjectImport(SubjectService subjects, Jobs jobs, AuditLog audit) {
        this.subjects = subjects;
        this.jobs = jobs;
        this.audit = audit;
    }

    /** The template: the header row, one example row, and a sheet explaining each column. */
    public byte[] template() {
        try (XSSFWorkbook wb = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Font bold = wb.createFont();
            bold.setBold(true);
            CellStyle head = wb.createCellStyle();
            head.setFont(bold);
            CellStyle text = wb.createCellStyle();
            text.setDataFormat(wb.createDataFormat().getFormat("@"));
            Sheet sheet = wb.createSheet("申报主体");
            Row h = sheet.createRow(0);
            for (int i = 0; i < COLUMNS.size(); i++) {
                Cell c = h.createCell(i);
                c.setCellValue(COLUMNS.get(i).zh());
                c.setCellStyle(head);
                sheet.setDefaultColumnStyle(i, text);
                sheet.setColumnWidth(i, 20 * 256);
            }
            List<String> example = List.of(
                    "北京示例科技有限公司",
                    "91110117MA01K3N28E",
                    "企业",
                    "110117",
                    "",
                    "北京市平谷区示例路 1 号",
                    "张三",
                    "13800138000",
                    "中国银行北京平谷支行",
                    "6216610100001234567");
            Row e = sheet.createRow(1);
            for (int i = 0; i < example.size(); i++) {
                Cell c = e.createCell(i);
                c.setCellStyle(text);
                c.setCellValue(example.get(i));
            }
            sheet.createFreezePane(0, 1);
            Sheet help = wb.createSheet("填写说明");
            String[][] lines = {
                {"列", "是否必填", "说明"},
                {"名称", "必填", "企业（单位）全称，不超过 200 字"},
                {"统一社会信用代码", "必填", "18 位，按 GB 32100-2015 校验；已登记的主体不能重复导入"},
                {"主体类型", "选填", "企业、事业单位、其他组织或知识产权服务机构；不填为企业。自然人请逐个登记"},
                {"注册地行政区划代码", "选填", "6 位数字，如 110117；不填时取统一社会信用代码第 3–8 位"},
                {"亩均效益评价等级", "选填", "A、B、C、D，或“未评价”（unrated，未参加评价）"},
                {"地址", "选填", "不超过 300 字"},
                {"联系人", "选填", "不超过 50 字"},
                {"联系电话", "选填", "11 位手机号码或带区号的固定电话，如 010-61234567"},
                {"开户银行", "选填", "不超过 100 字"},
                {"银行账号", "选填", "8 至 30 位数字"},
                {"", "", "第 1 行为表头，请勿修改；示例行（第 2 行）请替换或删除后再导入。"}
            };
            for (int r = 0; r < lines.length; r++) {
                Row row = help.createRow(r);
                for (int c = 0; c < lines[r].length; c++) {
                    row.createCell(c).setCellValue(lines[r][c]);
                }
            }
            help.setColumnWidth(0, 22 * 256);
            help.setColumnWidth(2, 80 * 256);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads and checks a file; nothing is stored. 400 when the file cannot be read as a workbook, has no header
     * row of the template, or no rows; otherwise the rows with every problem found.
     */
    public Checked check(MultipartFile file, UserAccount by) {
        String name = file == null ? null : file.getOriginalFilename();
        if (file == null || file.isEmpty() && (name == null || name.isBlank())) {
            throw ApiException.invalid(
                    "file", null, "import.file_required", "请选择要导入的 XLSX 文件", "choose the XLSX file to import");
        }
        if (file.isEmpty()) {
            throw ApiException.invalid(
                    "file", name, "upload.empty", "上传的文件为空：" + name, "the uploaded file is empty: " + name);
        }
        byte[] bytes;
        try {
            bytes = file.getBytes();
        } catch (IOException e) {
            throw unreadable(file.getOriginalFilename());
        }
        List<Line> lines = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        int rows = 0;
        try (InputStream in = new java.io.ByteArrayInputStream(bytes);
                Workbook wb = WorkbookFactory.create(in)) {
            Sheet sheet = wb.getSheetAt(0);
            DataFormatter fmt = new DataFormatter(Locale.ROOT);
            Row header = sheet.getRow(sheet.getFirstRowNum());
            Map<Integer, Column> byIndex = header(header, fmt, errors);
            if (!errors.isEmpty()) {
                return new Checked(file.getOriginalFilename(), Sha256.hex(bytes), 0, List.of(), errors);
            }
            Map<String, Integer> usccRows = new HashMap<>();
            for (int r = header.getRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                Map<String, String> values = new LinkedHashMap<>();
                boolean any = false;
                for (Map.Entry<Integer, Column> c : byIndex.entrySet()) {
                    String v = row == null ? "" : text(row.getCell(c.getKey()), fmt);
                    values.put(c.getValue().field(), v);
                    any |= !v.isEmpty();
                }
                if (!any) {
                    continue;
                }
                if (++rows > MAX_ROWS) {
                    throw ApiException.invalid(
                            "file",
                            file.getOriginalFilename(),
                            "import.too_many_rows",
                            "一个文件最多 " + MAX_ROWS + " 行，请分批导入",
                            "at most " + MAX_ROWS + " rows in one file; import in parts");
                }
                Line line = line(r + 1, values, errors);
                if (line == null) {
                    continue;
                }
                lines.add(line);
                checkRow(line, values, usccRows, errors, by);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException a) {
                throw a;
            }
            throw unreadable(file.getOriginalFilename());
        }
        if (lines.isEmpty() && errors.isEmpty()) {
            throw ApiException.invalid(
                    "file",
                    file.getOriginalFilename(),
                    "import.no_rows",
                    "文件中没有数据行（第 1 行为表头，从第 2 行起每行一个主体）",
                    "the file has no rows (row 1 is the header, then one subject per row)");
        }
        return new Checked(file.getOriginalFilename(), Sha256.hex(bytes), rows, lines, errors);
    }

    /** The header's columns by index; unknown, repeated or missing required columns are errors of row 1. */
    private static Map<Integer, Column> header(Row header, DataFormatter fmt, List<RowError> errors) {
        Map<Integer, Column> out = new LinkedHashMap<>();
        if (header == null) {
            errors.add(new RowError(
                    1, "", "", "import.header", "缺少表头行，请使用导入模板", "the header row is missing; use the template"));
            return out;
        }
        int rowNo = header.getRowNum() + 1;
        for (Cell cell : header) {
            String name = text(cell, fmt).replace("*", "").replace("＊", "").strip();
            if (name.isEmpty()) {
                continue;
            }
            Column col = COLUMNS.stream()
                    .filter(c -> c.zh().equals(name) || c.field().equals(name))
                    .findFirst()
                    .orElse(null);
            if (col == null) {
                errors.add(new RowError(
                        rowNo,
                        name,
                        name,
                        "import.unknown_column",
                        "不认识的列“" + name + "”；列名须与导入模板一致",
                        "unknown column '" + name + "'; the columns must be those of the template"));
            } else if (out.containsValue(col)) {
                errors.add(new RowError(
                        rowNo, col.zh(), name, "import.repeated_column", "该列出现了两次", "the column appears twice"));
            } else {
                out.put(cell.getColumnIndex(), col);
            }
        }
        for (Column c : COLUMNS) {
            if (c.required() && !out.containsValue(c)) {
                errors.add(new RowError(
                        rowNo,
                        c.zh(),
                        "",
                        "import.missing_column",
                        "缺少必填列“" + c.zh() + "”",
                        "the required column '" + c.en() + "' is missing"));
            }
        }
        return out;
    }

    /** The row as a request; a kind that cannot be imported is an error (null returned). */
    private static Line line(int rowNo, Map<String, String> v, List<RowError> errors) {
        String kindText = v.getOrDefault("kind", "");
        String kind;
        if (kindText.isEmpty()) {
            kind = "enterprise";
        } else if (KINDS.containsKey(kindText)) {
            kind = KINDS.get(kindText);
        } else if (KINDS.containsValue(kindText.toLowerCase(Locale.ROOT))) {
            kind = kindText.toLowerCase(Locale.ROOT);
        } else {
            boolean person = "自然人".equals(kindText) || SubjectKind.PERSON.id().equalsIgnoreCase(kindText);
            errors.add(new RowError(
                    rowNo,
                    column("kind"),
                    kindText,
                    "import.kind",
                    person ? "批量导入仅限组织；自然人请逐个登记（须核验身份证号码）" : "主体类型应为企业、事业单位、其他组织或知识产权服务机构（不填为企业）",
                    person
                            ? "only organisations are imported; register persons one by one (their ID number is checked)"
                            : "the kind is 企业, 事业单位, 其他组织 or 知识产权服务机构 (blank: enterprise)"));
            return null;
        }
        return new Line(
                rowNo,
                new SubjectRequest(
                        kind,
                        v.getOrDefault("name", ""),
                        v.getOrDefault("uscc", ""),
                        null,
                        optional(v, "registered_region"),
                        null,
                        null,
                        optional(v, "mu_grade"),
                        optional(v, "address"),
                        optional(v, "contact_name"),
                        optional(v, "phone"),
                        optional(v, "bank_name"),
                        optional(v, "bank_account"),
                        null));
    }

    /** An optional column's value; null when blank (so that defaults apply, e.g. the region from the USCC). */
    private static String optional(Map<String, String> v, String field) {
        String s = v.get(field);
        return s == null || s.isEmpty() ? null : s;
    }

    /** The service's checks, a USCC whose check character fails, and a USCC seen in an earlier row. */
    private void checkRow(
            Line line,
            Map<String, String> values,
            Map<String, Integer> usccRows,
            List<RowError> errors,
            UserAccount by) {
        int before = errors.size();
        try {
            subjects.check(line.request(), by);
        } catch (ApiException e) {
            if (e.errors().isEmpty()) {
                errors.add(new RowError(line.row(), "", "", e.key(), e.messageZh(), e.messageEn()));
            }
            for (ApiException.FieldProblem p : e.errors()) {
                String value = p.value() != null
                        ? String.valueOf(p.value())
                        : sensitive(p.field()) ? "" : values.getOrDefault(p.field(), "");
                errors.add(new RowError(line.row(), column(p.field()), value, p.key(), p.message(), p.messageEn()));
            }
        }
        String uscc = line.request().uscc() == null
                ? ""
                : line.request().uscc().strip().toUpperCase(Locale.ROOT);
        if (uscc.isEmpty()) {
            return;
        }
        IdCheck<String> c = Uscc.check(uscc);
        if (!c.error() && c.warning() && errors.size() == before) {
            errors.add(new RowError(
                    line.row(),
                    column("uscc"),
                    uscc,
                    c.key(),
                    c.message() + "。批量导入不接受此类代码，请逐个登记",
                    c.messageEn() + ". Such codes are not imported; register the subject on its own"));
        }
        Integer first = usccRows.putIfAbsent(uscc, line.row());
        if (first != null) {
            errors.add(new RowError(
                    line.row(),
                    column("uscc"),
                    uscc,
                    "import.duplicate_in_file",
                    "与第 " + first + " 行的统一社会信用代码重复",
                    "the same code as row " + first));
        }
    }

    private static boolean sensitive(String field) {
        return "phone".equals(field) || "bank_account".equals(field) || "id_number".equals(field);
    }

    /** The column header of a request field (the field itself when it is not a column). */
    static String column(String field) {
        return COLUMNS.stream()
                .filter(c -> c.field().equals(field))
                .map(Column::zh)
                .findFirst()
                .orElse(field == null ? "" : field);
    }

    /**
     * Starts importing a clean file as a job (each row through {@link SubjectService#create}); audited as {@code
     * subject.import}. 400 when the file was not clean.
     */
    @Transactional
    public String start(Checked checked) {
        UserAccount by = Actor.require();
        if (!checked.clean()) {
            throw ApiException.invalid(
                    "file",
                    checked.filename(),
                    "import.not_clean",
                    "文件有 " + checked.errors().size() + " 处问题，改正后再导入",
                    "the file has " + checked.errors().size() + " problems; correct them first");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("file", checked.filename());
        details.put("sha256", checked.sha256());
        details.put("rows", checked.lines().size());
        audit.record("subject.import", "subject", null, details);
        return jobs.submit(KIND, checked.lines(), Line::label, l -> subjects.create(l.request(), by))
                .id();
    }

    /** A cell as text: numbers without a decimal point or exponent (a phone number typed as a number). */
    static String text(Cell cell, DataFormatter fmt) {
        if (cell == null) {
            return "";
        }
        CellType t = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        if (t == CellType.NUMERIC && !DateUtil.isCellDateFormatted(cell)) {
            BigDecimal d = BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        }
        if (t == CellType.STRING) {
            return cell.getStringCellValue().strip();
        }
        return fmt.formatCellValue(cell).strip();
    }

    private static ApiException unreadable(String filename) {
        return ApiException.invalid(
                "file",
                filename,
                "import.unreadable",
                "无法读取该文件：请上传 Excel（.xlsx）文件，可先下载导入模板",
                "the file cannot be read: upload an Excel (.xlsx) file; the template helps");
    }
}

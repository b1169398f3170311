package org.ipaward.server.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A one-sheet XLSX: a title line, a header row and text cells. Amounts are written as text ("200000.00")
 * so that no binary floating point touches money; totals are computed exactly before writing. A footer
 * value that is a {@link BigDecimal} (an exact total) is written as a number cell shown with two decimals
 * ({@code #,##0.00}) so that a spreadsheet can check it: its decimal string has at most 15 significant
 * digits, which an XLSX number holds exactly; a longer one is written as text.
 */
public final class Xlsx {
    private Xlsx() {}

    public static byte[] sheet(
            String sheetName, String title, List<String> header, List<List<String>> rows, List<?> footer) {
        try (XSSFWorkbook wb = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet(sheetName);
            Font bold = wb.createFont();
            bold.setBold(true);
            CellStyle head = wb.createCellStyle();
            head.setFont(bold);
            CellStyle right = wb.createCellStyle();
            right.setAlignment(HorizontalAlignment.RIGHT);
            int r = 0;
            Row t = sheet.createRow(r++);
            Cell tc = t.createCell(0);
            tc.setCellValue(title);
            tc.setCellStyle(head);
            Row h = sheet.createRow(r++);
            for (int i = 0; i < header.size(); i++) {
                Cell c = h.createCell(i);
                c.setCellValue(header.get(i));
                c.setCellStyle(head);
            }
            for (List<String> row : rows) {
                Row x = sheet.createRow(r++);
                for (int i = 0; i < row.size(); i++) {
                    Cell c = x.createCell(i);
                    String v = row.get(i);
                    c.setCellValue(v == null ? "" : v);
                    if (v != null && v.matches("-?\\d+\\.\\d{2}")) {
                        c.setCellStyle(right);
                    }
                }
            }
            if (footer != null && !footer.isEmpty()) {
                CellStyle amount = wb.createCellStyle();
                amount.setFont(bold);
                amount.setAlignment(HorizontalAlignment.RIGHT);
                amount.setDataFormat(wb.createDataFormat().getFormat("#,##0.00"));
                Row f = sheet.createRow(r);
                for (int i = 0; i < footer.size(); i++) {
                    Cell c = f.createCell(i);
                    Object v = footer.get(i);
                    if (v instanceof BigDecimal d && d.stripTrailingZeros().precision() <= 15) {
                        // The double nearest a decimal of at most 15 significant digits prints back as that decimal.
                        c.setCellValue(d.doubleValue());
                        c.setCellStyle(amount);
                    } else {
                        c.setCellValue(
                                v == null ? "" : v instanceof BigDecimal big ? big.toPlainString() : v.toString());
                        c.setCellStyle(head);
                    }
                }
            }
            for (int i = 0; i < header.size(); i++) {
                sheet.setColumnWidth(i, Math.min(60, Math.max(10, header.get(i).length() * 3 + 6)) * 256);
            }
            sheet.createFreezePane(0, 2);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

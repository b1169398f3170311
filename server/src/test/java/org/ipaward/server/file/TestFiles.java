package org.ipaward.server.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Small files of each kind, unique per call (so content-addressed storage does not merge them). */
public final class TestFiles {
    private TestFiles() {}

    public static byte[] pdf() {
        return ("%PDF-1.4\n% " + UUID.randomUUID()
                        + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] png() {
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        return concat(magic, UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] jpeg() {
        byte[] magic = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0};
        return concat(magic, UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] docx() {
        try (XWPFDocument d = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            d.createParagraph().createRun().setText("委托书 " + UUID.randomUUID());
            d.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] xlsx() {
        try (XSSFWorkbook w = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            w.createSheet("清单")
                    .createRow(0)
                    .createCell(0)
                    .setCellValue(UUID.randomUUID().toString());
            w.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An OFD package: a zip with OFD.xml at its root. */
    public static byte[] ofd() {
        return zip("OFD.xml", "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" DocType=\"OFD\" Version=\"1.0\"/>");
    }

    /** A zip that is none of the accepted document kinds. */
    public static byte[] plainZip() {
        return zip("readme.txt", "hello");
    }

    public static byte[] zip(String entry, String content) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("nonce-" + UUID.randomUUID()));
            z.closeEntry();
            z.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

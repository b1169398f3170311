package org.ipaward.server.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The kinds of file accepted as materials, recognised by their content (magic bytes and, for the
 * zip-based formats, the entries a real document has), never by name alone.
 */
public enum FileType {
    PDF("application/pdf", "PDF", "pdf"),
    PNG("image/png", "PNG 图片", "png"),
    JPEG("image/jpeg", "JPEG 图片", "jpg", "jpeg"),
    OFD("application/ofd", "OFD 版式文件", "ofd"),
    DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文档（docx）", "docx"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 表格（xlsx）", "xlsx");

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] PDF_MAGIC = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    /** PDF allows the header anywhere in the first 1024 bytes. */
    private static final int PDF_WINDOW = 1024;

    private final String contentType;
    private final String zh;
    private final List<String> extensions;

    FileType(String contentType, String zh, String... extensions) {
        this.contentType = contentType;
        this.zh = zh;
        this.extensions = List.of(extensions);
    }

    public String contentType() {
        return contentType;
    }

    public String zh() {
        return zh;
    }

    /** Lower-case extensions without the dot; the first is the usual one. */
    public List<String> extensions() {
        return extensions;
    }

    /** What the allowed types are, for messages. */
    public static String allowedZh() {
        return "PDF、PNG、JPEG、OFD、DOCX、XLSX";
    }

    /** The type of a file by its content, if it is one of the accepted kinds. */
    public static Optional<FileType> detect(Path file) throws IOException {
        byte[] head = new byte[PDF_WINDOW];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        byte[] h = Arrays.copyOf(head, n);
        if (startsWith(h, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (n >= 3 && (h[0] & 0xff) == 0xff && (h[1] & 0xff) == 0xd8 && (h[2] & 0xff) == 0xff) {
            return Optional.of(JPEG);
        }
        if (indexOf(h, PDF_MAGIC) >= 0) {
            return Optional.of(PDF);
        }
        if (startsWith(h, ZIP_MAGIC)) {
            return zipKind(file);
        }
        return Optional.empty();
    }

    /** Reads only the zip's central directory (names), never decompresses, so a zip bomb costs nothing. */
    private static Optional<FileType> zipKind(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            boolean contentTypes = zip.getEntry("[Content_Types].xml") != null;
            if (contentTypes && zip.getEntry("word/document.xml") != null) {
                return Optional.of(DOCX);
            }
            if (contentTypes && zip.getEntry("xl/workbook.xml") != null) {
                return Optional.of(XLSX);
            }
            ZipEntry ofd = zip.getEntry("OFD.xml");
            if (ofd == null) {
                ofd = zip.stream()
                        .filter(e -> e.getName().equalsIgnoreCase("ofd.xml"))
                        .findFirst()
                        .orElse(null);
            }
            return ofd != null ? Optional.of(OFD) : Optional.empty();
        } catch (ZipException e) {
            return Optional.empty();
        }
    }

    /** The type whose extensions include this file name's extension, if any. */
    public static Optional<FileType> byExtension(String filename) {
        String ext = extension(filename);
        for (FileType t : values()) {
            if (t.extensions.contains(ext)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    static String extension(String filename) {
        int dot = filename.lastIndexOf('.');
        return dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean startsWith(byte[] h, byte[] magic) {
        if (h.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (h[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] h, byte[] magic) {
        outer:
        for (int i = 0; i + magic.length <= h.length; i++) {
            for (int k = 0; k < magic.length; k++) {
                if (h[i + k] != magic[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

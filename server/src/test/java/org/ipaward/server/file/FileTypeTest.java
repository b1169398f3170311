package org.ipaward.server.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.ipaward.server.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTypeTest {
    @TempDir
    Path dir;

    Optional<FileType> detect(byte[] content) throws Exception {
        Path p = Files.createTempFile(dir, "t", ".bin");
        Files.write(p, content);
        return FileType.detect(p);
    }

    @Test
    void recognisesEachKindByContent() throws Exception {
        assertThat(detect(TestFiles.pdf())).contains(FileType.PDF);
        assertThat(detect(TestFiles.png())).contains(FileType.PNG);
        assertThat(detect(TestFiles.jpeg())).contains(FileType.JPEG);
        assertThat(detect(TestFiles.docx())).contains(FileType.DOCX);
        assertThat(detect(TestFiles.xlsx())).contains(FileType.XLSX);
        assertThat(detect(TestFiles.ofd())).contains(FileType.OFD);
    }

    @Test
    void pdfHeaderMayFollowSomeJunkWithinTheFirstKilobyte() throws Exception {
        byte[] junk = ("\r\n" + "x".repeat(500) + "%PDF-1.7\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(detect(junk)).contains(FileType.PDF);
        byte[] late = ("x".repeat(1100) + "%PDF-1.7\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(detect(late)).isEmpty();
    }

    @Test
    void refusesOtherContent() throws Exception {
        assertThat(detect("<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(detect(new byte[] {'M', 'Z', (byte) 0x90, 0})).isEmpty();
        assertThat(detect(TestFiles.plainZip())).isEmpty();
        assertThat(detect(new byte[] {'P', 'K', 3, 4, 1, 2, 3})).isEmpty();
        assertThat(detect(new byte[] {(byte) 0xff, (byte) 0xd8})).isEmpty();
        assertThat(detect(new byte[] {'%', 'P', 'D'})).isEmpty();
        assertThat(detect(TestFiles.zip("word/document.xml", "<w/>")))
                .as("docx needs [Content_Types].xml")
                .isEmpty();
    }

    @Test
    void sanitisesFileNames() {
        assertThat(FileStore.sanitize("../../etc/passwd.pdf")).isEqualTo("passwd.pdf");
        assertThat(FileStore.sanitize("C:\\Users\\张三\\专利证书.pdf")).isEqualTo("专利证书.pdf");
        assertThat(FileStore.sanitize("a<b>c:d\"e|f?g*h.pdf")).isEqualTo("a_b_c_d_e_f_g_h.pdf");
        assertThat(FileStore.sanitize("evil\u202Efdp.exe")).isEqualTo("evilfdp.exe");
        assertThat(FileStore.sanitize("line\nbreak\t.pdf")).isEqualTo("linebreak.pdf");
        assertThat(FileStore.sanitize("...hidden.pdf")).isEqualTo("hidden.pdf");
        assertThat(FileStore.sanitize("trailing. . ")).isEqualTo("trailing");
        assertThat(FileStore.sanitize("")).isEqualTo("file");
        assertThat(FileStore.sanitize(null)).isEqualTo("file");
        assertThat(FileStore.sanitize("../")).isEqualTo("file");
        String longName = "长".repeat(300) + ".pdf";
        String s = FileStore.sanitize(longName);
        assertThat(s.codePointCount(0, s.length())).isEqualTo(200);
        assertThat(s).endsWith(".pdf");
    }

    @Test
    void extensionsFollowTheContent() {
        assertThat(FileStore.withExtension("scan.PDF", FileType.PDF)).isEqualTo("scan.PDF");
        assertThat(FileStore.withExtension("photo.jpeg", FileType.JPEG)).isEqualTo("photo.jpeg");
        assertThat(FileStore.withExtension("scan", FileType.PDF)).isEqualTo("scan.pdf");
        assertThat(FileStore.withExtension("scan.tmp", FileType.PNG)).isEqualTo("scan.tmp.png");
        assertThatThrownBy(() -> FileStore.withExtension("photo.pdf", FileType.PNG))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).key())
                .isEqualTo("upload.type");
    }

    @Test
    void limitsAreShownReadably() {
        assertThat(FileStore.human(20L * 1024 * 1024)).isEqualTo("20 MB");
        assertThat(FileStore.human(2048)).isEqualTo("2 KB");
        assertThat(FileStore.human(1000)).isEqualTo("1000 bytes");
    }
}

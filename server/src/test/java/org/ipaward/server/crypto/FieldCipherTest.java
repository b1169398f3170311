package org.ipaward.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldCipherTest {
    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    static final String OTHER_KEY = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMzJieXQ=";

    @TempDir
    Path dir;

    FieldCipher cipher(String key) {
        return new FieldCipher(new DataKey(key, dir));
    }

    @Test
    void roundTripsWithAFreshIvEachTime() {
        FieldCipher c = cipher(KEY);
        String a = c.encrypt("11010519491231002X");
        String b = c.encrypt("11010519491231002X");
        assertThat(a).startsWith("v1:").isNotEqualTo(b).doesNotContain("1101");
        assertThat(c.decrypt(a)).isEqualTo("11010519491231002X");
        assertThat(c.decrypt(b)).isEqualTo("11010519491231002X");
        // 12-byte IV + 18 bytes + 16-byte tag
        assertThat(Base64.getDecoder().decode(a.substring(3))).hasSize(12 + 18 + 16);
        assertThat(c.decrypt(c.encrypt("中文 ünïcode"))).isEqualTo("中文 ünïcode");
        assertThat(c.decrypt(c.encrypt(""))).isEmpty();
    }

    @Test
    void nullStaysNull() {
        FieldCipher c = cipher(KEY);
        assertThat(c.encrypt(null)).isNull();
        assertThat(c.decrypt(null)).isNull();
    }

    @Test
    void tamperedOrForeignValuesAreRefused() {
        FieldCipher c = cipher(KEY);
        String stored = c.encrypt("13812345678");
        byte[] raw = Base64.getDecoder().decode(stored.substring(3));
        raw[raw.length - 1] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> c.decrypt(tampered))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another data key");
        assertThatThrownBy(() -> cipher(OTHER_KEY).decrypt(stored)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.decrypt("13812345678")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.decrypt("v1:%%%")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.decrypt("v1:AAAA")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invalidConfiguredKeysStopStartupWithAClearMessage() {
        assertThatThrownBy(() -> new DataKey("not base64!", dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ipaward.data-key")
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> new DataKey(Base64.getEncoder().encodeToString(new byte[16]), dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageContaining("16 bytes");
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedOnceAndKept() throws Exception {
        DataKey first = new DataKey("", dir);
        Path file = dir.resolve("keys/data.key");
        assertThat(file).exists();
        assertThat(first.source()).isEqualTo(file.toString());
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                    .isEqualTo("rwx------");
        }
        String stored = new FieldCipher(first).encrypt("6222020200112233445");
        // a restart reads the same key
        DataKey second = new DataKey(null, dir);
        assertThat(new FieldCipher(second).decrypt(stored)).isEqualTo("6222020200112233445");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.count()).as("no temporary files left").isEqualTo(1);
        }
    }

    @Test
    void aCorruptKeyFileStopsStartup() throws Exception {
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/data.key"), "c2hvcnQ=");
        assertThatThrownBy(() -> new DataKey("", dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("data.key")
                .hasMessageContaining("32 bytes");
    }

    @Test
    void blindIndexIsKeyedAndStable() {
        BlindIndex a = new BlindIndex(new DataKey(KEY, dir));
        BlindIndex same = new BlindIndex(new DataKey(KEY, dir));
        BlindIndex other = new BlindIndex(new DataKey(OTHER_KEY, dir));
        String h = a.of("11010519491231002X");
        assertThat(h).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(same.of("11010519491231002X")).isEqualTo(h);
        assertThat(a.of("110105194912310021")).isNotEqualTo(h);
        assertThat(other.of("11010519491231002X")).isNotEqualTo(h);
        assertThat(a.of(null)).isNull();
    }
}

package org.ipaward.server.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The data key that protects ID numbers, phone numbers and bank accounts at rest: 32 bytes (AES-256).
 * Taken from {@code ipaward.data-key} (base64; environment variable {@code IPAWARD_DATA_KEY}) when set —
 * an invalid value stops the server at startup with a message saying what is wrong. Otherwise a key is
 * generated once with {@link SecureRandom} and kept in {@code ${ipaward.data-dir}/keys/data.key}
 * (readable by the owner only where the file system has POSIX permissions). Losing the key loses the
 * encrypted fields: back it up.
 */
@Component
public class DataKey {
    private static final Logger log = LoggerFactory.getLogger(DataKey.class);
    static final int KEY_BYTES = 32;
    private static final byte[] BLIND_INDEX_LABEL = "ipaward/blind-index/v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKey encryption;
    private final SecretKey blindIndex;
    private final String source;

    public DataKey(
            @Value("${ipaward.data-key:}") String configured, @Value("${ipaward.data-dir:./data}") Path dataDir) {
        byte[] key;
        if (configured != null && !configured.isBlank()) {
            key = decode(configured.strip(), "ipaward.data-key (IPAWARD_DATA_KEY)");
            source = "ipaward.data-key";
        } else {
            Path file = dataDir.resolve("keys").resolve("data.key");
            key = loadOrCreate(file);
            source = file.toString();
        }
        encryption = new SecretKeySpec(key, "AES");
        blindIndex = new SecretKeySpec(derive(key, BLIND_INDEX_LABEL), "HmacSHA256");
        Arrays.fill(key, (byte) 0);
    }

    /** The AES-256 key for {@link FieldCipher}. */
    SecretKey encryptionKey() {
        return encryption;
    }

    /** The HMAC-SHA256 key for {@link BlindIndex}, derived from the data key with a fixed label. */
    SecretKey blindIndexKey() {
        return blindIndex;
    }

    /** Where the key came from: the property, or the key file's path. */
    public String source() {
        return source;
    }

    private static byte[] decode(String base64, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    where + " is not valid base64; it must be the base64 encoding of 32 random bytes "
                            + "(e.g. `openssl rand -base64 32`) / 数据密钥不是有效的 base64 编码");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException(where + " must decode to 32 bytes for AES-256, but it decodes to "
                    + key.length + " bytes (generate one with `openssl rand -base64 32`) / 数据密钥须为 32 字节");
        }
        return key;
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), "the key file " + file);
            }
            Path dir = file.getParent();
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            FileAttribute<?>[] attrs = posix
                    ? new FileAttribute<?>[] {
                        PosixFilePermissions.asFileAttribute(
                                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))
                    }
                    : new FileAttribute<?>[0];
            Path tmp = Files.createTempFile(dir, "data.key", ".tmp", attrs);
            try {
                Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
                // without REPLACE_EXISTING: if another process won the race, its key is kept and used
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException e) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), "the key file " + file);
            } finally {
                Files.deleteIfExists(tmp);
            }
            log.warn(
                    "Generated a new data key in {} — back it up: without it the encrypted ID numbers, phone numbers "
                            + "and bank accounts cannot be read. In production set IPAWARD_DATA_KEY instead.",
                    file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the data key file " + file, e);
        }
    }

    private static byte[] derive(byte[] key, byte[] label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

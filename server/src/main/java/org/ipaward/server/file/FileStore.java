package org.ipaward.server.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.UserAccount;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/** STUB until the subjects branch is merged. */
@Service
public class FileStore {
    private final JdbcClient jdbc;
    private final Path dir;

    public FileStore(JdbcClient jdbc, @Value("${ipaward.storage-dir}") Path dir) {
        this.jdbc = jdbc;
        this.dir = dir;
    }

    public StoredFile store(MultipartFile f, UserAccount by) {
        try {
            byte[] bytes = f.getBytes();
            String sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            Files.createDirectories(dir);
            Files.write(dir.resolve(sha), bytes);
            long id = jdbc.sql(
                            "insert into stored_file (filename, content_type, size_bytes, sha256, storage_key, uploaded_by) values (?, ?, ?, ?, ?, ?) returning id")
                    .params(f.getOriginalFilename(), f.getContentType(), bytes.length, sha, sha, by.id())
                    .query(Long.class)
                    .single();
            return get(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public StoredFile get(long id) {
        return jdbc.sql("select * from stored_file where id = ?")
                .param(id)
                .query((rs, n) -> new StoredFile(
                        rs.getLong("id"),
                        rs.getString("filename"),
                        rs.getString("content_type"),
                        rs.getLong("size_bytes"),
                        rs.getString("sha256"),
                        rs.getLong("uploaded_by"),
                        rs.getTimestamp("uploaded_at").toInstant()))
                .optional()
                .orElseThrow(() -> ApiException.notFound("file", id));
    }

    public InputStream open(long id) {
        try {
            return Files.newInputStream(dir.resolve(get(id).sha256()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean canRead(UserAccount u, long fileId) {
        return u.isStaff() || get(fileId).uploadedBy() == u.id();
    }
}

package org.ipaward.server.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.config.InsertRows;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;

/**
 * Uploads kept outside the database under {@code ipaward.storage-dir}, content-addressed as
 * {@code ab/cd/<sha256>}, with a {@code stored_file} row naming them. Each upload is written to a
 * temporary file, checked (not empty, not over the limit — {@code ipaward.upload.max-bytes}, lowered by the
 * {@code upload.max_mb} setting where that is smaller — and a PDF, PNG, JPEG, OFD, DOCX or XLSX by its
 * content) and moved into place atomically; a request that fails — here or later in
 * the caller's transaction — leaves neither a row nor a file nobody refers to.
 */
@Service
public class FileStore {
    private static final Logger log = LoggerFactory.getLogger(FileStore.class);
    /** Advisory lock namespace for one content hash (two-int form, distinct from the audit chain's lock). */
    private static final int LOCK_NAMESPACE = 0x0f11e5;

    private static final int MAX_NAME = 200;

    private final JdbcClient jdbc;
    private final Path dir;
    private final long maxBytes;
    private final AuditLog audit;
    private final Settings settings;
    private final TransactionTemplate cleanupTx;

    /** {@code settings} may be null: then only {@code ipaward.upload.max-bytes} limits uploads. */
    public FileStore(
            JdbcClient jdbc,
            @Value("${ipaward.storage-dir}") Path dir,
            @Value("${ipaward.upload.max-bytes:20MB}") DataSize maxBytes,
            AuditLog audit,
            PlatformTransactionManager transactions,
            Settings settings) {
        this.jdbc = jdbc;
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes.toBytes();
        this.audit = audit;
        this.settings = settings;
        this.cleanupTx = new TransactionTemplate(transactions);
        this.cleanupTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        removeStaleTemporaryFiles();
    }

    /**
     * The largest accepted upload in bytes now: {@code ipaward.upload.max-bytes}, or the {@code upload.max_mb}
     * setting where staff set it lower.
     */
    public long maxBytes() {
        return settings == null ? maxBytes : Math.min(maxBytes, settings.uploadMaxBytes());
    }

    /**
     * Stores an upload by a user and records it ({@code file.upload} in the audit log). Joins the caller's
     * transaction: if it rolls back, the row goes and so does the file unless another row refers to it.
     */
    @Transactional
    public StoredFile store(MultipartFile f, UserAccount by) {
        return storeAll(Collections.singletonList(f), by).get(0); // f may be null: refused as upload.missing
    }

    /**
     * Stores several uploads by a user, as {@link #store} each, in the order given; the first that is refused
     * refuses them all. The checks and the writing to disk run first, then the uploads' content locks are taken
     * in one statement (in hash order, so two requests sharing content cannot deadlock) and their rows inserted
     * in one statement.
     */
    @Transactional
    public List<StoredFile> storeAll(List<MultipartFile> uploads, UserAccount by) {
        if (uploads.isEmpty()) {
            return List.of();
        }
        List<Path> temporary = new ArrayList<>();
        try {
            List<Checked> checked = new ArrayList<>(uploads.size());
            for (MultipartFile f : uploads) {
                checked.add(check(f, temporary));
            }
            lock(checked.stream().map(Checked::sha256).toList());
            for (Checked c : checked) {
                Path target = path(c.sha256());
                Files.createDirectories(target.getParent());
                move(c.tmp(), target);
                cleanUpOnRollback(c.sha256());
            }
            List<Object> params = new ArrayList<>(checked.size() * 6);
            for (Checked c : checked) {
                params.addAll(
                        List.of(c.filename(), c.type().contentType(), c.size(), c.sha256(), key(c.sha256()), by.id()));
            }
            String sql = InsertRows.sql(
                    "insert into stored_file (filename, content_type, size_bytes, sha256, storage_key, uploaded_by)",
                    6,
                    checked.size());
            List<StoredFile> stored = jdbc.sql(sql + " returning *") // the rows in the order given
                    .params(params)
                    .query((rs, n) -> read(rs))
                    .list();
            for (StoredFile s : stored) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("filename", s.filename());
                details.put("content_type", s.contentType());
                details.put("size", s.size());
                details.put("sha256", s.sha256());
                audit.record("file.upload", "file", s.id(), details);
            }
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload", e);
        } finally {
            for (Path tmp : temporary) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    log.warn("cannot delete temporary upload {}", tmp, e);
                }
            }
        }
    }

    /** An upload written to a temporary file and checked: its stored name, type, size and hash. */
    private record Checked(Path tmp, String filename, FileType type, long size, String sha256) {}

    /**
     * Writes an upload to a temporary file (added to {@code temporary}, which the caller deletes) and checks it:
     * present, not empty, not over the limit, an accepted type by its content, a name that fits it.
     */
    private Checked check(MultipartFile f, List<Path> temporary) throws IOException {
        if (f == null) {
            throw ApiException.invalid("file", null, "upload.missing", "请选择要上传的文件", "choose a file to upload");
        }
        String filename = sanitize(f.getOriginalFilename());
        if (f.isEmpty() || f.getSize() == 0) {
            throw empty(filename);
        }
        long limit = maxBytes();
        if (f.getSize() > limit) {
            throw tooLarge(filename, limit);
        }
        Path tmpDir = dir.resolve("tmp");
        Files.createDirectories(tmpDir);
        Path tmp = Files.createTempFile(tmpDir, "upload-", ".part");
        temporary.add(tmp);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size;
        try (InputStream in = f.getInputStream();
                OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
            size = copy(in, out, filename, limit);
        }
        if (size == 0) {
            throw empty(filename);
        }
        Optional<FileType> detected = FileType.detect(tmp);
        if (detected.isEmpty()) {
            throw ApiException.invalid(
                    "file",
                    filename,
                    "upload.type",
                    "不支持的文件类型：" + filename + "（按文件内容判断）；仅接受 " + FileType.allowedZh(),
                    "unsupported file type: " + filename
                            + " (judged by its content); only PDF, PNG, JPEG, OFD, DOCX and XLSX are accepted");
        }
        FileType type = detected.get();
        return new Checked(
                tmp, withExtension(filename, type), type, size, HexFormat.of().formatHex(sha.digest()));
    }

    /** A stored file's record; 404 {@code file.not_found} when there is none. */
    public StoredFile get(long id) {
        return find(id).orElseThrow(() -> ApiException.notFound("file", id));
    }

    public Optional<StoredFile> find(long id) {
        return jdbc.sql("select * from stored_file where id = ?")
                .param(id)
                .query((rs, n) -> read(rs))
                .optional();
    }

    /** The content of a stored file. The caller closes the stream. */
    public InputStream open(long id) {
        StoredFile f = get(id);
        try {
            return Files.newInputStream(path(f.sha256()));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the content of file " + id + " is missing from the storage directory", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether a user may read a file: its uploader, or staff. (Application materials widen this in their
     * own service.) 404 when the file does not exist.
     */
    public boolean canRead(UserAccount u, long fileId) {
        return u.isStaff() || get(fileId).uploadedBy() == u.id();
    }

    /** Where the content of a hash lives: {@code <storage-dir>/ab/cd/<sha256>}. */
    Path path(String sha256) {
        return dir.resolve(key(sha256));
    }

    static String key(String sha256) {
        return sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
    }

    /**
     * A file name safe to store and to send back: the last path segment only, Unicode NFC, without
     * control or bidi-override characters, without {@code <>:"|?*}, no leading dots, at most 200 characters
     * (the extension kept); {@code file} when nothing is left.
     */
    public static String sanitize(String name) {
        String s = name == null ? "" : Normalizer.normalize(name, Normalizer.Form.NFC);
        int cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        s = s.substring(cut + 1);
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            int t = Character.getType(cp);
            if (t == Character.CONTROL
                    || t == Character.FORMAT
                    || t == Character.UNASSIGNED
                    || t == Character.SURROGATE
                    || t == Character.PRIVATE_USE) {
                return;
            }
            if ("<>:\"|?*".indexOf(cp) >= 0) {
                b.append('_');
            } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                b.append(' ');
            } else {
                b.appendCodePoint(cp);
            }
        });
        s = b.toString().strip();
        while (s.startsWith(".")) {
            s = s.substring(1);
        }
        while (s.endsWith(".") || s.endsWith(" ")) {
            s = s.substring(0, s.length() - 1);
        }
        s = s.strip();
        if (s.isEmpty()) {
            return "file";
        }
        if (s.codePointCount(0, s.length()) > MAX_NAME) {
            int dot = s.lastIndexOf('.');
            String ext = dot > 0 && s.length() - dot <= 10 ? s.substring(dot) : "";
            String stem = ext.isEmpty() ? s : s.substring(0, dot);
            int keep = MAX_NAME - ext.length();
            s = stem.substring(0, stem.offsetByCodePoints(0, keep)) + ext;
        }
        return s;
    }

    /**
     * The name with an extension that fits the content: kept if it already fits, refused if it claims
     * another accepted type (a PNG named .pdf), otherwise the usual extension appended.
     */
    static String withExtension(String filename, FileType type) {
        if (type.extensions().contains(FileType.extension(filename))) {
            return filename;
        }
        Optional<FileType> claimed = FileType.byExtension(filename);
        if (claimed.isPresent()) {
            throw ApiException.invalid(
                    "file",
                    filename,
                    "upload.type",
                    "文件扩展名与内容不符：" + filename + " 的内容是" + type.zh() + "，不是"
                            + claimed.get().zh(),
                    "the file name does not match its content: " + filename + " is " + type.name() + ", not "
                            + claimed.get().name());
        }
        String ext = "." + type.extensions().get(0);
        if (filename.codePointCount(0, filename.length()) + ext.length() > MAX_NAME) {
            filename = filename.substring(0, filename.offsetByCodePoints(0, MAX_NAME - ext.length()));
        }
        return filename + ext;
    }

    private static long copy(InputStream in, OutputStream out, String filename, long limit) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > limit) {
                throw tooLarge(filename, limit);
            }
            out.write(buf, 0, n);
        }
        return total;
    }

    private static ApiException empty(String filename) {
        return ApiException.invalid(
                "file", filename, "upload.empty", "上传的文件为空：" + filename, "the uploaded file is empty: " + filename);
    }

    static ApiException tooLarge(String filename, long max) {
        String limit = human(max);
        return ApiException.invalid(
                "file",
                filename,
                "upload.too_large",
                filename == null ? "文件过大，超过上限 " + limit : "文件过大：" + filename + " 超过上限 " + limit,
                filename == null
                        ? "file too large: over the limit of " + limit
                        : "file too large: " + filename + " is over the limit of " + limit);
    }

    static String human(long bytes) {
        long mb = 1024L * 1024;
        if (bytes % mb == 0) {
            return bytes / mb + " MB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }

    private void lock(String sha256) {
        lock(List.of(sha256));
    }

    /**
     * Takes the content locks of these hashes until the transaction ends, in one statement and in ascending
     * order of lock key, so two transactions sharing content wait for each other instead of deadlocking.
     */
    private void lock(List<String> sha256s) {
        Integer[] keys = sha256s.stream()
                .map(h -> (int) Long.parseLong(h.substring(0, 8), 16))
                .distinct()
                .sorted()
                .toArray(Integer[]::new);
        jdbc.sql("select count(pg_advisory_xact_lock(?, k)) from unnest(?::int[]) as k")
                .params(LOCK_NAMESPACE, keys)
                .query(Long.class)
                .single();
    }

    private static void move(Path from, Path to) throws IOException {
        // Same content under the same name: replacing an existing copy is harmless and keeps it present.
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * After a rollback, deletes the content unless a committed row still refers to it; under the same
     * per-hash lock as {@link #store}, so a concurrent upload of the same content cannot lose its file.
     */
    private void cleanUpOnRollback(String sha256) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    return;
                }
                try {
                    cleanupTx.executeWithoutResult(s -> {
                        lock(sha256);
                        long refs = jdbc.sql("select count(*) from stored_file where sha256 = ?")
                                .param(sha256)
                                .query(Long.class)
                                .single();
                        if (refs == 0) {
                            try {
                                Files.deleteIfExists(path(sha256));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    });
                } catch (RuntimeException e) {
                    log.warn("could not remove the content {} of a rolled-back upload", sha256, e);
                }
            }
        });
    }

    private void removeStaleTemporaryFiles() {
        Path tmpDir = dir.resolve("tmp");
        if (!Files.isDirectory(tmpDir)) {
            return;
        }
        Instant cutoff = Instant.now().minus(1, ChronoUnit.HOURS);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir, "upload-*.part")) {
            for (Path p : files) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            log.warn("cannot clean temporary uploads in {}", tmpDir, e);
        }
    }

    private static StoredFile read(ResultSet rs) throws SQLException {
        return new StoredFile(
                rs.getLong("id"),
                rs.getString("filename"),
                rs.getString("content_type"),
                rs.getLong("size_bytes"),
                rs.getString("sha256"),
                rs.getLong("uploaded_by"),
                rs.getTimestamp("uploaded_at").toInstant());
    }
}

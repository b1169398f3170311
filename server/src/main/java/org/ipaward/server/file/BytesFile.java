package org.ipaward.server.file;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.springframework.web.multipart.MultipartFile;

/**
 * A file held in memory, stored through the same path uploads take: the demo data's materials, and the file
 * parts the deadline-day intake kept until it files them.
 */
public record BytesFile(String name, String filename, String contentType, byte[] bytes) implements MultipartFile {
    /** A file part named {@code file}, as a single upload names it. */
    public BytesFile(String filename, String contentType, byte[] bytes) {
        this("file", filename, contentType, bytes);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getOriginalFilename() {
        return filename;
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public boolean isEmpty() {
        return bytes.length == 0;
    }

    @Override
    public long getSize() {
        return bytes.length;
    }

    @Override
    public byte[] getBytes() {
        return bytes.clone();
    }

    @Override
    public InputStream getInputStream() {
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public void transferTo(File dest) throws IOException {
        Files.write(dest.toPath(), bytes);
    }
}

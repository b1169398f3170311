package org.ipaward.server.file;

import java.time.Instant;

/** A stored upload: its name as given (sanitised), detected content type, size, SHA-256 and uploader. */
public record StoredFile(
        long id, String filename, String contentType, long size, String sha256, long uploadedBy, Instant uploadedAt) {}

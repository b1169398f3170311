package org.ipaward.server.file;

import java.time.Instant;

/** STUB until the subjects branch is merged. */
public record StoredFile(
        long id, String filename, String contentType, long size, String sha256, long uploadedBy, Instant uploadedAt) {}

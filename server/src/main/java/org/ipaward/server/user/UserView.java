package org.ipaward.server.user;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** A user as administrators see them: never the password hash. */
public record UserView(
        long id,
        String username,
        @JsonProperty("display_name") String displayName,
        List<String> roles,
        @JsonProperty("subject_id") Long subjectId,
        boolean enabled,
        boolean locked,
        @JsonProperty("locked_until") Instant lockedUntil,
        @JsonProperty("failed_attempts") int failedAttempts,
        @JsonProperty("last_login_at") Instant lastLoginAt,
        @JsonProperty("password_changed_at") Instant passwordChangedAt,
        @JsonProperty("created_at") Instant createdAt) {}

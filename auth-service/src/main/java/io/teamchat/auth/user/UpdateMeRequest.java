package io.teamchat.auth.user;

import io.teamchat.common.validation.NoNul;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /api/users/me}: absent (null) fields stay as they are; an empty {@code avatarUrl} removes the avatar.
 * Changing email or password needs {@code currentPassword}.
 */
public record UpdateMeRequest(
        @ValidUsername String username,
        @Email @Size(max = 254) @NoNul String email,
        // https or a same-origin path (an uploaded avatar) only: clients put this in <img src>, so no javascript:,
        // data:, plain-http (mixed content, readable on the way) or protocol-relative "//host" URLs
        @Size(max = 2048) @Pattern(regexp = "|(https://|/(?![/\\\\]))\\S*", message = "must be an https URL or an absolute path")
        String avatarUrl,

        @ValidPassword @NoNul String password,
        @Size(max = 128) @NoNul String currentPassword) {

    boolean needsCurrentPassword() {
        return email != null || password != null;
    }
}

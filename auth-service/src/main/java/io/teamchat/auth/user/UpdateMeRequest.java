package io.teamchat.auth.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /api/users/me}: absent (null) fields stay as they are; an empty {@code avatarUrl} removes the avatar.
 * Changing email or password needs {@code currentPassword}.
 */
public record UpdateMeRequest(
        @ValidUsername String username,
        @Email @Size(max = 254) String email,
        // http(s) or a same-origin path only: clients put this in <img src>, so no javascript: or data: URLs
        @Size(max = 2048) @Pattern(regexp = "|(https?://|/)\\S*", message = "must be an http(s) URL or an absolute path")
        String avatarUrl,

        @ValidPassword String password,
        @Size(max = 128) String currentPassword) {

    boolean needsCurrentPassword() {
        return email != null || password != null;
    }
}

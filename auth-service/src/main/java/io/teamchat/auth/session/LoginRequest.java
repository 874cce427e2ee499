package io.teamchat.auth.session;

import io.teamchat.common.validation.NoNul;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code login} is a username or an email address, in any case. */
public record LoginRequest(
        @NotBlank @Size(max = 254) @NoNul String login,
        @NotNull @Size(max = 1024) @NoNul String password) {}

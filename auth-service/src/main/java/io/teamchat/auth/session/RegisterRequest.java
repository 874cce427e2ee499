package io.teamchat.auth.session;

import io.teamchat.auth.user.ValidPassword;
import io.teamchat.auth.user.ValidUsername;
import io.teamchat.common.validation.NoNul;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record RegisterRequest(
        @NotNull @ValidUsername String username,
        @NotBlank @Email @Size(max = 254) @NoNul String email,
        @NotNull @ValidPassword @NoNul String password) {}

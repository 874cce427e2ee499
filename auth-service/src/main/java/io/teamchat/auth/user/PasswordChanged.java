package io.teamchat.auth.user;

import java.util.UUID;

/** CDI event, fired inside the transaction that changed a user's password. */
public record PasswordChanged(UUID userId) {}

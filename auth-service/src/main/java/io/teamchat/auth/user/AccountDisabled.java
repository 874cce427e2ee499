package io.teamchat.auth.user;

import java.time.Instant;
import java.util.UUID;

/** CDI event, fired inside the transaction that disabled an account: its sessions end with it. */
public record AccountDisabled(UUID userId, Instant disabledAt) {}

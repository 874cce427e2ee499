package io.teamchat.common.events;

import java.time.Instant;
import java.util.UUID;

/** presence-service: a user's first socket opened or last socket closed. */
public record PresenceChanged(UUID userId, boolean isOnline, Instant lastSeen) {}

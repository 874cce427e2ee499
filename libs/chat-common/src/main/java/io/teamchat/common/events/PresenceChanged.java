package io.teamchat.common.events;

import java.time.Instant;
import java.util.UUID;

/**
 * presence-service: a user's presence as it is now, published once per change of any field: first socket opened,
 * last socket closed, away (every open socket reported idle) or back, custom status set or cleared. {@code status}
 * and {@code statusEmoji} are null when no custom status is set; {@code away} is false while offline.
 */
public record PresenceChanged(
        UUID userId, boolean isOnline, Instant lastSeen, boolean away, String status, String statusEmoji) {

    /** Online or offline without away state or custom status (tests and older writers). */
    public PresenceChanged(UUID userId, boolean isOnline, Instant lastSeen) {
        this(userId, isOnline, lastSeen, false, null, null);
    }
}

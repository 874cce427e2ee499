package io.teamchat.presence.presence;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * One user's presence: online while any socket is open; away while online and every open socket's client reported
 * idle; {@code lastSeen} null if never seen going offline; {@code status} (text) and {@code statusEmoji} the custom
 * status, null when not set.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PresenceView(
        UUID userId,
        @JsonProperty("isOnline") boolean isOnline,
        Instant lastSeen,
        boolean away,
        String status,
        String statusEmoji) {}

package io.teamchat.presence.presence;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** One user's presence: online while any socket is open; {@code lastSeen} null if never seen going offline. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PresenceView(
        UUID userId, @JsonProperty("isOnline") boolean isOnline, Instant lastSeen) {}

package io.teamchat.auth.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.teamchat.auth.presence.Presences;
import java.time.Instant;
import java.util.UUID;

/**
 * A user as the API shows it. {@code email} only reaches the user themself and admins; {@code isAdmin} and
 * {@code disabled} only admins (the web app's administration screen shows them). {@code isOnline} and
 * {@code lastSeen} come from presence-service (one batched call per response, {@link Presences}).
 */
public record UserView(
        UUID id,
        String username,
        @JsonInclude(JsonInclude.Include.NON_NULL) String email,
        String avatarUrl,
        @JsonProperty("isOnline") boolean isOnline,
        Instant lastSeen,
        Instant createdAt,

        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("isAdmin")
        Boolean isAdmin,

        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean disabled) {

    public static UserView of(User user, boolean withEmail, boolean withAccountState, Presences.Presence presence) {
        return new UserView(
                user.id,
                user.username,
                withEmail ? user.email : null,
                user.avatarUrl,
                presence.isOnline(),
                presence.lastSeen(),
                user.createdAt,
                withAccountState ? user.admin : null,
                withAccountState ? user.disabledAt != null : null);
    }
}

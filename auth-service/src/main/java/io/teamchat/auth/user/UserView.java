package io.teamchat.auth.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * A user as the API shows it. {@code email} only reaches the user themself and admins. Presence belongs to
 * presence-service: here {@code isOnline} is always false and {@code lastSeen} null; clients read /api/presence.
 */
public record UserView(
        UUID id,
        String username,
        @JsonInclude(JsonInclude.Include.NON_NULL) String email,
        String avatarUrl,
        boolean isOnline,
        Instant lastSeen,
        Instant createdAt) {

    public static UserView of(User user, boolean withEmail) {
        return new UserView(
                user.id, user.username, withEmail ? user.email : null, user.avatarUrl, false, null, user.createdAt);
    }
}

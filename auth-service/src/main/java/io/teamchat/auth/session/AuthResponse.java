package io.teamchat.auth.session;

import io.teamchat.auth.presence.Presences;
import io.teamchat.auth.user.UserView;

/** Body of register, login and refresh; {@code expiresIn} is the access token's lifetime in seconds. */
public record AuthResponse(UserView user, String accessToken, long expiresIn) {

    static AuthResponse of(SessionService.Session session, Presences.Presence presence) {
        return new AuthResponse(
                UserView.of(session.user(), true, false, presence), session.accessToken(), session.expiresIn());
    }
}

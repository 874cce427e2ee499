package io.teamchat.auth.session;

import io.teamchat.auth.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.time.Instant;

/** The refresh-token cookie: sent back only to /api/auth, never readable by scripts, never cross-site. */
@ApplicationScoped
public class RefreshCookies {

    public static final String NAME = "refresh_token";
    static final String PATH = "/api/auth";

    @Inject
    AuthConfig config;

    /** Lives as long as the token: the browser forgets it when the server would refuse it anyway. */
    NewCookie of(String refreshToken, Instant expiresAt) {
        long seconds = Duration.between(Instant.now(), expiresAt).toSeconds();
        return cookie(refreshToken, (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds)));
    }

    NewCookie cleared() {
        return cookie("", 0);
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(NAME)
                .value(value)
                .path(PATH)
                .maxAge(maxAge)
                .httpOnly(true)
                .secure(config.cookieSecure())
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }
}

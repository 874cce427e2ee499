package io.teamchat.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;

/** {@code chat.auth.*}: how auth-service issues credentials. */
@ConfigMapping(prefix = "chat.auth")
public interface AuthConfig {

    /** Lifetime of an access token. */
    @WithDefault("15m")
    Duration accessTokenTtl();

    /** Lifetime of a refresh token; each rotation starts a new one. */
    @WithDefault("30d")
    Duration refreshTokenTtl();

    /** Whether the refresh cookie is marked Secure; only plain-http local runs turn this off. */
    @WithDefault("true")
    boolean cookieSecure();

    /** bcrypt cost factor (2^cost rounds). */
    @WithDefault("12")
    @Min(10) @Max(20) int bcryptCost();

    /** PEM file holding the RSA private key (PKCS#8) to sign with; absent: a generated key kept in the database. */
    Optional<String> signingKeyLocation();
}

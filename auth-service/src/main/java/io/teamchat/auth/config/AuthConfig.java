package io.teamchat.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code chat.auth.*}: how auth-service issues credentials. */
@ConfigMapping(prefix = "chat.auth")
public interface AuthConfig {

    /** Lifetime of an access token. */
    @WithDefault("15m")
    Duration accessTokenTtl();

    /** Absolute lifetime of a refresh-token family (one login): rotations never extend it. */
    @WithDefault("30d")
    Duration refreshTokenTtl();

    /** Idle lifetime: a refresh token not used within this time expires (never past its family's end). */
    @WithDefault("7d")
    Duration refreshIdleTtl();

    /**
     * How long after a rotation the rotated token still returns the same successor (two tabs refreshing at once)
     * instead of revoking the family as stolen.
     */
    @WithDefault("10s")
    Duration refreshGrace();

    /** How often each replica deletes dead refresh-token rows ({@code SessionService.removeDeadTokens}). */
    @WithDefault("1h")
    Duration refreshCleanupEvery();

    /** Whether the refresh cookie is marked Secure; only plain-http local runs turn this off. */
    @WithDefault("true")
    boolean cookieSecure();

    /** Argon2id parameters for new password hashes; hashes made with other parameters are redone at login. */
    Argon2 argon2();

    /** How much password hashing may run at once. */
    Hashing hashing();

    /** Brute-force limits (LoginThrottle). */
    RateLimit rateLimit();

    /** PEM file holding the RSA private key (PKCS#8) to sign with; absent: a generated key kept in the database. */
    Optional<String> signingKeyLocation();

    /** Rotate the signing key before it is this old (the key-rotation alert fires two weeks before). */
    @WithDefault("90d")
    Duration signingKeyMaxAge();

    /**
     * Key-encryption key (base64 of 32 random bytes) under which the generated signing key's private half is stored
     * (AES-256-GCM); absent: it is stored as plain PEM and a warning is logged. Changing it needs the old one to read
     * the stored key: rotate the signing key instead (docs/security.md).
     */
    Optional<String> signingKeyEncryptionKey();

    /**
     * Rotation: PEM files of keys that signed before the current one (private PKCS#8 or public SPKI). Their public
     * halves stay in the JWKS, and tokens they signed keep verifying, until they are removed from this list - at the
     * earliest one access-token lifetime after the switch.
     */
    Optional<List<String>> previousSigningKeyLocations();

    /** OWASP's first Argon2id choice: 19 MiB, 2 iterations, 1 lane. */
    interface Argon2 {

        @WithDefault("19456")
        @Min(1024) int memoryKib();

        @WithDefault("2")
        @Min(1) int iterations();

        @WithDefault("1")
        @Min(1) int parallelism();
    }

    interface Hashing {

        /** Hashes computed at once (each takes one core and {@code memory-kib}); the rest wait. */
        @WithDefault("2")
        @Min(1) int concurrency();

        /** Longest wait for a turn before answering 503 with Retry-After. */
        @WithDefault("5s")
        Duration maxWait();
    }

    interface RateLimit {

        /** Prefix of the Redis counters. */
        String keyPrefix();

        /** Credential attempts (register, login, refresh, current-password checks) per client address per window. */
        @WithDefault("30")
        @Min(1) int perAddress();

        @WithDefault("1m")
        Duration addressWindow();

        /** Wrong passwords for one account from one address per window before that address is refused. */
        @WithDefault("5")
        @Min(1) int failuresPerAccountAndAddress();

        /** Wrong passwords for one account from all addresses per window before every address is refused. */
        @WithDefault("50")
        @Min(1) int failuresPerAccount();

        @WithDefault("15m")
        Duration accountWindow();
    }
}

package io.teamchat.auth;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.teamchat.auth.session.RefreshToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/** Moves a refresh token's stored times, so tests see lifetimes and windows end without waiting for them. */
final class RefreshRows {

    private RefreshRows() {}

    static RefreshToken of(String refreshToken) {
        return QuarkusTransaction.requiringNew()
                .call(() -> RefreshToken.<RefreshToken>find("tokenHash", sha256(refreshToken))
                        .firstResult());
    }

    /** As if the token had been rotated a minute ago: its grace window is over. */
    static void endGraceOf(String refreshToken) {
        update("usedAt = ?1 where tokenHash = ?2", Instant.now().minus(Duration.ofMinutes(1)), refreshToken);
    }

    /** As if the token had not been used for longer than the idle lifetime. */
    static void expire(String refreshToken) {
        update("expiresAt = ?1 where tokenHash = ?2", Instant.now().minusSeconds(1), refreshToken);
    }

    /** Brings the end of the token's whole family forward to {@code end}. */
    static void endFamilyAt(String refreshToken, Instant end) {
        RefreshToken token = of(refreshToken);
        QuarkusTransaction.requiringNew()
                .run(() -> RefreshToken.update("familyExpiresAt = ?1 where familyId = ?2", end, token.familyId));
    }

    private static void update(String query, Instant at, String refreshToken) {
        QuarkusTransaction.requiringNew().run(() -> RefreshToken.update(query, at, sha256(refreshToken)));
    }

    static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.teamchat.auth.session;

import io.teamchat.auth.crypto.AesGcm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Seals a successor refresh token with AES-256-GCM under a key derived from the token it replaced. The database
 * keeps only hashes of tokens, so a reader of the table still cannot recover a usable token; the holder of the
 * rotated token can, which is exactly who the grace window serves.
 */
final class SuccessorSeal {

    private static final byte[] NO_AAD = new byte[0];
    /** Separates this key from the SHA-256 under which the token itself is stored. */
    private static final byte[] CONTEXT = "teamchat refresh successor v1\0".getBytes(StandardCharsets.UTF_8);

    private SuccessorSeal() {}

    static byte[] seal(String rotatedToken, String successor) {
        return AesGcm.seal(key(rotatedToken), successor.getBytes(StandardCharsets.UTF_8), NO_AAD);
    }

    /** Empty when the bytes were not sealed with this token (or were tampered with). */
    static Optional<String> open(String rotatedToken, byte[] sealed) {
        return AesGcm.open(key(rotatedToken), sealed, NO_AAD).map(plain -> new String(plain, StandardCharsets.UTF_8));
    }

    private static byte[] key(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(CONTEXT);
            return digest.digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.teamchat.auth.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a successor refresh token with AES-256-GCM under a key derived from the token it replaced. The database
 * keeps only hashes of tokens, so a reader of the table still cannot recover a usable token; the holder of the
 * rotated token can, which is exactly who the grace window serves.
 */
final class SuccessorSeal {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Separates this key from the SHA-256 under which the token itself is stored. */
    private static final byte[] CONTEXT = "teamchat refresh successor v1\0".getBytes(StandardCharsets.UTF_8);

    private SuccessorSeal() {}

    static byte[] seal(String rotatedToken, String successor) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(rotatedToken), new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(successor.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(IV_BYTES + sealed.length)
                    .put(iv)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Empty when the bytes were not sealed with this token (or were tampered with). */
    static Optional<String> open(String rotatedToken, byte[] sealed) {
        if (sealed.length <= IV_BYTES) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    key(rotatedToken),
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 0, IV_BYTES)));
            byte[] plain = cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static SecretKeySpec key(String token) throws GeneralSecurityException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(CONTEXT);
        return new SecretKeySpec(digest.digest(token.getBytes(StandardCharsets.UTF_8)), "AES");
    }
}

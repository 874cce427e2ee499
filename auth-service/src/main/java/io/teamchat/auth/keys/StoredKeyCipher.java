package io.teamchat.auth.keys;

import io.teamchat.auth.config.AuthConfig;
import io.teamchat.auth.crypto.AesGcm;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Keeps the private half of the generated signing key encrypted in {@code auth.signing_keys}: AES-256-GCM under the
 * key-encryption key from configuration ({@code chat.auth.signing-key-encryption-key}), bound to the key's {@code kid}
 * (so a stored value cannot be moved to another row). A reader of the table gets ciphertext only.
 */
@ApplicationScoped
class StoredKeyCipher {

    static final String PREFIX = "aes-gcm:v1:";

    private final Optional<byte[]> kek;

    StoredKeyCipher(AuthConfig config) {
        this.kek = config.signingKeyEncryptionKey()
                .filter(value -> !value.isBlank())
                .map(StoredKeyCipher::decode);
    }

    boolean encrypts() {
        return kek.isPresent();
    }

    /** What to store for this private PEM: sealed when a key-encryption key is configured, else the PEM. */
    String protect(String kid, String pem) {
        return kek.map(key -> PREFIX
                        + Base64.getEncoder()
                                .encodeToString(AesGcm.seal(key, pem.getBytes(StandardCharsets.UTF_8), aad(kid))))
                .orElse(pem);
    }

    boolean isPlain(String stored) {
        return !stored.startsWith(PREFIX);
    }

    /** The private PEM from what is stored; fails start-up clearly without the right key-encryption key. */
    String reveal(String kid, String stored) {
        if (isPlain(stored)) {
            return stored;
        }
        byte[] key = kek.orElseThrow(() -> new IllegalStateException(
                "the stored signing key is encrypted: set chat.auth.signing-key-encryption-key"));
        byte[] sealed = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        return AesGcm.open(key, sealed, aad(kid))
                .map(plain -> new String(plain, StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalStateException(
                        "the stored signing key does not open with the configured key-encryption key"));
    }

    private static byte[] aad(String kid) {
        return ("teamchat signing key " + kid).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decode(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("chat.auth.signing-key-encryption-key is not base64", e);
        }
        if (key.length != 32) {
            throw new IllegalStateException(
                    "chat.auth.signing-key-encryption-key must be 32 bytes (base64), not " + key.length);
        }
        return key;
    }
}

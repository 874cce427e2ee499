package io.teamchat.auth.keys;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.teamchat.auth.Accounts;
import io.teamchat.auth.crypto.AesGcm;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.HashUtil;
import org.junit.jupiter.api.Test;

/**
 * With a key-encryption key configured, the generated signing key's private half is stored AES-GCM-encrypted (bound
 * to its kid), never as PEM; it opens only with that key, and it is the key that signs and is published.
 */
@QuarkusTest
@TestProfile(StoredKeyEncryptionTest.WithKek.class)
@QuarkusTestResource(ChatStoresTestResource.class)
class StoredKeyEncryptionTest {

    static final byte[] KEK = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    public static class WithKek implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "chat.auth.signing-key-encryption-key", Base64.getEncoder().encodeToString(KEK));
        }
    }

    @Inject
    EntityManager em;

    @Test
    void theStoredPrivateKeyIsCiphertextThatOpensOnlyWithTheKek() throws Exception {
        Object[] row = QuarkusTransaction.requiringNew()
                .call(() ->
                        (Object[]) em.createNativeQuery("select kid, private_key from auth.signing_keys where active")
                                .getSingleResult());
        String kid = (String) row[0];
        String stored = (String) row[1];

        assertTrue(stored.startsWith(StoredKeyCipher.PREFIX), "stored form: " + stored.substring(0, 20));
        assertFalse(stored.contains("PRIVATE KEY"), "no PEM in the table");
        byte[] sealed = Base64.getDecoder().decode(stored.substring(StoredKeyCipher.PREFIX.length()));
        byte[] aad = ("teamchat signing key " + kid).getBytes(StandardCharsets.UTF_8);
        String pem = new String(AesGcm.open(KEK, sealed, aad).orElseThrow(), StandardCharsets.UTF_8);
        String thumbprint = new RsaJsonWebKey(KeyPem.publicKeyOf(KeyPem.readPrivateKey(pem)))
                .calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        assertEquals(kid, thumbprint, "it is the signing key");
        byte[] otherKek = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
        assertTrue(AesGcm.open(otherKek, sealed, aad).isEmpty(), "another key-encryption key cannot open it");
        assertTrue(
                AesGcm.open(KEK, sealed, "teamchat signing key other".getBytes(StandardCharsets.UTF_8))
                        .isEmpty(),
                "nor can it be moved to another kid");

        List<String> published = given().get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("keys.kid");
        assertTrue(published.contains(kid), published.toString());
        Accounts.newSession(); // the decrypted key signs: registration and login answer with tokens
    }
}

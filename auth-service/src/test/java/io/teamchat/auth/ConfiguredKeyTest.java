package io.teamchat.auth;

import static io.restassured.RestAssured.given;
import static io.teamchat.auth.Accounts.newSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.teamchat.testing.ChatStoresTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

/** With {@code chat.auth.signing-key-location} set, the PEM file's key signs and is published, not a generated one. */
@QuarkusTest
@TestProfile(ConfiguredKeyTest.WithKeyFile.class)
@QuarkusTestResource(ChatStoresTestResource.class)
class ConfiguredKeyTest {

    public static class WithKeyFile implements QuarkusTestProfile {

        static final KeyPair KEYS = generate();

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path file = Files.createTempFile("auth-signing-key", ".pem");
                file.toFile().deleteOnExit();
                String body = Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(KEYS.getPrivate().getEncoded());
                Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
                return Map.of("chat.auth.signing-key-location", file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static KeyPair generate() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void theConfiguredKeySignsAndIsPublished() throws Exception {
        String jwks = given().when()
                .get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        RsaJsonWebKey published =
                (RsaJsonWebKey) new JsonWebKeySet(jwks).getJsonWebKeys().get(0);
        RSAPublicKey configured = (RSAPublicKey) WithKeyFile.KEYS.getPublic();
        assertEquals(configured.getModulus(), published.getRsaPublicKey().getModulus());

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(newSession().accessToken());
        jws.setKey(configured);
        assertEquals(published.getKeyId(), jws.getKeyIdHeaderValue());
        assertTrue(jws.verifySignature());
    }
}

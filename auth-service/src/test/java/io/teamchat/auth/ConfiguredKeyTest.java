package io.teamchat.auth;

import static io.restassured.RestAssured.given;
import static io.teamchat.auth.Accounts.newSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import io.teamchat.auth.Accounts.Session;
import io.teamchat.testing.ChatStoresTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.JsonWebKey;
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
        /** The key that signed before a rotation: only its public half is configured. */
        static final KeyPair PREVIOUS = generate();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "chat.auth.signing-key-location",
                            pemFile("PRIVATE KEY", KEYS.getPrivate().getEncoded()),
                    "chat.auth.previous-signing-key-locations",
                            pemFile("PUBLIC KEY", PREVIOUS.getPublic().getEncoded()));
        }

        private static String pemFile(String type, byte[] der) {
            try {
                Path file = Files.createTempFile("auth-signing-key", ".pem");
                file.toFile().deleteOnExit();
                String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
                Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
                return file.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static KeyPair generate() {
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

    /** After a rotation the previous key stays published, and the tokens it signed keep working until they expire. */
    @Test
    void thePreviousKeyIsPublishedAndItsTokensStillVerifyButNoOtherKeys() throws Exception {
        List<JsonWebKey> published = new JsonWebKeySet(
                        given().get("/.well-known/jwks.json").then().extract().asString())
                .getJsonWebKeys();
        assertEquals(2, published.size());
        RsaJsonWebKey previous = (RsaJsonWebKey) published.get(1);
        assertEquals(
                ((RSAPublicKey) WithKeyFile.PREVIOUS.getPublic()).getModulus(),
                previous.getRsaPublicKey().getModulus());
        Session session = newSession();

        given().auth()
                .oauth2(signed(session, previous.getKeyId(), WithKeyFile.PREVIOUS.getPrivate()))
                .get("/api/users/me")
                .then()
                .statusCode(200);
        KeyPair stranger = WithKeyFile.generate();
        given().auth()
                .oauth2(signed(session, previous.getKeyId(), stranger.getPrivate()))
                .get("/api/users/me")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(signed(session, "not-a-key-of-ours", stranger.getPrivate()))
                .get("/api/users/me")
                .then()
                .statusCode(401);
    }

    private static String signed(Session session, String kid, PrivateKey key) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer("teamchat")
                .audience("teamchat")
                .subject(session.userId().toString())
                .upn(session.registration().username())
                .groups(Set.of("user"))
                .issuedAt(now)
                .expiresAt(now + 300)
                .jws()
                .keyId(kid)
                .sign(key);
    }
}

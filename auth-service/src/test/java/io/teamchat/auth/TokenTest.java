package io.teamchat.auth;

import static io.restassured.RestAssured.given;
import static io.teamchat.auth.Accounts.newSession;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.teamchat.auth.Accounts.Session;
import io.teamchat.auth.keys.SigningKeys;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class TokenTest {

    @Inject
    SigningKeys keys;

    @Inject
    EntityManager em;

    @Test
    void jwksPublishesOnePublicRsaSigningKey() {
        Map<String, Object> jwk = given().when()
                .get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .header("Cache-Control", containsString("public"))
                .extract()
                .jsonPath()
                .getMap("keys[0]");

        assertEquals("RSA", jwk.get("kty"));
        assertEquals("sig", jwk.get("use"));
        assertEquals("RS256", jwk.get("alg"));
        assertEquals(keys.active().kid(), jwk.get("kid"));
        assertNotNull(jwk.get("n"));
        assertEquals("AQAB", jwk.get("e"));
        for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi")) {
            assertFalse(jwk.containsKey(privatePart), "JWKS leaks " + privatePart);
        }
    }

    @Test
    void issuedTokensVerifyAgainstTheJwksAndCarryTheContractClaims() throws Exception {
        Session session = newSession();
        String jwks = given().when()
                .get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(session.accessToken());
        List<JsonWebKey> candidates =
                new JsonWebKeySet(jwks).findJsonWebKeys(jws.getKeyIdHeaderValue(), "RSA", "sig", "RS256");
        assertEquals(1, candidates.size(), "the token's kid is in the JWKS");
        RSAPublicKey published = ((RsaJsonWebKey) candidates.get(0)).getRsaPublicKey();
        jws.setKey(published);

        assertEquals("RS256", jws.getAlgorithmHeaderValue());
        assertTrue(jws.verifySignature(), "signature verifies with the published key");

        JwtClaims claims = JwtClaims.parse(jws.getPayload());
        assertEquals("teamchat", claims.getIssuer());
        assertEquals(List.of("teamchat"), claims.getAudience());
        assertEquals(session.userId().toString(), claims.getSubject());
        assertEquals(session.registration().username(), claims.getClaimValueAsString("upn"));
        assertTrue(claims.getStringListClaimValue("groups").contains("user"));
        assertEquals(
                900,
                claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertNotNull(claims.getJwtId());
    }

    @Test
    void tamperedTokensFailVerificationAgainstTheJwks() throws Exception {
        Session session = newSession();
        String jwks =
                given().when().get("/.well-known/jwks.json").then().extract().asString();
        String[] parts = session.accessToken().split("\\.");
        String forgedPayload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"user\"", "\"admin\"")
                        .getBytes(StandardCharsets.UTF_8));

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(parts[0] + "." + forgedPayload + "." + parts[2]);
        jws.setKey(((RsaJsonWebKey) new JsonWebKeySet(jwks).getJsonWebKeys().get(0)).getRsaPublicKey());

        assertFalse(jws.verifySignature());
    }

    @Test
    void ownKeyVerificationStillChecksExpiryIssuerAndAudience() {
        Session session = newSession();
        long now = System.currentTimeMillis() / 1000;

        given().auth()
                .oauth2(ownToken(session, "teamchat", now - 60, now + 60))
                .when()
                .get("/api/users/me")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(ownToken(session, "teamchat", "another-app", now - 60, now + 60))
                .when()
                .get("/api/users/me")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(ownToken(session, "teamchat", null, now - 60, now + 60))
                .when()
                .get("/api/users/me")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(ownToken(session, "teamchat", now - 7200, now - 3600))
                .when()
                .get("/api/users/me")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(ownToken(session, "someone-else", now - 60, now + 60))
                .when()
                .get("/api/users/me")
                .then()
                .statusCode(401);
    }

    @Test
    void onlyHashesAreStored() throws Exception {
        Session session = newSession();
        String expectedHash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(session.refreshToken().getBytes(StandardCharsets.UTF_8)));

        Object[] stored = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                        "SELECT u.password_hash, (SELECT count(*) FROM auth.refresh_tokens t WHERE t.token_hash = ?2"
                                + " AND t.user_id = u.id) FROM auth.users u WHERE u.id = ?1")
                .setParameter(1, session.userId())
                .setParameter(2, expectedHash)
                .getSingleResult());

        String passwordHash = (String) stored[0];
        assertTrue(passwordHash.startsWith("$argon2id$v=19$"), passwordHash);
        assertFalse(passwordHash.contains(session.registration().password()));
        assertEquals(1L, ((Number) stored[1]).longValue());
    }

    private String ownToken(Session session, String issuer, long issuedAt, long expiresAt) {
        return ownToken(session, issuer, "teamchat", issuedAt, expiresAt);
    }

    /** {@code audience} null: a token without {@code aud}. */
    private String ownToken(Session session, String issuer, String audience, long issuedAt, long expiresAt) {
        var claims = Jwt.issuer(issuer);
        if (audience != null) {
            claims.audience(audience);
        }
        return claims.subject(session.userId().toString())
                .upn(session.registration().username())
                .groups(Set.of("user"))
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .jws()
                .keyId(keys.active().kid())
                .sign(keys.active().privateKey());
    }
}

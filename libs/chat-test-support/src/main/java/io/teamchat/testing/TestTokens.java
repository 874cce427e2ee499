package io.teamchat.testing;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * Access tokens for tests, signed with a key pair made once per test JVM (no key is ever committed). The public
 * half is written to a temporary PEM file that the service under test is configured to verify with.
 */
public final class TestTokens {

    public static final String ISSUER = "teamchat";
    /** The {@code aud} every service expects ({@code chat.jwt.audience}). */
    public static final String AUDIENCE = "teamchat";

    private static final KeyPair KEYS = generate();
    private static volatile Path publicKeyFile;

    private TestTokens() {}

    /** A valid token for a regular user. */
    public static String issue(UUID userId, String username) {
        return issue(userId, username, Set.of("user"));
    }

    public static String issue(UUID userId, String username, Set<String> groups) {
        return issue(userId, username, groups, Duration.ofMinutes(15));
    }

    /** A valid token that expires {@code ttl} from now (for tests of what happens when a session outlives it). */
    public static String issue(UUID userId, String username, Set<String> groups, Duration ttl) {
        return issueFor(AUDIENCE, userId, username, groups, ttl);
    }

    /** A token that is valid in every way except, unless {@code audience} is {@link #AUDIENCE}, its {@code aud}. */
    public static String issueFor(String audience, UUID userId, String username, Set<String> groups, Duration ttl) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER)
                .audience(audience)
                .subject(userId.toString())
                .upn(username)
                .groups(groups)
                .issuedAt(now)
                .expiresAt(now + ttl.toSeconds())
                .jws()
                .keyId("test-key")
                .sign(KEYS.getPrivate());
    }

    /** A token for a new random user; {@link #userIdOf} gives its id back. */
    public static String issueForNewUser(String usernamePrefix) {
        return issue(
                UUID.randomUUID(),
                usernamePrefix + "_" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A token that is well formed but already expired. */
    public static String expired(UUID userId, String username) {
        long past = System.currentTimeMillis() / 1000 - 3600;
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(userId.toString())
                .upn(username)
                .groups(Set.of("user"))
                .issuedAt(past - 900)
                .expiresAt(past)
                .jws()
                .keyId("test-key")
                .sign(KEYS.getPrivate());
    }

    /** Reads the subject back out of a token made here (tests only: no verification). */
    public static UUID userIdOf(String token) {
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        int start = claims.indexOf("\"sub\":\"") + 7;
        return UUID.fromString(claims.substring(start, claims.indexOf('"', start)));
    }

    /** Whether a token made here carries the {@code admin} group (tests only: no verification). */
    public static boolean isAdmin(String token) {
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        return claims.matches("(?s).*\"groups\":\\[[^\\]]*\"admin\".*");
    }

    static synchronized Path publicKeyPem() {
        if (publicKeyFile == null) {
            try {
                Path file = Files.createTempFile("teamchat-test-jwt", ".pem");
                file.toFile().deleteOnExit();
                String body = Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(KEYS.getPublic().getEncoded());
                Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
                publicKeyFile = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return publicKeyFile;
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.teamchat.auth;

import static io.teamchat.auth.Accounts.login;
import static io.teamchat.auth.Accounts.newRegistration;
import static io.teamchat.auth.Accounts.sessionOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.auth.Accounts.Registration;
import io.teamchat.auth.Accounts.Session;
import io.teamchat.auth.user.User;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class PasswordHashTest {

    @Test
    void newAccountsGetArgon2idHashes() {
        Session session = sessionOf(newRegistration());

        String hash = storedHash(session.userId());

        assertTrue(hash.startsWith("$argon2id$v=19$m=4096,t=1,p=1$"), hash);
    }

    /** bcrypt would let both in: it ignores every byte after the 72nd. */
    @Test
    void passwordsThatShareTheirFirst72BytesAreDifferentPasswords() {
        String common = "x".repeat(72);
        Registration registration = newRegistration().withPassword(common + "-the-real-end");
        sessionOf(registration);

        assertEquals(
                200, login(registration.username(), common + "-the-real-end").statusCode());
        assertEquals(
                401, login(registration.username(), common + "-another-end").statusCode());
    }

    @Test
    void anOldBcryptHashStillLogsInAndIsReplacedByArgon2id() {
        Registration registration = newRegistration();
        Session session = sessionOf(registration);
        setStoredHash(session.userId(), BcryptUtil.bcryptHash(registration.password(), 10));

        assertEquals(
                401,
                login(registration.username(), registration.password() + "x").statusCode());
        assertTrue(storedHash(session.userId()).startsWith("$2"), "a wrong password changes nothing");

        assertEquals(
                200, login(registration.username(), registration.password()).statusCode());
        String rehashed = storedHash(session.userId());
        assertTrue(rehashed.startsWith("$argon2id$"), rehashed);
        assertEquals(
                200, login(registration.username(), registration.password()).statusCode());
    }

    @Test
    void argon2HashesWithOtherParametersAreRedoneAtLogin() {
        Registration registration = newRegistration();
        Session session = sessionOf(registration);
        String older = argon2id(registration.password(), 1024, 1);
        setStoredHash(session.userId(), older);

        assertEquals(
                200, login(registration.username(), registration.password()).statusCode());

        String rehashed = storedHash(session.userId());
        assertTrue(rehashed.startsWith("$argon2id$v=19$m=4096,t=1,p=1$"), rehashed);
        assertEquals(
                200, login(registration.username(), registration.password()).statusCode());
        assertEquals(rehashed, storedHash(session.userId()), "a hash with the current parameters stays");
    }

    /** A PHC string made independently of the service's hasher (Bouncy Castle directly). */
    private static String argon2id(String password, int memoryKib, int iterations) {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(1)
                .build());
        byte[] hash = new byte[32];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=1$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(hash);
    }

    @Transactional
    String storedHash(UUID userId) {
        return User.<User>findById(userId).passwordHash;
    }

    @Transactional
    void setStoredHash(UUID userId, String hash) {
        User.update("passwordHash = ?1 where id = ?2", hash, userId);
    }
}

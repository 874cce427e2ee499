package io.teamchat.auth.password;

import io.teamchat.auth.config.AuthConfig;
import io.teamchat.auth.throttle.TooManyAttemptsException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.spec.EncryptablePasswordSpec;
import org.wildfly.security.password.spec.IteratedSaltedPasswordAlgorithmSpec;
import org.wildfly.security.password.util.ModularCrypt;

/**
 * Password hashes. New ones are Argon2id in PHC string form ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash},
 * Bouncy Castle, parameters from {@code chat.auth.argon2.*}); bcrypt hashes ({@code $2a$...}) of older accounts are
 * still verified and replaced at the next successful login ({@link #needsRehash}). Every hash computation holds one
 * of a few permits, so a flood of guesses queues instead of starving the CPU.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Pattern ARGON2ID =
            Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AuthConfig config;

    private PasswordFactory bcrypt;
    private Semaphore hashing;
    /** A hash of a random password with the current parameters, checked when the user is unknown so timing matches. */
    private String dummyHash;

    @PostConstruct
    void init() throws GeneralSecurityException {
        bcrypt = PasswordFactory.getInstance(
                BCryptPassword.ALGORITHM_BCRYPT, WildFlyElytronPasswordProvider.getInstance());
        hashing = new Semaphore(config.hashing().concurrency(), true);
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        dummyHash = hash(Base64.getEncoder().encodeToString(random));
    }

    /** A new Argon2id hash with a fresh salt. */
    public String hash(String password) {
        AuthConfig.Argon2 params = config.argon2();
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(password, salt, params.memoryKib(), params.iterations(), params.parallelism());
        return "$argon2id$v=19$m=" + params.memoryKib() + ",t=" + params.iterations() + ",p=" + params.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Recomputes the stored hash's function with its salt and parameters; compared in constant time. */
    public boolean matches(String password, String storedHash) {
        Matcher argon = ARGON2ID.matcher(storedHash);
        if (argon.matches()) {
            byte[] expected = B64_DECODER.decode(argon.group(5));
            byte[] actual = argon2(
                    password,
                    B64_DECODER.decode(argon.group(4)),
                    Integer.parseInt(argon.group(1)),
                    Integer.parseInt(argon.group(2)),
                    Integer.parseInt(argon.group(3)));
            return MessageDigest.isEqual(expected, actual);
        }
        return matchesBcrypt(password, storedHash);
    }

    /** Whether a hash that just matched should be replaced: bcrypt, or Argon2id with other parameters. */
    public boolean needsRehash(String storedHash) {
        AuthConfig.Argon2 params = config.argon2();
        Matcher argon = ARGON2ID.matcher(storedHash);
        return !argon.matches()
                || Integer.parseInt(argon.group(1)) != params.memoryKib()
                || Integer.parseInt(argon.group(2)) != params.iterations()
                || Integer.parseInt(argon.group(3)) != params.parallelism();
    }

    /** Spends the same time as {@link #matches} for a login name that matches no user; always false. */
    public boolean matchesNobody(String password) {
        matches(password, dummyHash);
        return false;
    }

    private byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[HASH_BYTES];
        withPermit(() -> generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out));
        return out;
    }

    /** bcrypt reads at most 72 bytes of a password: only accounts hashed before Argon2id still use it. */
    private boolean matchesBcrypt(String password, String storedHash) {
        try {
            Password decoded = ModularCrypt.decode(storedHash);
            if (!(decoded instanceof BCryptPassword stored)) {
                return false;
            }
            IteratedSaltedPasswordAlgorithmSpec params =
                    new IteratedSaltedPasswordAlgorithmSpec(stored.getIterationCount(), stored.getSalt());
            EncryptablePasswordSpec spec = new EncryptablePasswordSpec(password.toCharArray(), params);
            BCryptPassword[] candidate = new BCryptPassword[1];
            withPermit(() -> {
                try {
                    candidate[0] = (BCryptPassword) bcrypt.generatePassword(spec);
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException(e);
                }
            });
            return MessageDigest.isEqual(stored.getHash(), candidate[0].getHash());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Runs one hash computation under a permit. A caller that waits longer than {@code chat.auth.hashing.max-wait}
     * gets 503 with Retry-After: the server is saturated and a retry later is the honest answer.
     */
    private void withPermit(Runnable work) {
        boolean acquired;
        try {
            acquired = hashing.tryAcquire(config.hashing().maxWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to hash a password", e);
        }
        if (!acquired) {
            throw new TooManyAttemptsException(
                    503,
                    "Service Unavailable",
                    "Too many sign-in attempts are being checked right now; try again shortly.",
                    1);
        }
        try {
            work.run();
        } finally {
            hashing.release();
        }
    }
}

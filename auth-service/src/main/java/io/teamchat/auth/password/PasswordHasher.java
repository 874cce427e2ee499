package io.teamchat.auth.password;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.teamchat.auth.config.AuthConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.spec.EncryptablePasswordSpec;
import org.wildfly.security.password.spec.IteratedSaltedPasswordAlgorithmSpec;
import org.wildfly.security.password.util.ModularCrypt;

/**
 * bcrypt password hashes in modular-crypt form ({@code $2a$<cost>$...}). bcrypt reads at most 72 bytes of a password;
 * the rest of a longer one does not change the hash.
 */
@ApplicationScoped
public class PasswordHasher {

    @Inject
    AuthConfig config;

    private PasswordFactory factory;
    /** A hash of a random password at the configured cost, checked when the user is unknown so timing matches. */
    private String dummyHash;

    @PostConstruct
    void init() throws GeneralSecurityException {
        factory = PasswordFactory.getInstance(
                BCryptPassword.ALGORITHM_BCRYPT, WildFlyElytronPasswordProvider.getInstance());
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        dummyHash = hash(Base64.getEncoder().encodeToString(random));
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, config.bcryptCost());
    }

    /** Recomputes the hash with the stored salt and cost, compared in constant time (Elytron's own check is not). */
    public boolean matches(String password, String storedHash) {
        try {
            Password decoded = ModularCrypt.decode(storedHash);
            if (!(decoded instanceof BCryptPassword stored)) {
                return false;
            }
            IteratedSaltedPasswordAlgorithmSpec params =
                    new IteratedSaltedPasswordAlgorithmSpec(stored.getIterationCount(), stored.getSalt());
            BCryptPassword candidate = (BCryptPassword)
                    factory.generatePassword(new EncryptablePasswordSpec(password.toCharArray(), params));
            return MessageDigest.isEqual(stored.getHash(), candidate.getHash());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Spends the same time as {@link #matches} for a login name that matches no user; always false. */
    public boolean matchesNobody(String password) {
        matches(password, dummyHash);
        return false;
    }
}

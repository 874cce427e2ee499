package io.teamchat.auth.keys;

import io.quarkus.runtime.Startup;
import io.teamchat.auth.config.AuthConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * The RSA key auth-service signs access tokens with: the configured PEM file when
 * {@code chat.auth.signing-key-location} is set, otherwise the key kept in the database (generated on the very first
 * start). Loaded once at start-up.
 */
@Startup
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final int KEY_BITS = 2048;

    @Inject
    AuthConfig config;

    @Inject
    SigningKeyStore store;

    private ActiveKey active;
    private Map<String, Object> jwks;

    /** The key pair in use and its JWK key id (the RFC 7638 thumbprint of the public key). */
    public record ActiveKey(String kid, RSAPrivateKey privateKey, RSAPublicKey publicKey) {}

    @PostConstruct
    void load() {
        try {
            active = config.signingKeyLocation().isPresent()
                    ? fromFile(Path.of(config.signingKeyLocation().get()))
                    : fromDatabase();
            RsaJsonWebKey jwk = new RsaJsonWebKey(active.publicKey());
            jwk.setKeyId(active.kid());
            jwk.setUse("sig");
            jwk.setAlgorithm("RS256");
            jwks = Map.of("keys", List.of(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
        } catch (IOException | GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("cannot load the access-token signing key: " + e.getMessage(), e);
        }
        LOG.infof("signing access tokens with key %s", active.kid());
    }

    public ActiveKey active() {
        return active;
    }

    /** The JSON Web Key Set (RFC 7517) with the public half of every key tokens may be signed with. */
    public Map<String, Object> jwks() {
        return jwks;
    }

    private static ActiveKey fromFile(Path file) throws IOException, GeneralSecurityException, JoseException {
        RSAPrivateKey privateKey = KeyPem.readPrivateKey(Files.readString(file));
        RSAPublicKey publicKey = KeyPem.publicKeyOf(privateKey);
        return new ActiveKey(thumbprint(publicKey), privateKey, publicKey);
    }

    private ActiveKey fromDatabase() throws GeneralSecurityException {
        SigningKey stored = store.activeOrCreate(SigningKeys::generate);
        RSAPrivateKey privateKey = KeyPem.readPrivateKey(stored.privateKey);
        return new ActiveKey(stored.kid, privateKey, KeyPem.readPublicKey(stored.publicKey));
    }

    private static SigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS);
            KeyPair pair = generator.generateKeyPair();
            SigningKey key = new SigningKey();
            key.kid = thumbprint((RSAPublicKey) pair.getPublic());
            key.privateKey = KeyPem.privateKey((RSAPrivateKey) pair.getPrivate());
            key.publicKey = KeyPem.publicKey((RSAPublicKey) pair.getPublic());
            return key;
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("cannot generate a signing key", e);
        }
    }

    private static String thumbprint(RSAPublicKey key) throws JoseException {
        return new RsaJsonWebKey(key).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
    }
}

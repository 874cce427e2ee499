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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Inject
    StoredKeyCipher cipher;

    private ActiveKey active;
    /** Every key a valid token may name in its {@code kid}: the active one and the previous ones. */
    private Map<String, RSAPublicKey> verificationKeys;

    private Map<String, Object> jwks;

    /**
     * The key pair in use, its JWK key id (the RFC 7638 thumbprint of the public key) and since when it exists (the
     * row's creation, or the PEM file's last change): its age is what rotation is due by.
     */
    public record ActiveKey(String kid, RSAPrivateKey privateKey, RSAPublicKey publicKey, Instant since) {}

    @PostConstruct
    void load() {
        try {
            active = config.signingKeyLocation().isPresent()
                    ? fromFile(Path.of(config.signingKeyLocation().get()))
                    : fromDatabase();
            Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
            keys.put(active.kid(), active.publicKey());
            for (String location : config.previousSigningKeyLocations().orElse(List.of())) {
                RSAPublicKey previous = publicKeyFromFile(Path.of(location));
                keys.putIfAbsent(thumbprint(previous), previous);
            }
            verificationKeys = Map.copyOf(keys);
            List<Map<String, Object>> published = new ArrayList<>();
            for (Map.Entry<String, RSAPublicKey> key : keys.entrySet()) {
                RsaJsonWebKey jwk = new RsaJsonWebKey(key.getValue());
                jwk.setKeyId(key.getKey());
                jwk.setUse("sig");
                jwk.setAlgorithm("RS256");
                published.add(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            }
            jwks = Map.of("keys", List.copyOf(published));
        } catch (IOException | GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("cannot load the access-token signing key: " + e.getMessage(), e);
        }
        LOG.infof("signing access tokens with key %s; verifying %s", active.kid(), verificationKeys.keySet());
    }

    /** The public key for a token's {@code kid}, if it is one of ours. */
    public Optional<RSAPublicKey> verificationKey(String kid) {
        return Optional.ofNullable(kid == null ? null : verificationKeys.get(kid));
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
        Instant since = Files.getLastModifiedTime(file).toInstant();
        return new ActiveKey(thumbprint(publicKey), privateKey, publicKey, since);
    }

    /** A previous key's file: its private key (the file that used to sign) or just its public key. */
    private static RSAPublicKey publicKeyFromFile(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file);
        return pem.contains("PRIVATE KEY") ? KeyPem.publicKeyOf(KeyPem.readPrivateKey(pem)) : KeyPem.readPublicKey(pem);
    }

    private ActiveKey fromDatabase() throws GeneralSecurityException {
        SigningKey stored = store.activeOrCreate(SigningKeys::generate);
        if (!cipher.encrypts()) {
            LOG.warn("the signing key is stored unencrypted: set AUTH_SIGNING_KEY_ENCRYPTION_KEY (or use a key file,"
                    + " AUTH_SIGNING_KEY_LOCATION) in production");
        }
        RSAPrivateKey privateKey = KeyPem.readPrivateKey(cipher.reveal(stored.kid, stored.privateKey));
        return new ActiveKey(stored.kid, privateKey, KeyPem.readPublicKey(stored.publicKey), stored.createdAt);
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

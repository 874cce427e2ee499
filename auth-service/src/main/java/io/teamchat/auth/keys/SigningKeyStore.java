package io.teamchat.auth.keys;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/** The generated signing key in {@code auth.signing_keys}, created once for all replicas. */
@ApplicationScoped
class SigningKeyStore {

    @Inject
    EntityManager em;

    @Inject
    StoredKeyCipher cipher;

    /**
     * The active key, creating it from {@code generate} if there is none. Replicas starting together all insert;
     * the partial unique index on {@code active} lets one win and the others adopt its key. The private half is
     * stored as {@link StoredKeyCipher} protects it; a key stored in plain before a key-encryption key was configured
     * is encrypted in place. Returns the key as stored.
     */
    @Transactional
    SigningKey activeOrCreate(Supplier<SigningKey> generate) {
        SigningKey existing = SigningKey.findActive();
        if (existing != null) {
            if (cipher.encrypts() && cipher.isPlain(existing.privateKey)) {
                existing.privateKey = cipher.protect(existing.kid, existing.privateKey);
            }
            return existing;
        }
        SigningKey fresh = generate.get();
        em.createQuery("insert into SigningKey (kid, privateKey, publicKey, active, createdAt)"
                        + " values (?1, ?2, ?3, true, ?4) on conflict do nothing")
                .setParameter(1, fresh.kid)
                .setParameter(2, cipher.protect(fresh.kid, fresh.privateKey))
                .setParameter(3, fresh.publicKey)
                .setParameter(4, Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .executeUpdate();
        return SigningKey.findActive();
    }
}

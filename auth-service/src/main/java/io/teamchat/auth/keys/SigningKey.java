package io.teamchat.auth.keys;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored access-token signing key pair (PEM text), shared by all replicas. */
@Entity
@Table(name = "signing_keys")
public class SigningKey extends PanacheEntityBase {

    @Id
    public String kid;

    /** PKCS#8, PEM. */
    @Column(name = "private_key", nullable = false)
    public String privateKey;

    /** X.509 SubjectPublicKeyInfo, PEM. */
    @Column(name = "public_key", nullable = false)
    public String publicKey;

    @Column(nullable = false)
    public boolean active;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    static SigningKey findActive() {
        return find("active", true).firstResult();
    }
}

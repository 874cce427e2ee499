package io.teamchat.auth.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One issued refresh token, stored as its SHA-256 only. All tokens rotated from one login share a family. */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "family_id", nullable = false)
    public UUID familyId;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "token_hash", nullable = false, length = 64)
    public String tokenHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** This token's end: its idle lifetime from issue, never past {@link #familyExpiresAt}. */
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** The family's absolute end, the same on every token of the family. */
    @Column(name = "family_expires_at", nullable = false)
    public Instant familyExpiresAt;

    /** The successor issued for this token, sealed with a key only this token's holder has; grace window only. */
    @Column(name = "successor_sealed")
    public byte[] successorSealed;

    /** Set when this token was exchanged for a new one; presenting it again means it was stolen. */
    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** Locked for the rest of the transaction, so two concurrent refreshes of one token cannot both succeed. */
    static Optional<RefreshToken> findByHashForUpdate(String tokenHash) {
        return find("tokenHash", tokenHash)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    static Optional<RefreshToken> findByHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResultOptional();
    }

    static void revokeFamily(UUID familyId, Instant at) {
        update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", at, familyId);
    }

    static void revokeAllOfUser(UUID userId, Instant at) {
        update("revokedAt = ?1 where userId = ?2 and revokedAt is null", at, userId);
    }

    /** Rows that can no longer do anything: expired or revoked tokens answer 401 whether present or not. */
    static long deleteDead(Instant now) {
        return delete("expiresAt < ?1 or revokedAt is not null", now);
    }

    /** Successors past the grace window are never handed out again: drop them. */
    static long forgetSuccessorsUsedBefore(Instant before) {
        return update("successorSealed = null where successorSealed is not null and usedAt < ?1", before);
    }
}

package io.teamchat.presence.status;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A user's custom status: text, emoji, or both. */
@Entity
@Table(name = "user_status")
public class UserStatus {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    public String text;

    public String emoji;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

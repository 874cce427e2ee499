package io.teamchat.presence.lastseen;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** When a user's last socket closed. */
@Entity
@Table(name = "last_seen")
public class LastSeen {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "last_seen", nullable = false)
    public Instant lastSeen;
}

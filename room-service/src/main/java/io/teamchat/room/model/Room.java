package io.teamchat.room.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A chat room; direct rooms carry the pair of their two users in {@code directKey}. */
@Entity
@Table(name = "rooms")
public class Room {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    public String description;

    @Column(name = "is_private", nullable = false)
    public boolean isPrivate;

    @Column(name = "is_direct", nullable = false)
    public boolean isDirect;

    @Column(name = "created_by", nullable = false)
    public UUID createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "direct_key")
    public String directKey;
}

package io.teamchat.room.model;

import io.teamchat.membership.RoomRole;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One user's membership of one room. */
@Entity
@Table(name = "room_members")
@IdClass(RoomMember.Key.class)
public class RoomMember {

    @Id
    @Column(name = "room_id")
    public UUID roomId;

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "role", nullable = false)
    public RoomRole role;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    /** The composite primary key (room_id, user_id). */
    public static class Key implements Serializable {
        public UUID roomId;
        public UUID userId;

        public Key() {}

        public Key(UUID roomId, UUID userId) {
            this.roomId = roomId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(roomId, key.roomId) && Objects.equals(userId, key.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(roomId, userId);
        }
    }
}

package io.teamchat.membership;

import java.util.Map;
import java.util.UUID;

/**
 * Everything the cache keeps about one room at one version: room-service writes it after each committed change.
 * {@code version} grows with every membership change of the room (room-service's {@code membership_version}), so
 * a snapshot that arrives late never overwrites a newer one.
 */
public record RoomSnapshot(
        UUID roomId, long version, boolean isPrivate, boolean isDirect, Map<UUID, RoomRole> members) {

    public RoomSnapshot {
        members = Map.copyOf(members);
    }
}

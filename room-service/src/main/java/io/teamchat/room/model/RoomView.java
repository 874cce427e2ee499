package io.teamchat.room.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.teamchat.membership.RoomRole;
import java.time.Instant;
import java.util.UUID;

/** A room as contract.md shows it; {@code myRole} is the caller's role, null when not a member. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RoomView(
        UUID id,
        String name,
        String description,
        @JsonProperty("isPrivate") boolean isPrivate,
        @JsonProperty("isDirect") boolean isDirect,
        UUID createdBy,
        Instant createdAt,
        Instant updatedAt,
        long memberCount,
        RoomRole myRole) {

    public static RoomView of(Room room, long memberCount, RoomRole myRole) {
        return new RoomView(
                room.id,
                room.name,
                room.description,
                room.isPrivate,
                room.isDirect,
                room.createdBy,
                room.createdAt,
                room.updatedAt,
                memberCount,
                myRole);
    }
}

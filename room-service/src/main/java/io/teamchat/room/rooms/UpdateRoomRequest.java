package io.teamchat.room.rooms;

import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /api/rooms/{id}}: absent fields stay as they are; an empty or blank description clears it. Text is
 * trimmed before it is validated.
 */
public record UpdateRoomRequest(
        @Size(min = 1, max = 80) String name,
        @Size(max = 500) String description) {

    public UpdateRoomRequest {
        name = Texts.trim(name);
        description = Texts.trim(description);
    }
}

package io.teamchat.room.rooms;

import io.teamchat.common.validation.DisplayName;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /api/rooms/{id}}: absent fields stay as they are; an empty or blank description clears it. Text is
 * trimmed before it is validated.
 */
public record UpdateRoomRequest(
        @Size(min = 1, max = 80) @DisplayName String name,

        @Size(max = 500) @Pattern(regexp = Texts.NO_NUL, message = Texts.NO_NUL_MESSAGE) String description) {

    public UpdateRoomRequest {
        name = Texts.trim(name);
        description = Texts.trim(description);
    }
}

package io.teamchat.room.rooms;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.teamchat.common.validation.DisplayName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/rooms}. Text is trimmed before it is validated, so "  a  " is the one-character name "a". */
public record CreateRoomRequest(
        @NotBlank @Size(max = 80) @DisplayName String name,

        @Size(max = 500) @Pattern(regexp = Texts.NO_NUL, message = Texts.NO_NUL_MESSAGE) String description,

        @JsonProperty("isPrivate") @NotNull Boolean isPrivate) {

    public CreateRoomRequest {
        name = Texts.trim(name);
        description = Texts.trimToNull(description);
    }
}

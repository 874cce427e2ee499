package io.teamchat.room.readstate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.teamchat.room.model.RoomView;
import java.util.UUID;

/**
 * A room in {@code GET /api/rooms}: the room and the caller's read state in it (docs/conversation.md, "Read state").
 * The counts are left out when message-service could not be asked (the list still answers).
 */
public record MyRoomView(
        @JsonUnwrapped RoomView room,
        @JsonInclude(JsonInclude.Include.ALWAYS) UUID lastReadId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long unreadCount,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long mentionCount) {}

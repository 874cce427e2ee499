package io.teamchat.common.events;

import java.util.UUID;

/**
 * A user's read marker in a room after a {@code room.mark-read} command: {@code lastReadId} is the marker as stored,
 * which is never behind the one before (a command naming an older message leaves it where it was).
 */
public record RoomRead(UUID userId, UUID roomId, UUID lastReadId, UUID commandId) {}

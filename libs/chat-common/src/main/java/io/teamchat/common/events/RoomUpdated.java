package io.teamchat.common.events;

import java.util.UUID;

/** room-service: the room's name or description as they are after the change. */
public record RoomUpdated(UUID roomId, String name, String description) {}

package io.teamchat.common.events;

import java.util.UUID;

/** room-service: a room was deleted. message-service removes its messages; gateways unsubscribe its sockets. */
public record RoomDeleted(UUID roomId) {}

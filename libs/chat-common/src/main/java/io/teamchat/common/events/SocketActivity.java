package io.teamchat.common.events;

import java.util.UUID;

/**
 * gateway -> presence-service: the client of one socket reported that its user is idle (no input for the client's
 * idle time) or active again. A user is away while every open socket of theirs is idle.
 */
public record SocketActivity(UUID userId, String socketId, String gatewayId, boolean idle) {}

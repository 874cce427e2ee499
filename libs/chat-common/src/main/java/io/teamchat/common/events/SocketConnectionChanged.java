package io.teamchat.common.events;

import java.util.UUID;

/** gateway -> presence-service: one socket of a user opened or closed on one gateway instance. */
public record SocketConnectionChanged(UUID userId, String socketId, String gatewayId) {}

package io.teamchat.gateway.socket;

/** CDI event: a connected chat socket ended (DISCONNECT or its connection closed). */
public record SocketDisconnected(AuthUser user, String socketId) {}

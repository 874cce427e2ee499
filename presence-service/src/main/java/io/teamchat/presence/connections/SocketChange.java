package io.teamchat.presence.connections;

import java.time.Instant;
import java.util.UUID;

/** One change of a user's sockets, as a gateway reported it on the connections stream (or the sweep made it). */
public sealed interface SocketChange {

    UUID userId();

    String socketId();

    /** A socket opened on gateway instance {@code gatewayId}. */
    record Opened(UUID userId, String socketId, String gatewayId) implements SocketChange {}

    /**
     * The event {@code eventId} says the socket closed at {@code closedAt} (the event's time, not the clock, so a
     * redelivered event stores the same last-seen time).
     */
    record Closed(UUID userId, String socketId, String gatewayId, String eventId, Instant closedAt)
            implements SocketChange {}

    /** The socket's client reported its user idle or active again. */
    record Activity(UUID userId, String socketId, boolean idle) implements SocketChange {}
}

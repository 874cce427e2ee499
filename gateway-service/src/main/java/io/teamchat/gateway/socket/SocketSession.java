package io.teamchat.gateway.socket;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netty.channel.EventLoop;
import io.teamchat.gateway.engine.EngineConnection;
import io.teamchat.gateway.engine.SharedText;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Socket.IO socket: a namespace joined on one Engine.IO connection, from the accepted CONNECT until its
 * DISCONNECT or the connection's end. Touched from event loops, the JWT worker and the fan-out reader, hence the
 * volatile field and concurrent set.
 */
public final class SocketSession {

    /** Policy violation: the session's access token is no longer valid. */
    static final int CLOSE_TOKEN_EXPIRED = 1008;

    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** Authenticated sockets, the soonest expiring token first. */
    static final Comparator<SocketSession> BY_TOKEN_EXPIRY = Comparator.comparing(
                    (SocketSession session) -> session.user().expiresAt())
            .thenComparingLong(session -> session.sequence);

    private final EngineConnection connection;
    private final String namespace;
    private final String socketId;
    private final AuthUser user;
    private final Set<UUID> rooms = ConcurrentHashMap.newKeySet();
    private volatile boolean connected = true;
    private final long connectedAtNanos = System.nanoTime();
    /** Tells apart sockets whose tokens expire at the same instant in {@link #BY_TOKEN_EXPIRY}. */
    private final long sequence = SEQUENCE.incrementAndGet();

    SocketSession(EngineConnection connection, String namespace, String socketId, AuthUser user) {
        this.connection = connection;
        this.namespace = namespace;
        this.socketId = socketId;
        this.user = user;
    }

    /** The Engine.IO session id of the connection carrying this socket. */
    public String connectionId() {
        return connection.id();
    }

    public String namespace() {
        return namespace;
    }

    long connectedAtNanos() {
        return connectedAtNanos;
    }

    /** The authenticated user; null in namespaces without users (the conformance echo). */
    public AuthUser user() {
        return user;
    }

    public String socketId() {
        return socketId;
    }

    /** Until DISCONNECT or the end of the connection. */
    public boolean isConnected() {
        return connected && connection.isOpen();
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    public Set<UUID> rooms() {
        return rooms;
    }

    void disconnected() {
        connected = false;
    }

    /** Sends one Engine.IO packet (a frame from {@link SocketPacket#frame}); dropped once the connection closed. */
    public void send(String frame) {
        connection.send(frame);
    }

    /** The event loop that writes this socket's frames, or null when it has none (polling). */
    EventLoop writeLoop() {
        return connection.writeLoop();
    }

    /** Sends a frame that other sockets get too ({@link ServerEvent#broadcast}): its bytes are encoded once. */
    public void send(SharedText frame) {
        connection.send(frame);
    }

    /** Sends an EVENT or ACK in this socket's namespace, binary arguments as attachments. */
    public void send(int type, Long ackId, ArrayNode args) {
        SocketPacket.Encoded encoded = SocketPacket.encode(type, namespace, ackId, args);
        connection.send(encoded.frame());
        for (byte[] attachment : encoded.attachments()) {
            connection.sendBinary(Buffer.buffer(attachment));
        }
    }

    /** True when the socket is connected with an access token whose {@code exp} has passed. */
    boolean tokenExpired(Instant now) {
        return user != null && isConnected() && user.isExpired(now);
    }

    /**
     * Ends a socket whose token expired by closing its connection (not a Socket.IO DISCONNECT {@code 41}, after
     * which socket.io-client would stay down): the client sees "transport close", reconnects by itself and sends
     * CONNECT with its current token.
     */
    void closeExpired() {
        close(CLOSE_TOKEN_EXPIRED, "access token expired");
    }

    /**
     * Ends the socket of an account that was disabled: a Socket.IO DISCONNECT first (socket.io-client then does not
     * reconnect by itself; "io server disconnect"), then the connection closes.
     */
    public void closeDisabled() {
        send(SocketPacket.frame(SocketPacket.DISCONNECT, namespace, null, null));
        close(CLOSE_TOKEN_EXPIRED, "account disabled");
    }

    /** Closes the whole connection (every namespace on it). */
    public void close(int code, String reason) {
        connection.close(code, reason);
    }
}

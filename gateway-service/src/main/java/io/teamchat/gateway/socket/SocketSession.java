package io.teamchat.gateway.socket;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One Engine.IO connection and the Socket.IO socket on it. Touched from the connection's event loop, the JWT
 * worker and the fan-out reader, hence the volatile fields and concurrent set.
 */
public final class SocketSession {

    private static final Logger LOG = Logger.getLogger(SocketSession.class);
    /** Policy violation: the session's access token is no longer valid. */
    static final int CLOSE_TOKEN_EXPIRED = 1008;

    private final WebSocketConnection connection;
    private final String engineId;
    private final long openedAtNanos;
    private final Set<UUID> rooms = ConcurrentHashMap.newKeySet();
    private volatile long lastPongNanos;
    private volatile AuthUser user;
    private volatile String socketId;
    private volatile boolean connecting;
    private volatile boolean closed;

    SocketSession(WebSocketConnection connection, String engineId) {
        this.connection = connection;
        this.engineId = engineId;
        this.openedAtNanos = System.nanoTime();
        this.lastPongNanos = openedAtNanos;
    }

    public String connectionId() {
        return connection.id();
    }

    public String engineId() {
        return engineId;
    }

    /** The authenticated user, or null before a successful CONNECT. */
    public AuthUser user() {
        return user;
    }

    public String socketId() {
        return socketId;
    }

    public boolean isConnected() {
        return user != null;
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    public Set<UUID> rooms() {
        return rooms;
    }

    long openedAtNanos() {
        return openedAtNanos;
    }

    long lastPongNanos() {
        return lastPongNanos;
    }

    void ponged() {
        lastPongNanos = System.nanoTime();
    }

    boolean isConnecting() {
        return connecting;
    }

    void setConnecting(boolean connecting) {
        this.connecting = connecting;
    }

    void connected(AuthUser user, String socketId) {
        this.socketId = socketId;
        this.user = user;
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    void disconnected() {
        this.user = null;
        this.socketId = null;
    }

    /** Sends one text frame; failures (the peer went away) only matter to the close handler. */
    public void send(String frame) {
        if (!connection.isOpen()) {
            return;
        }
        connection
                .sendText(frame)
                .subscribe()
                .with(
                        ignored -> {},
                        failure ->
                                LOG.debugf("send to connection %s failed: %s", connection.id(), failure.getMessage()));
    }

    /** True when the socket is connected with an access token whose {@code exp} has passed. */
    boolean tokenExpired(Instant now) {
        AuthUser current = user;
        return current != null && current.isExpired(now);
    }

    /**
     * Ends a socket whose token expired with a websocket close (not a Socket.IO DISCONNECT {@code 41}, after which
     * socket.io-client would stay down): the client sees "transport close", reconnects by itself and sends CONNECT
     * with its current token.
     */
    void closeExpired() {
        close(CLOSE_TOKEN_EXPIRED, "access token expired");
    }

    public void close(int code, String reason) {
        if (connection.isOpen()) {
            connection.close(new CloseReason(code, reason)).subscribe().with(ignored -> {}, failure -> {});
        }
    }
}

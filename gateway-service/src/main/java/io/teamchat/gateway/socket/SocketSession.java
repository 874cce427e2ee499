package io.teamchat.gateway.socket;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
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

    public void close(int code, String reason) {
        if (connection.isOpen()) {
            connection.close(new CloseReason(code, reason)).subscribe().with(ignored -> {}, failure -> {});
        }
    }
}

package io.teamchat.gateway.socket;

import io.quarkus.websockets.next.WebSocketConnection;
import io.teamchat.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's sockets, and which of them are subscribed to which room. Local state only: every instance
 * reads every event, so each delivers to its own sockets.
 */
@ApplicationScoped
public class SocketRegistry {

    private final ConcurrentHashMap<String, SocketSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, Set<SocketSession>> roomSubscribers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, Set<SocketSession>> userSockets = new ConcurrentHashMap<>();
    /** Rooms of users whose last local socket closed, so their "offline" presence still reaches room mates. */
    private final ConcurrentHashMap<UUID, RememberedRooms> departedUsers = new ConcurrentHashMap<>();

    private final long presenceMemoryNanos;

    private record RememberedRooms(Set<UUID> rooms, long untilNanos) {}

    public SocketRegistry(GatewayConfig config) {
        this.presenceMemoryNanos = config.presenceRoomMemory().toNanos();
    }

    SocketSession open(WebSocketConnection connection, String engineId) {
        SocketSession session = new SocketSession(connection, engineId);
        sessions.put(connection.id(), session);
        return session;
    }

    SocketSession get(WebSocketConnection connection) {
        return sessions.get(connection.id());
    }

    Collection<SocketSession> all() {
        return sessions.values();
    }

    /** A socket that ended: who it was, for the connection event. */
    public record Departed(AuthUser user, String socketId) {}

    /**
     * Marks the socket connected; false when its connection closed meanwhile (the token check is asynchronous),
     * so a closed socket never stays registered.
     */
    boolean authenticated(SocketSession session, AuthUser user, String socketId) {
        synchronized (session) {
            if (session.isClosed()) {
                return false;
            }
            session.connected(user, socketId);
            userSockets
                    .computeIfAbsent(user.id(), id -> ConcurrentHashMap.newKeySet())
                    .add(session);
            departedUsers.remove(user.id());
            return true;
        }
    }

    /** Ends the Socket.IO socket (the Engine.IO connection may stay); null when it was not connected. */
    Departed disconnect(SocketSession session) {
        synchronized (session) {
            return disconnectLocked(session);
        }
    }

    private Departed disconnectLocked(SocketSession session) {
        AuthUser user = session.user();
        String socketId = session.socketId();
        if (user == null) {
            return null;
        }
        Set<UUID> rooms = Set.copyOf(session.rooms());
        for (UUID roomId : rooms) {
            unsubscribe(session, roomId);
        }
        session.disconnected();
        userSockets.computeIfPresent(user.id(), (id, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
        if (!userSockets.containsKey(user.id()) && !rooms.isEmpty()) {
            departedUsers.merge(
                    user.id(),
                    new RememberedRooms(rooms, System.nanoTime() + presenceMemoryNanos),
                    (old, now) -> new RememberedRooms(union(old.rooms(), now.rooms()), now.untilNanos()));
        }
        return new Departed(user, socketId);
    }

    /** Forgets a closed connection; null when it had no connected socket. */
    Departed close(WebSocketConnection connection) {
        SocketSession session = sessions.remove(connection.id());
        if (session == null) {
            return null;
        }
        synchronized (session) {
            session.markClosed();
            return disconnectLocked(session);
        }
    }

    /** Subscribes a connected socket; false when it was disconnected or closed meanwhile. */
    public boolean subscribe(SocketSession session, UUID roomId) {
        synchronized (session) {
            if (session.isClosed() || !session.isConnected()) {
                return false;
            }
            session.rooms().add(roomId);
            roomSubscribers
                    .computeIfAbsent(roomId, id -> ConcurrentHashMap.newKeySet())
                    .add(session);
            return true;
        }
    }

    public void unsubscribe(SocketSession session, UUID roomId) {
        session.rooms().remove(roomId);
        roomSubscribers.computeIfPresent(roomId, (id, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    /** The rooms at least one socket here is subscribed to. */
    public Set<UUID> subscribedRooms() {
        return Set.copyOf(roomSubscribers.keySet());
    }

    public Collection<SocketSession> subscribers(UUID roomId) {
        Set<SocketSession> set = roomSubscribers.get(roomId);
        return set == null ? List.of() : set;
    }

    /**
     * Sockets subscribed to a room in which {@code userId} has (or recently had) a subscribed socket on this
     * instance. Rooms the user is in but watches from no socket here are not known to this instance.
     */
    public Set<SocketSession> roomMatesOf(UUID userId) {
        Set<UUID> rooms = new HashSet<>();
        for (SocketSession own : userSockets.getOrDefault(userId, Set.of())) {
            rooms.addAll(own.rooms());
        }
        RememberedRooms remembered = departedUsers.get(userId);
        if (remembered != null) {
            rooms.addAll(remembered.rooms());
        }
        Set<SocketSession> mates = new HashSet<>();
        for (UUID roomId : rooms) {
            mates.addAll(subscribers(roomId));
        }
        return mates;
    }

    /** This instance's connected sockets of a user (subscribed to any rooms or none). */
    public Collection<SocketSession> socketsOf(UUID userId) {
        Set<SocketSession> set = userSockets.get(userId);
        return set == null ? List.of() : List.copyOf(set);
    }

    public int connectedCount() {
        int count = 0;
        for (Set<SocketSession> set : userSockets.values()) {
            count += set.size();
        }
        return count;
    }

    public int openCount() {
        return sessions.size();
    }

    void purgeExpired() {
        long now = System.nanoTime();
        departedUsers.values().removeIf(r -> now - r.untilNanos() > 0);
    }

    private static Set<UUID> union(Set<UUID> a, Set<UUID> b) {
        Set<UUID> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}

package io.teamchat.gateway.socket;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * This instance's sockets, and which of them are subscribed to which room. Local state only: each instance receives
 * the events of the rooms its sockets are subscribed to (it tells {@link RoomInterest} when a room gains its first
 * subscriber here and loses its last) and delivers them to its own sockets.
 */
@ApplicationScoped
public class SocketRegistry {

    private final AtomicInteger openConnections = new AtomicInteger();
    private final List<Consumer<Departed>> departureListeners = new CopyOnWriteArrayList<>();
    private final List<RoomInterest> roomInterest = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<UUID, Set<SocketSession>> roomSubscribers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, Set<SocketSession>> userSockets = new ConcurrentHashMap<>();
    /** The registered sockets by token expiry: the housekeeping's tick looks at the expired ones, not at all. */
    private final ConcurrentSkipListSet<SocketSession> byTokenExpiry =
            new ConcurrentSkipListSet<>(SocketSession.BY_TOKEN_EXPIRY);

    void opened() {
        openConnections.incrementAndGet();
    }

    void closed() {
        openConnections.decrementAndGet();
    }

    /** A socket that ended: who it was, for the connection event, and how long it was connected (metrics). */
    public record Departed(AuthUser user, String socketId, Duration connectedFor) {}

    /** Tells {@code listener} of every socket that ends (the metrics' session durations); it must be quick. */
    public void onDeparture(Consumer<Departed> listener) {
        departureListeners.add(listener);
    }

    /** Who needs to know which rooms have subscribers here (the live fan-out subscribes to their channels). */
    public interface RoomInterest {
        /** The room has its first subscriber here. Called while the registry holds the room's entry: be quick. */
        void firstSubscriber(UUID roomId);

        /** The room's last subscriber here left. Called while the registry holds the room's entry: be quick. */
        void lastSubscriberLeft(UUID roomId);
    }

    public void onRoomInterest(RoomInterest listener) {
        roomInterest.add(listener);
    }

    /** Registers a connected socket of a user; false when it was disconnected meanwhile. */
    boolean authenticated(SocketSession session) {
        synchronized (session) {
            if (!session.isConnected()) {
                return false;
            }
            userSockets
                    .computeIfAbsent(session.user().id(), id -> ConcurrentHashMap.newKeySet())
                    .add(session);
            byTokenExpiry.add(session);
            return true;
        }
    }

    /** Ends the socket (DISCONNECT or the connection closed); null when it was already ended. */
    Departed disconnect(SocketSession session) {
        synchronized (session) {
            AuthUser user = session.user();
            boolean registered = user != null
                    && userSockets.getOrDefault(user.id(), Set.of()).contains(session);
            session.disconnected();
            Set<UUID> rooms = Set.copyOf(session.rooms());
            for (UUID roomId : rooms) {
                unsubscribe(session, roomId);
            }
            if (!registered) {
                return null;
            }
            userSockets.computeIfPresent(user.id(), (id, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
            byTokenExpiry.remove(session);
            Departed departed = new Departed(
                    user, session.socketId(), Duration.ofNanos(System.nanoTime() - session.connectedAtNanos()));
            departureListeners.forEach(listener -> listener.accept(departed));
            return departed;
        }
    }

    /** The connected sockets whose access token expired by {@code now}. */
    public List<SocketSession> tokenExpiredBy(Instant now) {
        List<SocketSession> expired = new ArrayList<>();
        for (SocketSession session : byTokenExpiry) {
            if (!session.user().isExpired(now)) {
                break; // the rest expire later
            }
            if (session.isConnected()) {
                expired.add(session);
            }
        }
        return expired;
    }

    /** What {@link #tokenExpiredBy} looks through: a socket that left must not stay in it (tests). */
    List<SocketSession> heldForTokenExpiry() {
        return List.copyOf(byTokenExpiry);
    }

    /** Every connected socket of this instance. */
    public List<SocketSession> connected() {
        List<SocketSession> all = new ArrayList<>();
        for (Set<SocketSession> set : userSockets.values()) {
            all.addAll(set);
        }
        return all;
    }

    /** Subscribes a connected socket; false when it was disconnected or closed meanwhile. */
    public boolean subscribe(SocketSession session, UUID roomId) {
        synchronized (session) {
            if (!session.isConnected()) {
                return false;
            }
            session.rooms().add(roomId);
            roomSubscribers.compute(roomId, (id, set) -> {
                Set<SocketSession> subscribers = set;
                if (subscribers == null) {
                    subscribers = ConcurrentHashMap.newKeySet();
                    roomInterest.forEach(listener -> listener.firstSubscriber(id));
                }
                subscribers.add(session);
                return subscribers;
            });
            return true;
        }
    }

    public void unsubscribe(SocketSession session, UUID roomId) {
        session.rooms().remove(roomId);
        roomSubscribers.computeIfPresent(roomId, (id, set) -> {
            set.remove(session);
            if (!set.isEmpty()) {
                return set;
            }
            roomInterest.forEach(listener -> listener.lastSubscriberLeft(id));
            return null;
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

    /** Open Engine.IO connections, with or without a connected socket. */
    public int openCount() {
        return openConnections.get();
    }
}

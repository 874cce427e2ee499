package io.teamchat.gateway.live;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.teamchat.gateway.socket.ConnectionEvents;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import io.teamchat.streams.LiveRoutes;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This instance's subscriptions to the rooms' sharded pub/sub channels ({@link LiveRoutes#roomChannel}), on one
 * Redis connection of its own: a room is subscribed (SSUBSCRIBE) while a socket here is subscribed to it or a
 * send-message here waits for its outcome in it, and unsubscribed (SUNSUBSCRIBE) when neither is left, so the
 * instance receives the events of its own rooms only. The room's typing channel ({@link #typingChannel}, which only
 * gateways publish to) is subscribed in the same command: same hash tag, so same shard, and Redis applies both at
 * once, so a room confirmed here also hears its typing. The connection only receives: each room's messages are handed
 * to the room's event loop ({@link DeliveryLoops}), which parses them and writes the frames.
 *
 * <p>Pub/sub keeps nothing for a subscriber that is away: when the connection is lost, it is opened again (backing
 * off up to 5 s), every room is subscribed again, and then the sockets that were subscribed to a room when the
 * connection was lost are closed (a transport close, after which clients reconnect by themselves, join their rooms
 * again and {@code sync} what they missed: the contract's reconnect path). Sends waiting meanwhile may time out
 * (504: retried with the same clientMsgId, they are stored once).
 */
@ApplicationScoped
public class RoomChannels implements SocketRegistry.RoomInterest {

    private static final Logger LOG = Logger.getLogger(RoomChannels.class);
    /** Service Restart: the client reconnects by itself. */
    static final int CLOSE_EVENTS_INTERRUPTED = 1012;

    /** Before a room channel's name, names the room's typing channel. */
    private static final String TYPING = "typing:";

    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    /** Why a room is subscribed: its subscribed sockets count once, each waiting send once. */
    private static final class Interest {
        int holders;
        final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    }

    private final Redis redis;
    private final Vertx vertx;
    private final SocketRegistry registry;
    private final String prefix;
    private final String clientName;
    private final DeliveryLoops deliveryLoops;

    // Guarded by this. Never call into the registry or close sockets while holding it (the registry calls in here
    // while it holds a room's entry).
    private final Map<UUID, Interest> rooms = new HashMap<>();
    /** SSUBSCRIBEs sent per room whose confirmation has not come back (confirmations arrive in order). */
    private final Map<UUID, Integer> unconfirmed = new HashMap<>();

    /** Written under the lock; read without it on every message. */
    private volatile RedisConnection connection;

    private boolean stopped;
    private Duration retry = FIRST_RETRY;
    /** Sockets subscribed when the connection was lost: closed once every room is subscribed again. */
    private Set<SocketSession> interrupted = new HashSet<>();

    private volatile BiConsumer<UUID, String> listener = (room, message) -> {};
    private volatile BiConsumer<UUID, String> typingListener = (room, message) -> {};

    public RoomChannels(
            Redis redis,
            Vertx vertx,
            SocketRegistry registry,
            ConnectionEvents instance,
            @ConfigProperty(name = "chat.streams.prefix") String prefix) {
        this.redis = redis;
        this.vertx = vertx;
        this.registry = registry;
        this.prefix = prefix;
        this.clientName = "gateway-live-" + instance.gatewayId();
        this.deliveryLoops = new DeliveryLoops(
                vertx.nettyEventLoopGroup(), Runtime.getRuntime().availableProcessors());
        registry.onRoomInterest(this);
    }

    /** Where each room message goes: {@code (roomId, message)}, on the room's event loop ({@link DeliveryLoops}). */
    public void deliverTo(BiConsumer<UUID, String> listener) {
        this.listener = listener;
    }

    /** Where each typing change goes: {@code (roomId, message)}, on the room's event loop ({@link DeliveryLoops}). */
    public void deliverTypingTo(BiConsumer<UUID, String> listener) {
        this.typingListener = listener;
    }

    /**
     * {@code <prefix>typing:room:{<roomId>}}: the room's typing changes, from gateway to gateway. A channel of its
     * own rather than the room's, so that gateways may publish typing (SPUBLISH) but never a room's domain events;
     * the room's hash tag keeps it on the room channel's shard.
     */
    public static String typingChannel(String prefix, UUID roomId) {
        return LiveRoutes.roomChannel(prefix + TYPING, roomId);
    }

    /** The subscription connection's CLIENT SETNAME (operators and the tests find it in CLIENT LIST by it). */
    public String clientName() {
        return clientName;
    }

    void start(@Observes StartupEvent event) {
        connect();
    }

    void stop(@Observes ShutdownEvent event) {
        RedisConnection open;
        synchronized (this) {
            stopped = true;
            open = connection;
            connection = null;
        }
        if (open != null) {
            open.close();
        }
    }

    @Override
    public void firstSubscriber(UUID roomId) {
        acquire(roomId);
    }

    @Override
    public void lastSubscriberLeft(UUID roomId) {
        release(roomId);
    }

    /**
     * One more reason to receive the room's events; the Uni completes once the subscription is confirmed (at once
     * when it already is). Every acquire needs one {@link #release}.
     */
    public Uni<Void> acquire(UUID roomId) {
        CompletableFuture<Void> subscribed;
        synchronized (this) {
            Interest interest = rooms.computeIfAbsent(roomId, id -> new Interest());
            interest.holders++;
            if (interest.holders == 1 && connection != null) {
                subscribe(connection, roomId);
            }
            subscribed = interest.subscribed;
        }
        return Uni.createFrom().completionStage(subscribed);
    }

    public void release(UUID roomId) {
        synchronized (this) {
            Interest interest = rooms.get(roomId);
            if (interest == null || --interest.holders > 0) {
                return;
            }
            rooms.remove(roomId);
            if (connection != null) {
                connection.send(
                        Request.cmd(Command.SUNSUBSCRIBE).arg(channel(roomId)).arg(typingChannel(prefix, roomId)));
            }
        }
    }

    /** Completes once the room's subscription is confirmed (at once when nothing here needs the room). */
    public Uni<Void> ready(UUID roomId) {
        synchronized (this) {
            Interest interest = rooms.get(roomId);
            return interest == null
                    ? Uni.createFrom().voidItem()
                    : Uni.createFrom().completionStage(interest.subscribed);
        }
    }

    /** The rooms subscribed and confirmed now (tests, diagnostics). */
    public synchronized Set<UUID> subscribedRooms() {
        Set<UUID> confirmed = new HashSet<>();
        rooms.forEach((room, interest) -> {
            if (interest.subscribed.isDone()) {
                confirmed.add(room);
            }
        });
        return confirmed;
    }

    private void connect() {
        redis.connect()
                .compose(opened -> opened.send(
                                Request.cmd(Command.CLIENT).arg("SETNAME").arg(clientName))
                        .map(named -> opened))
                .onSuccess(this::opened)
                .onFailure(failure -> {
                    LOG.warnf("room channels: cannot connect to Redis, retrying: %s", failure.getMessage());
                    retryLater();
                });
    }

    private void opened(RedisConnection opened) {
        opened.handler(push -> received(opened, push));
        opened.exceptionHandler(failure -> lost(opened, failure.toString()));
        opened.endHandler(ignored -> lost(opened, "connection closed"));
        boolean stale;
        synchronized (this) {
            stale = stopped || connection != null;
            if (!stale) {
                connection = opened;
                retry = FIRST_RETRY;
                unconfirmed.clear();
                for (UUID roomId : rooms.keySet()) {
                    subscribe(opened, roomId);
                }
                LOG.infof("room channels: connected, %d rooms subscribed again", rooms.size());
            }
        }
        if (stale) {
            opened.close();
        }
        closeInterruptedOnceSubscribed();
    }

    private void lost(RedisConnection lost, String why) {
        synchronized (this) {
            if (connection != lost) {
                return; // already handled (both the exception and the end handler fire)
            }
            connection = null;
            // Their rooms' events published from now until the resubscription are gone for them.
            for (Map.Entry<UUID, Interest> room : rooms.entrySet()) {
                interrupted.addAll(registry.subscribers(room.getKey()));
                if (room.getValue().subscribed.isDone()) {
                    room.setValue(renewed(room.getValue()));
                }
            }
            if (stopped) {
                return;
            }
        }
        LOG.warnf("room channels: lost the subscription connection (%s); reconnecting", why);
        retryLater();
    }

    /** The same holders, waiting for a new confirmation. */
    private static Interest renewed(Interest old) {
        Interest interest = new Interest();
        interest.holders = old.holders;
        return interest;
    }

    private void retryLater() {
        Duration wait;
        synchronized (this) {
            if (stopped) {
                return;
            }
            wait = retry;
            retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
        }
        vertx.setTimer(wait.toMillis(), id -> connect());
    }

    /** Caller holds the lock. */
    private void subscribe(RedisConnection on, UUID roomId) {
        unconfirmed.merge(roomId, 1, Integer::sum);
        on.send(Request.cmd(Command.SSUBSCRIBE).arg(channel(roomId)).arg(typingChannel(prefix, roomId)));
    }

    /** Push messages of the subscription connection: confirmations and the rooms' events. */
    private void received(RedisConnection from, Response push) {
        if (from != connection) {
            return; // a connection given up already
        }
        if (push == null || push.size() < 3) {
            return;
        }
        String kind = push.get(0).toString();
        String channel = push.get(1).toString();
        Optional<UUID> roomId = LiveRoutes.roomOfChannel(prefix, channel);
        if (roomId.isEmpty()) {
            // a typing channel: its confirmation comes with the room's (one SSUBSCRIBE), so only messages matter
            if ("smessage".equals(kind)) {
                roomOfTypingChannel(channel).ifPresent(room -> {
                    String message = push.get(2).toString();
                    deliveryLoops.of(room).execute(() -> typingListener.accept(room, message));
                });
            }
            return;
        }
        switch (kind) {
            case "smessage" -> {
                UUID room = roomId.get();
                String message = push.get(2).toString();
                deliveryLoops.of(room).execute(() -> listener.accept(room, message));
            }
            case "ssubscribe" -> confirmed(roomId.get());
            default -> {
                // sunsubscribe confirmations: nothing waits for them
            }
        }
    }

    private void confirmed(UUID roomId) {
        CompletableFuture<Void> subscribed = null;
        synchronized (this) {
            Integer left = unconfirmed.computeIfPresent(roomId, (id, count) -> count > 1 ? count - 1 : null);
            Interest interest = rooms.get(roomId);
            if (left == null && interest != null) {
                subscribed = interest.subscribed;
            }
        }
        if (subscribed != null) {
            subscribed.complete(null);
        }
        closeInterruptedOnceSubscribed();
    }

    /** After a reconnection, once every room is confirmed: the sockets that may have missed events catch up. */
    private void closeInterruptedOnceSubscribed() {
        List<SocketSession> toClose;
        synchronized (this) {
            if (connection == null || !unconfirmed.isEmpty() || interrupted.isEmpty()) {
                return;
            }
            toClose = List.copyOf(interrupted);
            interrupted = new HashSet<>();
        }
        LOG.infof(
                "room channels: closing %d sockets that may have missed events; they reconnect and sync",
                toClose.size());
        for (SocketSession socket : toClose) {
            socket.close(CLOSE_EVENTS_INTERRUPTED, "events interrupted; reconnect");
        }
    }

    private Optional<UUID> roomOfTypingChannel(String channel) {
        return LiveRoutes.roomOfChannel(prefix + TYPING, channel);
    }

    private String channel(UUID roomId) {
        return LiveRoutes.roomChannel(prefix, roomId);
    }
}

package io.teamchat.gateway.typing;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.teamchat.gateway.socket.SocketDisconnected;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Who is typing where, as seen from the instance where they type. A start reaches the room at most once per
 * {@value #COALESCE_MS} ms per user and room, across gateways (a Redis key set with NX and that expiry); a
 * typing state ends by itself {@value #EXPIRY_MS} ms after its last start, at once on typing-stop, on sending a
 * message, or when the socket that started it goes.
 */
@ApplicationScoped
public class Typing {

    private static final Logger LOG = Logger.getLogger(Typing.class);
    static final long COALESCE_MS = 3000;
    static final long EXPIRY_MS = 5000;

    private record Key(UUID userId, UUID roomId) {}

    private record State(String socketId, long expiryTimer) {}

    private final ConcurrentHashMap<Key, State> typing = new ConcurrentHashMap<>();
    private final TypingFanout fanout;
    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final String keyPrefix;

    public Typing(
            TypingFanout fanout,
            ReactiveRedisDataSource redis,
            Vertx vertx,
            @ConfigProperty(name = "chat.streams.prefix") String prefix) {
        this.fanout = fanout;
        this.redis = redis;
        this.vertx = vertx;
        this.keyPrefix = prefix + "typing:";
    }

    /** A start: (re)arms the expiry; announced unless one was announced in the last 3 s. */
    public void started(UUID userId, UUID roomId, String socketId) {
        Key key = new Key(userId, roomId);
        long timer = vertx.setTimer(EXPIRY_MS, ignored -> expire(key));
        State previous = typing.put(key, new State(socketId, timer));
        if (previous != null) {
            vertx.cancelTimer(previous.expiryTimer());
        }
        redis.execute("SET", coalesceKey(key), "1", "NX", "PX", Long.toString(COALESCE_MS))
                .subscribe()
                .with(
                        reply -> {
                            if (reply != null) {
                                announce(key, true);
                            }
                        },
                        failure -> LOG.warnf("typing start not coalesced: %s", failure.toString()));
    }

    /** typing-stop, or a message sent: ends the state at once (a no-op when the user was not typing there). */
    public void stopped(UUID userId, UUID roomId) {
        end(new Key(userId, roomId), null);
    }

    void socketGone(@Observes SocketDisconnected gone) {
        for (Key key : List.copyOf(typing.keySet())) {
            if (key.userId().equals(gone.user().id())) {
                end(key, gone.socketId());
            }
        }
    }

    private void expire(Key key) {
        end(key, null);
    }

    /** Ends the state of {@code key} (only if started by {@code socketId}, when given) and announces it. */
    private void end(Key key, String socketId) {
        State state = typing.get(key);
        if (state == null || (socketId != null && !socketId.equals(state.socketId()))) {
            return;
        }
        if (!typing.remove(key, state)) {
            return;
        }
        vertx.cancelTimer(state.expiryTimer());
        // The next start must reach the room at once, not wait out the coalescing window.
        redis.key()
                .del(coalesceKey(key))
                .subscribe()
                .with(ignored -> announce(key, false), failure -> announce(key, false));
    }

    private void announce(Key key, boolean isTyping) {
        fanout.publish(new TypingFanout.TypingChange(key.userId(), key.roomId(), isTyping))
                .subscribe()
                .with(ignored -> {}, failure -> LOG.warnf("typing change not published: %s", failure.toString()));
    }

    private String coalesceKey(Key key) {
        return keyPrefix + key.roomId() + ":" + key.userId();
    }
}

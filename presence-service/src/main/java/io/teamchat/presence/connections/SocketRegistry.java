package io.teamchat.presence.connections;

import io.quarkus.redis.datasource.RedisDataSource;
import io.teamchat.presence.config.PresenceConfig;
import io.teamchat.presence.config.StreamsConfig;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Every user's open sockets, as one Redis set per user ({@code <prefix>presence:sockets:<userId>}), shared by all
 * presence-service replicas. Each change is one Lua script, so "this was the first socket" and "that was the last
 * one" are decided atomically however many replicas apply changes at the same time.
 */
@ApplicationScoped
public class SocketRegistry {

    /**
     * Returned by {@link #open} for a socket that was already closed (its connect arrived late), and by
     * {@link #close} for a close that changes nothing (the socket was closed by another event, or never open).
     */
    public static final long NO_CHANGE = -1;

    // KEYS[1] the user's socket set, KEYS[2] the socket's closed marker; ARGV[1] the socket id.
    private static final String OPEN = """
            if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
            redis.call('SADD', KEYS[1], ARGV[1])
            return redis.call('SCARD', KEYS[1])""";

    // KEYS as above; ARGV[1] the socket id, ARGV[2] seconds to remember the close, ARGV[3] the close event's id.
    // The marker holds the id of the event that closed the socket: the same event again (a redelivery) redoes its
    // work, another event closing the same socket (a duplicate) and a socket that was never open change nothing.
    private static final String CLOSE = """
            local closedBy = redis.call('GET', KEYS[2])
            if closedBy and closedBy ~= ARGV[3] then return -1 end
            redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[2])
            local removed = redis.call('SREM', KEYS[1], ARGV[1])
            if removed == 0 and not closedBy then return -1 end
            return redis.call('SCARD', KEYS[1])""";

    private static final String COUNT = """
            local counts = {}
            for i, key in ipairs(KEYS) do counts[i] = redis.call('SCARD', key) end
            return counts""";

    private final RedisDataSource redis;
    private final String prefix;
    private final long closedTtlSeconds;

    @Inject
    public SocketRegistry(RedisDataSource redis, StreamsConfig streams, PresenceConfig presence) {
        this.redis = redis;
        this.prefix = streams.prefix();
        this.closedTtlSeconds = Math.max(1, presence.closedSocketTtl().toSeconds());
    }

    /** Adds the socket; returns how many sockets the user has now (1: it is the first), or {@link #NO_CHANGE}. */
    public long open(UUID userId, String socketId) {
        return redis.execute("EVAL", OPEN, "2", socketsKey(userId), closedKey(userId, socketId), socketId)
                .toLong();
    }

    /**
     * Removes the socket as the event {@code eventId} says; returns how many sockets the user still has (0: that
     * was the last one), or {@link #NO_CHANGE}.
     */
    public long close(UUID userId, String socketId, String eventId) {
        return redis.execute(
                        "EVAL",
                        CLOSE,
                        "2",
                        socketsKey(userId),
                        closedKey(userId, socketId),
                        socketId,
                        Long.toString(closedTtlSeconds),
                        eventId)
                .toLong();
    }

    /** Open socket counts of several users in one round trip, in the order asked. */
    public List<Long> socketCounts(List<UUID> userIds) {
        List<String> args = new ArrayList<>(userIds.size() + 2);
        args.add(COUNT);
        args.add(Integer.toString(userIds.size()));
        userIds.forEach(id -> args.add(socketsKey(id)));
        Response counts = redis.execute("EVAL", args.toArray(String[]::new));
        List<Long> result = new ArrayList<>(userIds.size());
        for (int i = 0; i < userIds.size(); i++) {
            result.add(counts.get(i).toLong());
        }
        return result;
    }

    public String socketsKey(UUID userId) {
        return prefix + "presence:sockets:" + userId;
    }

    private String closedKey(UUID userId, String socketId) {
        return prefix + "presence:closed:" + userId + ":" + socketId;
    }
}

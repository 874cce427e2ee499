package io.teamchat.presence.connections;

import io.quarkus.redis.datasource.RedisDataSource;
import io.teamchat.presence.config.PresenceConfig;
import io.teamchat.presence.config.StreamsConfig;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Every user's open sockets, as one Redis set per user ({@code <prefix>presence:sockets:<userId>}), shared by all
 * presence-service replicas, with the sockets of it whose client reported idle ({@code presence:idle:<userId>}) and
 * the sockets each gateway instance holds ({@code presence:gateway-sockets:<gatewayId>}, members
 * {@code <userId>/<socketId>}; the instances in {@code presence:gateways}), so that the sockets of an instance
 * that died can be closed. Each change is one Lua script, so "this was the first socket", "that was the last one"
 * and "now every socket is idle" are decided atomically however many replicas apply changes at the same time.
 */
@ApplicationScoped
public class SocketRegistry {

    /** {@link Change#sockets()} of a change that changed nothing. */
    public static final long NO_CHANGE = -1;

    /**
     * What a change left: how many sockets the user has now ({@link #NO_CHANGE} when nothing changed: a late
     * connect of a closed socket, a close of a socket another event closed or that was never open, activity of a
     * socket not open) and whether the user was away before and is away now.
     */
    public record Change(long sockets, boolean wasAway, boolean away) {

        public boolean changed() {
            return sockets != NO_CHANGE;
        }
    }

    // Away: at least one socket and every one of them idle. Returned by each script as 0/1 before and after.
    private static final String AWAY = """
            local function away(sockets, idle)
              local count = redis.call('SCARD', sockets)
              if count > 0 and redis.call('SCARD', idle) >= count then return 1 end
              return 0
            end
            """;

    // KEYS: sockets, closed marker, idle, gateway's sockets, gateways; ARGV: socket id, gateway member, gateway id.
    private static final String OPEN = AWAY + """
            if redis.call('EXISTS', KEYS[2]) == 1 then return {-1, 0, 0} end
            local was = away(KEYS[1], KEYS[3])
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('SADD', KEYS[4], ARGV[2])
            redis.call('SADD', KEYS[5], ARGV[3])
            return {redis.call('SCARD', KEYS[1]), was, away(KEYS[1], KEYS[3])}""";

    // KEYS: sockets, closed marker, idle, gateway's sockets; ARGV: socket id, seconds to remember the close, the close
    // event's id, gateway member. The marker holds the id of the event that closed the socket: the same event again
    // (a redelivery) redoes its work, another event closing the same socket (a duplicate) and a socket that was never
    // open change nothing.
    private static final String CLOSE = AWAY + """
            local closedBy = redis.call('GET', KEYS[2])
            if closedBy and closedBy ~= ARGV[3] then return {-1, 0, 0} end
            local was = away(KEYS[1], KEYS[3])
            redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[2])
            local removed = redis.call('SREM', KEYS[1], ARGV[1])
            redis.call('SREM', KEYS[3], ARGV[1])
            redis.call('SREM', KEYS[4], ARGV[4])
            if removed == 0 and not closedBy then return {-1, 0, 0} end
            return {redis.call('SCARD', KEYS[1]), was, away(KEYS[1], KEYS[3])}""";

    // KEYS: sockets, idle; ARGV: socket id, 1 idle / 0 active. Only open sockets count.
    private static final String ACTIVITY = AWAY + """
            if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return {-1, 0, 0} end
            local was = away(KEYS[1], KEYS[2])
            if ARGV[2] == '1' then redis.call('SADD', KEYS[2], ARGV[1]) else redis.call('SREM', KEYS[2], ARGV[1]) end
            return {redis.call('SCARD', KEYS[1]), was, away(KEYS[1], KEYS[2])}""";

    // KEYS: sockets and idle set of each user in turn; returns socket count and away flag of each.
    private static final String STATES = AWAY + """
            local out = {}
            for i = 1, #KEYS, 2 do
              out[#out + 1] = redis.call('SCARD', KEYS[i])
              out[#out + 1] = away(KEYS[i], KEYS[i + 1])
            end
            return out""";

    /** A user's online state as the sets say: open sockets, and away when all of them are idle. */
    public record State(long sockets, boolean away) {}

    /** One open socket as a gateway's set lists it. */
    public record GatewaySocket(UUID userId, String socketId) {}

    private final RedisDataSource redis;
    private final String prefix;
    private final long closedTtlSeconds;

    @Inject
    public SocketRegistry(RedisDataSource redis, StreamsConfig streams, PresenceConfig presence) {
        this.redis = redis;
        this.prefix = streams.prefix();
        this.closedTtlSeconds = Math.max(1, presence.closedSocketTtl().toSeconds());
    }

    /** Adds the socket, held by gateway instance {@code gatewayId}; {@code sockets} 1 means it is the first. */
    public Change open(UUID userId, String socketId, String gatewayId) {
        return change(redis.execute(
                "EVAL",
                OPEN,
                "5",
                socketsKey(userId),
                closedKey(userId, socketId),
                idleKey(userId),
                gatewaySocketsKey(gatewayId),
                gatewaysKey(),
                socketId,
                member(userId, socketId),
                gatewayId));
    }

    /** Removes the socket as the event {@code eventId} says; {@code sockets} 0 means that was the last one. */
    public Change close(UUID userId, String socketId, String gatewayId, String eventId) {
        return change(redis.execute(
                "EVAL",
                CLOSE,
                "4",
                socketsKey(userId),
                closedKey(userId, socketId),
                idleKey(userId),
                gatewaySocketsKey(gatewayId),
                socketId,
                Long.toString(closedTtlSeconds),
                eventId,
                member(userId, socketId)));
    }

    /** Marks an open socket idle or active. */
    public Change activity(UUID userId, String socketId, boolean idle) {
        return change(
                redis.execute("EVAL", ACTIVITY, "2", socketsKey(userId), idleKey(userId), socketId, idle ? "1" : "0"));
    }

    /** Online states of several users in one round trip, in the order asked. */
    public List<State> states(List<UUID> userIds) {
        List<String> args = new ArrayList<>(userIds.size() * 2 + 2);
        args.add(STATES);
        args.add(Integer.toString(userIds.size() * 2));
        userIds.forEach(id -> {
            args.add(socketsKey(id));
            args.add(idleKey(id));
        });
        Response counts = redis.execute("EVAL", args.toArray(String[]::new));
        List<State> result = new ArrayList<>(userIds.size());
        for (int i = 0; i < userIds.size(); i++) {
            result.add(
                    new State(counts.get(2 * i).toLong(), counts.get(2 * i + 1).toLong() == 1));
        }
        return result;
    }

    /** Gateway instances that have (or had) sockets open. */
    public Set<String> gateways() {
        return redis.set(String.class).smembers(gatewaysKey());
    }

    /** Whether the instance's heartbeat key is alive (the gateway renews it; it expires when the gateway dies). */
    public boolean heartbeating(String gatewayId) {
        return redis.key().exists(prefix + "presence:gateway:" + gatewayId);
    }

    /** The sockets presence-service counts as open on that instance. */
    public List<GatewaySocket> socketsOf(String gatewayId) {
        return redis.set(String.class).smembers(gatewaySocketsKey(gatewayId)).stream()
                .map(SocketRegistry::parseMember)
                .filter(socket -> socket != null)
                .toList();
    }

    /** Forgets an instance whose sockets are all closed. */
    public void forgetGateway(String gatewayId) {
        redis.execute(
                "EVAL",
                "if redis.call('SCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end return 0",
                "2",
                gatewaySocketsKey(gatewayId),
                gatewaysKey(),
                gatewayId);
    }

    /** Takes the lock {@code name} unless another replica holds it; it is released by expiring after {@code ttlMillis}. */
    public boolean tryLock(String name, String owner, long ttlMillis) {
        Response set =
                redis.execute("SET", prefix + "presence:lock:" + name, owner, "NX", "PX", Long.toString(ttlMillis));
        return set != null && "OK".equals(set.toString());
    }

    public String socketsKey(UUID userId) {
        return prefix + "presence:sockets:" + userId;
    }

    private String idleKey(UUID userId) {
        return prefix + "presence:idle:" + userId;
    }

    private String closedKey(UUID userId, String socketId) {
        return prefix + "presence:closed:" + userId + ":" + socketId;
    }

    private String gatewaySocketsKey(String gatewayId) {
        return prefix + "presence:gateway-sockets:" + (gatewayId == null ? "unknown" : gatewayId);
    }

    private String gatewaysKey() {
        return prefix + "presence:gateways";
    }

    private static String member(UUID userId, String socketId) {
        return userId + "/" + socketId;
    }

    private static GatewaySocket parseMember(String member) {
        int slash = member.indexOf('/');
        try {
            return new GatewaySocket(UUID.fromString(member.substring(0, slash)), member.substring(slash + 1));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Change change(Response response) {
        return new Change(
                response.get(0).toLong(),
                response.get(1).toLong() == 1,
                response.get(2).toLong() == 1);
    }
}

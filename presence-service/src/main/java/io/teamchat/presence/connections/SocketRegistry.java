package io.teamchat.presence.connections;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.teamchat.presence.config.PresenceConfig;
import io.teamchat.presence.config.StreamsConfig;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Every user's open sockets, as one Redis set per user ({@code <prefix>presence:sockets:{<userId>}}), shared by all
 * presence-service replicas, with the sockets of it whose client reported idle ({@code presence:idle:{<userId>}}) and
 * the sockets each gateway instance holds ({@code presence:gateway-sockets:{gateways}:<gatewayId>}, members
 * {@code <userId>/<socketId>}; the instances in {@code presence:{gateways}}), so that the sockets of an instance
 * that died can be closed. Each change of a user is one Lua script on that user's keys, so "this was the first
 * socket", "that was the last one" and "now every socket is idle" are decided atomically however many replicas apply
 * changes at the same time.
 *
 * <p>The braces are Redis Cluster hash tags: a user's keys share one slot (its scripts touch only those), and the
 * gateway registry shares another, so everything works on Redis Cluster as on one Redis. A socket's entry in its
 * gateway's set is therefore a second step after the user's script: added once the socket is open, removed after
 * every close; an event redelivered after a crash between the two redoes both (both steps are idempotent).
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

    // KEYS: sockets, closed marker, idle (one user's slot); ARGV: socket id.
    private static final String OPEN = AWAY + """
            if redis.call('EXISTS', KEYS[2]) == 1 then return {-1, 0, 0} end
            local was = away(KEYS[1], KEYS[3])
            redis.call('SADD', KEYS[1], ARGV[1])
            return {redis.call('SCARD', KEYS[1]), was, away(KEYS[1], KEYS[3])}""";

    // KEYS: sockets, closed marker, idle (one user's slot); ARGV: socket id, seconds to remember the close, the close
    // event's id. The marker holds the id of the event that closed the socket: the same event again (a redelivery)
    // redoes its work, another event closing the same socket (a duplicate) and a socket that was never open change
    // nothing.
    private static final String CLOSE = AWAY + """
            local closedBy = redis.call('GET', KEYS[2])
            if closedBy and closedBy ~= ARGV[3] then return {-1, 0, 0} end
            local was = away(KEYS[1], KEYS[3])
            redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[2])
            local removed = redis.call('SREM', KEYS[1], ARGV[1])
            redis.call('SREM', KEYS[3], ARGV[1])
            if removed == 0 and not closedBy then return {-1, 0, 0} end
            return {redis.call('SCARD', KEYS[1]), was, away(KEYS[1], KEYS[3])}""";

    // KEYS: sockets, idle; ARGV: socket id, 1 idle / 0 active. Only open sockets count.
    private static final String ACTIVITY = AWAY + """
            if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return {-1, 0, 0} end
            local was = away(KEYS[1], KEYS[2])
            if ARGV[2] == '1' then redis.call('SADD', KEYS[2], ARGV[1]) else redis.call('SREM', KEYS[2], ARGV[1]) end
            return {redis.call('SCARD', KEYS[1]), was, away(KEYS[1], KEYS[2])}""";

    // KEYS: one user's sockets and idle set; returns the socket count and the away flag.
    private static final String STATE = AWAY + "return {redis.call('SCARD', KEYS[1]), away(KEYS[1], KEYS[2])}";

    // KEYS: the gateway's sockets, the gateways (the registry's slot); ARGV: gateway member, gateway id.
    private static final String REGISTER =
            "redis.call('SADD', KEYS[1], ARGV[1]) redis.call('SADD', KEYS[2], ARGV[2]) return 0";

    // KEYS: the gateway's sockets, the gateways (the registry's slot); ARGV: gateway id.
    private static final String FORGET =
            "if redis.call('SCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end return 0";

    /** A user's online state as the sets say: open sockets, and away when all of them are idle. */
    public record State(long sockets, boolean away) {}

    /** One open socket as a gateway's set lists it. */
    public record GatewaySocket(UUID userId, String socketId) {}

    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(5);

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactiveRedis;
    private final String prefix;
    private final long closedTtlSeconds;

    @Inject
    public SocketRegistry(
            RedisDataSource redis,
            ReactiveRedisDataSource reactiveRedis,
            StreamsConfig streams,
            PresenceConfig presence) {
        this.redis = redis;
        this.reactiveRedis = reactiveRedis;
        this.prefix = streams.prefix();
        this.closedTtlSeconds = Math.max(1, presence.closedSocketTtl().toSeconds());
    }

    /** Adds the socket, held by gateway instance {@code gatewayId}; {@code sockets} 1 means it is the first. */
    public Change open(UUID userId, String socketId, String gatewayId) {
        return applyAll(List.of(new SocketChange.Opened(userId, socketId, gatewayId)))
                .getFirst();
    }

    /** Removes the socket as the event {@code eventId} says; {@code sockets} 0 means that was the last one. */
    public Change close(UUID userId, String socketId, String gatewayId, String eventId) {
        return applyAll(List.of(new SocketChange.Closed(userId, socketId, gatewayId, eventId, null)))
                .getFirst();
    }

    /**
     * Applies the changes in the order given and answers what each left, in that order: the users' scripts in one
     * pipelined round trip (one connection, so Redis runs them in order: a user's changes never overtake each
     * other), then the gateways' socket sets in a second one (an opened socket is added, a closed one removed).
     */
    public List<Change> applyAll(List<SocketChange> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        List<Change> results = pipelined(changes.stream().map(this::script).toList()).stream()
                .map(SocketRegistry::change)
                .toList();
        List<String[]> tracking = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            boolean changed = results.get(i).changed();
            switch (changes.get(i)) {
                case SocketChange.Opened opened
                when changed ->
                    tracking.add(new String[] {
                        "EVAL",
                        REGISTER,
                        "2",
                        gatewaySocketsKey(opened.gatewayId()),
                        gatewaysKey(),
                        member(opened.userId(), opened.socketId()),
                        opened.gatewayId()
                    });
                case SocketChange.Closed closed ->
                    tracking.add(new String[] {
                        "SREM", gatewaySocketsKey(closed.gatewayId()), member(closed.userId(), closed.socketId())
                    });
                default -> {}
            }
        }
        pipelined(tracking);
        return results;
    }

    /** The user's script of one change, as a command line. */
    private String[] script(SocketChange change) {
        return switch (change) {
            case SocketChange.Opened opened ->
                new String[] {
                    "EVAL",
                    OPEN,
                    "3",
                    socketsKey(opened.userId()),
                    closedKey(opened.userId(), opened.socketId()),
                    idleKey(opened.userId()),
                    opened.socketId()
                };
            case SocketChange.Closed closed ->
                new String[] {
                    "EVAL",
                    CLOSE,
                    "3",
                    socketsKey(closed.userId()),
                    closedKey(closed.userId(), closed.socketId()),
                    idleKey(closed.userId()),
                    closed.socketId(),
                    Long.toString(closedTtlSeconds),
                    closed.eventId()
                };
            case SocketChange.Activity activity ->
                new String[] {
                    "EVAL",
                    ACTIVITY,
                    "2",
                    socketsKey(activity.userId()),
                    idleKey(activity.userId()),
                    activity.socketId(),
                    activity.idle() ? "1" : "0"
                };
        };
    }

    /** Sends the commands at once on one connection and waits for every reply, in order. */
    private List<Response> pipelined(List<String[]> commands) {
        if (commands.isEmpty()) {
            return List.of();
        }
        List<Response> replies = new ArrayList<>(commands.size());
        reactiveRedis
                .withConnection(connection -> Uni.join()
                        .all(commands.stream()
                                .map(command ->
                                        connection.execute(command[0], Arrays.copyOfRange(command, 1, command.length)))
                                .toList())
                        .andFailFast()
                        .invoke(replies::addAll)
                        .replaceWithVoid())
                .await()
                .atMost(REDIS_TIMEOUT);
        return replies;
    }

    /**
     * Online states of several users, in the order asked: one script per user (each user's keys have a slot of
     * their own on a cluster), all sent at once on one connection, so the wait is about one round trip.
     */
    public List<State> states(List<UUID> userIds) {
        return pipelined(userIds.stream()
                        .map(id -> new String[] {"EVAL", STATE, "2", socketsKey(id), idleKey(id)})
                        .toList())
                .stream()
                .map(reply -> new State(reply.get(0).toLong(), reply.get(1).toLong() == 1))
                .toList();
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
        redis.execute("EVAL", FORGET, "2", gatewaySocketsKey(gatewayId), gatewaysKey(), gatewayId);
    }

    /** Takes the lock {@code name} unless another replica holds it; it is released by expiring after {@code ttlMillis}. */
    public boolean tryLock(String name, String owner, long ttlMillis) {
        Response set =
                redis.execute("SET", prefix + "presence:lock:" + name, owner, "NX", "PX", Long.toString(ttlMillis));
        return set != null && "OK".equals(set.toString());
    }

    public String socketsKey(UUID userId) {
        return prefix + "presence:sockets:{" + userId + "}";
    }

    private String idleKey(UUID userId) {
        return prefix + "presence:idle:{" + userId + "}";
    }

    private String closedKey(UUID userId, String socketId) {
        return prefix + "presence:closed:{" + userId + "}:" + socketId;
    }

    private String gatewaySocketsKey(String gatewayId) {
        return prefix + "presence:gateway-sockets:{gateways}:" + (gatewayId == null ? "unknown" : gatewayId);
    }

    /** The set of gateway instances with sockets open. */
    public String gatewaysKey() {
        return prefix + "presence:{gateways}";
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

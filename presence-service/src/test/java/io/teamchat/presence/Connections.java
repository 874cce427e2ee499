package io.teamchat.presence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.SocketActivity;
import io.teamchat.common.events.SocketConnectionChanged;
import io.teamchat.streams.StreamPartitions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Plays one gateway instance: appends socket events to the connections stream exactly as it would (to the user's
 * partition), and keeps its
 * heartbeat key alive as it would ({@code <prefix>presence:gateway:<id>} with a TTL).
 */
final class Connections {

    static final String DEFAULT_GATEWAY = "gw-test";

    private final RedisDataSource redis;
    private final ObjectMapper mapper;
    private final String prefix;
    private final String stream;
    private final String gatewayId;

    Connections(RedisDataSource redis, ObjectMapper mapper, String prefix) {
        this(redis, mapper, prefix, DEFAULT_GATEWAY, Duration.ofHours(1));
    }

    /** An instance whose heartbeat lives {@code heartbeatTtl} unless {@link #heartbeat} renews it. */
    Connections(RedisDataSource redis, ObjectMapper mapper, String prefix, String gatewayId, Duration heartbeatTtl) {
        this.redis = redis;
        this.mapper = mapper;
        this.prefix = prefix;
        this.stream = prefix + "connections";
        this.gatewayId = gatewayId;
        heartbeat(heartbeatTtl);
    }

    String id() {
        return gatewayId;
    }

    static String newSocketId() {
        return "sock-" + UUID.randomUUID();
    }

    void heartbeat(Duration ttl) {
        redis.value(String.class)
                .psetex(
                        prefix + "presence:gateway:" + gatewayId,
                        ttl.toMillis(),
                        Long.toString(System.currentTimeMillis()));
    }

    /** The instance dies: its heartbeat key is gone, and it sends nothing more. */
    void die() {
        redis.key().del(prefix + "presence:gateway:" + gatewayId);
    }

    String connected(UUID userId, String socketId) {
        return append(EventType.SOCKET_CONNECTED, new SocketConnectionChanged(userId, socketId, gatewayId));
    }

    String disconnected(UUID userId, String socketId) {
        return append(EventType.SOCKET_DISCONNECTED, new SocketConnectionChanged(userId, socketId, gatewayId));
    }

    String activity(UUID userId, String socketId, boolean idle) {
        return append(EventType.SOCKET_ACTIVITY, new SocketActivity(userId, socketId, gatewayId, idle));
    }

    /** Appends a raw entry (for malformed input) to the partition of {@code user}; returns its stream id. */
    String appendRaw(String payload, UUID user) {
        return redis.stream(String.class)
                .xadd(StreamPartitions.keyOf(stream, user, partitions()), Map.of("payload", payload));
    }

    /** The key of every partition of the stream. */
    List<String> partitionKeys() {
        return IntStream.range(0, partitions())
                .mapToObj(partition -> StreamPartitions.key(stream, partition))
                .toList();
    }

    /**
     * A new user whose changes share {@code user}'s partition, so they are applied after the ones appended for
     * {@code user} before them (across partitions, the order of application is not the order of appending).
     */
    static UUID userInPartitionOf(UUID user) {
        int partition = StreamPartitions.of(user, partitions());
        UUID other;
        do {
            other = UUID.randomUUID();
        } while (StreamPartitions.of(other, partitions()) != partition);
        return other;
    }

    private static int partitions() {
        return ConfigProvider.getConfig().getValue("chat.connections.partitions", Integer.class);
    }

    private String append(EventType type, Object data) {
        EventEnvelope envelope = EventEnvelope.of(type, data, mapper);
        UUID user = UUID.fromString(envelope.data().path("userId").asText());
        try {
            return appendRaw(mapper.writeValueAsString(envelope), user);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

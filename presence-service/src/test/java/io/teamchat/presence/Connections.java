package io.teamchat.presence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.SocketConnectionChanged;
import java.util.Map;
import java.util.UUID;

/** Plays the gateway: appends socket events to the connections stream exactly as it would. */
final class Connections {

    private final RedisDataSource redis;
    private final ObjectMapper mapper;
    private final String stream;

    Connections(RedisDataSource redis, ObjectMapper mapper, String prefix) {
        this.redis = redis;
        this.mapper = mapper;
        this.stream = prefix + "connections";
    }

    static String newSocketId() {
        return "sock-" + UUID.randomUUID();
    }

    String connected(UUID userId, String socketId) {
        return append(EventType.SOCKET_CONNECTED, userId, socketId);
    }

    String disconnected(UUID userId, String socketId) {
        return append(EventType.SOCKET_DISCONNECTED, userId, socketId);
    }

    /** Appends a raw entry (for malformed input); returns its stream id. */
    String appendRaw(String payload) {
        return redis.stream(String.class).xadd(stream, Map.of("payload", payload));
    }

    private String append(EventType type, UUID userId, String socketId) {
        EventEnvelope envelope =
                EventEnvelope.of(type, new SocketConnectionChanged(userId, socketId, "gw-test"), mapper);
        try {
            return appendRaw(mapper.writeValueAsString(envelope));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

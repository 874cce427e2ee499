package io.teamchat.room.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Looks into a real stream (events, or audit) for the envelopes room-service published about one user in one room. */
final class RoomEventsProbe {

    private final RedisDataSource redis;
    private final ObjectMapper mapper;
    private final String stream;

    RoomEventsProbe(RedisDataSource redis, ObjectMapper mapper, String prefix) {
        this(redis, mapper, prefix, "events");
    }

    RoomEventsProbe(RedisDataSource redis, ObjectMapper mapper, String prefix, String stream) {
        this.redis = redis;
        this.mapper = mapper;
        this.stream = prefix + stream;
    }

    /**
     * Every {@code type} envelope for {@code roomId} whose user id (at JSON pointer {@code userIdAt}) is
     * {@code userId}, oldest first.
     */
    List<JsonNode> find(String type, UUID roomId, String userIdAt, UUID userId) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (var entry : redis.stream(String.class).xrange(stream, StreamRange.of("-", "+"))) {
            JsonNode envelope = mapper.readTree(entry.payload().get("payload"));
            if (type.equals(envelope.path("type").asText())
                    && roomId.toString().equals(envelope.at("/data/roomId").asText())
                    && userId.toString().equals(envelope.at(userIdAt).asText())) {
                found.add(envelope);
            }
        }
        return found;
    }

    /** The first such envelope, waiting up to 10 s for it. */
    JsonNode await(String type, UUID roomId, String userIdAt, UUID userId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> found = find(type, roomId, userIdAt, userId);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type + " for room " + roomId + " and user " + userId);
    }
}

package io.teamchat.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The test's view of the real Redis streams: reads what the gateway wrote, writes what services would publish. */
public final class Streams {

    private final RedisDataSource redis;
    private final ObjectMapper mapper;
    private final String prefix;

    public Streams(RedisDataSource redis, ObjectMapper mapper, String prefix) {
        this.redis = redis;
        this.mapper = mapper;
        this.prefix = prefix;
    }

    /** Every envelope in {@code <prefix><stream>}, oldest first. */
    public List<JsonNode> entries(String stream) {
        return redis.stream(String.class).xrange(prefix + stream, StreamRange.of("-", "+")).stream()
                .map(entry -> read(entry.payload().get("payload")))
                .toList();
    }

    /** Waits for an envelope in {@code stream} whose data matches. */
    public JsonNode await(String stream, Predicate<JsonNode> data) {
        return Await.value("an entry in " + stream, () -> find(stream, data));
    }

    public Optional<JsonNode> find(String stream, Predicate<JsonNode> data) {
        return entries(stream).stream()
                .filter(envelope -> data.test(envelope.path("data")))
                .findFirst();
    }

    public long count(String stream, Predicate<JsonNode> data) {
        return entries(stream).stream()
                .filter(envelope -> data.test(envelope.path("data")))
                .count();
    }

    /** Appends an event as a service would (the events stream). */
    public void publish(EventType type, Object data) {
        try {
            String json = mapper.writeValueAsString(EventEnvelope.of(type, data, mapper));
            redis.stream(String.class).xadd(prefix + "events", Map.of("payload", json));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

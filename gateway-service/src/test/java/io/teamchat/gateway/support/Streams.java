package io.teamchat.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import java.util.ArrayList;
import java.util.Comparator;
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

    /** Every envelope in {@code <prefix><stream>} and in its partitions ({@code :{p<n>}}), oldest first. */
    public List<JsonNode> entries(String stream) {
        List<String> keys = new ArrayList<>(redis.key().keys(prefix + stream + ":{p*}"));
        keys.add(prefix + stream);
        return keys.stream()
                .flatMap(key -> redis.stream(String.class).xrange(key, StreamRange.of("-", "+")).stream())
                .sorted(Comparator.comparing((StreamMessage<String, String, String> entry) -> entryTime(entry.id()))
                        .thenComparing(entry -> entrySequence(entry.id())))
                .map(entry -> read(entry.payload().get("payload")))
                .toList();
    }

    private static long entryTime(String id) {
        return Long.parseLong(id.substring(0, id.indexOf('-')));
    }

    private static long entrySequence(String id) {
        return Long.parseLong(id.substring(id.indexOf('-') + 1));
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

package io.teamchat.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.streams.TraceContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
        return raw(stream).stream()
                .map(entry -> read(entry.payload().get("payload")))
                .toList();
    }

    /** The {@code traceparent} field of the entry whose envelope has this id (null when it carries none). */
    public String traceparent(String stream, String envelopeId) {
        return raw(stream).stream()
                .filter(entry ->
                        read(entry.payload().get("payload")).path("id").asText().equals(envelopeId))
                .findFirst()
                .map(entry -> entry.payload().get(TraceContext.FIELD))
                .orElseThrow();
    }

    private List<StreamMessage<String, String, String>> raw(String stream) {
        List<String> keys = new ArrayList<>(redis.key().keys(prefix + stream + ":{p*}"));
        keys.add(prefix + stream);
        return keys.stream()
                .flatMap(key -> redis.stream(String.class).xrange(key, StreamRange.of("-", "+")).stream())
                .sorted(Comparator.comparing((StreamMessage<String, String, String> entry) -> entryTime(entry.id()))
                        .thenComparing(entry -> entrySequence(entry.id())))
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
        publish(type, data, null);
    }

    /** Appends an event in the trace {@code traceparent} names, as message-service does with a command's outcome. */
    public void publish(EventType type, Object data, String traceparent) {
        try {
            String json = mapper.writeValueAsString(EventEnvelope.of(type, data, mapper));
            Map<String, String> fields = new HashMap<>();
            fields.put("payload", json);
            if (traceparent != null) {
                fields.put(TraceContext.FIELD, traceparent);
            }
            redis.stream(String.class).xadd(prefix + "events", fields);
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

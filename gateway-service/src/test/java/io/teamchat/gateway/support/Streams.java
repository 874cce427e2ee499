package io.teamchat.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.streams.DomainEvents;
import io.teamchat.streams.TraceContext;
import io.vertx.mutiny.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The test's view of the real Redis streams: reads what the gateway wrote, writes what services would publish. */
public final class Streams {

    private final RedisDataSource redis;
    private final ObjectMapper mapper;
    private final String prefix;
    private final DomainEvents events;

    public Streams(RedisDataSource redis, Redis client, ObjectMapper mapper, String prefix) {
        this.redis = redis;
        this.mapper = mapper;
        this.prefix = prefix;
        this.events = new DomainEvents(client, mapper, prefix, 100_000, "standalone");
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

    /** Publishes an event as a service would ({@link DomainEvents}: the events stream, room channel, user-events). */
    public void publish(EventType type, Object data) {
        publish(type, data, null);
    }

    /** Publishes an event in the trace {@code traceparent} names, as message-service does with a command's outcome. */
    public void publish(EventType type, Object data, String traceparent) {
        events.publishAndWait(
                List.of(EventEnvelope.of(type, data, mapper)), envelope -> traceparent, Duration.ofSeconds(5));
    }

    /** Publishes envelopes in one round trip, in order, as message-service publishes a batch's outcomes. */
    public void publishAll(EventEnvelope... envelopes) {
        events.publishAndWait(List.of(envelopes), envelope -> null, Duration.ofSeconds(5));
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

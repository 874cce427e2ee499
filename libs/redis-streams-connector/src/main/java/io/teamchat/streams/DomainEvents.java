package io.teamchat.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one way services publish domain events. Each event is appended to {@code <prefix>events} (every event,
 * durable, for consumers that need them all) and, for the gateways' live fan-out ({@link LiveRoutes}), published to
 * its room's sharded channel (SPUBLISH) and/or appended to {@code <prefix>user-events}; a {@code room.deleted} is also
 * appended to {@code <prefix>room-deletions} ({@link #roomDeletionsStream}), so that its one durable consumer
 * (message-service) need not read every event. A batch goes in one
 * pipelined round trip, each event's commands in stream order, so a writer's events of a room reach the room's
 * channel in the order they are in the stream. Callers publish their next batch once the last one is out.
 */
@ApplicationScoped
public class DomainEvents {

    private final Redis redis;
    private final ObjectMapper mapper;
    private final String prefix;
    private final long maxLength;
    private final boolean cluster;

    /**
     * {@code chat.streams.prefix}, and {@code chat.streams.events-max-length} (default 100000): both streams are
     * trimmed to about that many entries (MAXLEN ~) on every append. With {@code quarkus.redis.client-type=cluster}
     * a batch is split by hash slot: one pipeline per slot, in order within each.
     */
    @Inject
    public DomainEvents(
            Redis redis,
            ObjectMapper mapper,
            @ConfigProperty(name = "chat.streams.prefix") String prefix,
            @ConfigProperty(name = "chat.streams.events-max-length", defaultValue = "100000") long maxLength,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.redis = redis;
        this.mapper = mapper;
        this.prefix = prefix;
        this.maxLength = maxLength;
        this.cluster = "cluster".equalsIgnoreCase(clientType);
    }

    /**
     * Publishes the events in order; the Uni completes once Redis has them all. Each carries the trace
     * {@code traceparentOf} names for it (null: none).
     */
    public Uni<Void> publish(List<EventEnvelope> envelopes, Function<EventEnvelope, String> traceparentOf) {
        if (envelopes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Per hash slot on a cluster (its client refuses a batch across slots), else all in one: in order either way.
        Map<String, List<Request>> batches = new LinkedHashMap<>();
        for (EventEnvelope envelope : envelopes) {
            String json = json(envelope);
            String traceparent = traceparentOf.apply(envelope);
            add(batches, prefix + "events", xadd(prefix + "events", json, traceparent));
            LiveRoutes.roomOf(envelope).ifPresent(roomId -> {
                String channel = LiveRoutes.roomChannel(prefix, roomId);
                add(batches, channel, spublish(channel, LiveMessage.encode(json, traceparent)));
            });
            if (LiveRoutes.forUsers(envelope)) {
                String stream = LiveRoutes.userEventsStream(prefix);
                add(batches, stream, xadd(stream, json, traceparent));
            }
            if (envelope.type() == EventType.ROOM_DELETED) {
                String stream = roomDeletionsStream(prefix);
                add(batches, stream, xadd(stream, json, traceparent));
            }
        }
        if (batches.size() == 1) {
            return redis.batch(batches.values().iterator().next()).replaceWithVoid();
        }
        return Uni.join()
                .all(batches.values().stream()
                        .map(batch -> redis.batch(batch).replaceWithVoid())
                        .toList())
                .andFailFast()
                .replaceWithVoid();
    }

    /** {@code <prefix>room-deletions}: every {@code room.deleted}, durable, for consumers of deletions only. */
    public static String roomDeletionsStream(String prefix) {
        return prefix + "room-deletions";
    }

    private void add(Map<String, List<Request>> batches, String key, Request request) {
        batches.computeIfAbsent(cluster ? hashTagOf(key) : "", ignored -> new ArrayList<>())
                .add(request);
    }

    /** What Redis Cluster hashes a key by: the part between the first '{' and the next '}', if not empty. */
    static String hashTagOf(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return close > open + 1 ? key.substring(open + 1, close) : key;
    }

    /**
     * {@link #publish} and wait. Throws {@link IllegalStateException} when the events are not (all) out within the
     * timeout, so the caller can keep its own input unacknowledged.
     */
    public void publishAndWait(
            List<EventEnvelope> envelopes, Function<EventEnvelope, String> traceparentOf, Duration timeout) {
        try {
            publish(envelopes, traceparentOf).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new IllegalStateException(envelopes.size() + " events were not published", e);
        }
    }

    /** One event in the caller's current trace, waiting until it is out. */
    public void publishAndWait(EventEnvelope envelope, Duration timeout) {
        String traceparent = TraceContext.current();
        publishAndWait(List.of(envelope), ignored -> traceparent, timeout);
    }

    private Request xadd(String stream, String json, String traceparent) {
        return XAdd.request(stream, maxLength, json, traceparent);
    }

    private static Request spublish(String channel, String message) {
        return Request.cmd(Command.SPUBLISH).arg(channel).arg(message);
    }

    private String json(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("envelope " + envelope.id() + " cannot be written as JSON", e);
        }
    }
}

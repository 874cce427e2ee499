package io.teamchat.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.testing.ChatStoresTestResource;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A batch published through {@link DomainEvents} on the real Redis: every event in the events stream, the room-scoped
 * ones on their room's sharded channel in order, the ones addressed to users in the user-events stream, each with
 * its trace.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class DomainEventsTest {

    @Inject
    DomainEvents events;

    @Inject
    RedisDataSource redis;

    @Inject
    Redis client;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @Test
    void eachEventGoesToTheStreamAndWhereTheGatewaysListen() throws Exception {
        UUID roomId = UUID.randomUUID();
        UUID otherRoom = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String traceparent = "00-" + UUID.randomUUID().toString().replace("-", "") + "-0123456789abcdef-01";
        EventEnvelope mentioning = EventEnvelope.of(
                EventType.MESSAGE_CREATED,
                Map.of("message", Map.of("id", UUID.randomUUID(), "roomId", roomId, "mentions", List.of(user))),
                mapper);
        EventEnvelope joined =
                EventEnvelope.of(EventType.MEMBER_JOINED, Map.of("roomId", roomId, "user", Map.of("id", user)), mapper);
        EventEnvelope presence =
                EventEnvelope.of(EventType.PRESENCE_CHANGED, Map.of("userId", user, "isOnline", true), mapper);
        EventEnvelope elsewhere = EventEnvelope.of(
                EventType.MESSAGE_CREATED,
                Map.of("message", Map.of("id", UUID.randomUUID(), "roomId", otherRoom)),
                mapper);
        // a client's retry answered with the stored message: its mentions went out with the first announcement
        EventEnvelope resent = EventEnvelope.of(
                EventType.MESSAGE_CREATED,
                Map.of(
                        "message",
                        Map.of("id", UUID.randomUUID(), "roomId", otherRoom, "mentions", List.of(user)),
                        "resent",
                        true),
                mapper);

        BlockingQueue<String> channel = new LinkedBlockingQueue<>();
        RedisConnection subscriber =
                client.connect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        try {
            CompletableSubscription confirmed = new CompletableSubscription();
            subscriber.handler(push -> {
                if ("smessage".equals(push.get(0).toString())) {
                    channel.add(push.get(2).toString());
                } else if ("ssubscribe".equals(push.get(0).toString())) {
                    confirmed.done();
                }
            });
            subscriber.send(Request.cmd(Command.SSUBSCRIBE).arg(LiveRoutes.roomChannel(prefix, roomId)));
            confirmed.await();

            events.publishAndWait(
                    List.of(mentioning, joined, presence, elsewhere, resent),
                    envelope -> envelope == mentioning ? traceparent : null,
                    Duration.ofSeconds(5));

            LiveMessage first = LiveMessage.decode(channel.poll(5, TimeUnit.SECONDS));
            assertEquals(traceparent, first.traceparent());
            assertEquals(
                    mentioning.id().toString(),
                    mapper.readTree(first.json()).path("id").asText());
            LiveMessage second = LiveMessage.decode(channel.poll(5, TimeUnit.SECONDS));
            assertNull(second.traceparent());
            assertEquals(
                    joined.id().toString(),
                    mapper.readTree(second.json()).path("id").asText());
            assertNull(channel.poll(200, TimeUnit.MILLISECONDS), "only the room's own events on its channel");
        } finally {
            subscriber.close();
        }

        List<EventEnvelope> mine = List.of(mentioning, joined, presence, elsewhere, resent);
        assertEquals(
                List.of(mentioning.id(), joined.id(), presence.id(), elsewhere.id(), resent.id()),
                ids(prefix + "events", null, mine),
                "every event, in order");
        assertEquals(
                List.of(mentioning.id(), joined.id(), presence.id()),
                ids(LiveRoutes.userEventsStream(prefix), null, mine),
                "a mention (not once more when resent), a new member (for their own sockets) and presence are for users");
        assertEquals(List.of(mentioning.id()), ids(LiveRoutes.userEventsStream(prefix), traceparent, mine));
    }

    /**
     * The ids of {@code mine} found in a stream, in stream order (all of them, or those whose entry carries
     * {@code traceparent}); the stream may hold other runs' entries.
     */
    private List<UUID> ids(String stream, String traceparent, List<EventEnvelope> mine) {
        List<UUID> wanted = mine.stream().map(EventEnvelope::id).toList();
        return redis.stream(String.class).xrange(stream, StreamRange.of("-", "+")).stream()
                .filter(entry -> traceparent == null
                        || traceparent.equals(entry.payload().get(TraceContext.FIELD)))
                .map(entry -> EnvelopeReader.read(entry.payload().get("payload"), mapper, stream))
                .flatMap(java.util.Optional::stream)
                .map(EventEnvelope::id)
                .filter(wanted::contains)
                .toList();
    }

    /** Waits for the subscription's confirmation. */
    private static final class CompletableSubscription {
        private final java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);

        void done() {
            latch.countDown();
        }

        void await() throws InterruptedException {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("SSUBSCRIBE not confirmed");
            }
        }
    }
}

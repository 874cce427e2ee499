package io.teamchat.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.streams.StreamPartitions;
import io.teamchat.streams.TraceContext;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The middle of a message's trace: a send command whose entry carries the gateway's traceparent is processed in a
 * span of that trace, and its outcome event carries the trace on to the gateways (which restore it to deliver).
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class CommandTracingTest {

    /** Spans stay in memory here (a SpanExporter bean also keeps Quarkus' OTLP exporter out). */
    static class Exporter {
        @Produces
        @Singleton
        InMemorySpanExporter spans() {
            return InMemorySpanExporter.create();
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Inject
    RedisDataSource redis;

    @Inject
    MembershipCache membership;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @ConfigProperty(name = "chat.commands.partitions")
    int partitions;

    @Test
    void theOutcomeContinuesTheTraceTheCommandEntryCarried() {
        TestUser user = TestUser.create();
        UUID room = new TestRooms(membership).publicRoom(user.id());
        UUID commandId = UUID.randomUUID();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String gatewaySpanId = traceId.substring(16);
        redis.stream(String.class)
                .xadd(
                        StreamPartitions.keyOf(prefix + "commands", room, partitions),
                        Map.of(
                                "payload",
                                MessageTestSupport.sendCommand(commandId, user, room, "traced", "t-" + commandId),
                                TraceContext.FIELD,
                                "00-" + traceId + "-" + gatewaySpanId + "-01"));

        String outcomeTraceparent =
                await(() -> redis.stream(String.class).xrange(prefix + "events", StreamRange.of("-", "+")).stream()
                        .filter(e -> e.payload().get("payload").contains(commandId.toString()))
                        .findFirst()
                        .map(e -> e.payload().get(TraceContext.FIELD)));
        String[] parts = outcomeTraceparent.split("-");
        assertEquals(traceId, parts[1], "message.created is in the sender's trace");
        assertNotEquals(gatewaySpanId, parts[2], "its parent is message-service's span, not the gateway's");

        SpanData processed = await(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId))
                .findFirst());
        assertEquals("process message.send", processed.getName());
        assertEquals(gatewaySpanId, processed.getParentSpanId(), "a child of the gateway's send span");
        assertEquals(parts[2], processed.getSpanId(), "the outcome names this span as its parent");
    }

    private static <T> T await(java.util.function.Supplier<Optional<T>> found) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = found.get();
            if (value.isPresent() && value.get() != null) {
                return value.get();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not seen within 20 s");
    }
}

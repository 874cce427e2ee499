package io.teamchat.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.streams.PartitionedStreamConsumer.Entry;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** The writer's trace goes through a real Redis stream as the entry's traceparent and comes out at the reader. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class TraceContextTest {

    @ApplicationScoped
    public static class TracedReader {
        final List<RedisStreamMetadata> seen = new CopyOnWriteArrayList<>();

        @Incoming("traced-in")
        public CompletionStage<Void> read(Message<String> entry) {
            entry.getMetadata(RedisStreamMetadata.class).ifPresent(seen::add);
            return entry.ack();
        }

        List<RedisStreamMetadata> seen() {
            return seen;
        }
    }

    @Inject
    @Channel("traced-out")
    Emitter<EventEnvelope> emitter;

    @Inject
    ObjectMapper mapper;

    @Inject
    TracedReader reader;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    private static Span span() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String spanId = traceId.substring(0, 16);
        return Span.wrap(SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault()));
    }

    @Test
    void anEnvelopeWritersCurrentTraceReachesTheReaderThroughTheStream() throws Exception {
        EnvelopeWriter writer = new EnvelopeWriter(emitter, mapper);
        Span sender = span();
        EventEnvelope sent;
        try (Scope ignored = Context.root().with(sender).makeCurrent()) {
            sent = writer.append(EventType.MESSAGE_SEND, Map.of("text", "traced"))
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
        }
        String expected = "00-" + sender.getSpanContext().getTraceId() + "-"
                + sender.getSpanContext().getSpanId() + "-01";
        StreamMessage<String, String, String> entry = entryOf(prefix + "traced", sent.id());
        assertEquals(expected, entry.payload().get(TraceContext.FIELD), "the entry's traceparent field");

        RedisStreamMetadata read = await(() -> reader.seen().stream()
                .filter(m -> m.entryId().equals(entry.id()))
                .findFirst()
                .orElse(null));
        assertEquals(expected, read.traceparent());
        SpanContext restored =
                Span.fromContext(TraceContext.restore(read.traceparent())).getSpanContext();
        assertEquals(sender.getSpanContext().getTraceId(), restored.getTraceId());
        assertEquals(sender.getSpanContext().getSpanId(), restored.getSpanId(), "the reader's parent is the writer");
        assertFalse(
                Span.fromContext(TraceContext.restore(null)).getSpanContext().isValid());
    }

    @Test
    void outsideAnySpanNoTraceparentIsWritten() throws Exception {
        EventEnvelope sent = new EnvelopeWriter(emitter, mapper)
                .append(EventType.MESSAGE_SEND, Map.of("text", "untraced"))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertNull(entryOf(prefix + "traced", sent.id()).payload().get(TraceContext.FIELD));
    }

    @Test
    void entriesEachCarryTheirOwnTraceToAPartitionedConsumer() throws Exception {
        String stream = prefix + "traced-partitions";
        String partition = StreamPartitions.key(stream, 0);
        Span first = span();
        Span second = span();
        EventEnvelope a = EventEnvelope.of(EventType.MESSAGE_SEND, Map.of("n", 1), mapper);
        EventEnvelope b = EventEnvelope.of(EventType.MESSAGE_SEND, Map.of("n", 2), mapper);
        Map<UUID, String> traces = Map.of(
                a.id(), TraceContext.of(Context.root().with(first)),
                b.id(), TraceContext.of(Context.root().with(second)));
        // as the gateway's connector appends them (EnvelopeWriter): payload and traceparent fields
        for (EventEnvelope envelope : List.of(a, b)) {
            redis.stream(String.class)
                    .xadd(
                            partition,
                            Map.of(
                                    "payload",
                                    mapper.writeValueAsString(envelope),
                                    TraceContext.FIELD,
                                    traces.get(envelope.id())));
        }

        List<Entry> handled = new CopyOnWriteArrayList<>();
        PartitionedStreamConsumer consumer = new PartitionedStreamConsumer(
                redis,
                new PartitionedStreamConsumer.Settings(
                        stream,
                        1,
                        "tracers",
                        "tracer-" + UUID.randomUUID(),
                        10,
                        Duration.ofMillis(100),
                        Duration.ofMillis(1000),
                        Duration.ofMillis(200),
                        3),
                handled::addAll);
        consumer.start();
        try {
            await(() -> handled.size() >= 2 ? handled : null);
        } finally {
            consumer.stop();
        }
        assertEquals(traces.get(a.id()), handled.get(0).traceparent());
        assertEquals(traces.get(b.id()), handled.get(1).traceparent());
        assertEquals(
                second.getSpanContext().getTraceId(),
                Span.fromContext(TraceContext.restore(handled.get(1).traceparent()))
                        .getSpanContext()
                        .getTraceId());
    }

    private StreamMessage<String, String, String> entryOf(String stream, UUID envelopeId) {
        return redis.stream(String.class).xrange(stream, StreamRange.of("-", "+")).stream()
                .filter(e -> e.payload().get("payload").contains(envelopeId.toString()))
                .findFirst()
                .orElseThrow();
    }

    private static <T> T await(java.util.function.Supplier<T> found) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        for (T value = found.get(); ; value = found.get()) {
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen within 15 s");
            }
            Thread.sleep(20);
        }
    }
}

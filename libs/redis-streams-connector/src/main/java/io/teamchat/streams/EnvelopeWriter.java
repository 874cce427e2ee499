package io.teamchat.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Wraps payloads in an {@link EventEnvelope} and appends them through an outgoing {@code redis-streams} channel:
 * the one way services write to a stream. Make one per channel from the injected emitter.
 */
public final class EnvelopeWriter {

    private final Emitter<EventEnvelope> emitter;
    private final ObjectMapper mapper;

    public EnvelopeWriter(Emitter<EventEnvelope> emitter, ObjectMapper mapper) {
        this.emitter = emitter;
        this.mapper = mapper;
    }

    /** Appends without waiting; the stage fails if XADD failed or the emitter refused the message. */
    public CompletionStage<EventEnvelope> append(EventType type, Object data) {
        return send(EventEnvelope.of(type, data, mapper), Metadata.empty());
    }

    /**
     * Appends to the partition of {@code partitionKey} (a room id) on a channel configured with {@code partitions},
     * without waiting; the stage fails if XADD failed or the emitter refused the message.
     */
    public CompletionStage<EventEnvelope> append(EventType type, Object data, UUID partitionKey) {
        return send(EventEnvelope.of(type, data, mapper), Metadata.of(new PartitionKey(partitionKey)));
    }

    /** The entry carries the caller's current trace ({@link TraceContext}), captured here on the caller's thread. */
    private CompletionStage<EventEnvelope> send(EventEnvelope envelope, Metadata metadata) {
        String traceparent = TraceContext.current();
        Metadata withTrace = traceparent == null ? metadata : metadata.with(new TraceContext.Outgoing(traceparent));
        CompletableFuture<EventEnvelope> appended = new CompletableFuture<>();
        Message<EventEnvelope> message = Message.of(
                envelope,
                withTrace,
                () -> {
                    appended.complete(envelope);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    appended.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException refused) {
            appended.completeExceptionally(refused);
        }
        return appended;
    }

    /**
     * Appends and waits until Redis has the entry, for consumers that must not ack their own input before their
     * output is out. Throws {@link IllegalStateException} when it is not.
     */
    public EventEnvelope appendAndWait(EventType type, Object data, Duration timeout) {
        try {
            return append(type, data).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending " + type.wireName(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(type.wireName() + " was not appended", e);
        }
    }
}

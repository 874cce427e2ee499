package io.teamchat.message.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Writes domain events to the events stream and waits until Redis has them. */
@ApplicationScoped
public class EventPublisher {

    private static final long APPEND_TIMEOUT_SECONDS = 5;

    private final Emitter<EventEnvelope> emitter;
    private final ObjectMapper mapper;

    public EventPublisher(@Channel("events") Emitter<EventEnvelope> emitter, ObjectMapper mapper) {
        this.emitter = emitter;
        this.mapper = mapper;
    }

    /** Blocks until the event is in the stream, so callers can ack their own input only after it is out. */
    public void publish(EventType type, Object data) {
        try {
            emitter.send(EventEnvelope.of(type, data, mapper))
                    .toCompletableFuture()
                    .get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + type.wireName(), e);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + type.wireName(), e);
        }
    }
}

package io.teamchat.message.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.streams.EnvelopeWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Writes domain events to the events stream and waits until Redis has them. */
@ApplicationScoped
public class EventPublisher {

    private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(5);

    private final EnvelopeWriter events;

    public EventPublisher(@Channel("events") Emitter<EventEnvelope> emitter, ObjectMapper mapper) {
        this.events = new EnvelopeWriter(emitter, mapper);
    }

    /** Blocks until the event is in the stream, so callers can ack their own input only after it is out. */
    public void publish(EventType type, Object data) {
        events.appendAndWait(type, data, APPEND_TIMEOUT);
    }
}

package io.teamchat.message.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.streams.EnvelopeWriter;
import io.teamchat.streams.PipelinedAppender;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Writes domain events to the events stream and waits until Redis has them. */
@ApplicationScoped
public class EventPublisher {

    private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(5);

    private final EnvelopeWriter events;
    private final PipelinedAppender pipeline;
    private final String stream;

    public EventPublisher(
            @Channel("events") Emitter<EventEnvelope> emitter,
            ObjectMapper mapper,
            PipelinedAppender pipeline,
            @ConfigProperty(name = "mp.messaging.outgoing.events.stream") String stream) {
        this.events = new EnvelopeWriter(emitter, mapper);
        this.pipeline = pipeline;
        this.stream = stream;
    }

    /** Blocks until the event is in the stream, so callers can ack their own input only after it is out. */
    public void publish(EventType type, Object data) {
        events.appendAndWait(type, data, APPEND_TIMEOUT);
    }

    /**
     * A batch's events in one pipelined round trip, in order; blocks until all are in the stream. Each carries the
     * trace {@code traceparentOf} names (null: none).
     */
    public void publishAll(List<EventEnvelope> envelopes, Function<EventEnvelope, String> traceparentOf) {
        pipeline.appendAll(stream, envelopes, traceparentOf, APPEND_TIMEOUT);
    }
}

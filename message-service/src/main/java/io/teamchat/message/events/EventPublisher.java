package io.teamchat.message.events;

import io.teamchat.common.events.EventEnvelope;
import io.teamchat.streams.DomainEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Publishes a command batch's outcomes (the events stream, and the rooms' channels and the user-events stream for
 * the gateways' live fan-out: {@link DomainEvents}) and waits until Redis has them.
 */
@ApplicationScoped
public class EventPublisher {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

    private final DomainEvents events;

    public EventPublisher(DomainEvents events) {
        this.events = events;
    }

    /**
     * A batch's events in one pipelined round trip, in order; blocks until all are out. Each carries the trace
     * {@code traceparentOf} names (null: none).
     */
    public void publishAll(List<EventEnvelope> envelopes, Function<EventEnvelope, String> traceparentOf) {
        events.publishAndWait(envelopes, traceparentOf, PUBLISH_TIMEOUT);
    }
}

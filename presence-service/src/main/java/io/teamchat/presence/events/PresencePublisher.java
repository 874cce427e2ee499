package io.teamchat.presence.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.PresenceChanged;
import io.teamchat.presence.config.PresenceConfig;
import io.teamchat.streams.DomainEvents;
import io.teamchat.streams.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Publishes {@code presence.changed} ({@code <prefix>events} and, for every gateway, {@code <prefix>user-events}:
 * {@link DomainEvents}) and waits until Redis has it.
 */
@ApplicationScoped
public class PresencePublisher {

    private final DomainEvents events;
    private final ObjectMapper mapper;
    private final PresenceConfig config;

    @Inject
    public PresencePublisher(DomainEvents events, ObjectMapper mapper, PresenceConfig config) {
        this.events = events;
        this.mapper = mapper;
        this.config = config;
    }

    /** Blocks until it is out; throws if it is not, so the caller leaves its entry unacknowledged. */
    public void publish(PresenceChanged change) {
        publishAll(List.of(change));
    }

    /** Several changes, in order, with one pipelined round trip; blocks until all are out (or throws). */
    public void publishAll(List<PresenceChanged> changes) {
        if (changes.isEmpty()) {
            return;
        }
        String traceparent = TraceContext.current();
        events.publishAndWait(
                changes.stream()
                        .map(change -> EventEnvelope.of(EventType.PRESENCE_CHANGED, change, mapper))
                        .toList(),
                ignored -> traceparent,
                config.publishTimeout());
    }
}

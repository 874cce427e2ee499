package io.teamchat.presence.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.PresenceChanged;
import io.teamchat.presence.config.PresenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Writes {@code presence.changed} to {@code <prefix>events} and waits until it is in the stream. */
@ApplicationScoped
public class PresencePublisher {

    private final Emitter<EventEnvelope> events;
    private final ObjectMapper mapper;
    private final PresenceConfig config;

    @Inject
    public PresencePublisher(
            @Channel("events") Emitter<EventEnvelope> events, ObjectMapper mapper, PresenceConfig config) {
        this.events = events;
        this.mapper = mapper;
        this.config = config;
    }

    /** Blocks until XADD succeeded; throws if it failed, so the caller leaves its entry unacknowledged. */
    public void publish(PresenceChanged change) {
        EventEnvelope envelope = EventEnvelope.of(EventType.PRESENCE_CHANGED, change, mapper);
        try {
            events.send(envelope)
                    .toCompletableFuture()
                    .get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing presence.changed", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("presence.changed for " + change.userId() + " was not published", e);
        }
    }
}

package io.teamchat.presence.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.PresenceChanged;
import io.teamchat.presence.config.PresenceConfig;
import io.teamchat.streams.EnvelopeWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Writes {@code presence.changed} to {@code <prefix>events} and waits until it is in the stream. */
@ApplicationScoped
public class PresencePublisher {

    private final EnvelopeWriter events;
    private final PresenceConfig config;

    @Inject
    public PresencePublisher(
            @Channel("events") Emitter<EventEnvelope> events, ObjectMapper mapper, PresenceConfig config) {
        this.events = new EnvelopeWriter(events, mapper);
        this.config = config;
    }

    /** Blocks until XADD succeeded; throws if it failed, so the caller leaves its entry unacknowledged. */
    public void publish(PresenceChanged change) {
        events.appendAndWait(EventType.PRESENCE_CHANGED, change, config.publishTimeout());
    }
}

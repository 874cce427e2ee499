package io.teamchat.presence.presence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.SocketActivity;
import io.teamchat.common.events.SocketConnectionChanged;
import io.teamchat.presence.activity.ActiveUsers;
import io.teamchat.streams.EnvelopeReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code <prefix>connections} as a member of the consumer group {@code presence-service}. An entry is acked
 * when this method returns and left pending (claimed again later) when it throws, so the work is done before the
 * ack. Entries that can never be processed (not JSON, unknown type, missing ids) are logged and acked.
 */
@ApplicationScoped
public class ConnectionConsumer {

    private static final Logger LOG = Logger.getLogger(ConnectionConsumer.class);

    private final PresenceService presence;
    private final ObjectMapper mapper;
    private final ActiveUsers activeUsers;

    @Inject
    public ConnectionConsumer(PresenceService presence, ObjectMapper mapper, ActiveUsers activeUsers) {
        this.presence = presence;
        this.activeUsers = activeUsers;
        this.mapper = mapper;
    }

    @Incoming("connections")
    @Blocking
    public void onEntry(String json) {
        EventEnvelope envelope =
                EnvelopeReader.read(json, mapper, "the connections stream").orElse(null);
        if (envelope == null) {
            return;
        }
        if (envelope.type() == EventType.SOCKET_ACTIVITY) {
            activity(envelope);
            return;
        }
        SocketConnectionChanged change;
        try {
            change = envelope.dataAs(SocketConnectionChanged.class, mapper);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping a connections entry that is not a known socket event: %s", e.getMessage());
            return;
        }
        if (envelope.type() == null || change == null || change.userId() == null || change.socketId() == null) {
            LOG.warnf("skipping %s %s without user or socket id", envelope.type(), envelope.id());
            return;
        }
        switch (envelope.type()) {
            case SOCKET_CONNECTED -> {
                presence.socketOpened(change.userId(), change.socketId(), change.gatewayId());
                activeUsers.connected(change.userId());
            }
            case SOCKET_DISCONNECTED ->
                presence.socketClosed(
                        change.userId(),
                        change.socketId(),
                        change.gatewayId(),
                        String.valueOf(envelope.id()),
                        envelope.occurredAt() != null ? envelope.occurredAt() : Instant.now());
            default -> LOG.debugf("ignoring %s on the connections stream", envelope.type());
        }
    }

    private void activity(EventEnvelope envelope) {
        SocketActivity activity;
        try {
            activity = envelope.dataAs(SocketActivity.class, mapper);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping an unreadable socket.activity entry: %s", e.getMessage());
            return;
        }
        if (activity == null || activity.userId() == null || activity.socketId() == null) {
            LOG.warnf("skipping socket.activity %s without user or socket id", envelope.id());
            return;
        }
        presence.socketActivity(activity.userId(), activity.socketId(), activity.idle());
    }
}

package io.teamchat.gateway.socket;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.SocketActivity;
import io.teamchat.common.events.SocketConnectionChanged;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.engine.Ids;
import io.teamchat.streams.EnvelopeWriter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Tells presence-service (connections stream) when an authenticated socket opens or goes away, and when its client
 * reports the user idle or active. The instance id is the configured name plus a random part per process.
 */
@ApplicationScoped
public class ConnectionEvents {

    private static final Logger LOG = Logger.getLogger(ConnectionEvents.class);

    private final EnvelopeWriter connections;
    private final String gatewayId;

    public ConnectionEvents(
            @Channel("connections-out") Emitter<EventEnvelope> emitter, ObjectMapper mapper, GatewayConfig config) {
        this.connections = new EnvelopeWriter(emitter, mapper);
        this.gatewayId = config.instanceId().filter(id -> !id.isBlank()).orElse("gw") + "-" + Ids.random();
    }

    public String gatewayId() {
        return gatewayId;
    }

    void connected(AuthUser user, String socketId) {
        publish(EventType.SOCKET_CONNECTED, user, socketId);
    }

    void disconnected(AuthUser user, String socketId) {
        publish(EventType.SOCKET_DISCONNECTED, user, socketId);
    }

    /** The socket's client says its user is idle (no input for a while) or active again. */
    public void activity(AuthUser user, String socketId, boolean idle) {
        publish(EventType.SOCKET_ACTIVITY, new SocketActivity(user.id(), socketId, gatewayId, idle), user, socketId);
    }

    private void publish(EventType type, AuthUser user, String socketId) {
        publish(type, new SocketConnectionChanged(user.id(), socketId, gatewayId), user, socketId);
    }

    private void publish(EventType type, Object data, AuthUser user, String socketId) {
        // On the user's partition: its single reader applies a user's changes in the order they happened.
        connections.append(type, data, user.id()).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warnf("could not publish %s for socket %s: %s", type.wireName(), socketId, failure.getMessage());
            }
        });
    }
}

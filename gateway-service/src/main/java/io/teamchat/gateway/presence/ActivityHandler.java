package io.teamchat.gateway.presence;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.StartupEvent;
import io.teamchat.common.problem.Problem;
import io.teamchat.gateway.socket.AckError;
import io.teamchat.gateway.socket.AckHandle;
import io.teamchat.gateway.socket.ConnectionEvents;
import io.teamchat.gateway.socket.SocketEventHandler;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code presence-activity {idle}}: the client reports that its user has been idle for its idle time (the SPA: 5
 * minutes without input or with the page hidden) or is active again. A socket starts active; only changes are
 * passed on to presence-service (connections stream, {@code socket.activity}), which makes the user away while
 * every open socket of theirs is idle.
 */
@ApplicationScoped
public class ActivityHandler implements SocketEventHandler {

    private final ConnectionEvents connections;
    /** Socket ids whose client last said idle. */
    private final Set<String> idleSockets = ConcurrentHashMap.newKeySet();

    public ActivityHandler(ConnectionEvents connections) {
        this.connections = connections;
    }

    void forgetEnded(@Observes StartupEvent event, SocketRegistry registry) {
        registry.onDeparture(departed -> idleSockets.remove(departed.socketId()));
    }

    @Override
    public Set<String> events() {
        return Set.of("presence-activity");
    }

    @Override
    public void handle(String event, SocketSession session, JsonNode data, AckHandle ack) {
        JsonNode idle = data.path("idle");
        if (!idle.isBoolean()) {
            ack.error(AckError.invalid(List.of(new Problem.FieldError("idle", "must be true or false"))));
            return;
        }
        boolean changed =
                idle.booleanValue() ? idleSockets.add(session.socketId()) : idleSockets.remove(session.socketId());
        if (changed && session.isConnected()) {
            connections.activity(session.user(), session.socketId(), idle.booleanValue());
        }
        ack.ok();
    }
}

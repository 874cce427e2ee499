package io.teamchat.gateway.presence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.PresenceChanged;
import io.teamchat.gateway.socket.ServerEvent;
import io.teamchat.gateway.socket.SocketRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code presence.changed} to every socket here that shares a room with the user. */
@ApplicationScoped
public class PresenceFanout {

    private final SocketRegistry registry;
    private final ObjectMapper mapper;

    public PresenceFanout(SocketRegistry registry, ObjectMapper mapper) {
        this.registry = registry;
        this.mapper = mapper;
    }

    public void changed(PresenceChanged changed) {
        ServerEvent.broadcast(
                registry.roomMatesOf(changed.userId()), ServerEvent.PRESENCE_CHANGED.frame(mapper, changed));
    }
}

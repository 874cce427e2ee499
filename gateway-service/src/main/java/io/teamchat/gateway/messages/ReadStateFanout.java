package io.teamchat.gateway.messages;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.RoomRead;
import io.teamchat.gateway.socket.ServerEvent;
import io.teamchat.gateway.socket.SocketRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code room.read}: every socket of the user here hears {@code room-read}, so all their devices agree. */
@ApplicationScoped
public class ReadStateFanout {

    private final SocketRegistry registry;
    private final ObjectMapper mapper;

    public ReadStateFanout(SocketRegistry registry, ObjectMapper mapper) {
        this.registry = registry;
        this.mapper = mapper;
    }

    public void roomRead(RoomRead read) {
        var sockets = registry.socketsOf(read.userId());
        if (sockets.isEmpty()) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("roomId", read.roomId());
        payload.put("lastReadId", read.lastReadId());
        ServerEvent.broadcast(sockets, ServerEvent.ROOM_READ.frame(mapper, payload));
    }
}

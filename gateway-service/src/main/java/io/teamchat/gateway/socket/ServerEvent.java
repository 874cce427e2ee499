package io.teamchat.gateway.socket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoop;
import io.teamchat.gateway.engine.SharedText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every event the gateway sends to sockets, by its wire name. The payloads are specified once, in
 * libs/socket-protocol/socket-protocol.schema.json (the SPA's types are generated from it; the gateway's socket
 * tests check every payload they receive against it).
 */
public enum ServerEvent {
    MESSAGE_RECEIVED("message-received"),
    MESSAGE_UPDATED("message-updated"),
    MESSAGE_DELETED("message-deleted"),
    REACTION_CHANGED("reaction-changed"),
    USER_JOINED("user-joined"),
    USER_LEFT("user-left"),
    TYPING_INDICATOR("typing-indicator"),
    PRESENCE_CHANGED("presence-changed"),
    ROOM_UPDATED("room-updated"),
    ROOM_DELETED("room-deleted"),
    REMOVED_FROM_ROOM("removed-from-room"),
    MENTIONED("mentioned"),
    ROOM_READ("room-read");

    private final String wireName;

    ServerEvent(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The whole socket frame ({@code 42["name",payload]} on the default namespace), serialised once and sent as is
     * to every receiving socket.
     */
    public String frame(ObjectMapper mapper, Object payload) {
        try {
            // SocketPacket.frame(EVENT, default namespace, no ack id, ["name",payload]) in one concatenation: the
            // array written around the payload's JSON, no copy of the payload into a tree or through a builder.
            return "4" + SocketPacket.EVENT + "[\"" + wireName + "\"," + mapper.writeValueAsString(payload) + "]";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(wireName + " payload not serialisable", e);
        }
    }

    /**
     * Sends the frame to each socket, its bytes encoded once for all of them; how many it went to. A socket whose
     * event loop is another thread's is written from that loop, all of that loop's sockets in one task: a frame written
     * from another thread is a task and a selector wake-up of its own (Netty), ten per message in a room of ten. Each
     * socket still gets its frames in the order they were sent from this thread (one loop's tasks run in order).
     */
    public static int broadcast(Iterable<SocketSession> sockets, String frame) {
        SharedText shared = new SharedText(frame);
        Map<EventLoop, List<SocketSession>> elsewhere = null;
        int count = 0;
        for (SocketSession socket : sockets) {
            EventLoop loop = socket.writeLoop();
            if (loop == null || loop.inEventLoop()) {
                socket.send(shared);
            } else {
                if (elsewhere == null) {
                    elsewhere = new HashMap<>(4);
                }
                elsewhere.computeIfAbsent(loop, ignored -> new ArrayList<>()).add(socket);
            }
            count++;
        }
        if (elsewhere != null) {
            elsewhere.forEach((loop, group) -> loop.execute(() -> group.forEach(socket -> socket.send(shared))));
        }
        return count;
    }
}

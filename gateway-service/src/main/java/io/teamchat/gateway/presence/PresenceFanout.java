package io.teamchat.gateway.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.teamchat.gateway.socket.ServerEvent;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import io.teamchat.membership.MembershipCache;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Delivers {@code presence.changed} as {@code presence-changed} to this instance's sockets that share a room with
 * the user: every socket subscribed (join-room) to a room the membership cache lists the user in, wherever the
 * user's own sockets are. presence-service publishes one event per change and every instance reads every event,
 * so each socket gets each change once. Events are handled one after the other (each waits for its membership
 * read), so a socket never sees a user's changes out of order.
 */
@ApplicationScoped
public class PresenceFanout {

    private static final Logger LOG = Logger.getLogger(PresenceFanout.class);

    private final SocketRegistry registry;
    private final MembershipCache membership;
    private final ObjectMapper mapper;
    private final Queue<JsonNode> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean busy = new AtomicBoolean();

    public PresenceFanout(SocketRegistry registry, MembershipCache membership, ObjectMapper mapper) {
        this.registry = registry;
        this.membership = membership;
        this.mapper = mapper;
    }

    /** Takes a {@code presence.changed} event's data. */
    public void deliver(JsonNode data) {
        queue.add(data);
        drain();
    }

    private void drain() {
        while (busy.compareAndSet(false, true)) {
            JsonNode next = queue.poll();
            if (next == null) {
                busy.set(false);
                if (queue.isEmpty()) {
                    return;
                }
                continue; // an event arrived between poll and release: take it
            }
            UUID userId;
            String frame;
            try {
                userId = UUID.fromString(next.path("userId").asText());
                frame = ServerEvent.PRESENCE_CHANGED.frame(mapper, payload(userId, next));
            } catch (IllegalArgumentException e) {
                LOG.warnf("skipping malformed presence.changed: %s", e.getMessage());
                busy.set(false);
                continue;
            }
            Set<UUID> rooms = registry.subscribedRooms();
            membership
                    .roomsWithMember(userId, rooms)
                    .subscribe()
                    .with(
                            shared -> {
                                send(shared, frame);
                                busy.set(false);
                                drain();
                            },
                            failure -> {
                                LOG.warnf("presence of %s not delivered, membership unreadable: %s", userId, failure);
                                busy.set(false);
                                drain();
                            });
            return; // the callback goes on with the next event
        }
    }

    private void send(Set<UUID> rooms, String frame) {
        Set<SocketSession> targets = new HashSet<>();
        for (UUID room : rooms) {
            targets.addAll(registry.subscribers(room));
        }
        ServerEvent.broadcast(targets, frame);
    }

    /** {@code {userId, isOnline, lastSeen, away, status, statusEmoji}}, serialised once for every socket. */
    private ObjectNode payload(UUID userId, JsonNode data) {
        ObjectNode payload = mapper.createObjectNode();
        payload.put("userId", userId.toString());
        payload.put("isOnline", data.path("isOnline").asBoolean());
        payload.set("lastSeen", textOrNull(data, "lastSeen"));
        payload.put("away", data.path("away").asBoolean());
        payload.set("status", textOrNull(data, "status"));
        payload.set("statusEmoji", textOrNull(data, "statusEmoji"));
        return payload;
    }

    private JsonNode textOrNull(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || !value.isTextual() ? mapper.nullNode() : value;
    }
}

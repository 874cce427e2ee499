package io.teamchat.gateway.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.teamchat.gateway.socket.ServerEvent;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import io.teamchat.membership.MembershipCache;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
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
 * so each socket gets each change once. The changes of {@link #GATHER_MS} are taken together, up to
 * {@link #CHANGES_PER_READ}, with one membership read for all their users; the next ones wait for it, so a socket
 * never sees a user's changes out of order.
 */
@ApplicationScoped
public class PresenceFanout {

    private static final Logger LOG = Logger.getLogger(PresenceFanout.class);

    /**
     * Changes answered by one membership read: a burst of connections (every socket of a restarted gateway coming
     * back) costs one version read per room for many users, not one per room and user.
     */
    static final int CHANGES_PER_READ = 500;

    /** How long the first change waits for others to join its read: presence may lag this much, not more. */
    static final long GATHER_MS = 100;

    private final SocketRegistry registry;
    private final MembershipCache membership;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final Queue<JsonNode> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean busy = new AtomicBoolean();

    public PresenceFanout(SocketRegistry registry, MembershipCache membership, ObjectMapper mapper, Vertx vertx) {
        this.registry = registry;
        this.membership = membership;
        this.mapper = mapper;
        this.vertx = vertx;
    }

    /** Takes a {@code presence.changed} event's data. */
    public void deliver(JsonNode data) {
        queue.add(data);
        drain();
    }

    private void drain() {
        if (!queue.isEmpty() && busy.compareAndSet(false, true)) {
            // A short wait gathers a burst (the sockets of a restarted gateway coming back) into one read.
            vertx.setTimer(GATHER_MS, ignored -> readNext());
        }
    }

    private void readNext() {
        List<Change> changes = new ArrayList<>();
        JsonNode next;
        while (changes.size() < CHANGES_PER_READ && (next = queue.poll()) != null) {
            try {
                UUID userId = UUID.fromString(next.path("userId").asText());
                changes.add(new Change(userId, ServerEvent.PRESENCE_CHANGED.frame(mapper, payload(userId, next))));
            } catch (IllegalArgumentException e) {
                LOG.warnf("skipping malformed presence.changed: %s", e.getMessage());
            }
        }
        if (changes.isEmpty()) {
            busy.set(false);
            drain(); // an event that arrived meanwhile
            return;
        }
        Set<UUID> users = new LinkedHashSet<>();
        changes.forEach(change -> users.add(change.userId()));
        membership
                .roomsWithMembers(users, registry.subscribedRooms())
                .subscribe()
                .with(
                        shared -> {
                            // in the order the changes came: a socket never sees a user's changes out of order
                            for (Change change : changes) {
                                send(shared.getOrDefault(change.userId(), Set.of()), change.frame());
                            }
                            busy.set(false);
                            drain();
                        },
                        failure -> {
                            LOG.warnf(
                                    "presence of %d users not delivered, membership unreadable: %s",
                                    users.size(), failure);
                            busy.set(false);
                            drain();
                        });
    }

    /** A user's presence change and its frame, serialised once for every socket. */
    private record Change(UUID userId, String frame) {}

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

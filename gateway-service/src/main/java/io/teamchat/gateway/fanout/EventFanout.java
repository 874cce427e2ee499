package io.teamchat.gateway.fanout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.teamchat.common.events.CommandRejected;
import io.teamchat.common.events.MemberLeft;
import io.teamchat.common.events.RoomDeleted;
import io.teamchat.common.events.UserDisabled;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.messages.PendingAcks;
import io.teamchat.gateway.metrics.GatewayMetrics;
import io.teamchat.gateway.socket.AckError;
import io.teamchat.gateway.socket.DisabledAccounts;
import io.teamchat.gateway.socket.SocketPacket;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads every domain event (the events stream, no consumer group: every gateway instance sees all of them) and
 * delivers it to this instance's sockets. Each socket frame is serialised once per event, not once per socket.
 * Takes the entry's raw JSON so that an event type this build does not know is skipped, not fatal.
 */
@ApplicationScoped
public class EventFanout {

    private static final Logger LOG = Logger.getLogger(EventFanout.class);

    private final SocketRegistry registry;
    private final PendingAcks pending;
    private final GatewayMetrics metrics;
    private final ObjectMapper mapper;
    private final RecentIds deliveredMessages;
    private final DisabledAccounts disabledAccounts;

    public EventFanout(
            SocketRegistry registry,
            PendingAcks pending,
            GatewayMetrics metrics,
            ObjectMapper mapper,
            GatewayConfig config,
            DisabledAccounts disabledAccounts) {
        this.registry = registry;
        this.disabledAccounts = disabledAccounts;
        this.pending = pending;
        this.metrics = metrics;
        this.mapper = mapper;
        this.deliveredMessages = new RecentIds(config.recentMessageIds());
    }

    @Incoming("events-in")
    public void onEvent(String json) {
        String type = "?";
        try {
            JsonNode envelope = mapper.readTree(json);
            type = envelope.path("type").asText("?");
            JsonNode data = envelope.path("data");
            switch (type) {
                case "message.created" -> messageCreated(data);
                case "command.rejected" -> commandRejected(data);
                case "message.updated" ->
                    toRoom(
                            UUID.fromString(data.path("message").path("roomId").asText()),
                            "message-updated",
                            mapper.createObjectNode().set("message", data.path("message")));
                case "message.deleted" ->
                    toRoom(UUID.fromString(data.path("roomId").asText()), "message-deleted", data);
                case "room.deleted" -> roomDeleted(data);
                case "member.joined" -> memberJoined(data);
                case "member.left" -> memberLeft(data);
                case "presence.changed" -> presenceChanged(data);
                case "user.disabled" -> userDisabled(data);
                default -> LOG.tracef("event %s is not for sockets", type);
            }
        } catch (Exception e) {
            // One bad entry must not stop the fan-out of every later one.
            LOG.warnf("skipping malformed %s event: %s", type, e.getMessage());
        }
    }

    private void messageCreated(JsonNode data) throws JsonProcessingException {
        JsonNode message = data.path("message");
        UUID messageId = UUID.fromString(message.path("id").asText());
        UUID roomId = UUID.fromString(message.path("roomId").asText());
        JsonNode commandId = data.get("commandId");
        if (commandId != null && commandId.isTextual()) {
            pending.confirm(UUID.fromString(commandId.asText()), message);
        }
        // message-service publishes again when a retried command finds the message stored: deliver it once.
        if (!deliveredMessages.add(messageId)) {
            return;
        }
        ObjectNode payload = mapper.createObjectNode();
        payload.set("message", message);
        payload.set("user", data.path("user"));
        int delivered = broadcast(registry.subscribers(roomId), eventFrame("message-received", payload));
        metrics.messagesOut(delivered);
        if (delivered > 0 && commandId != null && commandId.isTextual()) {
            metrics.delivered(UUID.fromString(commandId.asText()));
        }
    }

    private void commandRejected(JsonNode data) throws JsonProcessingException {
        CommandRejected rejected = mapper.treeToValue(data, CommandRejected.class);
        int status = rejected.status() >= 400 && rejected.status() < 600 ? rejected.status() : 400;
        String title = rejected.title() == null ? "Rejected" : rejected.title();
        String detail = rejected.detail() == null ? "The message was not stored." : rejected.detail();
        pending.reject(rejected.commandId(), AckError.of(status, title, detail));
    }

    private void memberJoined(JsonNode data) throws JsonProcessingException {
        UUID roomId = UUID.fromString(data.path("roomId").asText());
        ObjectNode payload = mapper.createObjectNode();
        payload.set("user", data.path("user"));
        payload.put("roomId", roomId.toString());
        broadcast(registry.subscribers(roomId), eventFrame("user-joined", payload));
    }

    /**
     * The user is no longer a member: their sockets here stop receiving the room, they get {@code removed-from-room}
     * (harmless when they left themselves) and the remaining subscribers {@code user-left}. (Sends are refused by the
     * membership cache already; if this event is lost, MembershipWatch unsubscribes them within its interval.)
     */
    private void memberLeft(JsonNode data) throws JsonProcessingException {
        MemberLeft left = mapper.treeToValue(data, MemberLeft.class);
        Collection<SocketSession> own = registry.socketsOf(left.userId());
        for (SocketSession socket : own) {
            registry.unsubscribe(socket, left.roomId());
        }
        ObjectNode removed =
                mapper.createObjectNode().put("roomId", left.roomId().toString());
        broadcast(own, eventFrame("removed-from-room", removed));
        ObjectNode userLeft = mapper.createObjectNode()
                .put("userId", left.userId().toString())
                .put("roomId", left.roomId().toString());
        broadcast(registry.subscribers(left.roomId()), eventFrame("user-left", userLeft));
    }

    /** An event a room's subscribers get as it is (edits and deletes carry no sender to add). */
    private void toRoom(UUID roomId, String event, JsonNode payload) throws JsonProcessingException {
        broadcast(registry.subscribers(roomId), eventFrame(event, payload));
    }

    /** Every socket subscribed to the room hears {@code room-deleted} and is unsubscribed; nobody is a member now. */
    private void roomDeleted(JsonNode data) throws JsonProcessingException {
        RoomDeleted deleted = mapper.treeToValue(data, RoomDeleted.class);
        Collection<SocketSession> subscribers = List.copyOf(registry.subscribers(deleted.roomId()));
        broadcast(
                subscribers,
                eventFrame(
                        "room-deleted",
                        mapper.createObjectNode().put("roomId", deleted.roomId().toString())));
        for (SocketSession socket : subscribers) {
            registry.unsubscribe(socket, deleted.roomId());
        }
    }

    /** The account's sockets here end now, and its older tokens cannot open new ones. */
    private void userDisabled(JsonNode data) throws JsonProcessingException {
        UserDisabled disabled = mapper.treeToValue(data, UserDisabled.class);
        disabledAccounts.disabled(disabled.userId(), disabled.disabledAt());
        for (SocketSession socket : registry.socketsOf(disabled.userId())) {
            socket.closeDisabled();
        }
    }

    private void presenceChanged(JsonNode data) throws JsonProcessingException {
        UUID userId = UUID.fromString(data.path("userId").asText());
        ObjectNode payload = mapper.createObjectNode();
        payload.put("userId", userId.toString());
        payload.put("isOnline", data.path("isOnline").asBoolean());
        payload.set("lastSeen", data.path("lastSeen").isMissingNode() ? null : data.get("lastSeen"));
        broadcast(registry.roomMatesOf(userId), eventFrame("presence-changed", payload));
    }

    private String eventFrame(String name, JsonNode payload) throws JsonProcessingException {
        ArrayNode args = mapper.createArrayNode().add(name).add(payload);
        return SocketPacket.frame(
                SocketPacket.EVENT, SocketPacket.DEFAULT_NAMESPACE, null, mapper.writeValueAsString(args));
    }

    private static int broadcast(Collection<SocketSession> sockets, String frame) {
        int count = 0;
        for (SocketSession socket : sockets) {
            socket.send(frame);
            count++;
        }
        return count;
    }
}

package io.teamchat.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.teamchat.common.events.CommandRejected;
import io.teamchat.common.events.MessageDeleted;
import io.teamchat.common.events.ReactionChanged;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.metrics.GatewayMetrics;
import io.teamchat.gateway.socket.AckError;
import io.teamchat.gateway.socket.ServerEvent;
import io.teamchat.gateway.socket.SocketRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Message events to this instance's sockets: a stored message answers its sender's pending ack and reaches the room
 * once; a refused command answers the ack with the error; edits and deletes reach the room.
 */
@ApplicationScoped
public class MessageFanout {

    private final SocketRegistry registry;
    private final PendingAcks pending;
    private final GatewayMetrics metrics;
    private final ObjectMapper mapper;
    private final RecentIds deliveredMessages;
    private final RecentIds announcedMentions;

    public MessageFanout(
            SocketRegistry registry,
            PendingAcks pending,
            GatewayMetrics metrics,
            ObjectMapper mapper,
            GatewayConfig config) {
        this.registry = registry;
        this.pending = pending;
        this.metrics = metrics;
        this.mapper = mapper;
        this.deliveredMessages = new RecentIds(config.recentMessageIds());
        this.announcedMentions = new RecentIds(config.recentMessageIds());
    }

    /**
     * {@code message.created} from the room's channel: the sender's ack (this instance subscribes to the room while
     * a send of its own waits there) and {@code message-received} to the room's subscribers. The message stays a
     * JSON tree: fields this build does not know yet (written by a newer message-service) still reach clients.
     */
    public void created(JsonNode data) {
        JsonNode message = data.path("message");
        UUID messageId = UUID.fromString(message.path("id").asText());
        UUID roomId = UUID.fromString(message.path("roomId").asText());
        UUID commandId = data.path("commandId").isTextual()
                ? UUID.fromString(data.path("commandId").asText())
                : null;
        if (commandId != null) {
            pending.confirm(commandId, message);
        }
        // A client's retry that found its message stored: the command that stored it announced it already.
        if (data.path("resent").asBoolean(false)) {
            return;
        }
        // message-service announces again when a redelivered command finds its message stored: deliver it once.
        if (!deliveredMessages.add(messageId)) {
            return;
        }
        ObjectNode payload = mapper.createObjectNode();
        payload.set("message", message);
        payload.set("user", data.path("user"));
        int delivered = ServerEvent.broadcast(
                registry.subscribers(roomId), ServerEvent.MESSAGE_RECEIVED.frame(mapper, payload));
        metrics.messagesOut(delivered);
        if (delivered > 0 && commandId != null) {
            metrics.delivered(commandId);
        }
    }

    /**
     * {@code message.created} of a message that mentions someone, from the user-events stream: {@code mentioned} to
     * every socket here of each mentioned member, whether or not it has the room open (the members were resolved by
     * message-service when it stored the message), once per message.
     */
    public void mentioned(JsonNode data) {
        JsonNode message = data.path("message");
        JsonNode mentions = message.path("mentions");
        if (!mentions.isArray() || mentions.isEmpty()) {
            return;
        }
        UUID messageId = UUID.fromString(message.path("id").asText());
        UUID roomId = UUID.fromString(message.path("roomId").asText());
        if (!announcedMentions.add(messageId)) {
            return;
        }
        ObjectNode payload = mapper.createObjectNode();
        payload.set("message", message);
        payload.put("roomId", roomId.toString());
        String frame = null;
        for (JsonNode userId : mentions) {
            var sockets = registry.socketsOf(UUID.fromString(userId.asText()));
            if (!sockets.isEmpty()) {
                frame = frame == null ? ServerEvent.MENTIONED.frame(mapper, payload) : frame;
                ServerEvent.broadcast(sockets, frame);
            }
        }
    }

    /** {@code command.rejected}: the sender's pending ack gets the error. */
    public void rejected(CommandRejected rejected) {
        int status = rejected.status() >= 400 && rejected.status() < 600 ? rejected.status() : 400;
        String title = rejected.title() == null ? "Rejected" : rejected.title();
        String detail = rejected.detail() == null ? "The message was not stored." : rejected.detail();
        pending.reject(rejected.commandId(), AckError.of(status, title, detail));
    }

    /** {@code message.updated}: the edited message, as a tree for the same reason as {@link #created}. */
    public void updated(JsonNode data) {
        JsonNode message = data.path("message");
        UUID roomId = UUID.fromString(message.path("roomId").asText());
        ObjectNode payload = mapper.createObjectNode();
        payload.set("message", message);
        ServerEvent.broadcast(registry.subscribers(roomId), ServerEvent.MESSAGE_UPDATED.frame(mapper, payload));
    }

    /**
     * {@code reaction.changed}: {@code reaction-changed {messageId, roomId, emoji, userId, added}} to the room; an
     * outcome that changed nothing (an idempotent repeat) reaches nobody.
     */
    public void reactionChanged(ReactionChanged changed) {
        if (!changed.changed()) {
            return;
        }
        ObjectNode payload = mapper.createObjectNode()
                .put("messageId", changed.messageId().toString())
                .put("roomId", changed.roomId().toString())
                .put("emoji", changed.emoji())
                .put("userId", changed.userId().toString())
                .put("added", changed.added());
        ServerEvent.broadcast(
                registry.subscribers(changed.roomId()), ServerEvent.REACTION_CHANGED.frame(mapper, payload));
    }

    /** {@code message.deleted}: the socket payload is {messageId, roomId}; the command id stays on the stream. */
    public void deleted(MessageDeleted deleted) {
        ObjectNode payload = mapper.createObjectNode()
                .put("messageId", deleted.messageId().toString())
                .put("roomId", deleted.roomId().toString());
        ServerEvent.broadcast(
                registry.subscribers(deleted.roomId()), ServerEvent.MESSAGE_DELETED.frame(mapper, payload));
    }
}

package io.teamchat.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.teamchat.common.events.EventEnvelope;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a domain event goes besides the durable {@code <prefix>events} stream, for the gateways' live fan-out
 * (docs/events.md, "Live fan-out"): a room-scoped event to its room's sharded pub/sub channel, which only the gateways
 * with sockets in that room subscribe to; an event addressed to users (an ack's outcome, a mention, read state,
 * presence, a disabled account, a member's own joining and removal) to {@code <prefix>user-events}, which every gateway reads.
 * Writers and the gateway take the names from here, so both sides agree.
 */
public final class LiveRoutes {

    private LiveRoutes() {}

    /** {@code <prefix>room:{<roomId>}}: the hash tag keeps a room's channel on one shard of a Redis Cluster. */
    public static String roomChannel(String prefix, UUID roomId) {
        return prefix + "room:{" + roomId + "}";
    }

    /** The room a room channel names, or empty for any other channel. */
    public static Optional<UUID> roomOfChannel(String prefix, String channel) {
        String start = prefix + "room:{";
        if (!channel.startsWith(start) || !channel.endsWith("}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(channel.substring(start.length(), channel.length() - 1)));
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }

    /** The stream of events addressed to users, which every gateway reads. */
    public static String userEventsStream(String prefix) {
        return prefix + "user-events";
    }

    /** The room whose subscribers this event is for, or empty when it is not room-scoped. */
    public static Optional<UUID> roomOf(EventEnvelope event) {
        JsonNode data = event.data();
        if (data == null) {
            return Optional.empty();
        }
        JsonNode roomId = switch (event.type()) {
            case MESSAGE_CREATED, MESSAGE_UPDATED -> data.path("message").path("roomId");
            case MESSAGE_DELETED, REACTION_CHANGED, MEMBER_JOINED, MEMBER_LEFT, ROOM_UPDATED, ROOM_DELETED ->
                data.path("roomId");
            default -> null;
        };
        if (roomId == null || !roomId.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(roomId.asText()));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /**
     * Whether this event is for users wherever their sockets are: the outcome of a refused command (the sender's
     * ack), a read marker, presence, a disabled account, a member's own {@code removed-from-room} and own
     * {@code user-joined} (a room they were added to appears on all their devices), and a message that mentions
     * someone ({@code mentioned} reaches the mentioned user's sockets, room open or not) unless it is resent.
     */
    public static boolean forUsers(EventEnvelope event) {
        return switch (event.type()) {
            case COMMAND_REJECTED, ROOM_READ, PRESENCE_CHANGED, USER_DISABLED, MEMBER_JOINED, MEMBER_LEFT -> true;
            case MESSAGE_CREATED -> {
                JsonNode mentions = event.data() == null
                        ? null
                        : event.data().path("message").path("mentions");
                // a resent message (a client's retry) was announced, mentions and all, by the command that stored it
                yield mentions != null
                        && mentions.isArray()
                        && !mentions.isEmpty()
                        && !event.data().path("resent").asBoolean(false);
            }
            default -> false;
        };
    }
}

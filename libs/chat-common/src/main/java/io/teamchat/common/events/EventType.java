package io.teamchat.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Every event and command that crosses a Redis stream, with its wire name (see docs/events.md). */
public enum EventType {
    /** gateway -> message-service: store a message (commands stream). */
    MESSAGE_SEND("message.send"),
    /** REST (message-service) -> message-service: edit a message's content (commands stream). */
    MESSAGE_EDIT("message.edit"),
    /** REST (message-service) -> message-service: delete a message for good (commands stream). */
    MESSAGE_DELETE("message.delete"),
    /** REST (message-service) -> message-service: a user reacts to a message with an emoji (commands stream). */
    REACTION_ADD("reaction.add"),
    /** REST (message-service) -> message-service: a user takes their reaction back (commands stream). */
    REACTION_REMOVE("reaction.remove"),
    /** message-service: a reaction was added or removed, or the command changed nothing (events stream). */
    REACTION_CHANGED("reaction.changed"),
    /** REST (message-service) -> message-service: pin a message in its room (commands stream). */
    MESSAGE_PIN("message.pin"),
    /** REST (message-service) -> message-service: unpin a message (commands stream). */
    MESSAGE_UNPIN("message.unpin"),
    /** message-service: a message was stored (events stream); carries the command id for the sender's ack. */
    MESSAGE_CREATED("message.created"),
    /** message-service: a message's content was edited (events stream). */
    MESSAGE_UPDATED("message.updated"),
    /** message-service: a message and its content were deleted for good (events stream). */
    MESSAGE_DELETED("message.deleted"),
    /** message-service: a send command was refused and nothing was stored (events stream). */
    COMMAND_REJECTED("command.rejected"),
    /** gateway or message-service -> message-service: move the user's read marker in a room (commands stream). */
    ROOM_MARK_READ("room.mark-read"),
    /** message-service: a user's read marker in a room moved forward (events stream); to all their sockets. */
    ROOM_READ("room.read"),
    /** room-service: a user became a member of a room (events stream). */
    MEMBER_JOINED("member.joined"),
    /** room-service: a user stopped being a member of a room (left or was removed) (events stream). */
    MEMBER_LEFT("member.left"),
    /** room-service: a room's name or description changed (events stream). */
    ROOM_UPDATED("room.updated"),
    /** room-service: a room was deleted, with its memberships; message-service deletes its messages (events stream). */
    ROOM_DELETED("room.deleted"),
    /** gateway -> presence-service: a socket was authenticated (connections stream). */
    SOCKET_CONNECTED("socket.connected"),
    /** gateway -> presence-service: a socket went away (connections stream). */
    SOCKET_DISCONNECTED("socket.disconnected"),
    /** gateway -> presence-service: a socket's client reported its user idle or active again (connections stream). */
    SOCKET_ACTIVITY("socket.activity"),
    /** presence-service: a user went online or offline, away or back, or changed their status (events stream). */
    PRESENCE_CHANGED("presence.changed"),
    /** auth-service: an admin disabled an account; every gateway closes its sockets (events stream). */
    USER_DISABLED("user.disabled"),
    /** room-service (any service but auth): a security-relevant action for auth-service's audit log (audit stream). */
    AUDIT_RECORDED("audit.recorded");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static EventType fromWireName(String name) {
        return Arrays.stream(values())
                .filter(type -> type.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event type: " + name));
    }
}

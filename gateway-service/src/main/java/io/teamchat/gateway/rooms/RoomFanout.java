package io.teamchat.gateway.rooms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.teamchat.common.events.MemberJoined;
import io.teamchat.common.events.MemberLeft;
import io.teamchat.common.events.RoomDeleted;
import io.teamchat.common.events.RoomUpdated;
import io.teamchat.gateway.socket.ServerEvent;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Membership and room events to this instance's sockets, and the subscriptions they end. */
@ApplicationScoped
public class RoomFanout {

    private final SocketRegistry registry;
    private final ObjectMapper mapper;
    private final RoomDetails details;

    public RoomFanout(SocketRegistry registry, ObjectMapper mapper, RoomDetails details) {
        this.registry = registry;
        this.mapper = mapper;
        this.details = details;
    }

    /** {@code member.joined}: the room's subscribers hear {@code user-joined}. */
    public void memberJoined(MemberJoined joined) {
        details.forget(joined.roomId());
        ServerEvent.broadcast(registry.subscribers(joined.roomId()), ServerEvent.USER_JOINED.frame(mapper, joined));
    }

    /**
     * {@code member.joined} from the user-events stream: the new member's sockets here that are not subscribed to the
     * room hear {@code user-joined} too, so a room they were added to (a private room, a direct message, a join on
     * another device) appears without a reload. Subscribed sockets hear it from the room's channel instead: one copy.
     */
    public void addedToRoom(MemberJoined joined) {
        List<SocketSession> unsubscribed = registry.socketsOf(joined.user().id()).stream()
                .filter(socket -> !socket.rooms().contains(joined.roomId()))
                .toList();
        ServerEvent.broadcast(unsubscribed, ServerEvent.USER_JOINED.frame(mapper, joined));
    }

    /**
     * {@code member.left} from the room's channel, in order with the room's messages: the user's sockets here stop
     * receiving the room before any later message, and the remaining subscribers hear {@code user-left}. (Sends are
     * refused by the membership cache already; if this event is lost, MembershipWatch unsubscribes them within its
     * interval.)
     */
    public void memberLeft(MemberLeft left) {
        details.forget(left.roomId());
        unsubscribe(left);
        ObjectNode userLeft = mapper.createObjectNode()
                .put("userId", left.userId().toString())
                .put("roomId", left.roomId().toString());
        ServerEvent.broadcast(registry.subscribers(left.roomId()), ServerEvent.USER_LEFT.frame(mapper, userLeft));
    }

    /**
     * {@code member.left} from the user-events stream: every socket of the user here, subscribed to the room or not,
     * hears {@code removed-from-room} (harmless when they left themselves; their other tabs learn of it) and is
     * unsubscribed, whichever of the two copies of the event comes first.
     */
    public void removedFromRoom(MemberLeft left) {
        Collection<SocketSession> own = unsubscribe(left);
        ObjectNode removed =
                mapper.createObjectNode().put("roomId", left.roomId().toString());
        ServerEvent.broadcast(own, ServerEvent.REMOVED_FROM_ROOM.frame(mapper, removed));
    }

    private Collection<SocketSession> unsubscribe(MemberLeft left) {
        Collection<SocketSession> own = registry.socketsOf(left.userId());
        for (SocketSession socket : own) {
            registry.unsubscribe(socket, left.roomId());
        }
        return own;
    }

    /**
     * {@code room.updated}: {@code room-updated} with the fields that changed ({@code id}, {@code name},
     * {@code description}); the room's other fields are per user ({@code myRole}) or unchanged, so clients merge.
     */
    public void roomUpdated(RoomUpdated updated) {
        details.forget(updated.roomId());
        ObjectNode payload = mapper.createObjectNode();
        payload.putObject("room")
                .put("id", updated.roomId().toString())
                .put("name", updated.name())
                .put("description", updated.description());
        ServerEvent.broadcast(registry.subscribers(updated.roomId()), ServerEvent.ROOM_UPDATED.frame(mapper, payload));
    }

    /** Every socket subscribed to the room hears {@code room-deleted} and is unsubscribed; nobody is a member now. */
    public void roomDeleted(RoomDeleted deleted) {
        details.forget(deleted.roomId());
        Collection<SocketSession> subscribers = List.copyOf(registry.subscribers(deleted.roomId()));
        ServerEvent.broadcast(subscribers, ServerEvent.ROOM_DELETED.frame(mapper, deleted));
        for (SocketSession socket : subscribers) {
            registry.unsubscribe(socket, deleted.roomId());
        }
    }
}

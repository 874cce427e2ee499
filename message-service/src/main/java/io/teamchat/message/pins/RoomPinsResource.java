package io.teamchat.message.pins;

import io.quarkus.security.Authenticated;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.message.Message;
import io.teamchat.message.message.MessageViews;
import io.teamchat.message.room.RoomAccess;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The room's pinned messages, newest pin first (at most 200), for members (404 for everybody else). */
@Path("/api/rooms/{roomId}/pins")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RoomPinsResource {

    /** The pinned messages. */
    public record PinList(List<MessagePayload> items) {}

    private final PinStore store;
    private final RoomAccess access;
    private final MessageViews views;
    private final JsonWebToken caller;

    public RoomPinsResource(PinStore store, RoomAccess access, MessageViews views, JsonWebToken caller) {
        this.store = store;
        this.access = access;
        this.views = views;
        this.caller = caller;
    }

    @GET
    public PinList pins(@PathParam("roomId") UUID roomId) {
        access.require(roomId, caller, RoomAction.READ);
        List<UUID> order = store.pinsOf(roomId);
        if (order.isEmpty()) {
            return new PinList(List.of());
        }
        List<MessagePayload> messages = Message.<Message>list("id in ?1", order).stream()
                .sorted(Comparator.comparingInt(message -> order.indexOf(message.id)))
                .map(Message::toPayload)
                .toList();
        return new PinList(views.forViewer(messages, UUID.fromString(caller.getSubject())));
    }
}

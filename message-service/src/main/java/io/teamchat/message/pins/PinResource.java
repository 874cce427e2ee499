package io.teamchat.message.pins;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.events.MessageUpdated;
import io.teamchat.common.events.PinCommand;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.message.command.CommandBus;
import io.teamchat.message.message.MessageLookup;
import io.teamchat.message.message.MessageViews;
import io.teamchat.ratelimit.Action;
import io.teamchat.ratelimit.RateLimiter;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Pin ({@code PUT}) and unpin ({@code DELETE}) a message: 200 with the message as it is now; idempotent; a command on
 * the message's room partition ({@link Pins} holds the rules). They spend the changes budget, like edits.
 */
@Path("/api/messages/{messageId}/pin")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PinResource {

    private final MessageLookup lookup;
    private final CommandBus commands;
    private final JsonWebToken caller;
    private final RateLimiter rateLimiter;
    private final MessageViews views;
    private final ObjectMapper mapper;

    public PinResource(
            MessageLookup lookup,
            CommandBus commands,
            JsonWebToken caller,
            RateLimiter rateLimiter,
            MessageViews views,
            ObjectMapper mapper) {
        this.lookup = lookup;
        this.commands = commands;
        this.caller = caller;
        this.rateLimiter = rateLimiter;
        this.views = views;
        this.mapper = mapper;
    }

    @PUT
    public MessagePayload pin(@PathParam("messageId") UUID messageId) {
        return submit(EventType.MESSAGE_PIN, messageId);
    }

    @DELETE
    public MessagePayload unpin(@PathParam("messageId") UUID messageId) {
        return submit(EventType.MESSAGE_UNPIN, messageId);
    }

    private MessagePayload submit(EventType type, UUID messageId) {
        UUID userId = UUID.fromString(caller.getSubject());
        rateLimiter.require(Action.CHANGE, userId);
        UUID roomId = lookup.readableRoomOf(messageId, caller);
        UUID commandId = UuidV7.generate();
        MessagePayload changed = commands.submit(
                        type,
                        new PinCommand(
                                commandId,
                                userId,
                                messageId,
                                roomId,
                                caller.getGroups().contains("admin")),
                        commandId,
                        roomId)
                .dataAs(MessageUpdated.class, mapper)
                .message();
        return views.forViewer(changed, userId);
    }
}

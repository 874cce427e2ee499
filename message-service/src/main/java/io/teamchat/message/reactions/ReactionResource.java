package io.teamchat.message.reactions;

import io.quarkus.security.Authenticated;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.ReactionCommand;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.message.command.CommandBus;
import io.teamchat.message.message.MessageLookup;
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
 * The caller's reaction on a message: {@code PUT} adds it, {@code DELETE} takes it back; both idempotent (204), both
 * a command on the message's room partition ({@link Reactions}). They spend the changes budget, like edits.
 */
@Path("/api/messages/{messageId}/reactions/{emoji}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ReactionResource {

    private final MessageLookup lookup;
    private final CommandBus commands;
    private final JsonWebToken caller;
    private final RateLimiter rateLimiter;

    public ReactionResource(MessageLookup lookup, CommandBus commands, JsonWebToken caller, RateLimiter rateLimiter) {
        this.lookup = lookup;
        this.commands = commands;
        this.caller = caller;
        this.rateLimiter = rateLimiter;
    }

    @PUT
    public void add(@PathParam("messageId") UUID messageId, @PathParam("emoji") String emoji) {
        submit(EventType.REACTION_ADD, messageId, emoji);
    }

    @DELETE
    public void remove(@PathParam("messageId") UUID messageId, @PathParam("emoji") String emoji) {
        submit(EventType.REACTION_REMOVE, messageId, emoji);
    }

    private void submit(EventType type, UUID messageId, String emoji) {
        if (!Emoji.isValid(emoji)) {
            throw Reactions.invalidEmoji();
        }
        UUID userId = UUID.fromString(caller.getSubject());
        rateLimiter.require(Action.CHANGE, userId);
        UUID roomId = lookup.readableRoomOf(messageId, caller);
        UUID commandId = UuidV7.generate();
        commands.submit(
                type,
                new ReactionCommand(
                        commandId,
                        userId,
                        messageId,
                        roomId,
                        emoji,
                        caller.getGroups().contains("admin")),
                commandId,
                roomId);
    }
}

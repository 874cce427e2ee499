package io.teamchat.message.message;

import io.quarkus.security.Authenticated;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.ratelimit.Action;
import io.teamchat.ratelimit.RateLimiter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Edit and delete one message by id (the rules are in {@link MessageChanges}). Socket edits and deletes arrive here
 * too (the gateway calls these with the user's token), so both count against the user's one changes budget.
 */
@Path("/api/messages/{messageId}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MessageItemResource {

    private final MessageChanges changes;
    private final JsonWebToken caller;
    private final RateLimiter rateLimiter;

    public MessageItemResource(MessageChanges changes, JsonWebToken caller, RateLimiter rateLimiter) {
        this.changes = changes;
        this.caller = caller;
        this.rateLimiter = rateLimiter;
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public MessagePayload edit(@PathParam("messageId") UUID messageId, EditMessageRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required.");
        }
        rateLimiter.require(Action.CHANGE, UUID.fromString(caller.getSubject()));
        return changes.edit(messageId, request.content(), caller);
    }

    @DELETE
    public void delete(@PathParam("messageId") UUID messageId) {
        rateLimiter.require(Action.CHANGE, UUID.fromString(caller.getSubject()));
        changes.delete(messageId, caller);
    }
}

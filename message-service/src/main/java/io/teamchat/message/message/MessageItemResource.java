package io.teamchat.message.message;

import io.quarkus.security.Authenticated;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Edit and delete one message by id (the rules are in {@link MessageChanges}). */
@Path("/api/messages/{messageId}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MessageItemResource {

    private final MessageChanges changes;
    private final JsonWebToken caller;

    public MessageItemResource(MessageChanges changes, JsonWebToken caller) {
        this.changes = changes;
        this.caller = caller;
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public MessagePayload edit(@PathParam("messageId") UUID messageId, EditMessageRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required.");
        }
        return changes.edit(messageId, request.content(), caller);
    }

    @DELETE
    public void delete(@PathParam("messageId") UUID messageId) {
        changes.delete(messageId, caller);
    }
}

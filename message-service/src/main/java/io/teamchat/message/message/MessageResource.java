package io.teamchat.message.message;

import io.quarkus.security.Authenticated;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.message.room.RoomAccess;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** History and REST sends of one room's messages. Every path checks room membership first. */
@Path("/api/rooms/{roomId}/messages")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    private final MessageService messages;
    private final RoomAccess access;
    private final JsonWebToken caller;

    public MessageResource(MessageService messages, RoomAccess access, JsonWebToken caller) {
        this.messages = messages;
        this.access = access;
        this.caller = caller;
    }

    @GET
    public MessagePage history(
            @PathParam("roomId") UUID roomId,
            @QueryParam("before") UUID before,
            @QueryParam("after") UUID after,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (before != null && after != null) {
            throw ProblemException.badRequest("Use either 'before' or 'after', not both.");
        }
        access.requireMember(roomId, caller, authorization);
        return messages.history(roomId, before, after, limit);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(
            @PathParam("roomId") UUID roomId,
            SendMessageRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required.");
        }
        MessageDraft draft = new MessageDraft(
                roomId,
                UUID.fromString(caller.getSubject()),
                caller.getName(),
                request.content(),
                request.type(),
                request.clientMsgId());
        draft.validate();
        access.requireMember(roomId, caller, authorization);
        MessagePayload message = messages.send(draft, null);
        return Response.status(Response.Status.CREATED).entity(message).build();
    }
}

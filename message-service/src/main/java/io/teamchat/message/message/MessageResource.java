package io.teamchat.message.message;

import io.quarkus.security.Authenticated;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.message.http.QueryParams;
import io.teamchat.message.room.RoomAccess;
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

    private static final int MAX_PAGE_SIZE = 200;

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
            @QueryParam("before") String before,
            @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("50") String limit,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        UUID beforeId = QueryParams.messageId("before", before);
        UUID afterId = QueryParams.messageId("after", after);
        if (beforeId != null && afterId != null) {
            throw ProblemException.badRequest("Use either 'before' or 'after', not both.");
        }
        int pageSize = QueryParams.pageSize("limit", limit, MAX_PAGE_SIZE);
        access.requireMember(roomId, caller, authorization);
        return messages.history(roomId, beforeId, afterId, pageSize);
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
                        request.clientMsgId())
                .validated();
        access.requireMember(roomId, caller, authorization);
        MessagePayload message = messages.send(draft, null);
        return Response.status(Response.Status.CREATED).entity(message).build();
    }
}

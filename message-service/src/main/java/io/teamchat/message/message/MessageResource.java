package io.teamchat.message.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MessageCreated;
import io.teamchat.common.events.SendMessageCommand;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.command.CommandBus;
import io.teamchat.message.http.QueryParams;
import io.teamchat.message.mentions.MentionCandidates;
import io.teamchat.message.room.RoomAccess;
import io.teamchat.ratelimit.Action;
import io.teamchat.ratelimit.RateLimiter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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
    private final CommandBus commands;
    private final RoomAccess access;
    private final JsonWebToken caller;
    private final ObjectMapper mapper;
    private final RateLimiter rateLimiter;
    private final MentionCandidates mentionCandidates;

    public MessageResource(
            MessageService messages,
            CommandBus commands,
            RoomAccess access,
            JsonWebToken caller,
            ObjectMapper mapper,
            RateLimiter rateLimiter,
            MentionCandidates mentionCandidates) {
        this.rateLimiter = rateLimiter;
        this.mentionCandidates = mentionCandidates;
        this.messages = messages;
        this.commands = commands;
        this.access = access;
        this.caller = caller;
        this.mapper = mapper;
    }

    @GET
    public MessagePage history(
            @PathParam("roomId") UUID roomId,
            @QueryParam("before") String before,
            @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("50") String limit) {
        UUID beforeId = QueryParams.messageId("before", before);
        UUID afterId = QueryParams.messageId("after", after);
        if (beforeId != null && afterId != null) {
            throw ProblemException.badRequest("Use either 'before' or 'after', not both.");
        }
        int pageSize = QueryParams.pageSize("limit", limit, MAX_PAGE_SIZE);
        access.require(roomId, caller, RoomAction.READ);
        return messages.history(UUID.fromString(caller.getSubject()), roomId, beforeId, afterId, pageSize);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(@PathParam("roomId") UUID roomId, SendMessageRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required.");
        }
        MessageDraft draft = new MessageDraft(
                        roomId,
                        UUID.fromString(caller.getSubject()),
                        caller.getName(),
                        request.content(),
                        request.type(),
                        request.clientMsgId(),
                        request.attachmentId(),
                        QueryParams.messageId("parentId", request.parentId()))
                .validated();
        // Here and not in the gateway's proxy: this port is reachable too, and a socket send spends the same budget.
        rateLimiter.require(Action.MESSAGE, draft.userId());
        access.require(roomId, caller, RoomAction.POST);
        // The same command a socket send becomes, on the room's partition: one ordered path for both doors.
        UUID commandId = UuidV7.generate();
        SendMessageCommand command = new SendMessageCommand(
                commandId,
                draft.userId(),
                draft.username(),
                roomId,
                draft.content(),
                draft.type(),
                draft.clientMsgId(),
                caller.getGroups().contains("admin"),
                mentionCandidates.of(draft.content(), "Bearer " + caller.getRawToken()),
                draft.attachmentId(),
                draft.parentId());
        MessageCreated created = commands.submit(EventType.MESSAGE_SEND, command, commandId, roomId)
                .dataAs(MessageCreated.class, mapper);
        return Response.status(Response.Status.CREATED)
                .entity(created.message())
                .build();
    }
}

package io.teamchat.message.readstate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MarkReadCommand;
import io.teamchat.common.events.RoomRead;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.Decision;
import io.teamchat.membership.MembershipCache;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.command.CommandBus;
import io.teamchat.message.room.RoomAccess;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller's read markers: move one forward, and the counts of many rooms (docs/conversation.md, "Read state"). */
@Path("/api")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ReadStateResource {

    /** Most rooms one read-state query may ask about (room-service asks in chunks). */
    static final int MAX_ROOMS = 100;

    /** {@code PUT /api/rooms/{id}/read}. */
    public record MarkReadRequest(UUID messageId) {}

    /** The marker after the request: never behind the one before. */
    public record ReadMarkerView(UUID roomId, UUID lastReadId) {}

    /** {@code POST /api/read-state}: the rooms to count, each with when the caller joined it. */
    public record ReadStateQuery(List<ReadCounts.Room> rooms) {}

    private final CommandBus commands;
    private final RoomAccess access;
    private final ReadCounts counts;
    private final JsonWebToken caller;
    private final ObjectMapper mapper;

    public ReadStateResource(
            CommandBus commands, RoomAccess access, ReadCounts counts, JsonWebToken caller, ObjectMapper mapper) {
        this.commands = commands;
        this.access = access;
        this.counts = counts;
        this.caller = caller;
        this.mapper = mapper;
    }

    @PUT
    @Path("/rooms/{roomId}/read")
    @Consumes(MediaType.APPLICATION_JSON)
    public ReadMarkerView markRead(@PathParam("roomId") UUID roomId, MarkReadRequest request) {
        if (request == null || request.messageId() == null) {
            throw ProblemException.invalidField("messageId", "is required");
        }
        access.require(roomId, caller, RoomAction.READ);
        UUID userId = UUID.fromString(caller.getSubject());
        UUID commandId = UuidV7.generate();
        // On the room's partition like its messages: a marker is only ever set to a message already stored.
        MarkReadCommand command = new MarkReadCommand(commandId, userId, roomId, request.messageId(), isAdmin());
        RoomRead read = commands.submit(EventType.ROOM_MARK_READ, command, commandId, roomId)
                .dataAs(RoomRead.class, mapper);
        return new ReadMarkerView(read.roomId(), read.lastReadId());
    }

    /**
     * The caller's read state in each room asked about that they may read; other rooms are left out without a word
     * (a room you are not in has no counts, and asking reveals nothing about it).
     */
    @POST
    @Path("/read-state")
    @Consumes(MediaType.APPLICATION_JSON)
    public List<ReadCounts.RoomReadState> readState(ReadStateQuery query) {
        if (query == null || query.rooms() == null) {
            throw ProblemException.invalidField("rooms", "is required");
        }
        if (query.rooms().size() > MAX_ROOMS) {
            throw ProblemException.invalidField("rooms", "at most " + MAX_ROOMS + " per request");
        }
        if (query.rooms().stream().anyMatch(room -> room == null || room.roomId() == null)) {
            throw ProblemException.invalidField("rooms", "each needs a roomId");
        }
        UUID userId = UUID.fromString(caller.getSubject());
        List<Decision> decisions = access.decideAll(query.rooms().stream()
                .map(room -> new MembershipCache.Question(room.roomId(), userId, isAdmin(), RoomAction.READ))
                .toList());
        List<ReadCounts.Room> readable = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).allowed()) {
                readable.add(query.rooms().get(i));
            }
        }
        return counts.of(userId, readable);
    }

    private boolean isAdmin() {
        return caller.getGroups().contains("admin");
    }
}

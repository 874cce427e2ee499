package io.teamchat.room.rooms;

import io.quarkus.security.Authenticated;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.room.access.Caller;
import io.teamchat.room.membership.MembershipService;
import io.teamchat.room.model.RoomView;
import io.teamchat.room.readstate.ReadStates;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

@Path("/api/rooms")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoomResource {

    @Inject
    JsonWebToken token;

    @Inject
    RoomService rooms;

    @Inject
    MembershipService membership;

    @Inject
    ReadStates readStates;

    @POST
    public Response create(@Valid @NotNull CreateRoomRequest request) {
        RoomView room = rooms.create(Caller.from(token), request);
        // A relative Location: behind the gateway this service's own host name means nothing to clients.
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/api/rooms/" + room.id())
                .entity(room)
                .build();
    }

    /** The caller's rooms, or with {@code discover=true} public rooms the caller could join. */
    @GET
    public List<?> list(@QueryParam("discover") boolean discover, @QueryParam("q") String query) {
        Caller caller = Caller.from(token);
        if (query != null && query.indexOf('\0') >= 0) {
            throw ProblemException.invalidField("q", "must not contain NUL characters");
        }
        if (discover) {
            return rooms.discover(caller, query);
        }
        // No database connection is held while message-service answers (the list is one statement, already read).
        return readStates.withCounts(rooms.listMine(caller), "Bearer " + token.getRawToken());
    }

    @GET
    @Path("{id}")
    public RoomView get(@PathParam("id") UUID id) {
        return rooms.get(Caller.from(token), id);
    }

    @PATCH
    @Path("{id}")
    public RoomView update(@PathParam("id") UUID id, @Valid @NotNull UpdateRoomRequest request) {
        return rooms.update(Caller.from(token), id, request);
    }

    @DELETE
    @Path("{id}")
    public void delete(@PathParam("id") UUID id) {
        rooms.delete(Caller.from(token), id);
    }

    @POST
    @Path("{id}/join")
    public RoomView join(@PathParam("id") UUID id) {
        return membership.join(Caller.from(token), id);
    }

    @POST
    @Path("{id}/leave")
    public void leave(@PathParam("id") UUID id) {
        membership.leave(Caller.from(token), id);
    }
}

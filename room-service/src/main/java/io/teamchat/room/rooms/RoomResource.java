package io.teamchat.room.rooms;

import io.quarkus.security.Authenticated;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.common.web.QueryParams;
import io.teamchat.room.access.Caller;
import io.teamchat.room.membership.MembershipService;
import io.teamchat.room.model.DiscoverCursor;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

    @Inject
    RoomsConfig config;

    /** The most rooms one discovery page may ask for. */
    static final int MAX_DISCOVER_LIMIT = 200;

    @POST
    public Response create(@Valid @NotNull CreateRoomRequest request) {
        RoomView room = rooms.create(Caller.from(token), request);
        // A relative Location: behind the gateway this service's own host name means nothing to clients.
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/api/rooms/" + room.id())
                .entity(room)
                .build();
    }

    /**
     * The caller's rooms, or with {@code discover=true} public rooms the caller could join: a plain array either way.
     * Discovery pages by keyset: {@code limit} rooms (default {@code chat.rooms.discover-limit}) after the cursor
     * {@code after}, and a {@code Link: <...>; rel="next"} header with the next page's URL while there are more.
     */
    @GET
    public Response list(
            @QueryParam("discover") boolean discover,
            @QueryParam("q") String query,
            @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        Caller caller = Caller.from(token);
        if (query != null && query.indexOf('\0') >= 0) {
            throw ProblemException.invalidField("q", "must not contain NUL characters");
        }
        if (discover) {
            return discover(caller, query, after, limit);
        }
        if (after != null || limit != null) {
            throw ProblemException.invalidField(after != null ? "after" : "limit", "only with discover=true");
        }
        // No database connection is held while message-service answers (the list is one statement, already read).
        return Response.ok(readStates.withCounts(rooms.listMine(caller), "Bearer " + token.getRawToken()))
                .build();
    }

    private Response discover(Caller caller, String query, String after, String limit) {
        int size = limit == null ? config.discoverLimit() : QueryParams.pageSize("limit", limit, MAX_DISCOVER_LIMIT);
        RoomService.DiscoverPage page = rooms.discover(caller, query, DiscoverCursor.parse("after", after), size);
        Response.ResponseBuilder response = Response.ok(page.rooms());
        if (page.next() != null) {
            // Relative, like Location: behind the gateway this service's own host name means nothing to clients.
            String next = "/api/rooms?discover=true"
                    + (query == null || query.isBlank()
                            ? ""
                            : "&q="
                                    + URLEncoder.encode(query, StandardCharsets.UTF_8)
                                            .replace("+", "%20"))
                    + "&limit=" + size
                    + "&after=" + page.next().encode();
            response.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return response.build();
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

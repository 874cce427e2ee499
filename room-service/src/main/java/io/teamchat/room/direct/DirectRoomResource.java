package io.teamchat.room.direct;

import io.quarkus.security.Authenticated;
import io.teamchat.room.access.Caller;
import io.teamchat.room.membership.AddMemberRequest;
import io.teamchat.room.users.KnownUsers;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

@Path("/api/rooms/direct")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DirectRoomResource {

    @Inject
    JsonWebToken token;

    @Inject
    KnownUsers users;

    @Inject
    DirectRoomService directRooms;

    /** 201 when this call created the room, 200 when it already existed. */
    @POST
    public Response open(@Valid @NotNull AddMemberRequest request) {
        String username = users.requireUsername(request.userId());
        DirectRoomService.Opened opened = directRooms.open(Caller.from(token), request.userId(), username);
        return Response.status(opened.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(opened.room())
                .build();
    }
}

package io.teamchat.room.membership;

import io.quarkus.security.Authenticated;
import io.teamchat.room.access.Caller;
import io.teamchat.room.users.KnownUsers;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

@Path("/api/rooms/{roomId}/members")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MemberResource {

    @Inject
    JsonWebToken token;

    @Inject
    KnownUsers users;

    @Inject
    MembershipService membership;

    @GET
    public List<MemberView> list(@PathParam("roomId") UUID roomId) {
        return membership.list(Caller.from(token), roomId);
    }

    /** 201 when the user was added, 200 when they already were a member. */
    @POST
    public Response add(@PathParam("roomId") UUID roomId, @Valid @NotNull AddMemberRequest request) {
        String username = users.requireUsername(request.userId());
        MembershipService.Added result = membership.add(Caller.from(token), roomId, request.userId(), username);
        return Response.status(result.added() ? Response.Status.CREATED : Response.Status.OK)
                .entity(result.member())
                .build();
    }

    @DELETE
    @Path("{userId}")
    public void kick(@PathParam("roomId") UUID roomId, @PathParam("userId") UUID userId) {
        membership.kick(Caller.from(token), roomId, userId);
    }
}

package io.teamchat.message.room;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** room-service's room lookup, called with the end user's own token so room-service applies its own rules. */
@RegisterRestClient(configKey = "rooms")
@Path("/api/rooms")
public interface RoomsClient {

    /** The part of a room this service needs: the caller's role, null when not a member. */
    record RoomMembership(UUID id, String myRole) {}

    /** The rooms the caller is a member of. */
    @GET
    List<RoomMembership> myRooms(@HeaderParam("Authorization") String authorization);

    @GET
    @Path("/{id}")
    RoomMembership room(@PathParam("id") UUID roomId, @HeaderParam("Authorization") String authorization);
}

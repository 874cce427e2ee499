package io.teamchat.message.room;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** room-service's list of the caller's rooms (for cross-room search), called with the caller's own token. */
@RegisterRestClient(configKey = "rooms")
@Path("/api/rooms")
public interface RoomsClient {

    /** The part of a room this service needs. */
    record RoomMembership(UUID id) {}

    /** The rooms the caller is a member of. */
    @GET
    List<RoomMembership> myRooms(@HeaderParam("Authorization") String authorization);
}

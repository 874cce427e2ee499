package io.teamchat.room.readstate;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * message-service's read-state query ({@code POST /api/read-state}), called with the caller's own token. Asynchronous,
 * so that the chunks of one list are asked at the same time.
 */
@RegisterRestClient(configKey = "read-state")
@Path("/api/read-state")
public interface ReadStateClient {

    record Room(UUID roomId, Instant joinedAt) {}

    record Query(List<Room> rooms) {}

    record RoomReadState(UUID roomId, UUID lastReadId, long unreadCount, long mentionCount) {}

    @POST
    Uni<List<RoomReadState>> of(@HeaderParam("Authorization") String authorization, Query query);
}

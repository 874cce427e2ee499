package io.teamchat.room.users;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** auth-service's user lookup ({@code GET /api/users?ids=}), called with the caller's own token. */
@RegisterRestClient(configKey = "users")
@Path("/api/users")
public interface UsersClient {

    /** The part of a user this service needs: who, and their name for the member.joined event. */
    record UserRef(UUID id, String username) {}

    /** The users with these ids (comma-separated); unknown ids are left out. */
    @GET
    List<UserRef> byIds(@HeaderParam("Authorization") String authorization, @QueryParam("ids") String ids);
}

package io.teamchat.message.mentions;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** auth-service's lookup by username ({@code GET /api/users?usernames=}), called with the sender's own token. */
@RegisterRestClient(configKey = "users")
@Path("/api/users")
public interface UsersClient {

    /** The part of a user this service needs. */
    record UserRef(UUID id) {}

    /** The users with these usernames (comma-separated, any case); unknown names are left out. */
    @GET
    List<UserRef> byUsernames(
            @HeaderParam("Authorization") String authorization, @QueryParam("usernames") String names);
}

package io.teamchat.auth.presence;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** presence-service's {@code GET /api/presence?userIds=}, called with the caller's own token. */
@RegisterRestClient(configKey = "presence")
@Path("/api/presence")
public interface PresenceClient {

    /** The part of a user's presence that user views show. */
    record UserPresence(UUID userId, Boolean isOnline, Instant lastSeen) {}

    @GET
    List<UserPresence> lookup(
            @HeaderParam("Authorization") String authorization, @QueryParam("userIds") String userIds);
}

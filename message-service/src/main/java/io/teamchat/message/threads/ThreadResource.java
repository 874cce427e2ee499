package io.teamchat.message.threads;

import io.quarkus.security.Authenticated;
import io.teamchat.message.http.QueryParams;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The replies of one thread, oldest first, for members of its room (404 for everybody else). */
@Path("/api/messages/{messageId}/thread")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ThreadResource {

    private static final int MAX_PAGE_SIZE = 200;

    private final Threads threads;
    private final JsonWebToken caller;

    public ThreadResource(Threads threads, JsonWebToken caller) {
        this.threads = threads;
        this.caller = caller;
    }

    @GET
    public ThreadPage replies(
            @PathParam("messageId") UUID rootId,
            @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("50") String limit) {
        UUID afterId = QueryParams.messageId("after", after);
        int pageSize = QueryParams.pageSize("limit", limit, MAX_PAGE_SIZE);
        return threads.replies(rootId, afterId, pageSize, caller);
    }
}

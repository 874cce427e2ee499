package io.teamchat.message.search;

import io.quarkus.security.Authenticated;
import io.teamchat.message.http.QueryParams;
import io.teamchat.message.message.MessageViews;
import io.teamchat.message.room.RoomAccess;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Search across every room the caller is a member of (room-service says which). */
@Path("/api/messages/search")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    private final MessageSearch search;
    private final RoomAccess access;
    private final MessageViews views;
    private final JsonWebToken caller;

    public SearchResource(MessageSearch search, RoomAccess access, MessageViews views, JsonWebToken caller) {
        this.views = views;
        this.search = search;
        this.access = access;
        this.caller = caller;
    }

    @GET
    public SearchPage search(
            @QueryParam("q") String q,
            @QueryParam("before") String before,
            @QueryParam("limit") @DefaultValue("20") String limit,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        SearchQuery query = SearchQuery.parse(q);
        int pageSize = QueryParams.pageSize("limit", limit, RoomSearchResource.MAX_PAGE_SIZE);
        UUID reader = UUID.fromString(caller.getSubject());
        return search.search(reader, access.memberRooms(authorization), query, before, pageSize)
                .viewedAs(messages -> views.forViewer(messages, reader));
    }
}

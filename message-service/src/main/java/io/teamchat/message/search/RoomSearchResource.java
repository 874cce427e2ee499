package io.teamchat.message.search;

import io.quarkus.security.Authenticated;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.http.QueryParams;
import io.teamchat.message.message.MessageViews;
import io.teamchat.message.room.RoomAccess;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Search within one room the caller can view (members and administrators; 404 for everybody else). */
@Path("/api/rooms/{roomId}/messages/search")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RoomSearchResource {

    static final int MAX_PAGE_SIZE = 50;

    private final MessageSearch search;
    private final RoomAccess access;
    private final JsonWebToken caller;
    private final MessageViews views;

    public RoomSearchResource(MessageSearch search, RoomAccess access, JsonWebToken caller, MessageViews views) {
        this.views = views;
        this.search = search;
        this.access = access;
        this.caller = caller;
    }

    @GET
    public SearchPage search(
            @PathParam("roomId") UUID roomId,
            @QueryParam("q") String q,
            @QueryParam("before") String before,
            @QueryParam("limit") @DefaultValue("20") String limit) {
        SearchQuery query = SearchQuery.parse(q);
        int pageSize = QueryParams.pageSize("limit", limit, MAX_PAGE_SIZE);
        access.require(roomId, caller, RoomAction.READ);
        UUID reader = UUID.fromString(caller.getSubject());
        return search.search(reader, List.of(roomId), query, before, pageSize)
                .viewedAs(messages -> views.forViewer(messages, reader));
    }
}

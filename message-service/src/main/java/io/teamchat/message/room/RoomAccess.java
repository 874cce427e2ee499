package io.teamchat.message.room;

import io.teamchat.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Decides whether the caller may read or write a room's messages: members may, administrators may, everybody
 * else gets 404 (a room you cannot see does not exist for you). room-service owns membership, so it is asked.
 */
@ApplicationScoped
public class RoomAccess {

    private static final Logger LOG = Logger.getLogger(RoomAccess.class);

    private final RoomsClient rooms;

    public RoomAccess(@RestClient RoomsClient rooms) {
        this.rooms = rooms;
    }

    /** @param authorization the caller's own "Bearer ..." header, passed on to room-service */
    public void requireMember(UUID roomId, JsonWebToken caller, String authorization) {
        RoomsClient.RoomMembership membership;
        try {
            membership = rooms.room(roomId, authorization);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404 || status == 403) {
                throw ProblemException.notFound("No such room.");
            }
            LOG.warnf("room-service answered %d for room %s", status, roomId);
            throw new ProblemException(503, "Service Unavailable", "Room membership cannot be checked right now.");
        } catch (RuntimeException e) {
            LOG.warnf("room-service unreachable: %s", e.getMessage());
            throw new ProblemException(503, "Service Unavailable", "Room membership cannot be checked right now.");
        }
        // Administrators may act in any room that exists; everybody else only where they are members.
        boolean allowed = membership != null
                && (membership.myRole() != null || caller.getGroups().contains("admin"));
        if (!allowed) {
            throw ProblemException.notFound("No such room.");
        }
    }
}

package io.teamchat.message.room;

import io.teamchat.common.problem.ProblemException;
import io.teamchat.common.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
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

    /** What the caller is in a room they may read: their role there (null for an administrator who is not a member). */
    public record Grant(String myRole, boolean admin) {

        public boolean owner() {
            return "owner".equals(myRole);
        }
    }

    /**
     * @param authorization the caller's own "Bearer ..." header, passed on to room-service
     * @return the caller's standing in the room; a 404 problem when they may not read it
     */
    public Grant requireMember(UUID roomId, JsonWebToken caller, String authorization) {
        RoomsClient.RoomMembership membership;
        try {
            membership = rooms.room(roomId, authorization);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404 || status == 403) {
                throw ProblemException.notFound("No such room.");
            }
            LOG.warnf("room-service answered %d for room %s", status, roomId);
            throw unavailable();
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
        // Administrators may act in any room that exists; everybody else only where they are members.
        boolean admin = caller.getGroups().contains("admin");
        boolean allowed = membership != null && (membership.myRole() != null || admin);
        if (!allowed) {
            throw ProblemException.notFound("No such room.");
        }
        return new Grant(membership.myRole(), admin);
    }

    /** The ids of the rooms the caller is a member of (also for administrators: searching every room is not asked). */
    public List<UUID> memberRooms(String authorization) {
        try {
            return rooms.myRooms(authorization).stream()
                    .map(RoomsClient.RoomMembership::id)
                    .toList();
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    private static ProblemException unreachable(RuntimeException e) {
        LOG.warnf("room-service unreachable: %s", e.getMessage());
        return unavailable();
    }

    private static ProblemException unavailable() {
        return new ProblemException(Problems.unavailable("Room membership cannot be checked right now."));
    }
}

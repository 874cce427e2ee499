package io.teamchat.message.room;

import io.teamchat.common.problem.ProblemException;
import io.teamchat.common.problem.Problems;
import io.teamchat.membership.Decision;
import io.teamchat.membership.MembershipCache;
import io.teamchat.membership.RoomAction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Whether a user may read or post in a room, answered by the membership cache that room-service keeps
 * (libs/room-membership): the same rules and data as the gateway and room-service. A room the user may not read is
 * 404 (it does not exist for them); an unreachable cache is 503.
 */
@ApplicationScoped
public class RoomAccess {

    private static final Logger LOG = Logger.getLogger(RoomAccess.class);

    private final MembershipCache membership;
    private final RoomsClient rooms;

    public RoomAccess(MembershipCache membership, @RestClient RoomsClient rooms) {
        this.membership = membership;
        this.rooms = rooms;
    }

    /**
     * The ids of the rooms the caller is a member of, from room-service (the cache is keyed by room, not by user).
     * Also for administrators: searching every room is not asked for.
     *
     * @param authorization the caller's own "Bearer ..." header, passed on to room-service
     */
    public List<UUID> memberRooms(String authorization) {
        try {
            return rooms.myRooms(authorization).stream()
                    .map(RoomsClient.RoomMembership::id)
                    .toList();
        } catch (RuntimeException e) {
            LOG.warnf("room-service unreachable: %s", e.getMessage());
            throw new ProblemException(Problems.unavailable("Your rooms cannot be listed right now."));
        }
    }

    /** For REST: the caller from the verified token; throws the problem to answer when not allowed. */
    public void require(UUID roomId, JsonWebToken caller, RoomAction action) {
        Decision decision;
        try {
            decision = decide(
                    roomId,
                    UUID.fromString(caller.getSubject()),
                    caller.getGroups().contains("admin"),
                    action);
        } catch (RuntimeException e) {
            LOG.warnf("membership cache unreachable: %s", e.toString());
            throw new ProblemException(503, "Service Unavailable", "Room membership cannot be checked right now.");
        }
        if (!decision.allowed()) {
            throw problemFor(decision);
        }
    }

    /** Throws (a RuntimeException) when the cache cannot be read: callers retry rather than refuse. */
    public Decision decide(UUID roomId, UUID userId, boolean admin, RoomAction action) {
        return membership.decideNow(roomId, userId, admin, action);
    }

    /** {@link #decide} for a batch, with one wait; throws when the cache cannot be read. */
    public List<Decision> decideAll(List<MembershipCache.Question> questions) {
        return membership.decideAllNow(questions);
    }

    /**
     * A command's check on a message of {@code roomId}: the user must read the room (else 404) and, when
     * {@code alsoNeeded} is not null (acting on somebody else's message or pin), may do that too (else 403).
     */
    public record Check(UUID roomId, UUID userId, boolean admin, RoomAction alsoNeeded) {}

    /**
     * {@link Check}s for a run of commands with one wait: per check, null when allowed, else the problem to answer.
     * Throws when the cache cannot be read (the batch is retried, never refused on a guess).
     */
    public List<ProblemException> refusals(List<Check> checks) {
        List<MembershipCache.Question> questions = new ArrayList<>();
        for (Check check : checks) {
            questions.add(new MembershipCache.Question(check.roomId(), check.userId(), check.admin(), RoomAction.READ));
            if (check.alsoNeeded() != null) {
                questions.add(new MembershipCache.Question(
                        check.roomId(), check.userId(), check.admin(), check.alsoNeeded()));
            }
        }
        List<Decision> decisions = decideAll(questions);
        List<ProblemException> refusals = new ArrayList<>(checks.size());
        int next = 0;
        for (Check check : checks) {
            Decision decision = decisions.get(next++);
            if (decision.allowed() && check.alsoNeeded() != null) {
                decision = decisions.get(next);
            }
            next += check.alsoNeeded() != null ? 1 : 0;
            refusals.add(decision.allowed() ? null : problemFor(decision));
        }
        return refusals;
    }

    public static ProblemException problemFor(Decision decision) {
        return decision == Decision.FORBIDDEN
                ? ProblemException.forbidden("You may not do this in this room.")
                : ProblemException.notFound("No such room.");
    }
}

package io.teamchat.gateway.rooms;

import io.smallrye.mutiny.Uni;
import io.teamchat.gateway.metrics.GatewayMetrics;
import io.teamchat.gateway.socket.AckError;
import io.teamchat.gateway.socket.AuthUser;
import io.teamchat.membership.Decision;
import io.teamchat.membership.MembershipCache;
import io.teamchat.membership.RoomAccess;
import io.teamchat.membership.RoomAction;
import io.teamchat.membership.RoomRole;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The gateway's one door to membership: may this socket's user do this in the room? Answered by the membership cache
 * that room-service keeps current (libs/room-membership), with the same rules as every other service and no call to
 * room-service, so a removed member is refused on every gateway as soon as room-service committed the removal.
 */
@ApplicationScoped
public class RoomGate {

    private static final Logger LOG = Logger.getLogger(RoomGate.class);

    private final MembershipCache membership;
    private final GatewayMetrics metrics;

    public RoomGate(MembershipCache membership, GatewayMetrics metrics) {
        this.membership = membership;
        this.metrics = metrics;
    }

    /** Completes with null when allowed, else with the error to ack (503 when the cache cannot be read). */
    public Uni<AckError> check(AuthUser user, UUID roomId, RoomAction action) {
        return verdict(user, roomId, action).map(Verdict::denied);
    }

    /** The answer with the user's role in the room (null for an admin who is not a member). */
    public record Verdict(AckError denied, RoomRole role) {}

    /** As {@link #check}, with the role the answer was read with. */
    public Uni<Verdict> verdict(AuthUser user, UUID roomId, RoomAction action) {
        return membership
                .access(roomId, user.id(), user.isAdmin())
                .map(access -> {
                    // A miss is a room the cache holds no snapshot of: unknown, deleted, or a lost cache.
                    metrics.membershipCache(access.isPresent());
                    AckError denied = AckError.forDecision(
                            access.map(known -> known.decide(action)).orElse(Decision.NOT_FOUND));
                    return new Verdict(denied, access.map(RoomAccess::role).orElse(null));
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("membership cache unreadable: %s", failure.toString());
                    return new Verdict(AckError.membershipUnavailable(), null);
                });
    }
}

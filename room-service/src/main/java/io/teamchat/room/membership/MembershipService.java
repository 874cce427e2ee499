package io.teamchat.room.membership;

import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.RoomAction;
import io.teamchat.membership.RoomRole;
import io.teamchat.room.access.Caller;
import io.teamchat.room.events.MemberJoinedNotice;
import io.teamchat.room.events.MemberLeftNotice;
import io.teamchat.room.events.RoomAudit;
import io.teamchat.room.model.MemberRepository;
import io.teamchat.room.model.Room;
import io.teamchat.room.model.RoomLookup;
import io.teamchat.room.model.RoomLookup.VisibleRoom;
import io.teamchat.room.model.RoomMember;
import io.teamchat.room.model.RoomView;
import io.teamchat.room.model.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Membership use cases: join, leave, list, add, kick. */
@ApplicationScoped
public class MembershipService {

    private final MemberRepository members;
    private final RoomLookup lookup;
    private final Event<MemberJoinedNotice> joined;
    private final Event<MemberLeftNotice> left;
    private final RoomAudit audit;

    @Inject
    public MembershipService(
            MemberRepository members,
            RoomLookup lookup,
            Event<MemberJoinedNotice> joined,
            Event<MemberLeftNotice> left,
            RoomAudit audit) {
        this.audit = audit;
        this.members = members;
        this.lookup = lookup;
        this.joined = joined;
        this.left = left;
    }

    /** The outcome of adding a member: {@code added} is false when the user already was one. */
    public record Added(MemberView member, boolean added) {}

    /** Joining a public room; already being a member is fine (idempotent). */
    @Transactional
    public RoomView join(Caller caller, UUID roomId) {
        VisibleRoom visible = lookup.requireVisible(roomId, caller);
        Room room = visible.room();
        if (!visible.access().isMember()) {
            if (room.isPrivate) {
                // Only admins get here: they can see private rooms, but joining one takes an invitation.
                throw ProblemException.forbidden("Private rooms are joined by invitation.");
            }
            if (members.insertIfAbsent(roomId, caller.id(), RoomRole.MEMBER, Timestamps.now())) {
                joined.fire(new MemberJoinedNotice(roomId, caller.id(), caller.username()));
            }
        }
        return lookup.view(room, caller.id());
    }

    /**
     * Leaving. An owner's ownership passes to the member who has been in the room longest; the last member leaving
     * leaves an empty, ownerless room that administrators can still manage. Leaving a room one is not in does
     * nothing. Direct rooms cannot be left: they are the one fixed conversation between two people.
     */
    @Transactional
    public void leave(Caller caller, UUID roomId) {
        VisibleRoom visible = lookup.requireVisible(roomId, caller);
        if (!visible.access().isMember()) {
            return;
        }
        if (visible.room().isDirect) {
            throw ProblemException.conflict("A direct room cannot be left.");
        }
        if (!members.remove(roomId, caller.id())) {
            return; // a concurrent leave or kick got there first and announced it
        }
        if (visible.role() == RoomRole.OWNER) {
            // After the delete: a room has at most one owner (unique index).
            members.oldestOther(roomId, caller.id()).ifPresent(next -> next.role = RoomRole.OWNER);
        }
        left.fire(new MemberLeftNotice(roomId, caller.id(), false));
    }

    @Transactional
    public List<MemberView> list(Caller caller, UUID roomId) {
        lookup.requireVisible(roomId, caller);
        return members.listByRoom(roomId).stream().map(MemberView::of).toList();
    }

    @Transactional
    public Added add(Caller caller, UUID roomId, UUID userId, String username) {
        VisibleRoom visible = lookup.requireVisible(roomId, caller);
        if (visible.room().isDirect) {
            throw ProblemException.conflict("A direct room always has exactly its two people.");
        }
        if (!visible.access().allows(RoomAction.ADD_MEMBERS)) {
            throw ProblemException.forbidden(
                    visible.room().isPrivate
                            ? "Only the room's owner or an administrator may add people to a private room."
                            : "Only members may invite people to this room.");
        }
        // The user exists, named `username`: MemberResource asked auth-service (KnownUsers) before this transaction.
        boolean added = members.insertIfAbsent(roomId, userId, RoomRole.MEMBER, Timestamps.now());
        if (added) {
            joined.fire(new MemberJoinedNotice(roomId, userId, username));
        }
        RoomMember member = members.find(roomId, userId).orElseThrow();
        return new Added(MemberView.of(member), added);
    }

    @Transactional
    public void kick(Caller caller, UUID roomId, UUID userId) {
        VisibleRoom visible = lookup.requireVisible(roomId, caller);
        if (!visible.access().allows(RoomAction.MANAGE)) {
            throw ProblemException.forbidden("Only the room's owner or an administrator may remove members.");
        }
        if (visible.room().isDirect) {
            throw ProblemException.conflict("A direct room always has exactly its two people.");
        }
        Optional<RoomMember> target = members.find(roomId, userId);
        if (target.isEmpty()) {
            throw ProblemException.notFound("That user is not a member of this room.");
        }
        if (target.get().role == RoomRole.OWNER) {
            throw ProblemException.forbidden("The room's owner cannot be removed; the owner may leave instead.");
        }
        // Only the request that actually deleted the row announces it, so a concurrent leave is not doubled.
        if (members.remove(roomId, userId)) {
            left.fire(new MemberLeftNotice(roomId, userId, true));
            audit.record(RoomAudit.MEMBER_REMOVED, caller.id(), userId, roomId, null);
        }
    }
}

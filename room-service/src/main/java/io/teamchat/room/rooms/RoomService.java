package io.teamchat.room.rooms;

import io.teamchat.common.events.EventType;
import io.teamchat.common.events.RoomUpdated;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.RoomAction;
import io.teamchat.membership.RoomRole;
import io.teamchat.room.access.Caller;
import io.teamchat.room.events.MemberJoinedNotice;
import io.teamchat.room.events.RoomAudit;
import io.teamchat.room.events.RoomOutbox;
import io.teamchat.room.model.DiscoverCursor;
import io.teamchat.room.model.MemberRepository;
import io.teamchat.room.model.MemberRooms;
import io.teamchat.room.model.MemberRooms.MemberRoom;
import io.teamchat.room.model.Room;
import io.teamchat.room.model.RoomLookup;
import io.teamchat.room.model.RoomRepository;
import io.teamchat.room.model.RoomView;
import io.teamchat.room.model.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Room use cases: create, list, discover, view, rename, delete. */
@ApplicationScoped
public class RoomService {

    private final RoomRepository rooms;
    private final MemberRepository members;
    private final RoomLookup lookup;
    private final Event<MemberJoinedNotice> joined;
    private final RoomOutbox outbox;
    private final RoomAudit audit;
    private final MemberRooms memberRooms;

    @Inject
    public RoomService(
            RoomRepository rooms,
            MemberRepository members,
            RoomLookup lookup,
            Event<MemberJoinedNotice> joined,
            RoomOutbox outbox,
            RoomAudit audit,
            MemberRooms memberRooms) {
        this.rooms = rooms;
        this.members = members;
        this.lookup = lookup;
        this.joined = joined;
        this.outbox = outbox;
        this.audit = audit;
        this.memberRooms = memberRooms;
    }

    @Transactional
    public RoomView create(Caller caller, CreateRoomRequest request) {
        Instant now = Timestamps.now();
        Room room = new Room();
        room.id = UuidV7.generate();
        room.name = request.name();
        room.description = request.description();
        room.isPrivate = request.isPrivate();
        room.isDirect = false;
        room.createdBy = caller.id();
        room.createdAt = now;
        room.updatedAt = now;
        rooms.persistAndFlush(room);
        members.insertIfAbsent(room.id, caller.id(), RoomRole.OWNER, now);
        joined.fire(new MemberJoinedNotice(room.id, caller.id(), caller.username()));
        return RoomView.of(room, 1, RoomRole.OWNER);
    }

    /** The caller's rooms by name, each with when they joined it; one statement, no transaction needed. */
    public List<MemberRoom> listMine(Caller caller) {
        return memberRooms.of(caller.id());
    }

    /** One page of discovery: the rooms, and where the next page starts (null when this is the last). */
    public record DiscoverPage(List<RoomView> rooms, DiscoverCursor next) {}

    /** Up to {@code limit} rooms after {@code after}; one more is read to know whether another page exists. */
    @Transactional
    public DiscoverPage discover(Caller caller, String query, DiscoverCursor after, int limit) {
        List<RoomRepository.Discovered> found = rooms.discover(caller.id(), query, after, limit + 1);
        List<RoomRepository.Discovered> page = found.subList(0, Math.min(limit, found.size()));
        List<RoomView> views =
                lookup.views(page.stream().map(RoomRepository.Discovered::room).toList(), caller.id());
        return new DiscoverPage(views, found.size() > limit ? page.getLast().cursor() : null);
    }

    @Transactional
    public RoomView get(Caller caller, UUID roomId) {
        RoomLookup.VisibleRoom visible = lookup.requireVisible(roomId, caller);
        return lookup.view(visible.room(), caller.id());
    }

    @Transactional
    public RoomView update(Caller caller, UUID roomId, UpdateRoomRequest request) {
        Room room = requireManageable(caller, roomId);
        if (request.name() != null) {
            room.name = request.name();
        }
        if (request.description() != null) {
            room.description = request.description().isEmpty() ? null : request.description();
        }
        room.updatedAt = Timestamps.now();
        outbox.record(room.id, EventType.ROOM_UPDATED, new RoomUpdated(room.id, room.name, room.description));
        return lookup.view(room, caller.id());
    }

    @Transactional
    public void delete(Caller caller, UUID roomId) {
        Room room = requireManageable(caller, roomId);
        // Recorded before the delete (the outbox bumps the room's version); memberships go with the room (ON DELETE
        // CASCADE) and the relay, finding no room, leaves a tombstone in the membership cache.
        outbox.record(room.id, EventType.ROOM_DELETED, Map.of("roomId", room.id));
        audit.record(RoomAudit.ROOM_DELETED, caller.id(), null, room.id, null);
        rooms.delete(room);
    }

    private Room requireManageable(Caller caller, UUID roomId) {
        RoomLookup.VisibleRoom visible = lookup.requireVisible(roomId, caller);
        if (!visible.access().allows(RoomAction.MANAGE)) {
            throw ProblemException.forbidden("Only the room's owner or an administrator may do this.");
        }
        return visible.room();
    }
}

package io.teamchat.room.model;

import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.RoomAccess;
import io.teamchat.membership.RoomAction;
import io.teamchat.membership.RoomRole;
import io.teamchat.room.access.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Finds rooms as a caller may see them and turns them into views; shared by the room and membership use cases. */
@ApplicationScoped
public class RoomLookup {

    private final RoomRepository rooms;
    private final MemberRepository members;

    @Inject
    public RoomLookup(RoomRepository rooms, MemberRepository members) {
        this.rooms = rooms;
        this.members = members;
    }

    /** A room and what the caller may do in it. */
    public record VisibleRoom(Room room, RoomAccess access) {

        public RoomRole role() {
            return access.role();
        }
    }

    /** The room if the caller may see it; a missing room and a private room the caller is not in both give 404. */
    public VisibleRoom requireVisible(UUID roomId, Caller caller) {
        Room room = rooms.findById(roomId);
        if (room != null) {
            RoomRole role = members.roleOf(roomId, caller.id());
            RoomAccess access = new RoomAccess(room.isPrivate, room.isDirect, role, caller.admin());
            if (access.allows(RoomAction.SEE_ROOM)) {
                return new VisibleRoom(room, access);
            }
        }
        throw ProblemException.notFound("No such room.");
    }

    /** The room as the caller sees it now (the member count and the caller's role are read again). */
    public RoomView view(Room room, UUID callerId) {
        return RoomView.of(room, members.countByRoom(room.id), members.roleOf(room.id, callerId));
    }

    /** Views of several rooms with two queries in all, not two per room. */
    public List<RoomView> views(List<Room> list, UUID callerId) {
        List<UUID> ids = list.stream().map(room -> room.id).toList();
        Map<UUID, Long> counts = members.countByRooms(ids);
        Map<UUID, RoomRole> roles = members.rolesOf(callerId, ids);
        return list.stream()
                .map(room -> RoomView.of(room, counts.getOrDefault(room.id, 0L), roles.get(room.id)))
                .toList();
    }
}

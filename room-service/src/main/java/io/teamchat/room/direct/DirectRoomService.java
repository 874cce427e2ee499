package io.teamchat.room.direct;

import io.teamchat.common.ids.UuidV7;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.RoomRole;
import io.teamchat.room.access.Caller;
import io.teamchat.room.events.MemberJoinedNotice;
import io.teamchat.room.model.MemberRepository;
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
import java.util.UUID;

/** The one private two-person room between two users, made on first use and the same room afterwards. */
@ApplicationScoped
public class DirectRoomService {

    /** Direct rooms have no name of their own: clients show the other person's name instead. */
    static final String DIRECT_ROOM_NAME = "Direct message";

    private final RoomRepository rooms;
    private final MemberRepository members;
    private final RoomLookup lookup;
    private final Event<MemberJoinedNotice> joined;

    @Inject
    public DirectRoomService(
            RoomRepository rooms, MemberRepository members, RoomLookup lookup, Event<MemberJoinedNotice> joined) {
        this.rooms = rooms;
        this.members = members;
        this.lookup = lookup;
        this.joined = joined;
    }

    /** The room and whether this call created it. */
    public record Opened(RoomView room, boolean created) {}

    @Transactional
    public Opened open(Caller caller, UUID otherUserId, String otherUsername) {
        if (otherUserId.equals(caller.id())) {
            throw ProblemException.badRequest("A direct room needs another user.");
        }
        String key = directKey(caller.id(), otherUserId);
        Instant now = Timestamps.now();
        // Insert-or-nothing on the unique key, then read: concurrent first calls converge on one room.
        boolean created = rooms.insertDirectIfAbsent(UuidV7.generate(), DIRECT_ROOM_NAME, caller.id(), now, key);
        Room room = rooms.findByDirectKey(key).orElseThrow();
        if (created) {
            // Both are plain members: a direct room has no owner, so only administrators can manage it.
            members.insertIfAbsent(room.id, caller.id(), RoomRole.MEMBER, now);
            members.insertIfAbsent(room.id, otherUserId, RoomRole.MEMBER, now);
            joined.fire(new MemberJoinedNotice(room.id, caller.id(), caller.username()));
            joined.fire(new MemberJoinedNotice(room.id, otherUserId, otherUsername));
        }
        return new Opened(lookup.view(room, caller.id()), created);
    }

    /** The two ids in a fixed order, so that either side opening the room finds the same key. */
    static String directKey(UUID a, UUID b) {
        String first = a.toString();
        String second = b.toString();
        return first.compareTo(second) < 0 ? first + ":" + second : second + ":" + first;
    }
}

package io.teamchat.room.membership;

import io.teamchat.membership.RoomRole;
import io.teamchat.room.model.RoomMember;
import java.time.Instant;
import java.util.UUID;

/** One member of a room as the members list shows it. */
public record MemberView(UUID userId, RoomRole role, Instant joinedAt) {

    public static MemberView of(RoomMember member) {
        return new MemberView(member.userId, member.role, member.joinedAt);
    }
}

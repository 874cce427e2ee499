package io.teamchat.room.access;

import io.teamchat.room.membership.RoomRole;

/**
 * The authorization rules of contract.md for one room and one caller, as pure functions.
 *
 * @param isPrivate the room is private (direct rooms are private too)
 * @param isDirect the room is a two-person direct room
 * @param role the caller's role in the room, null when not a member
 * @param admin the caller is an administrator
 */
public record RoomAccess(boolean isPrivate, boolean isDirect, RoomRole role, boolean admin) {

    public boolean isMember() {
        return role != null;
    }

    /** Public rooms are visible to everyone; private ones only to members and admins (others get 404). */
    public boolean canView() {
        return !isPrivate || isMember() || admin;
    }

    /** Rename, delete, kick, add to a private room. */
    public boolean canManage() {
        return role == RoomRole.OWNER || admin;
    }

    /** In a public room any member may invite; elsewhere only owners and admins add people. */
    public boolean canAddMembers() {
        return canManage() || (!isPrivate && isMember());
    }
}

package io.teamchat.membership;

/**
 * The authorization rules of contract.md for one room and one user, as pure functions: the one definition every
 * service uses (room-service with what it reads from its database, the others with what {@link MembershipCache}
 * holds).
 *
 * @param isPrivate the room is private (direct rooms are private too)
 * @param isDirect the room is a two-person direct room
 * @param role the user's role in the room, null when not a member
 * @param admin the user is an administrator (the token's {@code admin} group): allowed everything a room owner is
 */
public record RoomAccess(boolean isPrivate, boolean isDirect, RoomRole role, boolean admin) {

    public boolean isMember() {
        return role != null;
    }

    public boolean allows(RoomAction action) {
        return switch (action) {
            case SEE_ROOM -> !isPrivate || isMember() || admin;
            case READ, POST -> isMember() || admin;
            case EDIT_ANY -> admin;
            case DELETE_ANY, MANAGE -> role == RoomRole.OWNER || admin;
            case ADD_MEMBERS -> allows(RoomAction.MANAGE) || (!isPrivate && isMember());
        };
    }

    /**
     * 404 when the user may not see the room, or may not read it (a room whose messages you cannot read does not
     * exist for message paths); 403 when they see it but may not do this; else allowed.
     */
    public Decision decide(RoomAction action) {
        if (allows(action)) {
            return Decision.ALLOWED;
        }
        if (!allows(RoomAction.SEE_ROOM) || action == RoomAction.READ || action == RoomAction.POST) {
            return Decision.NOT_FOUND;
        }
        return Decision.FORBIDDEN;
    }
}

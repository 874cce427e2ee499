package io.teamchat.membership;

/** What a user may want to do in a room; {@link RoomAccess#allows} holds the rules (contract.md, Authorization). */
public enum RoomAction {
    /** See the room itself (name, member list): public rooms to everyone, private ones to members and admins. */
    SEE_ROOM,
    /** Read its messages and receive its events (join-room, sync, history). */
    READ,
    /** Send a message. */
    POST,
    /** Edit a message somebody else wrote. */
    EDIT_ANY,
    /** Delete a message somebody else wrote. */
    DELETE_ANY,
    /** Rename, delete, kick, add to a private room. */
    MANAGE,
    /** Add someone: owners and admins anywhere, any member in a public room. */
    ADD_MEMBERS
}

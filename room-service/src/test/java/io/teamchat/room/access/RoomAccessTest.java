package io.teamchat.room.access;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teamchat.room.membership.RoomRole;
import org.junit.jupiter.api.Test;

class RoomAccessTest {

    private static RoomAccess publicRoom(RoomRole role, boolean admin) {
        return new RoomAccess(false, false, role, admin);
    }

    private static RoomAccess privateRoom(RoomRole role, boolean admin) {
        return new RoomAccess(true, false, role, admin);
    }

    @Test
    void publicRoomsAreVisibleToAll() {
        assertTrue(publicRoom(null, false).canView());
    }

    @Test
    void privateRoomsAreVisibleToMembersAndAdminsOnly() {
        assertFalse(privateRoom(null, false).canView());
        assertTrue(privateRoom(RoomRole.MEMBER, false).canView());
        assertTrue(privateRoom(null, true).canView());
    }

    @Test
    void onlyOwnersAndAdminsManage() {
        assertTrue(publicRoom(RoomRole.OWNER, false).canManage());
        assertTrue(privateRoom(null, true).canManage());
        assertFalse(publicRoom(RoomRole.MEMBER, false).canManage());
        assertFalse(publicRoom(null, false).canManage());
    }

    @Test
    void membersInviteToPublicRoomsOnly() {
        assertTrue(publicRoom(RoomRole.MEMBER, false).canAddMembers());
        assertFalse(privateRoom(RoomRole.MEMBER, false).canAddMembers());
        assertFalse(publicRoom(null, false).canAddMembers());
        assertTrue(privateRoom(RoomRole.OWNER, false).canAddMembers());
        assertTrue(privateRoom(null, true).canAddMembers());
    }
}

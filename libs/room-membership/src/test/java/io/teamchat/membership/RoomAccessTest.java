package io.teamchat.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every role against every action, as the Authorization table of contract.md has it. */
class RoomAccessTest {

    private static final boolean PUBLIC = false;
    private static final boolean PRIVATE = true;

    private static String row(boolean isPrivate, boolean isDirect, RoomRole role, boolean admin) {
        RoomAccess access = new RoomAccess(isPrivate, isDirect, role, admin);
        StringBuilder row = new StringBuilder();
        for (RoomAction action : RoomAction.values()) {
            row.append(
                    switch (access.decide(action)) {
                        case ALLOWED -> 'y';
                        case FORBIDDEN -> '-';
                        case NOT_FOUND -> '?';
                    });
        }
        return row.toString();
    }

    // columns: SEE_ROOM READ POST EDIT_ANY DELETE_ANY MANAGE ADD_MEMBERS

    @Test
    void publicRoom() {
        assertEquals("yyy-yyy", row(PUBLIC, false, RoomRole.OWNER, false), "owner");
        assertEquals("yyy---y", row(PUBLIC, false, RoomRole.MEMBER, false), "member");
        assertEquals("y??----", row(PUBLIC, false, null, false), "non-member");
        assertEquals("yyyyyyy", row(PUBLIC, false, null, true), "admin, not a member");
    }

    @Test
    void privateRoom() {
        assertEquals("yyy-yyy", row(PRIVATE, false, RoomRole.OWNER, false), "owner");
        assertEquals("yyy----", row(PRIVATE, false, RoomRole.MEMBER, false), "member");
        assertEquals("???????", row(PRIVATE, false, null, false), "non-member: the room does not exist for them");
        assertEquals("yyyyyyy", row(PRIVATE, false, null, true), "admin, not a member");
    }

    @Test
    void directRoom() {
        assertEquals("yyy----", row(PRIVATE, true, RoomRole.MEMBER, false), "one of the two");
        assertEquals("???????", row(PRIVATE, true, null, false), "anybody else");
        assertEquals("yyyyyyy", row(PRIVATE, true, null, true), "admin");
    }
}

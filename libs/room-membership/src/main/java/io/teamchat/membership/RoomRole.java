package io.teamchat.membership;

import com.fasterxml.jackson.annotation.JsonValue;

/** A member's role in a room; the wire, column and cache value is the lower-case name. */
public enum RoomRole {
    OWNER("owner"),
    MEMBER("member");

    private final String wireName;

    RoomRole(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static RoomRole fromWireName(String name) {
        for (RoomRole role : values()) {
            if (role.wireName.equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown room role: " + name);
    }
}

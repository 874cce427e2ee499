package io.teamchat.membership;

/**
 * The answer to "may user U do X in room R". {@code NOT_FOUND}: the room does not exist for this user (missing,
 * deleted, or one they may not read), answered as 404 so that private rooms are not revealed; {@code FORBIDDEN}:
 * they see the room but may not do this (403).
 */
public enum Decision {
    ALLOWED,
    NOT_FOUND,
    FORBIDDEN;

    public boolean allowed() {
        return this == ALLOWED;
    }
}

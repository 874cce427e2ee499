package io.teamchat.auth.audit;

import java.util.Arrays;
import java.util.Optional;

/** What the audit log records; {@link #code} is what is stored and shown. */
public enum AuditAction {
    LOGIN_SUCCEEDED("login.succeeded"),
    LOGIN_FAILED("login.failed"),
    REFRESH_REUSED("refresh.reused"),
    ADMIN_GRANTED("admin.granted"),
    ADMIN_REVOKED("admin.revoked"),
    ACCOUNT_DISABLED("account.disabled"),
    ACCOUNT_ENABLED("account.enabled"),
    /** room-service, through the audit stream: a room was deleted (target: none; the room in the detail). */
    ROOM_DELETED("room.deleted"),
    /** room-service, through the audit stream: a member was removed from a room (a kick). */
    MEMBER_REMOVED("member.removed");

    public final String code;

    AuditAction(String code) {
        this.code = code;
    }

    /** The action another service may report on the audit stream; empty for anything else. */
    public static Optional<AuditAction> reported(String code) {
        return Optional.ofNullable(code)
                .flatMap(wanted -> Arrays.stream(new AuditAction[] {ROOM_DELETED, MEMBER_REMOVED})
                        .filter(action -> action.code.equals(wanted))
                        .findFirst());
    }
}

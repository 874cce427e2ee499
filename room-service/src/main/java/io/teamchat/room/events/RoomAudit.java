package io.teamchat.room.events;

import io.teamchat.common.events.AuditRecorded;
import io.teamchat.common.web.ClientAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Security-relevant room actions (deletion, kicks) for the one audit log auth-service keeps (docs/security.md): written
 * to the outbox in the action's transaction and relayed to the audit stream, which auth-service records.
 */
@ApplicationScoped
public class RoomAudit {

    public static final String ROOM_DELETED = "room.deleted";
    public static final String MEMBER_REMOVED = "member.removed";

    private final RoomOutbox outbox;
    private final ClientAddress client;

    public RoomAudit(RoomOutbox outbox, ClientAddress client) {
        this.outbox = outbox;
        this.client = client;
    }

    /** Must run inside the action's transaction; {@code detail} is short and never holds a secret. */
    public void record(String action, UUID actorId, UUID targetUserId, UUID roomId, String detail) {
        outbox.audit(
                roomId,
                new AuditRecorded(
                        action,
                        actorId,
                        targetUserId,
                        roomId,
                        client.current(),
                        Instant.now().truncatedTo(ChronoUnit.MICROS),
                        detail));
    }
}

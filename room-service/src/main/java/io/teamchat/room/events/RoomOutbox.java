package io.teamchat.room.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.AuditRecorded;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MemberJoined;
import io.teamchat.common.events.MemberLeft;
import io.teamchat.common.events.UserSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.UUID;

/**
 * Writes room-service's events into the outbox table inside the transaction of the change they describe, and
 * bumps the room's membership version there; {@link OutboxRelay} publishes them after commit. The membership
 * notices are observed synchronously, so they are written (or rolled back) with the change that fired them.
 */
@ApplicationScoped
public class RoomOutbox {

    private final EntityManager entityManager;
    private final ObjectMapper mapper;
    private final Event<OutboxWritten> written;

    public RoomOutbox(EntityManager entityManager, ObjectMapper mapper, Event<OutboxWritten> written) {
        this.entityManager = entityManager;
        this.mapper = mapper;
        this.written = written;
    }

    void memberJoined(@Observes MemberJoinedNotice notice) {
        UserSummary user = new UserSummary(notice.userId(), notice.username(), null);
        record(notice.roomId(), EventType.MEMBER_JOINED, new MemberJoined(notice.roomId(), user));
    }

    void memberLeft(@Observes MemberLeftNotice notice) {
        record(
                notice.roomId(),
                EventType.MEMBER_LEFT,
                new MemberLeft(notice.roomId(), notice.userId(), notice.removed()));
    }

    /** Must run inside the transaction that made the change (a room that is deleted: before the delete). */
    public void record(UUID roomId, EventType type, Object data) {
        entityManager
                .createNativeQuery(
                        "update {h-schema}rooms set membership_version = membership_version + 1 where id = ?1")
                .setParameter(1, roomId)
                .executeUpdate();
        insert(roomId, type, data);
    }

    /** An audit entry for auth-service's audit log, committed with the action it describes (no version bump). */
    void audit(UUID roomId, AuditRecorded entry) {
        insert(roomId, EventType.AUDIT_RECORDED, entry);
    }

    private void insert(UUID roomId, EventType type, Object data) {
        String payload;
        try {
            payload = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + type.wireName(), e);
        }
        entityManager
                .createNativeQuery("insert into {h-schema}outbox (room_id, event_type, payload) values (?1, ?2, ?3)")
                .setParameter(1, roomId)
                .setParameter(2, type.wireName())
                .setParameter(3, payload)
                .executeUpdate();
        written.fire(new OutboxWritten());
    }
}

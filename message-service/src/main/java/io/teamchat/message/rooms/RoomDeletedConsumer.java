package io.teamchat.message.rooms;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.RoomDeleted;
import io.teamchat.message.attachments.AttachmentDeletions;
import io.teamchat.message.message.Message;
import io.teamchat.message.readstate.RoomReadStateCleanup;
import io.teamchat.streams.EnvelopeReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Deletes a deleted room's messages and read state. Reads {@code <prefix>room-deletions} (only {@code room.deleted},
 * {@link io.teamchat.streams.DomainEvents#roomDeletionsStream}) in the consumer group {@code message-service}, so one
 * replica handles each deletion, and one published while no replica runs is handled after the restart; the entry is
 * acked only after the delete commits, and a redelivery deletes nothing more (idempotent). Anything else found there
 * is acked and ignored.
 */
@ApplicationScoped
public class RoomDeletedConsumer {

    private static final Logger LOG = Logger.getLogger(RoomDeletedConsumer.class);

    private final ObjectMapper mapper;
    private final AttachmentDeletions attachments;
    private final RoomReadStateCleanup readState;

    public RoomDeletedConsumer(ObjectMapper mapper, AttachmentDeletions attachments, RoomReadStateCleanup readState) {
        this.mapper = mapper;
        this.attachments = attachments;
        this.readState = readState;
    }

    /** The deletion goes to a worker thread (it blocks on PostgreSQL); anything else is acked at once. */
    @Incoming("room-events")
    public Uni<Void> onEvent(String entry) {
        Optional<EventEnvelope> envelope = EnvelopeReader.read(entry, mapper, "the room-deletions stream");
        if (envelope.isEmpty() || envelope.get().type() != EventType.ROOM_DELETED) {
            return Uni.createFrom().voidItem();
        }
        RoomDeleted deleted;
        try {
            deleted = envelope.get().dataAs(RoomDeleted.class, mapper);
        } catch (IllegalArgumentException e) {
            // A malformed event will never succeed: skip it (acked) instead of retrying it forever.
            LOG.warnf("skipping malformed room.deleted %s: %s", envelope.get().id(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .item(() -> delete(deleted))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .replaceWithVoid();
    }

    private long delete(RoomDeleted deleted) {
        // Their attachments and the room's unattached uploads go in the same transaction; the files are deleted
        // after commit (attachments/AttachmentDeletions).
        long removed = QuarkusTransaction.requiringNew().call(() -> {
            readState.roomDeleted(deleted.roomId());
            long messages = Message.delete("roomId", deleted.roomId());
            attachments.roomDeleted(deleted.roomId());
            return messages;
        });
        LOG.infof("room %s deleted: %d messages removed", deleted.roomId(), removed);
        return removed;
    }
}

package io.teamchat.room.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MemberJoined;
import io.teamchat.common.events.MemberLeft;
import io.teamchat.common.events.UserSummary;
import io.teamchat.streams.EnvelopeWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Publishes domain events to {@code <prefix>events} only after the change they describe is committed, so readers
 * never hear of a membership that was rolled back. (If Redis is down at that moment the event is lost and logged;
 * a transactional outbox would close that gap: see README.)
 */
@ApplicationScoped
public class RoomEventPublisher {

    private static final Logger LOG = Logger.getLogger(RoomEventPublisher.class);

    private final EnvelopeWriter events;

    @Inject
    public RoomEventPublisher(@Channel("events") Emitter<EventEnvelope> events, ObjectMapper mapper) {
        this.events = new EnvelopeWriter(events, mapper);
    }

    void memberJoined(@Observes(during = TransactionPhase.AFTER_SUCCESS) MemberJoinedNotice notice) {
        UserSummary user = new UserSummary(notice.userId(), notice.username(), null);
        publish(EventType.MEMBER_JOINED, new MemberJoined(notice.roomId(), user), notice.roomId());
    }

    void memberLeft(@Observes(during = TransactionPhase.AFTER_SUCCESS) MemberLeftNotice notice) {
        publish(
                EventType.MEMBER_LEFT,
                new MemberLeft(notice.roomId(), notice.userId(), notice.removed()),
                notice.roomId());
    }

    private void publish(EventType type, Object data, UUID roomId) {
        events.append(type, data).whenComplete((envelope, failure) -> {
            if (failure != null) {
                LOG.warnf("%s for room %s was not published: %s", type.wireName(), roomId, failure.getMessage());
            } else {
                LOG.debugf("published %s %s for room %s", type.wireName(), envelope.id(), roomId);
            }
        });
    }
}

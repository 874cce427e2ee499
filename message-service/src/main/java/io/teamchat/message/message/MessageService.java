package io.teamchat.message.message;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MessageCreated;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.events.UserSummary;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.message.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Storing and reading messages: the one path every send takes, whether it came over the socket or REST. */
@ApplicationScoped
public class MessageService {

    private final EventPublisher events;
    private final Counter stored;

    public MessageService(EventPublisher events, MeterRegistry meters) {
        this.events = events;
        this.stored = Counter.builder("chat.messages.stored")
                .description("messages committed")
                .register(meters);
    }

    /**
     * Validates, commits, then publishes {@code message.created}. A draft whose (sender, clientMsgId) is already
     * stored returns that message and publishes it again: the first publish may have been lost in a crash after
     * the commit, and readers de-duplicate by message id.
     *
     * @param commandId the socket command this answers, or null for REST
     */
    public MessagePayload send(MessageDraft request, UUID commandId) {
        MessageDraft draft = request.validated();
        MessagePayload message = storeOnce(draft, commandId).toPayload();
        events.publish(
                EventType.MESSAGE_CREATED,
                new MessageCreated(message, new UserSummary(draft.userId(), draft.username(), null), commandId));
        return message;
    }

    public MessagePage history(UUID roomId, UUID before, UUID after, int limit) {
        // One row more than asked tells whether another page exists. Panache ranges are inclusive.
        if (after != null) {
            // Catching up: the oldest `limit` messages after the cursor, shown newest first like every page.
            List<Message> rows = Message.<Message>find("roomId = ?1 and id > ?2 order by id asc", roomId, after)
                    .range(0, limit)
                    .list();
            boolean more = rows.size() > limit;
            List<Message> page = rows.subList(0, Math.min(limit, rows.size())).reversed();
            return new MessagePage(page.stream().map(Message::toPayload).toList(), null, more);
        }
        List<Message> rows = before == null
                ? Message.<Message>find("roomId = ?1 order by id desc", roomId)
                        .range(0, limit)
                        .list()
                : Message.<Message>find("roomId = ?1 and id < ?2 order by id desc", roomId, before)
                        .range(0, limit)
                        .list();
        boolean more = rows.size() > limit;
        List<Message> page = rows.subList(0, Math.min(limit, rows.size()));
        UUID nextBefore = more ? page.get(page.size() - 1).id : null;
        return new MessagePage(page.stream().map(Message::toPayload).toList(), nextBefore, more);
    }

    private Message storeOnce(MessageDraft draft, UUID commandId) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                lockRoom(draft.roomId());
                return findExisting(draft, commandId).orElseGet(() -> insert(draft, commandId));
            });
        } catch (PersistenceException e) {
            // Two sends of the same command or clientMsgId raced and this one lost on a unique index.
            if (draft.clientMsgId() == null && commandId == null) {
                throw e;
            }
            return QuarkusTransaction.requiringNew()
                    .call(() -> findExisting(draft, commandId).orElseThrow(() -> e));
        }
    }

    /**
     * Serialises the sends of one room until commit, so that ids (taken after the lock) commit in id order and an
     * {@code after} cursor can never skip a message that commits late.
     */
    private static void lockRoom(UUID roomId) {
        long key = roomId.getMostSignificantBits() ^ roomId.getLeastSignificantBits();
        Message.getEntityManager()
                .createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1)) as locked")
                .setParameter(1, key)
                .getSingleResult();
    }

    /** The message this draft already produced: by command (redelivery), else by the sender's clientMsgId. */
    private Optional<Message> findExisting(MessageDraft draft, UUID commandId) {
        Optional<Message> existing = commandId == null
                ? Optional.empty()
                : Message.<Message>find("commandId", commandId).firstResultOptional();
        if (existing.isEmpty() && draft.clientMsgId() != null) {
            existing = Message.<Message>find("userId = ?1 and clientMsgId = ?2", draft.userId(), draft.clientMsgId())
                    .firstResultOptional();
        }
        existing.ifPresent(message -> {
            if (!message.roomId.equals(draft.roomId()) || !message.content.equals(draft.content())) {
                throw ProblemException.conflictOnField("clientMsgId", "was already used for a different message");
            }
        });
        return existing;
    }

    private Message insert(MessageDraft draft, UUID commandId) {
        Message message = new Message();
        message.id = UuidV7.generate();
        message.roomId = draft.roomId();
        message.userId = draft.userId();
        message.content = draft.content();
        message.type = draft.type();
        message.clientMsgId = draft.clientMsgId();
        message.commandId = commandId;
        // PostgreSQL keeps microseconds: the event must show the same time that history will.
        message.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        message.updatedAt = message.createdAt;
        message.persistAndFlush();
        stored.increment();
        return message;
    }
}

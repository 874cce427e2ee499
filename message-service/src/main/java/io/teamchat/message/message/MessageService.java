package io.teamchat.message.message;

import io.teamchat.common.events.MessagePayload;
import io.teamchat.message.replica.ReplicaReads;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.hibernate.StatelessSession;

@ApplicationScoped
public class MessageService {

    /** A room's messages with their attachments, in the same query. */
    private static final String PAGE = "from Message m left join fetch m.attachment where m.roomId = ?1 ";

    private final ReplicaReads reads;
    private final MessageViews views;

    public MessageService(ReplicaReads reads, MessageViews views) {
        this.reads = reads;
        this.views = views;
    }

    /**
     * One page of a room's messages (replies included) as {@code reader} sees them, on the read replica when it may
     * answer {@code reader} (docs/operations.md, "Read replicas"), else on the primary. The page's mentions,
     * reactions and pins are read from the primary ({@link MessageViews}), after the page.
     */
    public MessagePage history(UUID reader, UUID roomId, UUID before, UUID after, int limit) {
        UUID cursor = after != null ? after : before;
        MessagePage stored =
                reads.readEntities(reader, cursor, session -> history(session, roomId, before, after, limit));
        return new MessagePage(views.forViewer(stored.items(), reader), stored.nextBefore(), stored.hasMore());
    }

    private MessagePage history(StatelessSession session, UUID roomId, UUID before, UUID after, int limit) {
        // One row more than asked tells whether another page exists.
        if (after != null) {
            // Catching up: the oldest `limit` messages after the cursor, shown newest first like every page.
            List<Message> rows = session.createSelectionQuery(PAGE + "and m.id > ?2 order by m.id asc", Message.class)
                    .setParameter(1, roomId)
                    .setParameter(2, after)
                    .setMaxResults(limit + 1)
                    .getResultList();
            boolean more = rows.size() > limit;
            List<Message> page = rows.subList(0, Math.min(limit, rows.size())).reversed();
            return new MessagePage(payloads(page), null, more);
        }
        List<Message> rows = before == null
                ? session.createSelectionQuery(PAGE + "order by m.id desc", Message.class)
                        .setParameter(1, roomId)
                        .setMaxResults(limit + 1)
                        .getResultList()
                : session.createSelectionQuery(PAGE + "and m.id < ?2 order by m.id desc", Message.class)
                        .setParameter(1, roomId)
                        .setParameter(2, before)
                        .setMaxResults(limit + 1)
                        .getResultList();
        boolean more = rows.size() > limit;
        List<Message> page = rows.subList(0, Math.min(limit, rows.size()));
        UUID nextBefore = more ? page.get(page.size() - 1).id : null;
        return new MessagePage(payloads(page), nextBefore, more);
    }

    private static List<MessagePayload> payloads(List<Message> rows) {
        return rows.stream().map(Message::toPayload).toList();
    }
}

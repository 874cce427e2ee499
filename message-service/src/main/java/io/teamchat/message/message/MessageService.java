package io.teamchat.message.message;

import io.teamchat.common.events.MessagePayload;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Reading messages. Sends (socket and REST) are commands: see {@link SendCommandHandler}. */
@ApplicationScoped
public class MessageService {

    private final MessageViews views;

    public MessageService(MessageViews views) {
        this.views = views;
    }

    /** A page of the room's messages (replies included) as {@code viewer} sees them. */
    public MessagePage history(UUID roomId, UUID before, UUID after, int limit, UUID viewer) {
        // One row more than asked tells whether another page exists. Panache ranges are inclusive.
        if (after != null) {
            // Catching up: the oldest `limit` messages after the cursor, shown newest first like every page.
            List<Message> rows = Message.<Message>find("roomId = ?1 and id > ?2 order by id asc", roomId, after)
                    .range(0, limit)
                    .list();
            boolean more = rows.size() > limit;
            List<Message> page = rows.subList(0, Math.min(limit, rows.size())).reversed();
            return new MessagePage(views.forViewer(payloads(page), viewer), null, more);
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
        return new MessagePage(views.forViewer(payloads(page), viewer), nextBefore, more);
    }

    private static List<MessagePayload> payloads(List<Message> rows) {
        return rows.stream().map(Message::toPayload).toList();
    }
}

package io.teamchat.message.message;

import io.teamchat.message.mentions.MentionStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Reading messages. Sends (socket and REST) are commands: see {@link SendCommandHandler}. */
@ApplicationScoped
public class MessageService {

    /** A room's messages with their attachments, in the same query. */
    private static final String PAGE = "from Message m left join fetch m.attachment where m.roomId = ?1 ";

    private final MentionStore mentions;

    public MessageService(MentionStore mentions) {
        this.mentions = mentions;
    }

    public MessagePage history(UUID roomId, UUID before, UUID after, int limit) {
        // One row more than asked tells whether another page exists. Panache ranges are inclusive.
        if (after != null) {
            // Catching up: the oldest `limit` messages after the cursor, shown newest first like every page.
            List<Message> rows = Message.<Message>find(PAGE + "and m.id > ?2 order by m.id asc", roomId, after)
                    .range(0, limit)
                    .list();
            boolean more = rows.size() > limit;
            List<Message> page = rows.subList(0, Math.min(limit, rows.size())).reversed();
            return new MessagePage(
                    mentions.withMentions(page.stream().map(Message::toPayload).toList()), null, more);
        }
        List<Message> rows = before == null
                ? Message.<Message>find(PAGE + "order by m.id desc", roomId)
                        .range(0, limit)
                        .list()
                : Message.<Message>find(PAGE + "and m.id < ?2 order by m.id desc", roomId, before)
                        .range(0, limit)
                        .list();
        boolean more = rows.size() > limit;
        List<Message> page = rows.subList(0, Math.min(limit, rows.size()));
        UUID nextBefore = more ? page.get(page.size() - 1).id : null;
        return new MessagePage(
                mentions.withMentions(page.stream().map(Message::toPayload).toList()), nextBefore, more);
    }
}

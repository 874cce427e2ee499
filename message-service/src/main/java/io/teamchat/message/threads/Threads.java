package io.teamchat.message.threads;

import io.teamchat.membership.RoomAction;
import io.teamchat.message.message.Message;
import io.teamchat.message.message.MessageLookup;
import io.teamchat.message.message.MessageViews;
import io.teamchat.message.room.RoomAccess;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Reading threads (docs/conversation.md). Replies are stored by the send command (a {@code parentId} on
 * {@code message.send}, see {@code SendCommandHandler}); here they are paged oldest first for members of the room.
 * A deleted root leaves its replies reachable: the thread's room is then known from the replies themselves.
 */
@ApplicationScoped
public class Threads {

    private final RoomAccess access;
    private final MessageViews views;

    public Threads(RoomAccess access, MessageViews views) {
        this.access = access;
        this.views = views;
    }

    public ThreadPage replies(UUID rootId, UUID after, int limit, JsonWebToken caller) {
        access.require(roomOf(rootId), caller, RoomAction.READ);
        // One row more than asked tells whether another page exists. Panache ranges are inclusive.
        List<Message> rows = after == null
                ? Message.<Message>find("parentId = ?1 order by id asc", rootId)
                        .range(0, limit)
                        .list()
                : Message.<Message>find("parentId = ?1 and id > ?2 order by id asc", rootId, after)
                        .range(0, limit)
                        .list();
        boolean more = rows.size() > limit;
        List<Message> page = rows.subList(0, Math.min(limit, rows.size()));
        UUID viewer = UUID.fromString(caller.getSubject());
        return new ThreadPage(
                views.forViewer(page.stream().map(Message::toPayload).toList(), viewer), more);
    }

    /** The root's room, or (the root was deleted) its replies' room; 404 when neither exists. */
    private static UUID roomOf(UUID rootId) {
        List<UUID> rooms = Message.getEntityManager()
                .createQuery(
                        "select m.roomId from Message m where m.id = :id or m.parentId = :id order by m.id", UUID.class)
                .setParameter("id", rootId)
                .setMaxResults(1)
                .getResultList();
        if (rooms.isEmpty()) {
            throw MessageLookup.notFound();
        }
        return rooms.get(0);
    }
}

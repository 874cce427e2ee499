package io.teamchat.message.message;

import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.room.RoomAccess;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Finding stored messages by id: for REST paths on one message, and for command handlers, a run at a time. */
@ApplicationScoped
public class MessageLookup {

    private final RoomAccess access;

    public MessageLookup(RoomAccess access) {
        this.access = access;
    }

    /**
     * The room of the message, whose partition a command on it goes to; 404 when there is no such message or the
     * caller may not read its room (the two look the same, so other rooms' message ids are not revealed).
     */
    public UUID readableRoomOf(UUID messageId, JsonWebToken caller) {
        List<UUID> rooms = Message.getEntityManager()
                .createQuery("select m.roomId from Message m where m.id = :id", UUID.class)
                .setParameter("id", messageId)
                .getResultList();
        if (rooms.isEmpty()) {
            throw notFound();
        }
        access.require(rooms.get(0), caller, RoomAction.READ);
        return rooms.get(0);
    }

    /** The messages that exist among {@code ids}, by id, with one query; inside the caller's transaction. */
    public Map<UUID, Message> byIds(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return Message.<Message>list("id in ?1", ids).stream()
                .collect(Collectors.toMap(message -> message.id, Function.identity(), (a, b) -> a, HashMap::new));
    }

    public static ProblemException notFound() {
        return ProblemException.notFound("No such message.");
    }
}

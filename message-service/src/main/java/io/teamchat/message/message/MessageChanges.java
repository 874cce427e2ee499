package io.teamchat.message.message;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MessageDeleted;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.events.MessageUpdated;
import io.teamchat.common.messages.MessageRules;
import io.teamchat.common.problem.Problem;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.events.EventPublisher;
import io.teamchat.message.replica.OwnWrites;
import io.teamchat.message.room.RoomAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Edits and deletes of stored messages, for REST and (through the gateway, which calls REST with the user's token)
 * the socket: one authorization rule for both. Edit: the author or an administrator. Delete: the author, the room's
 * owner or an administrator. Other members get 403; anyone who cannot see the room gets 404.
 */
@ApplicationScoped
public class MessageChanges {

    private final RoomAccess access;
    private final EventPublisher events;
    private final OwnWrites ownWrites;

    public MessageChanges(RoomAccess access, EventPublisher events, OwnWrites ownWrites) {
        this.access = access;
        this.events = events;
        this.ownWrites = ownWrites;
    }

    /** Sets the trimmed new content, {@code isEdited} and {@code updatedAt}; {@code createdAt} stays. */
    public MessagePayload edit(UUID messageId, String rawContent, JsonWebToken caller) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String content = MessageRules.content("content", rawContent, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Message found = find(messageId);
        access.require(found.roomId, caller, RoomAction.READ);
        if (!isAuthor(found, caller)) {
            access.require(found.roomId, caller, RoomAction.EDIT_ANY);
        }
        MessagePayload edited = QuarkusTransaction.requiringNew().call(() -> {
            Message message = lockedOrGone(messageId);
            message.content = content;
            message.edited = true;
            message.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            // read-your-writes on a read replica (replica/OwnWrites)
            ownWrites.record(List.of(UUID.fromString(caller.getSubject())));
            return message.toPayload();
        });
        events.publish(EventType.MESSAGE_UPDATED, new MessageUpdated(edited));
        return edited;
    }

    /** Removes the row, content and all: nothing of it is left to read back. */
    public void delete(UUID messageId, JsonWebToken caller) {
        Message found = find(messageId);
        access.require(found.roomId, caller, RoomAction.READ);
        if (!isAuthor(found, caller)) {
            access.require(found.roomId, caller, RoomAction.DELETE_ANY);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            lockedOrGone(messageId).delete();
            ownWrites.record(List.of(UUID.fromString(caller.getSubject())));
        });
        events.publish(EventType.MESSAGE_DELETED, new MessageDeleted(messageId, found.roomId));
    }

    private static Message find(UUID messageId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> Message.<Message>findByIdOptional(messageId))
                .orElseThrow(MessageChanges::gone);
    }

    /** The row under a write lock, so an edit and a delete of one message never interleave. */
    private static Message lockedOrGone(UUID messageId) {
        return Message.<Message>findByIdOptional(messageId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(MessageChanges::gone);
    }

    private static boolean isAuthor(Message message, JsonWebToken caller) {
        return message.userId.toString().equals(caller.getSubject());
    }

    private static ProblemException gone() {
        return ProblemException.notFound("No such message.");
    }
}

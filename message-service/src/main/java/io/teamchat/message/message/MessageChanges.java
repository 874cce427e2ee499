package io.teamchat.message.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.DeleteMessageCommand;
import io.teamchat.common.events.EditMessageCommand;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.events.MessageUpdated;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.common.messages.MessageRules;
import io.teamchat.common.problem.Problem;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.message.command.CommandBus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Edits and deletes from REST and (through the gateway, which calls REST with the user's token) the socket: each
 * becomes a command on the message's room partition, applied in order with that room's sends by
 * {@link EditCommandHandler} / {@link DeleteCommandHandler}, which hold the authorization rule. Here only what
 * needs no order: the content rules, and 404 for a message the caller cannot see.
 */
@ApplicationScoped
public class MessageChanges {

    private final MessageLookup lookup;
    private final CommandBus commands;
    private final ObjectMapper mapper;
    private final MessageViews views;

    public MessageChanges(MessageLookup lookup, CommandBus commands, ObjectMapper mapper, MessageViews views) {
        this.views = views;
        this.lookup = lookup;
        this.commands = commands;
        this.mapper = mapper;
    }

    /** Sets the trimmed new content, {@code isEdited} and {@code updatedAt}; {@code createdAt} stays. */
    public MessagePayload edit(UUID messageId, String rawContent, JsonWebToken caller) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String content = MessageRules.content("content", rawContent, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        UUID roomId = lookup.readableRoomOf(messageId, caller);
        UUID commandId = UuidV7.generate();
        EditMessageCommand command =
                new EditMessageCommand(commandId, callerId(caller), messageId, roomId, content, isAdmin(caller));
        MessagePayload edited = commands.submit(EventType.MESSAGE_EDIT, command, commandId, roomId)
                .dataAs(MessageUpdated.class, mapper)
                .message();
        return views.forViewer(edited, command.userId());
    }

    /** Removes the row, content and all: nothing of it is left to read back. */
    public void delete(UUID messageId, JsonWebToken caller) {
        UUID roomId = lookup.readableRoomOf(messageId, caller);
        UUID commandId = UuidV7.generate();
        DeleteMessageCommand command =
                new DeleteMessageCommand(commandId, callerId(caller), messageId, roomId, isAdmin(caller));
        commands.submit(EventType.MESSAGE_DELETE, command, commandId, roomId);
    }

    private static UUID callerId(JsonWebToken caller) {
        return UUID.fromString(caller.getSubject());
    }

    private static boolean isAdmin(JsonWebToken caller) {
        return caller.getGroups().contains("admin");
    }
}

package io.teamchat.message.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.DeleteMessageCommand;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MessageDeleted;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.command.CommandBatch;
import io.teamchat.message.command.CommandHandler;
import io.teamchat.message.room.RoomAccess;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code message.delete}, applied on the room's partition so {@code message.deleted} is ordered with the room's
 * other events: the author, the room's owner or an administrator ({@code DELETE_ANY}); other members 403, anyone
 * who cannot read the room 404. The row goes, content and all. Applied twice, the second finds nothing: 404.
 */
@ApplicationScoped
public class DeleteCommandHandler implements CommandHandler {

    private final MessageLookup lookup;
    private final RoomAccess access;
    private final ObjectMapper mapper;

    public DeleteCommandHandler(MessageLookup lookup, RoomAccess access, ObjectMapper mapper) {
        this.lookup = lookup;
        this.access = access;
        this.mapper = mapper;
    }

    @Override
    public EventType type() {
        return EventType.MESSAGE_DELETE;
    }

    @Override
    public void apply(List<EventEnvelope> envelopes, CommandBatch batch) {
        List<DeleteMessageCommand> commands = MessageCommands.parse(envelopes, DeleteMessageCommand.class, mapper);
        Map<UUID, Message> targets = lookup.byIds(
                commands.stream().map(DeleteMessageCommand::messageId).toList());
        List<ProblemException> refusals = MessageCommands.refusals(
                access,
                commands,
                targets,
                (command, target) -> MessageCommands.unlessAuthor(command.userId(), target, RoomAction.DELETE_ANY));
        for (int i = 0; i < commands.size(); i++) {
            DeleteMessageCommand command = commands.get(i);
            // An earlier delete of the same message in this run has removed it.
            Message message = targets.get(command.messageId());
            ProblemException refused = message == null ? MessageLookup.notFound() : refusals.get(i);
            if (refused != null) {
                batch.reject(command.commandId(), command.userId(), refused);
                continue;
            }
            message.delete();
            targets.remove(message.id);
            batch.publish(
                    EventType.MESSAGE_DELETED, new MessageDeleted(message.id, message.roomId, command.commandId()));
        }
    }
}

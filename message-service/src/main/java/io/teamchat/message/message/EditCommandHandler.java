package io.teamchat.message.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EditMessageCommand;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MessageUpdated;
import io.teamchat.common.messages.MessageRules;
import io.teamchat.common.problem.Problem;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.command.CommandBatch;
import io.teamchat.message.command.CommandHandler;
import io.teamchat.message.room.RoomAccess;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code message.edit}, applied on the room's partition so {@code message.updated} is ordered with the room's
 * {@code message.created}: the author or an administrator ({@code EDIT_ANY}) edits; other members get 403, anyone
 * who cannot read the room 404, an edit of a deleted message 404. Applying it twice sets the same content again.
 */
@ApplicationScoped
public class EditCommandHandler implements CommandHandler {

    private final MessageLookup lookup;
    private final RoomAccess access;
    private final ObjectMapper mapper;
    private final MessageViews views;

    public EditCommandHandler(MessageLookup lookup, RoomAccess access, ObjectMapper mapper, MessageViews views) {
        this.views = views;
        this.lookup = lookup;
        this.access = access;
        this.mapper = mapper;
    }

    @Override
    public EventType type() {
        return EventType.MESSAGE_EDIT;
    }

    @Override
    public void apply(List<EventEnvelope> envelopes, CommandBatch batch) {
        List<EditMessageCommand> commands = MessageCommands.parse(envelopes, EditMessageCommand.class, mapper);
        Map<UUID, Message> targets = lookup.byIds(
                commands.stream().map(EditMessageCommand::messageId).toList());
        List<ProblemException> refusals = MessageCommands.refusals(
                access,
                commands,
                targets,
                (command, target) -> MessageCommands.unlessAuthor(command.userId(), target, RoomAction.EDIT_ANY));
        for (int i = 0; i < commands.size(); i++) {
            EditMessageCommand command = commands.get(i);
            List<Problem.FieldError> errors = new ArrayList<>();
            String content = MessageRules.content("content", command.content(), errors);
            ProblemException refused = refusals.get(i) != null
                    ? refusals.get(i)
                    : errors.isEmpty() ? null : ProblemException.invalid(errors);
            if (refused != null) {
                batch.reject(command.commandId(), command.userId(), refused);
                continue;
            }
            Message message = targets.get(command.messageId());
            message.content = content;
            message.edited = true;
            message.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            // An edit keeps the mentions its send resolved (docs/conversation.md): the updated view shows them, with
            // its reactions, pin and thread fields (MessageViews).
            batch.publish(
                    EventType.MESSAGE_UPDATED,
                    new MessageUpdated(views.forEvents(message.toPayload()), command.commandId()));
        }
    }
}

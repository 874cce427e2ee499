package io.teamchat.message.pins;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MessageUpdated;
import io.teamchat.common.events.PinCommand;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.command.CommandBatch;
import io.teamchat.message.message.Message;
import io.teamchat.message.message.MessageCommands;
import io.teamchat.message.message.MessageLookup;
import io.teamchat.message.message.MessageViews;
import io.teamchat.message.room.RoomAccess;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Applies a run of {@code message.pin} or {@code message.unpin} commands, in stream order. Any member (anyone who
 * may read the room) pins; the member who pinned a message unpins it, and the room's owner or an administrator
 * ({@code MANAGE}) unpins any pin (others 403). Pinning a pinned message or unpinning an unpinned one changes nothing.
 * Each command's outcome is {@code message.updated} with the message as it is after it ({@code pinned}).
 */
@ApplicationScoped
public class Pins {

    private final MessageLookup lookup;
    private final RoomAccess access;
    private final PinStore store;
    private final MessageViews views;
    private final ObjectMapper mapper;

    public Pins(MessageLookup lookup, RoomAccess access, PinStore store, MessageViews views, ObjectMapper mapper) {
        this.lookup = lookup;
        this.access = access;
        this.store = store;
        this.views = views;
        this.mapper = mapper;
    }

    void apply(List<EventEnvelope> envelopes, CommandBatch batch, boolean pin) {
        List<PinCommand> commands = MessageCommands.parse(envelopes, PinCommand.class, mapper);
        Map<UUID, Message> targets =
                lookup.byIds(commands.stream().map(PinCommand::messageId).toList());
        List<ProblemException> readers = MessageCommands.refusals(access, commands, targets, (command, target) -> null);
        // Whether each unpinner may remove somebody else's pin; asked for every unpin, used when the pin is not theirs.
        List<ProblemException> managers = pin
                ? readers
                : MessageCommands.refusals(access, commands, targets, (command, target) -> RoomAction.MANAGE);
        Map<UUID, UUID> pinnedBy = store.pinnedBy(targets.keySet());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int i = 0; i < commands.size(); i++) {
            PinCommand command = commands.get(i);
            ProblemException refused = readers.get(i);
            UUID pinner = pinnedBy.get(command.messageId());
            if (refused == null && !pin && pinner != null && !pinner.equals(command.userId())) {
                refused = managers.get(i);
            }
            if (refused != null) {
                batch.reject(command.commandId(), command.userId(), refused);
                continue;
            }
            Message message = targets.get(command.messageId());
            if (pin && pinner == null) {
                store.pin(message.id, message.roomId, command.userId(), now);
                pinnedBy.put(message.id, command.userId());
            } else if (!pin && pinner != null) {
                store.unpin(message.id);
                pinnedBy.remove(message.id);
            }
            batch.publish(
                    EventType.MESSAGE_UPDATED,
                    new MessageUpdated(views.forEvents(message.toPayload()), command.commandId()));
        }
    }
}

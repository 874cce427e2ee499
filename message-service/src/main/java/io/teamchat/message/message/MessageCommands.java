package io.teamchat.message.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.MessageCommand;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.room.RoomAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/** What every handler of commands on stored messages does first: parse the run, then authorize it in one wait. */
public final class MessageCommands {

    private static final Logger LOG = Logger.getLogger(MessageCommands.class);

    private MessageCommands() {}

    /** The run's commands; a malformed one will never succeed and has nobody to answer: skipped (acked). */
    public static <C extends MessageCommand> List<C> parse(
            List<EventEnvelope> envelopes, Class<C> type, ObjectMapper mapper) {
        List<C> commands = new ArrayList<>(envelopes.size());
        for (EventEnvelope envelope : envelopes) {
            try {
                C command = envelope.dataAs(type, mapper);
                if (command.commandId() == null
                        || command.userId() == null
                        || command.messageId() == null
                        || command.roomId() == null) {
                    throw new IllegalArgumentException("commandId, userId, messageId and roomId are required");
                }
                commands.add(command);
            } catch (IllegalArgumentException e) {
                LOG.warnf("skipping malformed command %s: %s", envelope.id(), e.getMessage());
            }
        }
        return commands;
    }

    /**
     * Per command, null when its user may act on its message, else the problem: 404 when the message does not exist
     * (or not in the command's room), or its room cannot be read by the user; 403 when {@code alsoNeeded} names a
     * further action (for the message as it is now, e.g. somebody else's) that the user may not do there.
     */
    public static <C extends MessageCommand> List<ProblemException> refusals(
            RoomAccess access,
            List<C> commands,
            Map<UUID, Message> targets,
            BiFunction<C, Message, RoomAction> alsoNeeded) {
        List<RoomAccess.Check> checks = new ArrayList<>();
        List<Integer> checked = new ArrayList<>();
        List<ProblemException> refusals = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            C command = commands.get(i);
            Message target = targets.get(command.messageId());
            if (target == null || !target.roomId.equals(command.roomId())) {
                refusals.add(MessageLookup.notFound());
                continue;
            }
            refusals.add(null);
            checks.add(new RoomAccess.Check(
                    target.roomId, command.userId(), command.senderIsAdmin(), alsoNeeded.apply(command, target)));
            checked.add(i);
        }
        List<ProblemException> decided = checks.isEmpty() ? List.of() : access.refusals(checks);
        for (int c = 0; c < decided.size(); c++) {
            refusals.set(checked.get(c), decided.get(c));
        }
        return refusals;
    }

    /** The further action needed on somebody else's message; none on one's own. */
    public static RoomAction unlessAuthor(UUID userId, Message target, RoomAction onOthers) {
        return target.userId.equals(userId) ? null : onOthers;
    }
}

package io.teamchat.message.command;

import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import java.util.List;

/**
 * Applies one type of command from the commands stream. Implement it as an {@code @ApplicationScoped} bean and
 * {@link CommandDispatcher} finds it by {@link #type()}; see message-service/README.md, "Adding a command".
 *
 * <p>{@link #apply} gets a run of consecutive commands of its type, in stream order, inside the transaction of
 * the whole batch (use the datasource or Panache as usual: it is the same transaction). Commands of one room are
 * always in one partition, so they arrive in the order they were sent; keep that order for their effects. Record
 * each command's outcome on the batch ({@link CommandBatch#publish} or {@link CommandBatch#reject}): the outcomes
 * are published after the commit, then the batch is acked. Throwing rolls the whole batch back; it is then retried
 * command by command, and one that keeps failing on its own is parked as a dead letter.
 */
public interface CommandHandler {

    EventType type();

    void apply(List<EventEnvelope> commands, CommandBatch batch);
}

package io.teamchat.message.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.CommandRejected;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The outcomes of one batch of commands, collected while it runs and published after its commit. */
public final class CommandBatch {

    private final ObjectMapper mapper;
    private final List<EventEnvelope> outcomes = new ArrayList<>();

    CommandBatch(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** An event to publish on the events stream once the batch is committed. */
    public void publish(EventType type, Object data) {
        outcomes.add(EventEnvelope.of(type, data, mapper));
    }

    /** The command was refused and changed nothing: {@code command.rejected} carries the problem to the sender. */
    public void reject(UUID commandId, UUID userId, ProblemException problem) {
        publish(
                EventType.COMMAND_REJECTED,
                new CommandRejected(
                        commandId, userId, problem.status(), problem.title(), problem.getMessage(), problem.errors()));
    }

    List<EventEnvelope> outcomes() {
        return outcomes;
    }
}

package io.teamchat.message.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.CommandRejected;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.streams.EnvelopeWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * The way REST requests change messages: they submit the same command a socket would, to the room's partition,
 * and wait for its outcome. So every change of a room, whatever door it came through, is applied by the one
 * reader of that partition, in order; no lock is needed for "id order is commit order".
 */
@ApplicationScoped
public class CommandBus {

    private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(5);

    private final EnvelopeWriter commands;
    private final CommandOutcomes outcomes;
    private final ObjectMapper mapper;
    private final Duration timeout;

    public CommandBus(
            @Channel("commands-out") Emitter<EventEnvelope> emitter,
            CommandOutcomes outcomes,
            ObjectMapper mapper,
            CommandsConfig config) {
        this.commands = new EnvelopeWriter(emitter, mapper);
        this.outcomes = outcomes;
        this.mapper = mapper;
        this.timeout = config.outcomeTimeout();
    }

    /**
     * Appends the command to {@code roomId}'s partition and returns its outcome event. A {@code command.rejected}
     * outcome is thrown as the {@link ProblemException} it describes; no outcome in time is a 504 (the command may
     * still be applied: retry with the same clientMsgId).
     */
    public EventEnvelope submit(EventType type, Object command, UUID commandId, UUID roomId) {
        CompletableFuture<EventEnvelope> outcome = outcomes.expect(commandId);
        try {
            commands.append(type, command, roomId)
                    .toCompletableFuture()
                    .get(APPEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            outcomes.forget(commandId);
            throw new ProblemException(503, "Service Unavailable", "The request could not be queued; retry it.");
        } catch (InterruptedException e) {
            outcomes.forget(commandId);
            Thread.currentThread().interrupt();
            throw new ProblemException(503, "Service Unavailable", "Interrupted; retry the request.");
        }
        EventEnvelope event;
        try {
            event = outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            outcomes.forget(commandId);
            throw new ProblemException(
                    504, "Gateway Timeout", "Queued but not confirmed in time; retry with the same clientMsgId.");
        } catch (InterruptedException e) {
            outcomes.forget(commandId);
            Thread.currentThread().interrupt();
            throw new ProblemException(503, "Service Unavailable", "Interrupted; retry with the same clientMsgId.");
        }
        if (event.type() == EventType.COMMAND_REJECTED) {
            throw problemOf(event.dataAs(CommandRejected.class, mapper));
        }
        return event;
    }

    private static ProblemException problemOf(CommandRejected rejected) {
        if (rejected.status() == 400 && !rejected.errors().isEmpty()) {
            return ProblemException.invalid(rejected.errors());
        }
        if (rejected.status() == 409 && rejected.errors().size() == 1) {
            return ProblemException.conflictOnField(
                    rejected.errors().get(0).field(), rejected.errors().get(0).message());
        }
        return new ProblemException(rejected.status(), rejected.title(), rejected.detail());
    }
}

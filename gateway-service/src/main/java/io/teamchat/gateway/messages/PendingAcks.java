package io.teamchat.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.teamchat.common.problem.Problems;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.live.RoomChannels;
import io.teamchat.gateway.metrics.GatewayMetrics;
import io.teamchat.gateway.metrics.GatewayMetrics.AckOutcome;
import io.teamchat.gateway.socket.AckError;
import io.teamchat.gateway.socket.AckHandle;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * send-message acks waiting for message-service's outcome, keyed by command id. Only the instance that holds the
 * sender's socket has the entry; the others ignore the outcome. An ack nobody resolves times out with 504.
 *
 * <p>While a command waits, this instance subscribes to the room's channel ({@link RoomChannels}), where its
 * {@code message.created} comes, even when the sender's socket has not joined the room; a refusal comes on the
 * user-events stream.
 *
 * <p>A command with a clientMsgId outlives its ack's timeout by {@code timed-out-send-memory}: a retry of it (same
 * sender, clientMsgId and request) waits for that command ({@link #attach}) instead of appending another. While
 * message-service works through a backlog, every ack times out and every client retries; without this each retry
 * would add a command to the backlog it is waiting for.
 */
@ApplicationScoped
public class PendingAcks {

    /** Acks of one command at most: retries cost no Redis round trip here, so they must not pile up either. */
    static final int MAX_WAITING_RETRIES = 8;

    /** What identifies a send across its retries. */
    record SendKey(UUID userId, String clientMsgId) {}

    private record Waiting(AckHandle ack, long startNanos) {}

    /**
     * A command of this instance without its outcome. Its acks share one timer, which each retry restarts. Guarded by
     * the PendingAcks instance.
     */
    private static final class Command {
        final UUID roomId;
        final SendKey key;
        final Object request;
        final long forgetAtMs;
        List<Waiting> acks = new ArrayList<>(1);
        long timerId;

        Command(UUID roomId, SendKey key, Object request, long forgetAtMs) {
            this.roomId = roomId;
            this.key = key;
            this.request = request;
            this.forgetAtMs = forgetAtMs;
        }
    }

    private final Map<UUID, Command> commands = new HashMap<>();
    private final Map<SendKey, UUID> commandOfSend = new HashMap<>();
    /**
     * Acks taken from their command but not yet written to their sockets. {@link #size} counts them, so the shutdown
     * drain does not close the sockets between the take and the write. Guarded by the instance.
     */
    private int answering;

    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final GatewayMetrics metrics;
    private final long timeoutMs;
    private final long memoryMs;
    private final RoomChannels channels;

    public PendingAcks(
            Vertx vertx, ObjectMapper mapper, GatewayMetrics metrics, GatewayConfig config, RoomChannels channels) {
        this.vertx = vertx;
        this.channels = channels;
        this.mapper = mapper;
        this.metrics = metrics;
        this.timeoutMs = config.ackTimeout().toMillis();
        this.memoryMs = config.timedOutSendMemory().toMillis();
    }

    /**
     * Waits for the command's outcome; the Uni completes once this instance receives the room's events, so the
     * command may be appended (a failure: it may not; {@link #fail} it). {@code key} is null for a send without a
     * clientMsgId (nothing to match a retry by); {@code request} is what a retry must equal to wait for this command.
     */
    Uni<Void> register(UUID commandId, UUID roomId, SendKey key, Object request, AckHandle ack) {
        long now = System.currentTimeMillis();
        synchronized (this) {
            Command command = new Command(roomId, key, request, key == null ? 0 : now + timeoutMs + memoryMs);
            command.acks.add(new Waiting(ack, System.nanoTime()));
            command.timerId = vertx.setTimer(timeoutMs, id -> expire(commandId));
            commands.put(commandId, command);
            if (key != null) {
                commandOfSend.put(key, commandId);
            }
        }
        return channels.acquire(roomId)
                .ifNoItem()
                .after(Duration.ofMillis(timeoutMs))
                .fail();
    }

    /**
     * A retry of a send whose command this instance appended and whose outcome has not come: the retry's ack waits
     * for that command (or, when {@link #MAX_WAITING_RETRIES} wait already, is refused with 429). True when the retry
     * is taken care of; false when there is no such command, or the retry asks for something else (then the caller
     * appends a command, and message-service answers as the stored message requires).
     */
    boolean attach(SendKey key, Object request, AckHandle ack) {
        synchronized (this) {
            UUID commandId = commandOfSend.get(key);
            Command command = commandId == null ? null : commands.get(commandId);
            if (command == null || !command.request.equals(request)) {
                return false;
            }
            if (command.acks.size() < MAX_WAITING_RETRIES) {
                command.acks.add(new Waiting(ack, System.nanoTime()));
                vertx.cancelTimer(command.timerId);
                command.timerId = vertx.setTimer(timeoutMs, id -> expire(commandId));
                return true;
            }
        }
        ack.error(AckError.from(Problems.tooManyRequests(
                "This message is already waiting to be stored; wait for one of its acks before retrying again.")));
        return true;
    }

    /** message.created for a command of ours: the message is committed. */
    public void confirm(UUID commandId, JsonNode message) {
        answer(
                take(commandId),
                AckOutcome.OK,
                ack -> ack.ok(mapper.createObjectNode().set("message", message)));
    }

    /** command.rejected for a command of ours: nothing was stored. */
    public void reject(UUID commandId, AckError error) {
        answer(take(commandId), AckOutcome.REJECTED, ack -> ack.error(error));
    }

    /** The command never reached the stream. */
    void fail(UUID commandId, AckError error) {
        answer(take(commandId), AckOutcome.ERROR, ack -> ack.error(error));
    }

    /** Sends whose acks still wait for message-service's outcome or are being written. */
    public synchronized int size() {
        int waiting = answering;
        for (Command command : commands.values()) {
            waiting += command.acks.size();
        }
        return waiting;
    }

    /** The acks' time is up: 504 to them; the command is remembered for retries until its forgetAt. */
    private void expire(UUID commandId) {
        List<Waiting> timedOut;
        UUID releasedRoom = null;
        long now = System.currentTimeMillis();
        synchronized (this) {
            Command command = commands.get(commandId);
            if (command == null) {
                return;
            }
            timedOut = command.acks;
            answering += timedOut.size();
            command.acks = new ArrayList<>(1);
            if (now >= command.forgetAtMs) {
                forget(commandId, command);
                releasedRoom = command.roomId;
            } else {
                command.timerId = vertx.setTimer(command.forgetAtMs - now, id -> expire(commandId));
            }
        }
        if (releasedRoom != null) {
            channels.release(releasedRoom);
        }
        answer(
                timedOut,
                AckOutcome.TIMEOUT,
                ack -> ack.error(
                        AckError.of(504, "Gateway Timeout", "not confirmed; retry with the same clientMsgId")));
    }

    /** The command's waiting acks, and it is forgotten; null when it is not ours (or already answered). */
    private List<Waiting> take(UUID commandId) {
        if (commandId == null) {
            return null;
        }
        Command command;
        synchronized (this) {
            command = commands.get(commandId);
            if (command == null) {
                return null;
            }
            forget(commandId, command);
            vertx.cancelTimer(command.timerId);
            answering += command.acks.size();
        }
        channels.release(command.roomId);
        return command.acks;
    }

    private void forget(UUID commandId, Command command) {
        commands.remove(commandId);
        if (command.key != null) {
            commandOfSend.remove(command.key, commandId);
        }
    }

    private void answer(List<Waiting> acks, AckOutcome outcome, Consumer<AckHandle> reply) {
        if (acks == null) {
            return;
        }
        try {
            for (Waiting waiting : acks) {
                reply.accept(waiting.ack());
                metrics.ackLatency(outcome, Duration.ofNanos(System.nanoTime() - waiting.startNanos()));
            }
        } finally {
            synchronized (this) {
                answering -= acks.size();
            }
        }
    }
}

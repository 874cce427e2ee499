package io.teamchat.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.live.RoomChannels;
import io.teamchat.gateway.metrics.GatewayMetrics;
import io.teamchat.gateway.metrics.GatewayMetrics.AckOutcome;
import io.teamchat.gateway.socket.AckError;
import io.teamchat.gateway.socket.AckHandle;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * send-message acks waiting for message-service's outcome, keyed by command id. Only the instance that holds the
 * sender's socket has the entry; the others ignore the outcome. An entry nobody resolves times out with 504.
 *
 * <p>While an ack waits, this instance subscribes to the room's channel ({@link RoomChannels}), where its
 * {@code message.created} comes, even when the sender's socket has not joined the room; a refusal comes on the
 * user-events stream.
 */
@ApplicationScoped
public class PendingAcks {

    private record Pending(AckHandle ack, UUID roomId, long startNanos, long timerId) {}

    private final ConcurrentHashMap<UUID, Pending> pending = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final GatewayMetrics metrics;
    private final long timeoutMs;

    private final RoomChannels channels;

    public PendingAcks(
            Vertx vertx, ObjectMapper mapper, GatewayMetrics metrics, GatewayConfig config, RoomChannels channels) {
        this.vertx = vertx;
        this.channels = channels;
        this.mapper = mapper;
        this.metrics = metrics;
        this.timeoutMs = config.ackTimeout().toMillis();
    }

    /**
     * Waits for the command's outcome; the Uni completes once this instance receives the room's events, so the
     * command may be appended (a failure: it may not; {@link #fail} it).
     */
    Uni<Void> register(UUID commandId, UUID roomId, AckHandle ack) {
        long timerId = vertx.setTimer(timeoutMs, id -> expire(commandId));
        pending.put(commandId, new Pending(ack, roomId, System.nanoTime(), timerId));
        return channels.acquire(roomId)
                .ifNoItem()
                .after(Duration.ofMillis(timeoutMs))
                .fail();
    }

    /** message.created for a command of ours: the message is committed. */
    public void confirm(UUID commandId, JsonNode message) {
        Pending entry = take(commandId);
        if (entry != null) {
            entry.ack().ok(mapper.createObjectNode().set("message", message));
            record(entry, AckOutcome.OK);
        }
    }

    /** command.rejected for a command of ours: nothing was stored. */
    public void reject(UUID commandId, AckError error) {
        Pending entry = take(commandId);
        if (entry != null) {
            entry.ack().error(error);
            record(entry, AckOutcome.REJECTED);
        }
    }

    /** The command never reached the stream. */
    void fail(UUID commandId, AckError error) {
        Pending entry = take(commandId);
        if (entry != null) {
            entry.ack().error(error);
            record(entry, AckOutcome.ERROR);
        }
    }

    /** Sends still waiting for message-service's outcome. */
    public int size() {
        return pending.size();
    }

    private void expire(UUID commandId) {
        Pending entry = pending.remove(commandId);
        if (entry != null) {
            channels.release(entry.roomId());
            entry.ack().error(AckError.of(504, "Gateway Timeout", "not confirmed; retry with the same clientMsgId"));
            record(entry, AckOutcome.TIMEOUT);
        }
    }

    private Pending take(UUID commandId) {
        if (commandId == null) {
            return null;
        }
        Pending entry = pending.remove(commandId);
        if (entry != null) {
            vertx.cancelTimer(entry.timerId());
            channels.release(entry.roomId());
        }
        return entry;
    }

    private void record(Pending entry, AckOutcome outcome) {
        metrics.ackLatency(outcome, Duration.ofNanos(System.nanoTime() - entry.startNanos()));
    }
}

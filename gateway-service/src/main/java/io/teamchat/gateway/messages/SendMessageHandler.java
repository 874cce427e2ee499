package io.teamchat.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.SendMessageCommand;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.common.messages.MessageRules;
import io.teamchat.common.problem.Problem;
import io.teamchat.common.problem.Problems;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.metrics.GatewayMetrics;
import io.teamchat.gateway.rooms.RoomGate;
import io.teamchat.gateway.socket.AckError;
import io.teamchat.gateway.socket.AckHandle;
import io.teamchat.gateway.socket.AuthUser;
import io.teamchat.gateway.socket.Payloads;
import io.teamchat.gateway.socket.SocketEventHandler;
import io.teamchat.gateway.socket.SocketSession;
import io.teamchat.gateway.typing.Typing;
import io.teamchat.membership.RoomAction;
import io.teamchat.ratelimit.Action;
import io.teamchat.ratelimit.RateLimiter;
import io.teamchat.streams.EnvelopeWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * {@code send-message}: validate, rate-limit, check membership, then hand a {@code message.send} command to
 * message-service through the commands stream. The ack waits for the outcome event (see {@link PendingAcks}),
 * so {@code ok:true} means the message is committed in PostgreSQL. A socket's sends are appended in the order it
 * sent them ({@link SendLanes}).
 */
@ApplicationScoped
public class SendMessageHandler implements SocketEventHandler {

    private static final Logger LOG = Logger.getLogger(SendMessageHandler.class);

    private final EnvelopeWriter commands;
    private final RateLimiter rateLimiter;
    private final RoomGate gate;
    private final Typing typing;
    private final PendingAcks pending;
    private final GatewayMetrics metrics;
    private final Tracer tracer;
    private final MentionLookup mentions;
    private final int sendsWaiting;
    private final SendLanes lanes;

    public SendMessageHandler(
            @Channel("commands-out") Emitter<EventEnvelope> commands,
            ObjectMapper mapper,
            RateLimiter rateLimiter,
            RoomGate gate,
            PendingAcks pending,
            GatewayMetrics metrics,
            Typing typing,
            Tracer tracer,
            MentionLookup mentions,
            GatewayConfig config) {
        this.sendsWaiting = config.sendsWaitingPerSocket();
        this.lanes = new SendLanes(sendsWaiting);
        this.tracer = tracer;
        this.mentions = mentions;
        this.commands = new EnvelopeWriter(commands, mapper);
        this.typing = typing;
        this.rateLimiter = rateLimiter;
        this.gate = gate;
        this.pending = pending;
        this.metrics = metrics;
    }

    /** A validated send request; the sender is not part of it (always the socket's user). */
    record SendRequest(
            UUID roomId, String content, String type, String clientMsgId, UUID attachmentId, UUID parentId) {}

    @Override
    public Set<String> events() {
        return Set.of("send-message");
    }

    @Override
    public void handle(String event, SocketSession session, JsonNode data, AckHandle ack) {
        if (!data.isObject()) {
            ack.error(AckError.badRequest(
                    "The payload must be an object {roomId, content, type?, clientMsgId?, attachmentId?, parentId?}."));
            return;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        SendRequest request = validate(data, errors);
        if (!errors.isEmpty()) {
            ack.error(AckError.invalid(errors));
            return;
        }
        AuthUser user = session.user();
        // Sending ends the sender's typing state in that room at once.
        typing.stopped(user.id(), request.roomId());
        // A retry of a send this instance appended and still waits for: it waits for that command, with no Redis
        // round trip (when message-service is behind, every client retries; those retries must cost next to nothing).
        if (waitsForItsFirstCommand(user, request, ack)) {
            return;
        }
        // In the socket's order: the next send of this socket starts once this one is appended (or refused).
        if (!lanes.submit(session.socketId(), done -> send(user, request, ack, done))) {
            ack.error(AckError.from(Problems.tooManyRequests("More than " + sendsWaiting
                    + " sends of this socket are waiting to be queued; wait for their acks.")));
        }
    }

    private void send(AuthUser user, SendRequest request, AckHandle ack, Runnable done) {
        // Counted in Redis with REST sends (message-service): one budget per user across every instance. The budget
        // and the membership are read at once (one round trip of latency, not two); a refused send counts either way.
        Uni.combine()
                .all()
                .unis(
                        rateLimiter.acquire(Action.MESSAGE, user.id()),
                        gate.check(user, request.roomId(), RoomAction.POST))
                .with((verdict, membershipDenied) -> {
                    if (!verdict.allowed()) {
                        metrics.rateLimited();
                        return AckError.from(Problems.tooManyRequests(verdict.detail()));
                    }
                    return membershipDenied;
                })
                .subscribe()
                .with(
                        denied -> {
                            if (denied == null) {
                                mentions.candidates(user, request.content())
                                        .subscribe()
                                        .with(candidates -> publish(user, request, candidates, ack, done), failure -> {
                                            ack.error(
                                                    AckError.unavailable(
                                                            "The message could not be queued; retry with the same clientMsgId."));
                                            done.run();
                                        });
                            } else {
                                ack.error(denied);
                                done.run();
                            }
                        },
                        failure -> {
                            ack.error(AckError.membershipUnavailable());
                            done.run();
                        });
    }

    /** The request as it will be stored (content trimmed): {@link MessageRules}, the rules message-service applies. */
    static SendRequest validate(JsonNode data, List<Problem.FieldError> errors) {
        UUID roomId = Payloads.uuid(data, "roomId", errors);
        String type = MessageRules.type(Payloads.optionalText(data, "type", errors), errors);
        String content = MessageRules.contentFor(type, Payloads.optionalText(data, "content", errors), errors);
        String clientMsgId = MessageRules.clientMsgId(Payloads.optionalText(data, "clientMsgId", errors), errors);
        // Whose upload it is and which room it is in is message-service's check, where the upload is stored.
        UUID attachmentId =
                MessageRules.attachmentId(type, Payloads.optionalUuid(data, "attachmentId", errors), errors);
        // A reply: message-service checks that the parent is a message of the same room, in order with the sends.
        UUID parentId = Payloads.optionalUuid(data, "parentId", errors);
        return new SendRequest(roomId, content, type, clientMsgId, attachmentId, parentId);
    }

    private void publish(
            AuthUser user, SendRequest request, List<UUID> mentionCandidates, AckHandle ack, Runnable done) {
        // A retry that came while its first send was still on its way here (before it was registered).
        if (waitsForItsFirstCommand(user, request, ack)) {
            done.run();
            return;
        }
        PendingAcks.SendKey key = sendKey(user, request);
        UUID commandId = UuidV7.generate();
        // Identity from the verified token only; a userId in the payload is never read.
        SendMessageCommand command = new SendMessageCommand(
                commandId,
                user.id(),
                user.username(),
                request.roomId(),
                request.content(),
                request.type(),
                request.clientMsgId(),
                user.isAdmin(),
                mentionCandidates,
                request.attachmentId(),
                request.parentId());
        AckError notQueued = AckError.unavailable("The message could not be queued; retry with the same clientMsgId.");
        // Appended only once this instance hears the room, where the outcome comes (at once when it already does).
        pending.register(commandId, request.roomId(), key, request, ack)
                .subscribe()
                .with(
                        subscribed -> {
                            try {
                                append(command, notQueued);
                            } finally {
                                done.run(); // handed to the stream in order: the next send may go
                            }
                        },
                        failure -> {
                            LOG.warnf(
                                    "room %s not subscribed, command %s not appended: %s",
                                    request.roomId(), commandId, failure.toString());
                            pending.fail(commandId, notQueued);
                            done.run();
                        });
        metrics.messageIn();
    }

    private static PendingAcks.SendKey sendKey(AuthUser user, SendRequest request) {
        return request.clientMsgId() == null ? null : new PendingAcks.SendKey(user.id(), request.clientMsgId());
    }

    /** True when the request is a retry that now waits for the command of its first send (PendingAcks#attach). */
    private boolean waitsForItsFirstCommand(AuthUser user, SendRequest request, AckHandle ack) {
        PendingAcks.SendKey key = sendKey(user, request);
        return key != null && pending.attach(key, request, ack);
    }

    private void append(SendMessageCommand command, AckError notQueued) {
        UUID commandId = command.commandId();
        // A message's trace starts here; the command entry carries it to message-service (docs/operations.md).
        Span span = tracer.spanBuilder("send-message")
                .setSpanKind(SpanKind.SERVER)
                .setNoParent()
                .setAttribute("chat.command.id", commandId.toString())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            // On the room's partition: its single reader keeps the room's send order.
            commands.append(EventType.MESSAGE_SEND, command, command.roomId()).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.warnf("could not append command %s: %s", commandId, failure.getMessage());
                    span.recordException(failure).setStatus(StatusCode.ERROR);
                    pending.fail(commandId, notQueued);
                }
                span.end();
            });
        }
    }
}

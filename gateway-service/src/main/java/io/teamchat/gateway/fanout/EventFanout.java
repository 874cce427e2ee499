package io.teamchat.gateway.fanout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.NonBlocking;
import io.teamchat.common.events.CommandRejected;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.MemberJoined;
import io.teamchat.common.events.MemberLeft;
import io.teamchat.common.events.MessageDeleted;
import io.teamchat.common.events.ReactionChanged;
import io.teamchat.common.events.RoomDeleted;
import io.teamchat.common.events.RoomRead;
import io.teamchat.common.events.RoomUpdated;
import io.teamchat.common.events.UserDisabled;
import io.teamchat.gateway.live.RoomChannels;
import io.teamchat.gateway.messages.MessageFanout;
import io.teamchat.gateway.messages.ReadStateFanout;
import io.teamchat.gateway.metrics.GatewayMetrics;
import io.teamchat.gateway.metrics.GatewayMetrics.EventSource;
import io.teamchat.gateway.presence.PresenceFanout;
import io.teamchat.gateway.rooms.RoomFanout;
import io.teamchat.gateway.socket.DisabledAccounts;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import io.teamchat.streams.EnvelopeReader;
import io.teamchat.streams.LiveMessage;
import io.teamchat.streams.RedisStreamMetadata;
import io.teamchat.streams.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Receives the domain events for this instance's sockets (docs/events.md, "Live fan-out") and hands each to the
 * feature that delivers it: the room-scoped events of the rooms subscribed here from their sharded channels
 * ({@link RoomChannels}), and the events addressed to users from the user-events stream (no consumer group: every
 * instance reads all of them). Takes raw JSON so that an event type this build does not know is skipped, not fatal.
 */
@Startup // registers with RoomChannels at start, not when the first user event makes the bean
@ApplicationScoped
public class EventFanout {

    private static final Logger LOG = Logger.getLogger(EventFanout.class);

    private final MessageFanout messages;
    private final RoomFanout rooms;
    private final PresenceFanout presence;
    private final ObjectMapper mapper;
    private final Tracer tracer;
    private final SocketRegistry registry;
    private final DisabledAccounts disabledAccounts;
    private final ReadStateFanout readState;
    private final GatewayMetrics metrics;

    public EventFanout(
            MessageFanout messages,
            RoomFanout rooms,
            PresenceFanout presence,
            ObjectMapper mapper,
            Tracer tracer,
            SocketRegistry registry,
            DisabledAccounts disabledAccounts,
            ReadStateFanout readState,
            RoomChannels channels,
            GatewayMetrics metrics) {
        this.readState = readState;
        this.metrics = metrics;
        this.messages = messages;
        this.rooms = rooms;
        this.presence = presence;
        this.mapper = mapper;
        this.tracer = tracer;
        this.registry = registry;
        this.disabledAccounts = disabledAccounts;
        channels.deliverTo(this::onRoomMessage);
    }

    /**
     * An entry of the user-events stream. Runs on the reader's event loop: it only writes frames, and a hop to a
     * worker thread per event (the default for a void method) capped the fan-out at a few hundred events a second.
     */
    @Incoming("events-in")
    @NonBlocking
    public void onEvent(String json, RedisStreamMetadata entry) {
        metrics.eventIn(EventSource.USER_STREAM);
        deliver(json, entry.traceparent(), entry.stream(), entry.entryId(), this::routeUserEvent);
    }

    /** A message of a room's channel. */
    void onRoomMessage(UUID roomId, String message) {
        metrics.eventIn(EventSource.ROOM_CHANNEL);
        LiveMessage live = LiveMessage.decode(message);
        deliver(live.json(), live.traceparent(), "room", null, this::routeRoomEvent);
    }

    /**
     * An event that carries a trace (a message's, from its send) is delivered in a span of that trace, so the trace
     * ends at the gateway that wrote the frames; untraced events (presence, membership) make no span.
     */
    private void deliver(
            String json, String traceparent, String source, String entryId, Consumer<EventEnvelope> route) {
        if (traceparent == null) {
            read(json, Span.getInvalid(), route);
            return;
        }
        var builder = tracer.spanBuilder("deliver")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceContext.restore(traceparent))
                .setAttribute("messaging.system", "redis")
                .setAttribute("messaging.destination.name", source);
        if (entryId != null) {
            builder.setAttribute("messaging.message.id", entryId);
        }
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            read(json, span, route);
        } finally {
            span.end();
        }
    }

    private void read(String json, Span span, Consumer<EventEnvelope> route) {
        EnvelopeReader.read(json, mapper, "events").ifPresent(event -> {
            span.updateName("deliver " + event.type().wireName());
            try {
                route.accept(event);
            } catch (RuntimeException e) {
                // One bad entry must not stop the fan-out of every later one.
                LOG.warnf("skipping malformed %s event: %s", event.type().wireName(), e.getMessage());
            }
        });
    }

    /** Events of a room, for its subscribers here, in the order the room's writers published them. */
    private void routeRoomEvent(EventEnvelope event) {
        switch (event.type()) {
            case MESSAGE_CREATED -> messages.created(event.data());
            case MESSAGE_UPDATED -> messages.updated(event.data());
            case MESSAGE_DELETED -> messages.deleted(event.dataAs(MessageDeleted.class, mapper));
            case REACTION_CHANGED -> messages.reactionChanged(event.dataAs(ReactionChanged.class, mapper));
            case MEMBER_JOINED -> rooms.memberJoined(event.dataAs(MemberJoined.class, mapper));
            case MEMBER_LEFT -> rooms.memberLeft(event.dataAs(MemberLeft.class, mapper));
            case ROOM_UPDATED -> rooms.roomUpdated(event.dataAs(RoomUpdated.class, mapper));
            case ROOM_DELETED -> rooms.roomDeleted(event.dataAs(RoomDeleted.class, mapper));
            default ->
                LOG.tracef("event %s is not for a room's sockets", event.type().wireName());
        }
    }

    /** Events for users, wherever their sockets are. */
    private void routeUserEvent(EventEnvelope event) {
        switch (event.type()) {
            case MESSAGE_CREATED -> messages.mentioned(event.data());
            case COMMAND_REJECTED -> messages.rejected(event.dataAs(CommandRejected.class, mapper));
            case MEMBER_JOINED -> rooms.addedToRoom(event.dataAs(MemberJoined.class, mapper));
            case MEMBER_LEFT -> rooms.removedFromRoom(event.dataAs(MemberLeft.class, mapper));
            case PRESENCE_CHANGED -> presence.deliver(event.data());
            case USER_DISABLED -> userDisabled(event.dataAs(UserDisabled.class, mapper));
            case ROOM_READ -> readState.roomRead(event.dataAs(RoomRead.class, mapper));
            default ->
                LOG.tracef("event %s is not for users' sockets", event.type().wireName());
        }
    }

    /** The account's sockets here end now, and its older tokens cannot open new ones. */
    private void userDisabled(UserDisabled disabled) {
        disabledAccounts.disabled(disabled.userId(), disabled.disabledAt());
        for (SocketSession socket : registry.socketsOf(disabled.userId())) {
            socket.closeDisabled();
        }
    }
}

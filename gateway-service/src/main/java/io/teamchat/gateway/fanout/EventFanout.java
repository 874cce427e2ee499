package io.teamchat.gateway.fanout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
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
import io.teamchat.gateway.messages.MessageFanout;
import io.teamchat.gateway.messages.ReadStateFanout;
import io.teamchat.gateway.presence.PresenceFanout;
import io.teamchat.gateway.rooms.RoomFanout;
import io.teamchat.gateway.socket.DisabledAccounts;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import io.teamchat.streams.EnvelopeReader;
import io.teamchat.streams.RedisStreamMetadata;
import io.teamchat.streams.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads every domain event (the events stream, no consumer group: every gateway instance sees all of them) and
 * hands it to the feature that delivers it to this instance's sockets. Takes the entry's raw JSON so that an event
 * type this build does not know is skipped, not fatal.
 */
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

    public EventFanout(
            MessageFanout messages,
            RoomFanout rooms,
            PresenceFanout presence,
            ObjectMapper mapper,
            Tracer tracer,
            SocketRegistry registry,
            DisabledAccounts disabledAccounts,
            ReadStateFanout readState) {
        this.readState = readState;
        this.messages = messages;
        this.rooms = rooms;
        this.presence = presence;
        this.mapper = mapper;
        this.tracer = tracer;
        this.registry = registry;
        this.disabledAccounts = disabledAccounts;
    }

    /**
     * An entry that carries a trace (a message's, from its send) is delivered in a span of that trace, so the trace
     * ends at the gateway that wrote the frames; untraced entries (presence, membership) make no span. Runs on the
     * reader's event loop: it only writes frames, and a hop to a worker thread per event (the default for a void
     * method) capped the fan-out at a few hundred events a second.
     */
    @Incoming("events-in")
    @NonBlocking
    public void onEvent(String json, RedisStreamMetadata entry) {
        if (entry.traceparent() == null) {
            deliver(json, Span.getInvalid());
            return;
        }
        Span span = tracer.spanBuilder("deliver")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceContext.restore(entry.traceparent()))
                .setAttribute("messaging.system", "redis")
                .setAttribute("messaging.destination.name", entry.stream())
                .setAttribute("messaging.message.id", entry.entryId())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            deliver(json, span);
        } finally {
            span.end();
        }
    }

    private void deliver(String json, Span span) {
        EnvelopeReader.read(json, mapper, "events").ifPresent(event -> {
            span.updateName("deliver " + event.type().wireName());
            route(event);
        });
    }

    private void route(EventEnvelope event) {
        try {
            switch (event.type()) {
                case MESSAGE_CREATED -> messages.created(event.data());
                case COMMAND_REJECTED -> messages.rejected(event.dataAs(CommandRejected.class, mapper));
                case MESSAGE_UPDATED -> messages.updated(event.data());
                case MESSAGE_DELETED -> messages.deleted(event.dataAs(MessageDeleted.class, mapper));
                case REACTION_CHANGED -> messages.reactionChanged(event.dataAs(ReactionChanged.class, mapper));
                case MEMBER_JOINED -> rooms.memberJoined(event.dataAs(MemberJoined.class, mapper));
                case MEMBER_LEFT -> rooms.memberLeft(event.dataAs(MemberLeft.class, mapper));
                case ROOM_UPDATED -> rooms.roomUpdated(event.dataAs(RoomUpdated.class, mapper));
                case ROOM_DELETED -> rooms.roomDeleted(event.dataAs(RoomDeleted.class, mapper));
                case PRESENCE_CHANGED -> presence.deliver(event.data());
                case USER_DISABLED -> userDisabled(event.dataAs(UserDisabled.class, mapper));
                case ROOM_READ -> readState.roomRead(event.dataAs(RoomRead.class, mapper));
                default ->
                    LOG.tracef("event %s is not for sockets", event.type().wireName());
            }
        } catch (RuntimeException e) {
            // One bad entry must not stop the fan-out of every later one.
            LOG.warnf("skipping malformed %s event: %s", event.type().wireName(), e.getMessage());
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

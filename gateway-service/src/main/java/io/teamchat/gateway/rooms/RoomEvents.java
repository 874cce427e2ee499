package io.teamchat.gateway.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.problem.Problem;
import io.teamchat.gateway.live.RoomChannels;
import io.teamchat.gateway.socket.AckError;
import io.teamchat.gateway.socket.AckHandle;
import io.teamchat.gateway.socket.AuthUser;
import io.teamchat.gateway.socket.Payloads;
import io.teamchat.gateway.socket.SocketEventHandler;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import io.teamchat.membership.RoomAction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code join-room} and {@code leave-room}: which rooms' events a socket receives. Membership itself is unchanged. */
@ApplicationScoped
public class RoomEvents implements SocketEventHandler {

    static final String JOIN = "join-room";
    static final String LEAVE = "leave-room";

    /** How long join-room waits for the room's channel subscription before it answers 503. */
    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(3);

    private final RoomGate gate;
    private final RoomChannels channels;
    private final RoomDetails details;
    private final SocketRegistry registry;
    private final ObjectMapper mapper;

    public RoomEvents(
            RoomGate gate, RoomDetails details, SocketRegistry registry, ObjectMapper mapper, RoomChannels channels) {
        this.gate = gate;
        this.channels = channels;
        this.details = details;
        this.registry = registry;
        this.mapper = mapper;
    }

    @Override
    public Set<String> events() {
        return Set.of(JOIN, LEAVE);
    }

    @Override
    public void handle(String event, SocketSession session, JsonNode data, AckHandle ack) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!data.isObject()) {
            ack.error(AckError.badRequest("The payload must be an object {roomId}."));
            return;
        }
        UUID roomId = Payloads.uuid(data, "roomId", errors);
        if (!errors.isEmpty()) {
            ack.error(AckError.invalid(errors));
            return;
        }
        if (LEAVE.equals(event)) {
            registry.unsubscribe(session, roomId);
            ack.ok();
        } else {
            join(session, roomId, ack);
        }
    }

    private void join(SocketSession session, UUID roomId, AckHandle ack) {
        AuthUser user = session.user();
        gate.check(user, roomId, RoomAction.READ)
                .subscribe()
                .with(
                        denied -> {
                            if (denied != null) {
                                ack.error(denied);
                            } else {
                                subscribe(session, roomId, ack);
                            }
                        },
                        failure -> ack.error(AckError.membershipUnavailable()));
    }

    private void subscribe(SocketSession session, UUID roomId, AckHandle ack) {
        AuthUser user = session.user();
        details.fetch(user, roomId)
                .subscribe()
                .with(
                        room -> {
                            if (!registry.subscribe(session, roomId)) {
                                return; // the socket went away meanwhile
                            }
                            // Acked once this instance hears the room's channel, so no event after the ack is
                            // missed; checked again once subscribed: a removal committed after the first check is
                            // seen either here or, as a new room version, by MembershipWatch.
                            channels.ready(roomId)
                                    .ifNoItem()
                                    .after(SUBSCRIBE_TIMEOUT)
                                    .fail()
                                    .chain(() -> gate.verdict(user, roomId, RoomAction.READ))
                                    .subscribe()
                                    .with(
                                            verdict -> {
                                                if (verdict.denied() != null) {
                                                    registry.unsubscribe(session, roomId);
                                                    ack.error(verdict.denied());
                                                } else {
                                                    ack.ok(mapper.createObjectNode()
                                                            .set("room", details.asSeenBy(room, verdict.role())));
                                                }
                                            },
                                            failure -> {
                                                registry.unsubscribe(session, roomId);
                                                ack.error(AckError.membershipUnavailable());
                                            });
                        },
                        failure -> ack.error(AckError.unavailable("The room cannot be loaded right now; retry.")));
    }
}

package io.teamchat.gateway.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.problem.Problem;
import io.teamchat.gateway.socket.AckError;
import io.teamchat.gateway.socket.AckHandle;
import io.teamchat.gateway.socket.Payloads;
import io.teamchat.gateway.socket.SocketEventHandler;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code join-room} and {@code leave-room}: which rooms' events a socket receives. Membership itself is unchanged. */
@ApplicationScoped
public class RoomEvents implements SocketEventHandler {

    static final String JOIN = "join-room";
    static final String LEAVE = "leave-room";

    private final MembershipClient membership;
    private final SocketRegistry registry;
    private final ObjectMapper mapper;

    public RoomEvents(MembershipClient membership, SocketRegistry registry, ObjectMapper mapper) {
        this.membership = membership;
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
        membership
                .lookup(session.user(), roomId)
                .subscribe()
                .with(
                        lookup -> {
                            if (lookup.access() != MembershipClient.Access.MEMBER) {
                                ack.error(lookup.access().denial());
                            } else if (registry.subscribe(session, roomId)) {
                                ack.ok(mapper.createObjectNode().set("room", lookup.room()));
                            }
                        },
                        failure -> ack.error(AckError.membershipUnavailable()));
    }
}

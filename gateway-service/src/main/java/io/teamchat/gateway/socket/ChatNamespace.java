package io.teamchat.gateway.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import io.smallrye.mutiny.Uni;
import io.teamchat.common.messages.MessageRules;
import io.teamchat.gateway.engine.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;

/**
 * The chat's namespace {@code /}: CONNECT carries {@code {token}} (a valid access token, else
 * {@code unauthorized}); events go to their {@link SocketEventHandler}; connects and disconnects are announced to
 * presence-service. Replaced by the echo namespaces in conformance mode.
 */
@ApplicationScoped
@LookupUnlessProperty(name = "chat.gateway.conformance", stringValue = "true")
public class ChatNamespace implements SocketNamespace {

    /** The CONNECT_ERROR message when the user already has {@code sockets-per-user} sockets. */
    static final String TOO_MANY_CONNECTIONS = "too many connections";

    private final TokenVerifier verifier;
    private final SocketRegistry registry;
    private final SocketEvents events;
    private final ConnectionEvents connectionEvents;
    private final SocketQuota quota;

    public ChatNamespace(
            TokenVerifier verifier,
            SocketRegistry registry,
            SocketEvents events,
            ConnectionEvents connectionEvents,
            SocketQuota quota) {
        this.quota = quota;
        this.verifier = verifier;
        this.registry = registry;
        this.events = events;
        this.connectionEvents = connectionEvents;
    }

    @Override
    public Set<String> names() {
        return Set.of(SocketPacket.DEFAULT_NAMESPACE);
    }

    @Override
    public Uni<Admission> admit(JsonNode auth) {
        JsonNode token = auth == null ? null : auth.get("token");
        return verifier.verify(token != null && token.isTextual() ? token.asText() : null)
                .chain(user -> {
                    if (user.isEmpty()) {
                        return Uni.createFrom().item(Admission.refuse("unauthorized"));
                    }
                    // The user's sockets on every gateway count; the slot is given back in onDisconnect.
                    String socketId = Ids.random();
                    return quota.claimSocket(user.get().id(), socketId)
                            .map(held -> held
                                    ? Admission.accept(user.get(), socketId)
                                    : Admission.refuse(TOO_MANY_CONNECTIONS));
                });
    }

    @Override
    public void onConnect(SocketSession socket, JsonNode auth) {
        if (registry.authenticated(socket)) {
            connectionEvents.connected(socket.user(), socket.socketId());
        }
    }

    @Override
    public void onEvent(SocketSession socket, ArrayNode args, Long ackId) {
        if (socket.tokenExpired(Instant.now())) {
            // The services would answer 401 with this token; housekeeping may not have closed it yet.
            socket.closeExpired();
            return;
        }
        events.dispatch(socket, args, ackId);
    }

    /** No client event needs more than a message's 16 KiB. */
    @Override
    public long maxEventBytes() {
        return MessageRules.MAX_PAYLOAD_BYTES;
    }

    @Override
    public void onOversizedEvent(SocketSession socket, Long ackId) {
        events.refuseTooLarge(socket, ackId);
    }

    @Override
    public void onDisconnect(SocketSession socket) {
        quota.releaseSocket(socket.user().id(), socket.socketId());
        SocketRegistry.Departed departed = registry.disconnect(socket);
        if (departed != null) {
            connectionEvents.disconnected(departed.user(), departed.socketId());
        }
    }
}

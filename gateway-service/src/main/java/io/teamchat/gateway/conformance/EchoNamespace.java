package io.teamchat.gateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.smallrye.mutiny.Uni;
import io.teamchat.gateway.socket.SocketNamespace;
import io.teamchat.gateway.socket.SocketPacket;
import io.teamchat.gateway.socket.SocketSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The server the official Socket.IO test suite expects (its README): namespaces {@code /} and {@code /custom}
 * accept everyone and emit {@code auth} with the handshake payload; {@code message} is answered with
 * {@code message-back} and the same arguments, {@code message-with-ack} acks with its arguments. Conformance mode
 * only.
 */
@ApplicationScoped
@LookupIfProperty(name = "chat.gateway.conformance", stringValue = "true")
public class EchoNamespace implements SocketNamespace {

    private final ObjectMapper mapper;

    public EchoNamespace(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Set<String> names() {
        return Set.of("/", "/custom");
    }

    @Override
    public Uni<Admission> admit(JsonNode auth) {
        return Uni.createFrom().item(Admission.accept(null));
    }

    @Override
    public void onConnect(SocketSession socket, JsonNode auth) {
        ArrayNode args = mapper.createArrayNode().add("auth");
        args.add(auth == null ? mapper.createObjectNode() : auth);
        socket.send(SocketPacket.EVENT, null, args);
    }

    @Override
    public void onEvent(SocketSession socket, ArrayNode args, Long ackId) {
        String name = args.get(0).asText();
        ArrayNode rest = mapper.createArrayNode();
        for (int i = 1; i < args.size(); i++) {
            rest.add(args.get(i));
        }
        if ("message".equals(name)) {
            ArrayNode back = mapper.createArrayNode().add("message-back");
            back.addAll(rest);
            socket.send(SocketPacket.EVENT, null, back);
        } else if ("message-with-ack".equals(name) && ackId != null) {
            socket.send(SocketPacket.ACK, ackId, rest);
        }
    }

    @Override
    public void onDisconnect(SocketSession socket) {}
}

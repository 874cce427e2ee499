package io.teamchat.gateway.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smallrye.mutiny.Uni;
import java.util.Set;

/**
 * What a Socket.IO namespace does with its sockets; {@link SocketServer} does the protocol around it. A namespace
 * no bean serves is refused with {@code Invalid namespace}. Methods run on event loops and must not block.
 */
public interface SocketNamespace {

    /** The namespace names served, e.g. {@code "/"}. */
    Set<String> names();

    /** Decides a CONNECT from its auth payload (null when the client sent none). */
    Uni<Admission> admit(JsonNode auth);

    /** The socket was accepted and told so. */
    void onConnect(SocketSession socket, JsonNode auth);

    /** A client EVENT: {@code args} starts with the event name. */
    void onEvent(SocketSession socket, ArrayNode args, Long ackId);

    /** The largest EVENT payload (UTF-8 bytes of its JSON) this namespace reads; a larger one is not parsed. */
    default long maxEventBytes() {
        return Long.MAX_VALUE;
    }

    /** A client EVENT over {@link #maxEventBytes()}, refused before its JSON was parsed. */
    default void onOversizedEvent(SocketSession socket, Long ackId) {}

    /** DISCONNECT from the client, or the connection ended; called once per accepted socket. */
    void onDisconnect(SocketSession socket);

    /**
     * The outcome of a CONNECT: accepted (with the user, when the namespace has users, and the socket id when the
     * namespace chose it, else null) or refused.
     */
    record Admission(boolean accepted, AuthUser user, String socketId, String refusal) {

        public static Admission accept(AuthUser user) {
            return new Admission(true, user, null, null);
        }

        public static Admission accept(AuthUser user, String socketId) {
            return new Admission(true, user, socketId, null);
        }

        public static Admission refuse(String message) {
            return new Admission(false, null, null, message);
        }
    }
}

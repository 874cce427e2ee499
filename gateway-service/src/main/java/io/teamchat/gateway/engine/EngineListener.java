package io.teamchat.gateway.engine;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * What an {@link EngineServer} tells the protocol above it (Socket.IO, or the conformance echo). Called from
 * event-loop threads, possibly different ones for one connection (each polling request arrives on its own HTTP
 * connection), but never concurrently for one connection's messages in order.
 */
public interface EngineListener {

    /**
     * Decides whether a handshake may open a connection with this id, before it is answered; a refusal is answered
     * as the reference server answers a request its {@code allowRequest} refuses (403, code 4 "Forbidden").
     */
    default Future<Boolean> allowOpen(String connectionId, String peerAddress, String forwardedFor) {
        return Future.succeededFuture(true);
    }

    void onOpen(EngineConnection connection);

    /** The data of an Engine.IO {@code message} packet (the text after {@code 4}). */
    void onMessage(EngineConnection connection, String data);

    /** A binary Engine.IO message (a websocket binary frame, or a {@code b<base64>} polling packet). */
    void onBinary(EngineConnection connection, Buffer data);

    /** Called once, after which the connection sends nothing. */
    void onClose(EngineConnection connection, String reason);
}

package io.teamchat.gateway.engine;

import java.time.Duration;

/**
 * Engine.IO v4 values of one server.
 *
 * @param pingInterval the server sends a ping this often
 * @param pingTimeout a pong must follow the ping within this time, or the connection is closed
 * @param maxPayload advertised in the handshake; also the largest polling request body accepted
 * @param maxPacketBytes the largest single packet accepted (websocket frames are refused by Vert.x before they are
 *     buffered, see {@code SocketFrameLimits}; polling packets are checked here)
 * @param maxBufferedBytes outbound bytes a connection may have waiting (a polling client that does not poll, a
 *     websocket whose peer does not read); beyond it the connection is closed as a slow consumer
 */
public record EngineSettings(
        Duration pingInterval, Duration pingTimeout, int maxPayload, int maxPacketBytes, int maxBufferedBytes) {}

package io.teamchat.gateway.socket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.teamchat.gateway.config.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Engine.IO v4 over the websocket transport, carrying Socket.IO v5 (see the protocol READMEs of
 * socketio/engine.io-protocol and socketio/socket.io-protocol). One text frame is one Engine.IO packet.
 */
@WebSocket(path = "/socket.io/")
public class SocketEndpoint {

    private static final Logger LOG = Logger.getLogger(SocketEndpoint.class);

    static final int CLOSE_PROTOCOL_ERROR = 1002;
    static final int CLOSE_UNSUPPORTED_DATA = 1003;
    static final int CLOSE_TOO_BIG = 1009;

    private final SocketRegistry registry;
    private final GatewayConfig config;
    private final TokenVerifier verifier;
    private final SocketEvents events;
    private final ConnectionEvents connectionEvents;
    private final ObjectMapper mapper;
    private final String unauthorizedJson;
    private final String invalidNamespaceJson;

    public SocketEndpoint(
            SocketRegistry registry,
            GatewayConfig config,
            TokenVerifier verifier,
            SocketEvents events,
            ConnectionEvents connectionEvents,
            ObjectMapper mapper) {
        this.registry = registry;
        this.config = config;
        this.verifier = verifier;
        this.events = events;
        this.connectionEvents = connectionEvents;
        this.mapper = mapper;
        this.unauthorizedJson = json(Map.of("message", "unauthorized"));
        this.invalidNamespaceJson = json(Map.of("message", "Invalid namespace"));
    }

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        Map<String, String> query;
        try {
            query = query(connection.handshakeRequest().query());
        } catch (IllegalArgumentException e) {
            query = Map.of();
        }
        // Only EIO=4 over websocket, and no upgrade from a polling session (this gateway has no polling).
        if (!"4".equals(query.get("EIO")) || !"websocket".equals(query.get("transport")) || query.containsKey("sid")) {
            return connection.close(new CloseReason(CLOSE_PROTOCOL_ERROR, "unsupported Engine.IO version/transport"));
        }
        SocketSession session = registry.open(connection, Ids.random());
        Map<String, Object> open = new HashMap<>();
        open.put("sid", session.engineId());
        open.put("upgrades", new String[0]);
        open.put("pingInterval", config.engine().pingInterval().toMillis());
        open.put("pingTimeout", config.engine().pingTimeout().toMillis());
        open.put("maxPayload", config.engine().maxPayload());
        return connection.sendText("0" + json(open));
    }

    @OnTextMessage
    public Uni<Void> onText(WebSocketConnection connection, String text) {
        SocketSession session = registry.get(connection);
        if (session == null) {
            return Uni.createFrom().voidItem();
        }
        if (exceedsFrameLimit(text)) {
            LOG.debugf("closing connection %s: frame over %d bytes", connection.id(), config.maxFrameBytes());
            session.close(CLOSE_TOO_BIG, "frame too large");
            return Uni.createFrom().voidItem();
        }
        if (text.isEmpty()) {
            session.close(CLOSE_PROTOCOL_ERROR, "empty packet");
            return Uni.createFrom().voidItem();
        }
        switch (text.charAt(0)) {
            case '4':
                return onSocketPacket(session, text.substring(1));
            case '3':
                session.ponged();
                break;
            case '2':
                session.send("3" + text.substring(1));
                break;
            case '6':
                break;
            case '1':
                session.close(1000, "client closed");
                break;
            default:
                session.close(CLOSE_PROTOCOL_ERROR, "unknown Engine.IO packet");
        }
        return Uni.createFrom().voidItem();
    }

    @OnBinaryMessage
    public Uni<Void> onBinary(WebSocketConnection connection, Buffer data) {
        return connection.close(new CloseReason(CLOSE_UNSUPPORTED_DATA, "binary frames are not supported"));
    }

    @OnClose
    public Uni<Void> onClose(WebSocketConnection connection) {
        SocketRegistry.Departed departed = registry.close(connection);
        if (departed != null) {
            connectionEvents.disconnected(departed.user(), departed.socketId());
        }
        return Uni.createFrom().voidItem();
    }

    @OnError
    public Uni<Void> onError(WebSocketConnection connection, Throwable failure) {
        if (failure instanceof HttpClosedException || !connection.isOpen()) {
            // The peer went away without a close frame: routine for browsers and mobile networks.
            LOG.debugf("socket connection %s dropped: %s", connection.id(), failure.toString());
            return Uni.createFrom().voidItem();
        }
        LOG.warnf("socket connection %s failed: %s", connection.id(), failure.toString());
        return connection.close(CloseReason.INTERNAL_SERVER_ERROR);
    }

    private Uni<Void> onSocketPacket(SocketSession session, String text) {
        SocketPacket packet;
        try {
            packet = SocketPacket.parse(text);
        } catch (SocketPacket.MalformedPacketException e) {
            LOG.debugf("dropping malformed packet on %s: %s", session.connectionId(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
        switch (packet.type()) {
            case SocketPacket.CONNECT:
                return connect(session, packet);
            case SocketPacket.EVENT:
                // Events before CONNECT or for a namespace this socket is not in are ignored, as Socket.IO does.
                if (session.isConnected() && SocketPacket.DEFAULT_NAMESPACE.equals(packet.namespace())) {
                    if (session.tokenExpired(Instant.now())) {
                        // The services would answer 401 with this token; the heartbeat may not have closed it yet.
                        session.closeExpired();
                    } else {
                        events.dispatch(session, packet);
                    }
                }
                break;
            case SocketPacket.DISCONNECT:
                if (SocketPacket.DEFAULT_NAMESPACE.equals(packet.namespace())) {
                    SocketRegistry.Departed departed = registry.disconnect(session);
                    if (departed != null) {
                        connectionEvents.disconnected(departed.user(), departed.socketId());
                    }
                }
                break;
            case SocketPacket.BINARY_EVENT:
            case SocketPacket.BINARY_ACK:
                session.close(CLOSE_UNSUPPORTED_DATA, "binary payloads are not supported");
                break;
            default:
                // ACK: the server never asks the client for acks; CONNECT_ERROR is server-to-client only.
                break;
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> connect(SocketSession session, SocketPacket packet) {
        if (!SocketPacket.DEFAULT_NAMESPACE.equals(packet.namespace())) {
            session.send(
                    SocketPacket.frame(SocketPacket.CONNECT_ERROR, packet.namespace(), null, invalidNamespaceJson));
            return Uni.createFrom().voidItem();
        }
        if (session.isConnected() || session.isConnecting()) {
            return Uni.createFrom().voidItem();
        }
        session.setConnecting(true);
        return verifier.verify(tokenOf(packet.json()))
                .onItem()
                .invoke(user -> {
                    session.setConnecting(false);
                    if (user.isEmpty()) {
                        session.send(SocketPacket.frame(SocketPacket.CONNECT_ERROR, null, null, unauthorizedJson));
                        return;
                    }
                    String socketId = Ids.random();
                    if (registry.authenticated(session, user.get(), socketId)) {
                        session.send(
                                SocketPacket.frame(SocketPacket.CONNECT, null, null, json(Map.of("sid", socketId))));
                        connectionEvents.connected(user.get(), socketId);
                    }
                })
                .onFailure()
                .invoke(failure -> {
                    session.setConnecting(false);
                    LOG.warnf("token check failed on %s: %s", session.connectionId(), failure.toString());
                    session.send(SocketPacket.frame(SocketPacket.CONNECT_ERROR, null, null, unauthorizedJson));
                })
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** The CONNECT auth payload {@code {"token": "..."}}; anything else counts as no token. */
    private String tokenOf(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode auth = mapper.readTree(json);
            JsonNode token = auth == null ? null : auth.get("token");
            return token != null && token.isTextual() ? token.asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** UTF-8 size check without encoding the common small frames: a char is at most 3 bytes in UTF-8. */
    private boolean exceedsFrameLimit(String text) {
        int limit = config.maxFrameBytes();
        if ((long) text.length() * 3 <= limit) {
            return false;
        }
        if (text.length() > limit) {
            return true;
        }
        return text.getBytes(StandardCharsets.UTF_8).length > limit;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String query) {
        Map<String, String> params = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.putIfAbsent(
                    URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}

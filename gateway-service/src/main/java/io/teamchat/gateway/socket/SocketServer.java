package io.teamchat.gateway.socket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.teamchat.common.messages.MessageRules;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.engine.EngineConnection;
import io.teamchat.gateway.engine.EngineListener;
import io.teamchat.gateway.engine.Ids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Socket.IO v5 on Engine.IO v4 (see the protocol README of socketio/socket.io-protocol): namespaces with CONNECT
 * and DISCONNECT, events and acks, binary attachments. What a namespace does is its {@link SocketNamespace} bean's
 * business. A packet that breaks the protocol closes the connection, as the reference server does.
 */
@ApplicationScoped
public class SocketServer implements EngineListener {

    private static final Logger LOG = Logger.getLogger(SocketServer.class);

    static final int CLOSE_PROTOCOL_ERROR = 1002;
    static final int CLOSE_UNSUPPORTED_DATA = 1003;

    private final Map<String, SocketNamespace> namespaces = new HashMap<>();
    private final SocketRegistry registry;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final long connectTimeoutMs;
    private final SocketQuota quota;

    public SocketServer(
            Instance<SocketNamespace> all,
            SocketRegistry registry,
            ObjectMapper mapper,
            Vertx vertx,
            GatewayConfig config,
            SocketQuota quota) {
        for (SocketNamespace namespace : all) {
            for (String name : namespace.names()) {
                if (namespaces.putIfAbsent(name, namespace) != null) {
                    throw new IllegalStateException("two beans serve socket namespace " + name);
                }
            }
        }
        this.registry = registry;
        this.mapper = mapper;
        this.vertx = vertx;
        this.connectTimeoutMs = config.engine().connectTimeout().toMillis();
        this.quota = quota;
    }

    /** At most N connections per client address that have not joined a namespace yet, across every gateway. */
    @Override
    public Future<Boolean> allowOpen(String connectionId, String peerAddress, String forwardedFor) {
        String address = quota.clientAddress(peerAddress, forwardedFor);
        return Future.fromCompletionStage(
                quota.claimAddress(address, connectionId).subscribeAsCompletionStage());
    }

    @Override
    public void onOpen(EngineConnection engine) {
        String address = quota.clientAddress(engine.peerAddress(), engine.forwardedFor());
        SocketConnection connection = new SocketConnection(engine, address);
        engine.attach(connection);
        registry.opened();
        vertx.setTimer(connectTimeoutMs, ignored -> {
            if (engine.isOpen() && !connection.hasSockets()) {
                engine.close(1000, "no Socket.IO CONNECT");
            }
        });
    }

    @Override
    public void onMessage(EngineConnection engine, String data) {
        SocketConnection connection = (SocketConnection) engine.attachment();
        SocketPacket packet;
        try {
            packet = SocketPacket.parse(data);
        } catch (SocketPacket.MalformedPacketException e) {
            protocolError(engine, e.getMessage());
            return;
        }
        if (connection.pendingBinary() != null) {
            protocolError(engine, "text packet while binary attachments were expected");
            return;
        }
        if (refusedUnread(connection, packet)) {
            return;
        }
        JsonNode payload;
        try {
            payload = packet.json() == null ? null : mapper.readTree(packet.json());
        } catch (JsonProcessingException e) {
            protocolError(engine, "payload is not JSON");
            return;
        }
        if (!SocketPacket.isValidPayload(packet.type(), payload)) {
            protocolError(engine, "payload does not fit the packet type");
            return;
        }
        if (packet.attachments() > 0) {
            connection.pendingBinary(new SocketConnection.PendingBinary(packet, new ArrayList<>()));
            return;
        }
        route(connection, packet, payload);
    }

    @Override
    public void onBinary(EngineConnection engine, Buffer data) {
        SocketConnection connection = (SocketConnection) engine.attachment();
        SocketConnection.PendingBinary pending = connection.pendingBinary();
        if (pending == null) {
            LOG.debugf("closing connection %s: binary message without a binary packet", engine.id());
            engine.close(CLOSE_UNSUPPORTED_DATA, "unexpected binary message");
            return;
        }
        pending.attachments().add(data.getBytes());
        if (!pending.complete()) {
            return;
        }
        connection.pendingBinary(null);
        try {
            JsonNode payload =
                    SocketPacket.reconstruct(mapper.readTree(pending.packet().json()), pending.attachments());
            if (payload == null) {
                protocolError(engine, "placeholder without attachment");
                return;
            }
            route(connection, pending.packet(), payload);
        } catch (JsonProcessingException e) {
            protocolError(engine, "payload is not JSON");
        }
    }

    @Override
    public void onClose(EngineConnection engine, String reason) {
        SocketConnection connection = (SocketConnection) engine.attachment();
        if (connection == null) {
            return;
        }
        for (SocketSession socket : connection.close()) {
            namespaces.get(socket.namespace()).onDisconnect(socket);
        }
        releaseAddress(connection);
        registry.closed();
    }

    /** An EVENT larger than its namespace reads is answered without parsing its JSON (the frame cap is larger). */
    private boolean refusedUnread(SocketConnection connection, SocketPacket packet) {
        if (packet.type() != SocketPacket.EVENT || packet.json() == null) {
            return false;
        }
        SocketSession socket = connection.socket(packet.namespace());
        if (socket == null) {
            return false;
        }
        SocketNamespace namespace = namespaces.get(socket.namespace());
        if (MessageRules.utf8Length(packet.json()) <= namespace.maxEventBytes()) {
            return false;
        }
        namespace.onOversizedEvent(socket, packet.ackId());
        return true;
    }

    private void route(SocketConnection connection, SocketPacket packet, JsonNode payload) {
        switch (packet.type()) {
            case SocketPacket.CONNECT -> connect(connection, packet.namespace(), payload);
            case SocketPacket.DISCONNECT -> {
                SocketSession socket = connection.remove(packet.namespace());
                if (socket != null) {
                    namespaces.get(socket.namespace()).onDisconnect(socket);
                }
            }
            case SocketPacket.EVENT, SocketPacket.BINARY_EVENT -> {
                // Events for a namespace this connection has not joined are ignored, as the reference server does.
                SocketSession socket = connection.socket(packet.namespace());
                if (socket != null) {
                    namespaces.get(socket.namespace()).onEvent(socket, (ArrayNode) payload, packet.ackId());
                }
            }
            case SocketPacket.ACK, SocketPacket.BINARY_ACK -> {
                // The server never asks the client for acks.
            }
            default -> protocolError(connection.engine(), "CONNECT_ERROR is server-to-client only");
        }
    }

    private void connect(SocketConnection connection, String name, JsonNode auth) {
        EngineConnection engine = connection.engine();
        SocketNamespace namespace = namespaces.get(name);
        if (namespace == null) {
            engine.send(
                    SocketPacket.frame(SocketPacket.CONNECT_ERROR, name, null, "{\"message\":\"Invalid namespace\"}"));
            return;
        }
        if (!connection.startAdmission(name)) {
            return;
        }
        namespace
                .admit(auth)
                .subscribe()
                .with(
                        admission -> {
                            if (!admission.accepted()) {
                                connection.endAdmission(name);
                                engine.send(SocketPacket.frame(
                                        SocketPacket.CONNECT_ERROR, name, null, message(admission.refusal())));
                                return;
                            }
                            String socketId = admission.socketId() != null ? admission.socketId() : Ids.random();
                            SocketSession socket = new SocketSession(engine, name, socketId, admission.user());
                            boolean added = connection.add(socket, () -> {
                                socket.send(SocketPacket.frame(
                                        SocketPacket.CONNECT, name, null, "{\"sid\":\"" + socket.socketId() + "\"}"));
                                namespace.onConnect(socket, auth);
                            });
                            if (added) {
                                releaseAddress(connection);
                            } else {
                                // Closed while deciding: the namespace gives back what it took for the socket.
                                namespace.onDisconnect(socket);
                            }
                        },
                        failure -> {
                            connection.endAdmission(name);
                            LOG.warnf("CONNECT on %s failed: %s", engine.id(), failure.toString());
                            engine.send(SocketPacket.frame(
                                    SocketPacket.CONNECT_ERROR, name, null, message("unauthorized")));
                        });
    }

    private void releaseAddress(SocketConnection connection) {
        String address = connection.takeUnauthenticatedAddress();
        if (address != null) {
            quota.releaseAddress(address, connection.engine().id());
        }
    }

    private String message(String text) {
        return mapper.createObjectNode().put("message", text).toString();
    }

    private static void protocolError(EngineConnection engine, String why) {
        LOG.debugf("closing connection %s: %s", engine.id(), why);
        engine.close(CLOSE_PROTOCOL_ERROR, "invalid Socket.IO packet");
    }
}

package io.teamchat.gateway.engine;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * An Engine.IO v4 server on one path: the HTTP long-polling transport, the websocket transport, and the upgrade
 * from the first to the second (see the protocol README of socketio/engine.io-protocol). Sessions live in this
 * JVM only, so a polling client must reach the same instance on every request (sticky sessions, see
 * docs/socket-protocol.md).
 */
public final class EngineServer {

    private static final Logger LOG = Logger.getLogger(EngineServer.class);

    static final int CLOSE_PROTOCOL_ERROR = 1002;

    private final Vertx vertx;
    private final EngineSettings settings;
    private final EngineListener listener;
    private final ConcurrentHashMap<String, EngineConnection> connections = new ConcurrentHashMap<>();
    private volatile boolean draining;

    public EngineServer(Vertx vertx, EngineSettings settings, EngineListener listener) {
        this.vertx = vertx;
        this.settings = settings;
        this.listener = listener;
    }

    /** Route handler for every request to the server's path. */
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String eio = request.getParam("EIO");
        String transport = request.getParam("transport");
        String sid = request.getParam("sid");
        if (draining && sid == null) {
            // Shutting down: a new session belongs on another instance (the client retries, the balancer moves it).
            refuse(ctx, 503, 3, "Server shutting down");
            return;
        }
        if ("websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            if (sid != null || !"4".equals(eio) || !"websocket".equals(transport)) {
                upgrade(request, eio, transport, sid, null);
                return;
            }
            String id = Ids.random();
            // The upgrade waits for the decision; the request is paused meanwhile.
            request.pause();
            decide(id, request, allowed -> {
                if (allowed) {
                    upgrade(request, eio, transport, null, id);
                } else {
                    refuse(ctx, 403, 4, "Forbidden");
                }
            });
            return;
        }
        if (!"4".equals(eio)) {
            refuse(ctx, 5, "Unsupported protocol version");
        } else if (!"polling".equals(transport)) {
            refuse(ctx, 0, "Transport unknown");
        } else if (sid == null) {
            if (request.method() == HttpMethod.GET) {
                String id = Ids.random();
                decide(id, request, allowed -> {
                    if (allowed) {
                        open(ctx, id);
                    } else {
                        refuse(ctx, 403, 4, "Forbidden");
                    }
                });
            } else {
                refuse(ctx, 2, "Bad handshake method");
            }
        } else {
            EngineConnection connection = connections.get(sid);
            if (connection == null) {
                refuse(ctx, 1, "Session ID unknown");
            } else if (request.method() == HttpMethod.GET) {
                connection.poll(ctx);
            } else if (request.method() == HttpMethod.POST) {
                receive(ctx, connection);
            } else {
                refuse(ctx, 3, "Bad request");
            }
        }
    }

    /** Open connections (both transports). */
    public int connectionCount() {
        return connections.size();
    }

    /** From now on no new session is opened (503); open ones go on until {@link #closeAll}. */
    public void drain() {
        draining = true;
    }

    /**
     * Closes every connection (shutdown) at the Engine.IO level: the websocket with 1001 "going away", a waiting poll
     * with a close packet. Socket.IO clients take that as a lost transport and reconnect (to another instance),
     * unlike a Socket.IO DISCONNECT, after which they would stay away.
     */
    public void closeAll() {
        draining = true;
        for (EngineConnection connection : List.copyOf(connections.values())) {
            connection.close(1001, "server shutting down");
        }
    }

    /** Asks the listener whether a new connection may open; {@code then} runs on this request's context. */
    private void decide(String id, HttpServerRequest request, Consumer<Boolean> then) {
        Context context = vertx.getOrCreateContext();
        listener.allowOpen(id, peer(request), request.getHeader("X-Forwarded-For"))
                .onComplete(result -> context.runOnContext(
                        ignored -> then.accept(result.failed() || Boolean.TRUE.equals(result.result()))));
    }

    private void upgrade(HttpServerRequest request, String eio, String transport, String sid, String newId) {
        request.toWebSocket()
                .onSuccess(ws -> onWebSocket(ws, eio, transport, sid, newId, request))
                .onFailure(failure -> LOG.debugf("websocket upgrade failed: %s", failure.toString()));
    }

    private static String peer(HttpServerRequest request) {
        return request.remoteAddress() == null
                ? "unknown"
                : request.remoteAddress().hostAddress();
    }

    private void open(RoutingContext ctx, String id) {
        HttpServerRequest request = ctx.request();
        EngineConnection connection =
                new EngineConnection(this, id, peer(request), request.getHeader("X-Forwarded-For"));
        connections.put(connection.id(), connection);
        // The listener sets up before the client can know the sid (its POSTs may arrive on other threads).
        listener.onOpen(connection);
        connection.startPolling(ctx, handshake(connection, true));
    }

    private void onWebSocket(
            ServerWebSocket ws, String eio, String transport, String sid, String newId, HttpServerRequest request) {
        if (!"4".equals(eio) || !"websocket".equals(transport)) {
            ws.close((short) CLOSE_PROTOCOL_ERROR, "unsupported Engine.IO version or transport");
            return;
        }
        ws.setWriteQueueMaxSize(settings.maxBufferedBytes());
        if (sid == null) {
            EngineConnection connection =
                    new EngineConnection(this, newId, peer(request), request.getHeader("X-Forwarded-For"));
            connections.put(connection.id(), connection);
            listener.onOpen(connection);
            connection.startWebSocket(ws, handshake(connection, false));
            return;
        }
        EngineConnection connection = connections.get(sid);
        if (connection == null) {
            ws.close((short) CLOSE_PROTOCOL_ERROR, "no session to upgrade");
        } else if (!connection.probe(ws)) {
            // A session that already upgraded or is upgrading refuses, as the reference server does: after the
            // probe's 3probe, so that the client cannot read the refusal before it.
            connection.afterProbeAnswered(() -> ws.close((short) CLOSE_PROTOCOL_ERROR, "no session to upgrade"));
        }
    }

    /** Reads a polling POST, at most {@code maxPayload} bytes, then hands its packets to the connection. */
    private void receive(RoutingContext ctx, EngineConnection connection) {
        HttpServerRequest request = ctx.request();
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        request.handler(chunk -> {
            if (tooLarge[0]) {
                return;
            }
            if (body.length() + chunk.length() > settings.maxPayload()) {
                tooLarge[0] = true;
                refuse(ctx, 413, 3, "Payload too large");
                connection.close(1009, "payload too large");
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ignored -> {
            if (!tooLarge[0]) {
                connection.posted(ctx, body.toString(StandardCharsets.UTF_8));
            }
        });
        request.exceptionHandler(failure -> LOG.debugf("polling request failed: %s", failure.toString()));
        request.resume();
    }

    private String handshake(EngineConnection connection, boolean polling) {
        // The sid is url-safe base64: no JSON escaping needed.
        return "0{\"sid\":\"" + connection.id() + "\",\"upgrades\":" + (polling ? "[\"websocket\"]" : "[]")
                + ",\"pingInterval\":" + settings.pingInterval().toMillis()
                + ",\"pingTimeout\":" + settings.pingTimeout().toMillis()
                + ",\"maxPayload\":" + settings.maxPayload() + "}";
    }

    Vertx vertx() {
        return vertx;
    }

    EngineSettings settings() {
        return settings;
    }

    EngineListener listener() {
        return listener;
    }

    void forget(EngineConnection connection) {
        connections.remove(connection.id(), connection);
    }

    static void refuse(RoutingContext ctx, int code, String message) {
        refuse(ctx, 400, code, message);
    }

    /** Engine.IO's own error body, as the reference server answers a request it cannot serve. */
    static void refuse(RoutingContext ctx, int status, int code, String message) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
    }
}

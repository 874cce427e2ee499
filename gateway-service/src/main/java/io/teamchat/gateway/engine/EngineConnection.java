package io.teamchat.gateway.engine;

import io.netty.channel.EventLoop;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.impl.ContextInternal;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * One Engine.IO session, on HTTP long-polling (packets wait in an outbox for the client's next GET) or on a
 * websocket, possibly upgraded from the first to the second. The server pings every {@code pingInterval} and
 * closes the session when no pong follows within {@code pingTimeout}. State changes hold the object's lock;
 * listener callbacks run outside it.
 */
public final class EngineConnection {

    private static final Logger LOG = Logger.getLogger(EngineConnection.class);
    /** Separates packets in a polling payload. */
    private static final String SEPARATOR = "\u001e";
    /** The peer reads too slowly: the outbound queue is full. */
    public static final int CLOSE_SLOW_CONSUMER = 1013;

    static final int CLOSE_TOO_BIG = 1009;
    /**
     * How long a poll is held while a websocket is probing before its noop ends that polling cycle, so the client
     * can complete the upgrade; a poll still held when the upgrade completes is refused, the session no longer
     * polling (the reference server checks every 100 ms).
     */
    private static final long UPGRADE_NOOP_DELAY_MS = 100;
    /**
     * How long after {@code 3probe} is written a stray request on the session (a poll, or a second websocket) is
     * refused. The refusal travels on another TCP connection; on a loaded machine the kernel can deliver it first,
     * and a client that reads the refusal as "upgraded" would take a late 3probe for its next message. Only stray
     * requests wait: a client that upgraded does not poll again.
     */
    private static final long REFUSAL_AFTER_PROBE_MS = 100;

    private final EngineServer server;
    private final String id;
    private final ArrayDeque<Object> outbox = new ArrayDeque<>();
    private long outboxBytes;
    private ServerWebSocket webSocket;
    /**
     * The event loop of {@link #webSocket}'s channel, where its frames are written; null while polling. A broadcast
     * groups its sockets by it ({@code ServerEvent.broadcast}): one task per loop, not a task and a wake-up per frame.
     */
    private volatile EventLoop writeLoop;

    private ServerWebSocket probing;
    /**
     * Completes {@link #REFUSAL_AFTER_PROBE_MS} after the probing websocket's {@code 3probe} was written (sent, not
     * just queued), or when that probe ends without it. Stray requests during or after an upgrade are refused only
     * then: the client reads the refusal as "upgraded", and its next websocket message must not be 3probe.
     */
    private Promise<Void> probeAnswered = settledProbe();

    private RoutingContext pendingPoll;
    private volatile boolean closed;
    /**
     * The client closed over polling while none of its polls was waiting: the poll it may already have in flight is
     * still answered with a noop (as the reference server does) before the session is forgotten.
     */
    private boolean noopOwed;

    private long pingTimer = -1;
    private long pongTimer = -1;
    private volatile Object attachment;
    private final String peerAddress;
    private final String forwardedFor;

    EngineConnection(EngineServer server, String id, String peerAddress, String forwardedFor) {
        this.server = server;
        this.id = id;
        this.peerAddress = peerAddress;
        this.forwardedFor = forwardedFor;
    }

    /** The TCP peer of the request that opened the connection. */
    public String peerAddress() {
        return peerAddress;
    }

    /** That request's {@code X-Forwarded-For} header, or null. */
    public String forwardedFor() {
        return forwardedFor;
    }

    /** The Engine.IO session id ({@code sid}). */
    public String id() {
        return id;
    }

    public boolean isOpen() {
        return !closed;
    }

    public synchronized String transport() {
        return webSocket != null ? "websocket" : "polling";
    }

    /** State of the protocol above, kept with the connection. */
    public void attach(Object value) {
        attachment = value;
    }

    public Object attachment() {
        return attachment;
    }

    /** The event loop that writes this connection's frames, or null when it does not have one (polling). */
    public EventLoop writeLoop() {
        return writeLoop;
    }

    /**
     * The websocket becomes the transport, with the event loop that writes it: called from its handlers, which run on
     * the event loop of its channel. Holds the lock.
     */
    private void useWebSocket(ServerWebSocket ws) {
        webSocket = ws;
        writeLoop = Vertx.currentContext() instanceof ContextInternal context ? context.nettyEventLoop() : null;
    }

    /** Sends one Engine.IO packet, e.g. {@code 4<data>} for a message. */
    public void send(String packet) {
        write(packet);
    }

    /** Sends one Engine.IO packet that other connections send too, encoded once for all of them. */
    public void send(SharedText packet) {
        write(packet);
    }

    /** Sends one binary message. */
    public void sendBinary(Buffer data) {
        write(data);
    }

    /** Ends the session from the server side; the websocket gets {@code code}, a waiting poll a close packet. */
    public void close(int code, String reason) {
        shut(code, reason, false);
    }

    // --- transports -------------------------------------------------------------------------------------------

    void startPolling(RoutingContext ctx, String handshake) {
        respond(ctx, handshake);
        schedulePing();
    }

    void startWebSocket(ServerWebSocket ws, String handshake) {
        synchronized (this) {
            useWebSocket(ws);
        }
        listen(ws);
        ws.writeTextMessage(handshake);
        schedulePing();
    }

    /** A websocket asks to take over this polling session; false when it may not. */
    synchronized boolean probe(ServerWebSocket ws) {
        if (closed || webSocket != null || probing != null) {
            return false;
        }
        probing = ws;
        probeAnswered = Promise.promise();
        listen(ws);
        return true;
    }

    /** Runs {@code refusal} of a stray request once the probe is answered ({@link #probeAnswered}). */
    synchronized void afterProbeAnswered(Runnable refusal) {
        probeAnswered.future().onComplete(ignored -> refusal.run());
    }

    private static Promise<Void> settledProbe() {
        Promise<Void> settled = Promise.promise();
        settled.complete();
        return settled;
    }

    /** A polling GET: answered at once when packets wait, else held until one does. */
    void poll(RoutingContext ctx) {
        boolean duplicate = false;
        boolean owedNoopAnswered = false;
        synchronized (this) {
            if (closed && noopOwed) {
                noopOwed = false;
                respond(ctx, "6");
                owedNoopAnswered = true;
            } else if (closed) {
                EngineServer.refuse(ctx, 3, "Bad request");
                return;
            } else if (webSocket != null) {
                afterProbeAnswered(() -> EngineServer.refuse(ctx, 3, "Bad request"));
                return;
            } else if (pendingPoll != null) {
                duplicate = true;
            } else if (probing != null) {
                // Upgrading: packets wait for the websocket (or for a poll after a failed probe).
                pendingPoll = ctx;
                ctx.response().closeHandler(ignored -> pollAborted(ctx));
                server.vertx().setTimer(UPGRADE_NOOP_DELAY_MS, ignored -> noopDuringUpgrade(ctx));
            } else if (!outbox.isEmpty()) {
                respond(ctx, drain());
            } else {
                pendingPoll = ctx;
                ctx.response().closeHandler(ignored -> pollAborted(ctx));
            }
        }
        if (owedNoopAnswered) {
            server.forget(this);
        } else if (duplicate) {
            EngineServer.refuse(ctx, 3, "Bad request");
            close(EngineServer.CLOSE_PROTOCOL_ERROR, "overlapping polls");
        }
    }

    /** The body of a polling POST: packets separated by {@code 0x1e}. */
    void posted(RoutingContext ctx, String body) {
        synchronized (this) {
            if (closed || webSocket != null) {
                EngineServer.refuse(ctx, 3, "Bad request");
                return;
            }
        }
        for (String packet : body.split(SEPARATOR, -1)) {
            if (!onPacket(packet, true)) {
                EngineServer.refuse(ctx, 3, "Bad request");
                close(EngineServer.CLOSE_PROTOCOL_ERROR, "invalid packet");
                return;
            }
        }
        if (!ctx.response().ended() && !ctx.response().closed()) {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html").end("ok");
        }
    }

    private void listen(ServerWebSocket ws) {
        MessageAssembler assembler = new MessageAssembler();
        ws.frameHandler(frame -> assembler.onFrame(ws, frame));
        ws.closeHandler(ignored -> onWebSocketClosed(ws));
        ws.exceptionHandler(failure -> LOG.debugf("websocket of %s failed: %s", id, failure.toString()));
    }

    /**
     * Joins a message's frames, refusing (1009) one that grows past {@code maxPacketBytes} as soon as it does,
     * instead of buffering it whole first. Frames are each capped by the HTTP server ({@code SocketFrameLimits}).
     */
    private final class MessageAssembler {
        private Buffer message;
        private boolean binary;

        void onFrame(ServerWebSocket ws, WebSocketFrame frame) {
            if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
                return; // ping, pong, close: handled by Vert.x
            }
            if (!frame.isContinuation()) {
                message = Buffer.buffer();
                binary = frame.isBinary();
            } else if (message == null) {
                close(EngineServer.CLOSE_PROTOCOL_ERROR, "continuation without a message");
                return;
            }
            if (message.length() + frame.binaryData().length()
                    > server.settings().maxPacketBytes()) {
                message = null;
                close(CLOSE_TOO_BIG, "message too large");
                return;
            }
            message.appendBuffer(frame.binaryData());
            if (frame.isFinal()) {
                Buffer complete = message;
                message = null;
                if (binary) {
                    onWebSocketBinary(ws, complete);
                } else {
                    onWebSocketText(ws, complete.toString(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private void onWebSocketText(ServerWebSocket ws, String text) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (ws == probing) {
                upgradeStep(ws, text);
                return;
            }
            if (ws != webSocket) {
                return;
            }
        }
        if (!onPacket(text, false)) {
            close(EngineServer.CLOSE_PROTOCOL_ERROR, "invalid packet");
        }
    }

    private void onWebSocketBinary(ServerWebSocket ws, Buffer data) {
        if (!closed && ws == currentWebSocket()) {
            server.listener().onBinary(this, data);
        }
    }

    private synchronized ServerWebSocket currentWebSocket() {
        return webSocket;
    }

    private void onWebSocketClosed(ServerWebSocket ws) {
        synchronized (this) {
            if (ws == probing) {
                // The upgrade failed: the session goes on polling, with what waited for the websocket.
                probing = null;
                probeAnswered.tryComplete();
                if (pendingPoll != null && !outbox.isEmpty()) {
                    answerPendingPoll(drain());
                }
                return;
            }
            if (ws != webSocket) {
                return;
            }
        }
        shut(1000, "transport close", true);
    }

    /** {@code 2probe} is answered {@code 3probe}; {@code 5} makes the websocket the transport. Holds the lock. */
    private void upgradeStep(ServerWebSocket ws, String text) {
        if ("2probe".equals(text)) {
            Promise<Void> answered = probeAnswered;
            ws.writeTextMessage("3probe")
                    .onComplete(
                            ignored -> server.vertx().setTimer(REFUSAL_AFTER_PROBE_MS, done -> answered.tryComplete()));
            RoutingContext poll = pendingPoll;
            if (poll != null) {
                server.vertx().setTimer(UPGRADE_NOOP_DELAY_MS, ignored -> noopDuringUpgrade(poll));
            }
        } else if ("5".equals(text)) {
            probing = null;
            useWebSocket(ws);
            RoutingContext poll = pendingPoll;
            if (poll != null) {
                afterProbeAnswered(() -> EngineServer.refuse(poll, 3, "Bad request"));
                pendingPoll = null;
            }
            while (!outbox.isEmpty()) {
                writeTo(ws, outbox.poll());
            }
            outboxBytes = 0;
        }
    }

    /** One received Engine.IO packet; false when it is not one. */
    private boolean onPacket(String packet, boolean polling) {
        if (packet.isEmpty()) {
            return false;
        }
        switch (packet.charAt(0)) {
            case '4' -> {
                if (packet.length() - 1 > server.settings().maxPacketBytes()) {
                    close(CLOSE_TOO_BIG, "packet too large");
                } else {
                    server.listener().onMessage(this, packet.substring(1));
                }
            }
            case '3' -> pong();
            case '2' -> send("3" + packet.substring(1));
            case '1' -> shut(1000, "client close", true);
            case '5', '6' -> {
                // upgrade outside an upgrade, noop: nothing to do
            }
            case 'b' -> {
                if (!polling) {
                    return false;
                }
                try {
                    server.listener()
                            .onBinary(this, Buffer.buffer(Base64.getDecoder().decode(packet.substring(1))));
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    // --- outbound ---------------------------------------------------------------------------------------------

    private void write(Object packet) {
        boolean overflow;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (webSocket != null) {
                writeTo(webSocket, packet);
                overflow = webSocket.writeQueueFull();
            } else {
                Object queued = packet instanceof SharedText shared ? shared.text() : packet;
                outbox.add(queued);
                outboxBytes += queued instanceof Buffer buffer ? buffer.length() : ((String) queued).length();
                overflow = outboxBytes > server.settings().maxBufferedBytes();
                if (!overflow && pendingPoll != null && probing == null) {
                    answerPendingPoll(drain());
                }
            }
        }
        if (overflow) {
            LOG.debugf("closing connection %s: slow consumer", id);
            close(CLOSE_SLOW_CONSUMER, "slow consumer");
        }
    }

    private static void writeTo(ServerWebSocket ws, Object packet) {
        if (packet instanceof Buffer buffer) {
            ws.writeBinaryMessage(buffer);
        } else if (packet instanceof SharedText shared) {
            // One final text frame over the shared bytes: no encoding or copy of the text per connection.
            ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, shared.retainedView(), true));
        } else {
            ws.writeTextMessage((String) packet);
        }
    }

    private String drain() {
        StringBuilder payload = new StringBuilder();
        for (Object packet : outbox) {
            if (!payload.isEmpty()) {
                payload.append(SEPARATOR);
            }
            if (packet instanceof Buffer buffer) {
                payload.append('b').append(Base64.getEncoder().encodeToString(buffer.getBytes()));
            } else {
                payload.append((String) packet);
            }
        }
        outbox.clear();
        outboxBytes = 0;
        return payload.toString();
    }

    private void answerPendingPoll(String payload) {
        if (pendingPoll != null) {
            respond(pendingPoll, payload);
            pendingPoll = null;
        }
    }

    private synchronized void noopDuringUpgrade(RoutingContext ctx) {
        if (pendingPoll == ctx) {
            answerPendingPoll("6");
        }
    }

    private synchronized void pollAborted(RoutingContext ctx) {
        if (pendingPoll == ctx) {
            pendingPoll = null;
        }
    }

    private static void respond(RoutingContext ctx, String payload) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8")
                .end(payload);
    }

    // --- heartbeat and close ----------------------------------------------------------------------------------

    private synchronized void schedulePing() {
        if (!closed) {
            pingTimer = server.vertx().setTimer(server.settings().pingInterval().toMillis(), ignored -> ping());
        }
    }

    private void ping() {
        synchronized (this) {
            if (closed) {
                return;
            }
            pingTimer = -1;
            pongTimer = server.vertx()
                    .setTimer(server.settings().pingTimeout().toMillis(), ignored -> close(1000, "ping timeout"));
        }
        write("2");
    }

    private void pong() {
        synchronized (this) {
            if (pongTimer < 0) {
                return;
            }
            server.vertx().cancelTimer(pongTimer);
            pongTimer = -1;
        }
        schedulePing();
    }

    /**
     * Ends the session once. A waiting poll gets a noop when the client asked to close (it knows) and a close
     * packet otherwise.
     */
    private void shut(int code, String reason, boolean byClient) {
        ServerWebSocket ws;
        ServerWebSocket probe;
        boolean owed;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            server.vertx().cancelTimer(pingTimer);
            server.vertx().cancelTimer(pongTimer);
            noopOwed = byClient && webSocket == null && pendingPoll == null;
            owed = noopOwed;
            answerPendingPoll(byClient ? "6" : "1");
            outbox.clear();
            ws = webSocket;
            probe = probing;
            probeAnswered.tryComplete();
        }
        if (ws != null && !ws.isClosed()) {
            ws.close((short) code, reason);
        }
        if (probe != null && !probe.isClosed()) {
            probe.close((short) code, reason);
        }
        if (owed) {
            // Forgotten by the owed poll, or after a ping timeout if that poll never comes.
            server.vertx().setTimer(server.settings().pingTimeout().toMillis(), ignored -> server.forget(this));
        } else {
            server.forget(this);
        }
        server.listener().onClose(this, reason);
    }
}

package io.teamchat.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.client.SocketOptionBuilder;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;

/**
 * The official Java Socket.IO client (v2.x: Socket.IO v5 over Engine.IO v4), websocket transport only unless
 * opened with the client's defaults (polling, then upgrade), as a browser would use it: auth {token}, events with ack
 * callbacks, and every server event recorded per name. Every event and ack it receives is checked against the
 * socket protocol ({@link SocketProtocol}); {@link #close()} fails the test if one was not as specified.
 */
public final class TestSocket implements AutoCloseable {

    private final Socket socket;
    private final CompletableFuture<String> connected = new CompletableFuture<>();
    private final BlockingQueue<String> connects = new LinkedBlockingQueue<>();
    private final CompletableFuture<Object> connectError = new CompletableFuture<>();
    private final CompletableFuture<String> disconnected = new CompletableFuture<>();
    private final Map<String, BlockingQueue<JSONObject>> received = new ConcurrentHashMap<>();
    private final List<String> protocolViolations = new CopyOnWriteArrayList<>();

    private TestSocket(URL base, Map<String, String> auth, boolean reconnection, boolean websocketOnly) {
        SocketOptionBuilder builder = IO.Options.builder()
                .setForceNew(true)
                .setReconnection(reconnection)
                .setReconnectionDelay(200)
                .setAuth(auth);
        if (websocketOnly) {
            builder.setTransports(new String[] {WebSocket.NAME});
        }
        IO.Options options = builder.build();
        socket = IO.socket(URI.create(base.toString()), options);
        socket.on(Socket.EVENT_CONNECT, args -> {
            connected.complete(socket.id());
            connects.add(socket.id());
        });
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> connectError.complete(args.length > 0 ? args[0] : null));
        socket.on(
                Socket.EVENT_DISCONNECT, args -> disconnected.complete(args.length > 0 ? String.valueOf(args[0]) : ""));
        for (String event : SocketProtocol.serverEvents()) {
            BlockingQueue<JSONObject> queue = new LinkedBlockingQueue<>();
            received.put(event, queue);
            socket.on(event, args -> queue.add((JSONObject) args[0]));
        }
        socket.onAnyIncoming(args -> {
            String event = String.valueOf(args[0]);
            JsonNode payload = args.length > 1 ? SocketProtocol.toJson(args[1]) : NullNode.getInstance();
            SocketProtocol.serverEventViolations(event, payload)
                    .forEach(problem -> protocolViolations.add(event + " " + abbreviated(payload) + ": " + problem));
        });
        socket.connect();
    }

    /** Starts connecting; {@code token} null sends no auth payload at all. */
    public static TestSocket open(URL base, String token) {
        return new TestSocket(base, token == null ? null : Map.of("token", token), false, true);
    }

    /** Connects with the client's default options: HTTP long-polling first, then the upgrade to websocket. */
    public static TestSocket connectedWithDefaults(URL base, TestUser user) {
        TestSocket socket = new TestSocket(base, Map.of("token", user.token()), false, false);
        socket.awaitConnected();
        return socket;
    }

    /**
     * A client that reconnects by itself (as the browser's does) and sends whatever {@code auth} holds at each
     * CONNECT: the test changes the token in the map as the SPA's {@code auth} callback would.
     */
    public static TestSocket reconnecting(URL base, Map<String, String> auth) {
        return new TestSocket(base, auth, true, true);
    }

    /**
     * A client of {@code base} that reconnects by itself with its back-off, with the client's default transports
     * (polling, then the upgrade) or websocket only; not yet connected.
     */
    public static TestSocket reconnecting(URL base, String token, boolean websocketOnly) {
        return new TestSocket(base, Map.of("token", token), true, websocketOnly);
    }

    /** The socket id of the next successful CONNECT (the first one included), or null after the wait. */
    public String nextConnect(long millis) {
        try {
            return connects.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Connects and waits until the server accepted the socket. */
    public static TestSocket connected(URL base, TestUser user) {
        TestSocket socket = open(base, user.token());
        socket.awaitConnected();
        return socket;
    }

    public String awaitConnected() {
        try {
            return connected.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket did not connect (connect_error: " + connectError.getNow(null) + ")", e);
        }
    }

    /** True once connected, false once refused with connect_error (an AssertionError when neither in 10 s). */
    public boolean awaitConnectedOrError() {
        try {
            CompletableFuture.anyOf(connected, connectError).get(10, TimeUnit.SECONDS);
            return connected.isDone();
        } catch (Exception e) {
            throw new AssertionError("neither connect nor connect_error", e);
        }
    }

    /** The data of connect_error, a {@code {message}} object for a server refusal. */
    public Object awaitConnectError() {
        try {
            return connectError.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no connect_error", e);
        }
    }

    public String awaitDisconnected() {
        try {
            return disconnected.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket was not disconnected", e);
        }
    }

    public boolean isConnected() {
        return socket.connected() && !disconnected.isDone();
    }

    public boolean wasDisconnected() {
        return disconnected.isDone();
    }

    /** Emits an event with an ack callback; the future completes with the ack's first argument. */
    public CompletableFuture<JSONObject> emit(String event, Object data) {
        CompletableFuture<JSONObject> reply = new CompletableFuture<>();
        Object arg = data instanceof Map<?, ?> map ? new JSONObject(map) : data;
        socket.emit(event, new Object[] {arg}, (Ack) args -> {
            JsonNode ack = SocketProtocol.toJson(args[0]);
            SocketProtocol.ackViolations(event, ack)
                    .forEach(problem ->
                            protocolViolations.add("ack of " + event + " " + abbreviated(ack) + ": " + problem));
            reply.complete((JSONObject) args[0]);
        });
        return reply;
    }

    /** Emits and waits for the ack. */
    public JSONObject request(String event, Object data) {
        try {
            return emit(event, data).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no ack for " + event, e);
        }
    }

    /** The next {@code event} from the server, or null after the wait. */
    public JSONObject next(String event, long millis) {
        try {
            return received.get(event).poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public int pending(String event) {
        return received.get(event).size();
    }

    private static String abbreviated(JsonNode json) {
        String text = json.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** Disconnects; fails if an event or ack this socket received was not as the socket protocol specifies. */
    @Override
    public void close() {
        socket.disconnect();
        socket.close();
        if (!protocolViolations.isEmpty()) {
            throw new AssertionError("not as libs/socket-protocol specifies: " + protocolViolations);
        }
    }
}
